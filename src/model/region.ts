/**
 * The region: districts on a plane, a grid of cells that carry population weight, and the
 * outlets. Everything here is fixed for a scenario (it uses region.generate.seed, not the
 * replication seed), so outlet ids and positions are the same in every replication.
 *
 * Generated geography: urban districts cluster round the centre, suburban ones on a ring, rural
 * ones further out. A district spreads its population over cells with a Gaussian kernel of its
 * radius. Own stores go to districts in proportion to population (urban first); partner outlets
 * are spread over cells by population.
 *
 * The one interface the model sees is `Region`; imported outlet and district data produce the
 * same structure. An imported district with an outline (src/io/geojson.ts) spreads its population
 * evenly over the part of each cell inside the outline instead of over a Gaussian of its radius.
 */
import { DISTRICT_TYPES, type DistrictType, type SegmentId, type TierId } from './domain.ts';
import { Rng } from './rng.ts';
import { generatedIds, type Scenario } from './scenario.ts';
import { gridOf, MAX_CELLS } from './limits.ts';

export interface District {
  id: string;
  name: string;
  type: DistrictType;
  x: number;
  y: number;
  radiusKm: number;
  population: number;
  /** outline, closed rings of [x, y] km (even-odd rule); when given, population spreads evenly over it */
  boundary?: Array<Array<[number, number]>>;
  /** subscribers by segment and by tier (imported data): the district's own mix when given */
  segments?: Partial<Record<SegmentId, number>>;
  tiers?: Partial<Record<TierId, number>>;
}

export interface Outlet {
  id: string;
  name: string;
  kind: 'own' | 'partner';
  x: number;
  y: number;
  counters: number;
  kiosks: number;
  openHours: number;
  rentMonthly: number;
  staff: number;
  attractiveness: number;
  /** ids of the services it offers (可办业务); undefined: all that its channel carries */
  services?: string[];
  /** a candidate partner site, closed at the start, where a partner may open (partners.latentSites) */
  latent?: boolean;
}

export interface Region {
  widthKm: number;
  heightKm: number;
  cellKm: number;
  cols: number;
  rows: number;
  nCells: number;
  districts: District[];
  /** district index of each cell (the district contributing most population) */
  cellDistrict: Uint16Array;
  /** population weight of each cell, summing to 1 */
  cellWeight: Float64Array;
  /** travel speed in the cell's district, km/h */
  cellSpeed: Float64Array;
  outlets: Outlet[];
}

const TYPE_WEIGHT: Record<DistrictType, number> = { urban: 10, suburban: 4, rural: 1.5 };
const TYPE_RADIUS: Record<DistrictType, number> = { urban: 2.5, suburban: 4, rural: 6 };

/** Centre of cell k, km. */
export function cellCentre(r: Pick<Region, 'cols' | 'cellKm'>, k: number): [number, number] {
  return [((k % r.cols) + 0.5) * r.cellKm, (Math.floor(k / r.cols) + 0.5) * r.cellKm];
}

export function buildRegion(s: Scenario): Region {
  const { widthKm, heightKm, cellKm } = s.region;
  const rng = Rng.from(s.region.generate.seed, 0x5e610);
  const districts = s.region.districts.length > 0
    ? s.region.districts.map((d) => ({ ...d, name: d.name || d.id }))
    : generateDistricts(s, rng);
  const { cols, rows, cells: nCells } = gridOf(s.region);
  if (nCells > MAX_CELLS) throw new RangeError(`region: ${nCells} cells exceed ${MAX_CELLS}; increase region.cellKm`);
  const cellDistrict = new Uint16Array(nCells);
  const cellWeight = new Float64Array(nCells);
  const cellSpeed = new Float64Array(nCells);
  const kernel = new Float64Array(nCells);
  const best = new Float64Array(nCells);
  districts.forEach((d, di) => {
    let sum = 0;
    if (d.boundary) sum = cellCoverage(d.boundary, cols, rows, cellKm, kernel);
    else for (let k = 0; k < nCells; k++) {
      const [x, y] = cellCentre({ cols, cellKm }, k);
      const r2 = ((x - d.x) ** 2 + (y - d.y) ** 2) / (d.radiusKm * d.radiusKm);
      kernel[k] = r2 > 16 ? 0 : Math.exp(-0.5 * r2);
      sum += kernel[k];
    }
    if (sum === 0) { // a district smaller than a cell: all of it in its own cell
      const k = Math.min(rows - 1, Math.floor(d.y / cellKm)) * cols + Math.min(cols - 1, Math.floor(d.x / cellKm));
      kernel[k] = 1;
      sum = 1;
    }
    for (let k = 0; k < nCells; k++) {
      const w = (d.population * kernel[k]) / sum;
      cellWeight[k] += w;
      if (w > best[k]) { best[k] = w; cellDistrict[k] = di; }
    }
  });
  let total = 0;
  for (let k = 0; k < nCells; k++) total += cellWeight[k];
  if (!(total > 0)) throw new RangeError('region: total population weight is 0');
  for (let k = 0; k < nCells; k++) {
    cellWeight[k] /= total;
    if (best[k] === 0) cellDistrict[k] = nearestDistrict(districts, ...cellCentre({ cols, cellKm }, k));
    cellSpeed[k] = s.region.speedKmh[districts[cellDistrict[k]].type];
  }
  const region: Region = { widthKm, heightKm, cellKm, cols, rows, nCells, districts, cellDistrict, cellWeight, cellSpeed, outlets: [] };
  const imported = s.outlets.list.length > 0;
  region.outlets = imported ? s.outlets.list.map((o) => completeOutlet(s, o)) : generateOutlets(s, region, rng);
  region.outlets.push(...latentSites(s, region));
  spreadPartnerSizes(s, region.outlets, imported);
  return region;
}

/** Bounds of an outlet's Huff attractiveness (the schema's `outlets.list[].attractiveness`). */
const ATTRACTIVENESS_MIN = 0.01, ATTRACTIVENESS_MAX = 100;

/**
 * Generated partners and latent sites differ in size (footfall, shop front, staff): Huff
 * attractiveness exp(σ·z − σ²/2), z standard normal, σ = partners.sizeSpread, so log-normal with
 * mean 1 and the partner channel's total pull unchanged in expectation; one draw per such outlet,
 * in the outlets' order, with a stream of its own (positions stay where they were). Imported
 * partners keep the attractiveness of their rows.
 */
function spreadPartnerSizes(s: Scenario, outlets: Outlet[], imported: boolean): void {
  const rng = Rng.from(s.region.generate.seed, 0x512e), sd = s.partners.sizeSpread;
  for (const o of outlets) {
    if (o.kind !== 'partner' || (imported && !o.latent)) continue;
    o.attractiveness = clamp(Math.exp(sd * rng.normal() - (sd * sd) / 2), ATTRACTIVENESS_MIN, ATTRACTIVENESS_MAX);
  }
}

/**
 * Candidate partner sites L001…, after every other outlet and with a stream of their own (so
 * the other outlets stay where they were): cells drawn by population weight, a point uniform in
 * the cell, like generated partners.
 */
function latentSites(s: Scenario, region: Region): Outlet[] {
  const rng = Rng.from(s.region.generate.seed, 0x1a7e);
  const cdf = cumulative(region.cellWeight);
  return generatedIds('L', s.partners.latentSites).map((id, i) => {
    const k = searchCdf(cdf, rng.next());
    const [x, y] = cellCentre(region, k);
    return {
      ...completeOutlet(s, {
        id, name: `${region.districts[region.cellDistrict[k]].name} 候选点 ${i + 1}`, kind: 'partner',
        x: clamp(x + (rng.next() - 0.5) * region.cellKm, 0.05, region.widthKm - 0.05),
        y: clamp(y + (rng.next() - 0.5) * region.cellKm, 0.05, region.heightKm - 0.05),
      }),
      latent: true,
    };
  });
}

/** Fill an outlet's missing fields from the store or partner defaults. */
function completeOutlet(s: Scenario, o: Scenario['outlets']['list'][number]): Outlet {
  const own = o.kind === 'own';
  const counters = o.counters ?? (own ? s.stores.counters : s.partners.desks);
  return {
    id: o.id,
    name: o.name || o.id,
    kind: o.kind,
    x: o.x,
    y: o.y,
    counters,
    kiosks: own ? (s.levers.diversion.kiosksPerStore ?? o.kiosks ?? s.stores.kiosks) : 0,
    openHours: o.openHours ?? s.stores.openHours,
    rentMonthly: o.rentMonthly ?? (own ? s.stores.rentMonthly : 0),
    staff: o.staff ?? (own ? counters * s.stores.staffPerCounter : 0),
    attractiveness: o.attractiveness ?? 1,
    ...(o.services ? { services: o.services } : {}),
  };
}

function generateDistricts(s: Scenario, rng: Rng): District[] {
  const { widthKm: w, heightKm: h } = s.region;
  const cx = w / 2, cy = h / 2, half = Math.min(w, h) / 2;
  const out: District[] = [];
  const ring: Record<DistrictType, [number, number]> = { urban: [0, 0.22], suburban: [0.3, 0.55], rural: [0.6, 0.92] };
  for (const type of DISTRICT_TYPES) {
    const n = s.region.generate[type];
    for (let i = 0; i < n; i++) {
      const angle = (2 * Math.PI * (i + rng.next() * 0.6)) / Math.max(1, n);
      const [r0, r1] = ring[type];
      const r = half * (r0 + (r1 - r0) * rng.next());
      out.push({
        id: `${type[0].toUpperCase()}${String(i + 1).padStart(2, '0')}`,
        name: `${{ urban: '城区', suburban: '近郊', rural: '乡镇' }[type]} ${i + 1}`,
        type,
        x: clamp(cx + r * Math.cos(angle), 0.5, w - 0.5),
        y: clamp(cy + r * Math.sin(angle), 0.5, h - 0.5),
        radiusKm: TYPE_RADIUS[type] * Math.min(1, half / 20),
        population: TYPE_WEIGHT[type] * (0.7 + 0.6 * rng.next()),
      });
    }
  }
  return out;
}

function generateOutlets(s: Scenario, region: Region, rng: Rng): Outlet[] {
  const nOwn = s.outlets.generate.ownStores;
  const nPartner = s.outlets.generate.partners;
  const outlets: Outlet[] = [];
  // Own stores: urban districts weigh double, as business halls sit in town centres.
  const dw = region.districts.map((d) => d.population * (d.type === 'urban' ? 2 : 1));
  const dsum = dw.reduce((a, b) => a + b, 0);
  generatedIds('S', nOwn).forEach((id, i) => {
    let u = rng.next() * dsum, di = 0;
    while (di < dw.length - 1 && u >= dw[di]) u -= dw[di++];
    const d = region.districts[di];
    const r = d.radiusKm * 0.6 * Math.sqrt(rng.next()), a = 2 * Math.PI * rng.next();
    outlets.push(completeOutlet(s, {
      id, name: `${d.name} 营业厅 ${i + 1}`, kind: 'own',
      x: clamp(d.x + r * Math.cos(a), 0.05, region.widthKm - 0.05),
      y: clamp(d.y + r * Math.sin(a), 0.05, region.heightKm - 0.05),
    }));
  });
  const cdf = cumulative(region.cellWeight);
  generatedIds('P', nPartner).forEach((id, i) => {
    const k = searchCdf(cdf, rng.next());
    const [x, y] = cellCentre(region, k);
    outlets.push(completeOutlet(s, {
      id, name: `${region.districts[region.cellDistrict[k]].name} 代理点 ${i + 1}`, kind: 'partner',
      x: clamp(x + (rng.next() - 0.5) * region.cellKm, 0.05, region.widthKm - 0.05),
      y: clamp(y + (rng.next() - 0.5) * region.cellKm, 0.05, region.heightKm - 0.05),
    }));
  });
  return outlets;
}

/** Scan lines per cell when measuring how much of a cell an outline covers. */
const COVERAGE_LINES = 4;

/**
 * Share of each cell's area inside an outline (even-odd rule), written to `out`; returns the sum.
 * Scan-line fill: on COVERAGE_LINES horizontal lines through each row of cells, the outline's
 * crossings pair up into inside spans, whose overlap with each cell is exact along x; the y
 * direction is sampled at the lines' midpoints.
 */
export function cellCoverage(rings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, cols: number, rows: number, cellKm: number, out: Float64Array): number {
  out.fill(0);
  let minY = Infinity, maxY = -Infinity;
  for (const ring of rings) for (const p of ring) { if (p[1] < minY) minY = p[1]; if (p[1] > maxY) maxY = p[1]; }
  const xs: number[] = [];
  const w = 1 / (COVERAGE_LINES * cellKm);
  let sum = 0;
  const r0 = Math.max(0, Math.floor(minY / cellKm)), r1 = Math.min(rows - 1, Math.floor(maxY / cellKm));
  for (let row = r0; row <= r1; row++) {
    for (let l = 0; l < COVERAGE_LINES; l++) {
      const y = (row + (l + 0.5) / COVERAGE_LINES) * cellKm;
      xs.length = 0;
      for (const ring of rings) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i], [xj, yj] = ring[j];
          if ((yi > y) !== (yj > y)) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
        }
      }
      xs.sort((a, b) => a - b);
      for (let s = 0; s + 1 < xs.length; s += 2) {
        const a = Math.max(0, xs[s]), b = Math.min(cols * cellKm, xs[s + 1]);
        for (let c = Math.max(0, Math.floor(a / cellKm)); c < cols && c * cellKm < b; c++) {
          const len = Math.min(b, (c + 1) * cellKm) - Math.max(a, c * cellKm);
          if (len > 0) { out[row * cols + c] += len * w; sum += len * w; }
        }
      }
    }
  }
  return sum;
}

function nearestDistrict(ds: District[], x: number, y: number): number {
  let best = 0, bd = Infinity;
  ds.forEach((d, i) => {
    const q = (d.x - x) ** 2 + (d.y - y) ** 2;
    if (q < bd) { bd = q; best = i; }
  });
  return best;
}

/** Running sum of weights (the last element is the total). */
export function cumulative(w: ArrayLike<number>): Float64Array {
  const c = new Float64Array(w.length);
  let s = 0;
  for (let i = 0; i < w.length; i++) c[i] = s += w[i];
  return c;
}

/** Index of the first cumulative value above u × total (binary search). */
export function searchCdf(cdf: Float64Array, u: number): number {
  const target = u * cdf[cdf.length - 1];
  let lo = 0, hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > target) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
