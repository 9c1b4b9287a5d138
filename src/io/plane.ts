/**
 * From longitude/latitude to the model's plane: kilometres east and north of the region's
 * south-west corner. The projection is Lambert azimuthal equal-area centred on the data's extent
 * (d3-geo, scaled to the mean Earth radius so units are km): areas, and so population densities,
 * are exact, and over a city (±100 km) distances and shapes are off by well under 0.1 %.
 *
 * placeOnPlane takes imported districts and outlets together, so they share one projection; it
 * also catches points far from the rest (a slipped digit, an outlet of another city), which would
 * otherwise stretch the region.
 */
import { geoAzimuthalEqualArea } from 'd3';
import type { DistrictSpec, OutletSpec } from '../model/scenario.ts';
import type { ImportedDistrict } from './districts.ts';
import { EARTH_RADIUS_KM } from './geojson.ts';
import type { ImportedOutlet } from './outlets.ts';
import type { ColumnMatch, ImportProblem } from './problems.ts';
import { simplifyRing } from './simplify.ts';

/** The projection of a region, stored in the scenario so the plane can be mapped back to lon/lat. */
export interface PlaneProjection {
  kind: 'azimuthalEqualArea';
  /** centre, degrees */
  lon0: number;
  lat0: number;
  /** km added to the projected x and to the projected northing, putting the region's corner at 0, 0 */
  dxKm: number;
  dyKm: number;
}

/** Forward (lon/lat → km) and inverse of a stored projection. */
export function planeProjection(p: PlaneProjection): { forward: (lonLat: readonly number[]) => [number, number]; invert: (xy: [number, number]) => [number, number] } {
  const proj = d3Projection(p.lon0, p.lat0);
  const fast = lambert(p.lon0, p.lat0, p.dxKm, p.dyKm);
  const out = new Float64Array(2);
  return {
    forward: (lonLat) => {
      fast(lonLat[0], lonLat[1], out, 0);
      return [out[0], out[1]];
    },
    invert: ([x, y]) => proj.invert!([x - p.dxKm, -(y - p.dyKm)])! as [number, number],
  };
}

/** d3-geo's projection of a plane centred on lon0, lat0, in km (its y grows southwards). */
export function d3Projection(lon0: number, lat0: number) {
  return geoAzimuthalEqualArea().rotate([-lon0, -lat0]).scale(EARTH_RADIUS_KM).translate([0, 0]).precision(0);
}

const RAD = Math.PI / 180;

/**
 * The formula d3's geoAzimuthalEqualArea evaluates after its rotation (Snyder 1987, eq. 24-2 to
 * 24-4, sphere): k = √(2 / (1 + sin φ0 sin φ + cos φ0 cos φ cos Δλ)), x = R k cos φ sin Δλ,
 * y = R k (cos φ0 sin φ − sin φ0 cos φ cos Δλ). Inlined so millions of outline points are projected
 * without an array per point; test/io-plane.test.ts checks it against d3.
 * Writes x + dx, y + dy (km, y northwards) to out[i], out[i + 1].
 */
export function lambert(lon0: number, lat0: number, dx = 0, dy = 0): (lon: number, lat: number, out: Float64Array, i: number) => void {
  const l0 = lon0 * RAD, sp0 = Math.sin(lat0 * RAD), cp0 = Math.cos(lat0 * RAD);
  return (lon, lat, out, i) => {
    const l = lon * RAD - l0, p = lat * RAD;
    const sp = Math.sin(p), cp = Math.cos(p), cl = Math.cos(l);
    const k = EARTH_RADIUS_KM * Math.sqrt(2 / (1 + sp0 * sp + cp0 * cp * cl));
    out[i] = k * cp * Math.sin(l) + dx;
    out[i + 1] = k * (cp0 * sp - sp0 * cp * cl) + dy;
  };
}

/** Imported records with where they came from (for problems found here). */
export interface Placed<T> {
  file: string;
  records: T[];
  columns: ColumnMatch[];
}

export interface PlaneOptions {
  /** grid cell size of the scenario, km: the region may not exceed 65,535 cells */
  cellKm: number;
  /** free border round the data, km */
  marginKm?: number;
  /** outline simplification tolerance, km */
  simplifyKm?: number;
}

export type PlaneResult =
  | { ok: true; projection: PlaneProjection; widthKm: number; heightKm: number; districts?: DistrictSpec[]; outlets?: OutletSpec[] }
  | { ok: false; problems: ImportProblem[] };

/** Outlets farther than this outside the districts' extent are reported. */
export const OUTSIDE_DISTRICTS_KM = 20;
/** Without districts, points farther than this from the median point are reported. */
export const FAR_FROM_MEDIAN_KM = 500;
/** The widest region the scenario schema accepts, km. */
const MAX_EXTENT_KM = 1000;
const MAX_CELLS = 65535;

/**
 * Project imported districts and outlets onto one plane and turn them into scenario records:
 * districts with their centre, spread radius and outline in km, outlets with their position in km;
 * both keep lon/lat. Problems: points far from the rest; a region too large for the schema or grid.
 */
export function placeOnPlane(input: { districts?: Placed<ImportedDistrict>; outlets?: Placed<ImportedOutlet> }, o: PlaneOptions): PlaneResult {
  const margin = o.marginKm ?? 2, tolerance = o.simplifyKm ?? 0.05;
  const districts = input.districts?.records ?? [], outlets = input.outlets?.records ?? [];
  const problems: ImportProblem[] = [];
  const at = (p: Placed<unknown>, row: number, message: string, field = 'lon') => {
    const col = p.columns.find((c) => c.field === field)?.column ?? 0;
    problems.push({ file: p.file, row, column: p.file.match(/\.(geo)?json$/i) ? 'geometry' : col, message });
  };

  // Lon/lat bounds: district outlines (or centroids), then outlets checked against them.
  let bounds: Bounds | null = null;
  if (districts.length > 0) {
    const med = medianPoint(districts);
    for (const d of districts) {
      const km = greatCircleKm(med[0], med[1], d.lon, d.lat);
      if (km > FAR_FROM_MEDIAN_KM) at(input.districts!, d.row, `lies ${Math.round(km)} km from the other districts (their median is at ${fmt(med)}); check the coordinates`);
    }
    bounds = boundsOf(districts, (d, add) => {
      if (d.polygon) for (const poly of d.polygon) for (const ring of poly) for (const p of ring) add(p[0], p[1]);
      else add(d.lon, d.lat);
    });
    if (outlets.length > 0 && problems.length === 0) {
      const b = bounds;
      for (const x of outlets) {
        const km = distanceOutside(b, x.lon, x.lat);
        if (km > OUTSIDE_DISTRICTS_KM) at(input.outlets!, x.row, `lies ${Math.round(km)} km outside the districts (${input.districts!.file}: longitude ${b.w.toFixed(3)} to ${b.e.toFixed(3)}, latitude ${b.s.toFixed(3)} to ${b.n.toFixed(3)}); check the coordinates`);
      }
    }
  } else if (outlets.length > 0) {
    const med = medianPoint(outlets);
    for (const x of outlets) {
      const km = greatCircleKm(med[0], med[1], x.lon, x.lat);
      if (km > FAR_FROM_MEDIAN_KM) at(input.outlets!, x.row, `lies ${Math.round(km)} km from the other outlets (their median is at ${fmt(med)}); check the coordinates`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (districts.length === 0 && outlets.length === 0) return { ok: false, problems: [{ file: input.districts?.file ?? input.outlets?.file ?? '', row: 0, column: 0, message: 'no records to place' }] };
  bounds = boundsOf([...(bounds ? [bounds] : []), ...outlets.map((x) => ({ w: x.lon, e: x.lon, s: x.lat, n: x.lat }))], (b, add) => { add(b.w, b.s); add(b.e, b.n); });

  // Centre the projection on the extent, then shift so the data starts `margin` km from 0, 0.
  const lon0 = round((bounds.w + bounds.e) / 2, 6), lat0 = round((bounds.s + bounds.n) / 2, 6);
  const raw = planeProjection({ kind: 'azimuthalEqualArea', lon0, lat0, dxKm: 0, dyKm: 0 });
  const rawFast = lambert(lon0, lat0);
  const xy = new Float64Array(2);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const extend = (lon: number, lat: number) => {
    rawFast(lon, lat, xy, 0);
    const x = xy[0], y = xy[1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  for (const d of districts) {
    if (d.polygon) for (const poly of d.polygon) for (const ring of poly) for (const p of ring) extend(p[0], p[1]);
    else {
      const r = Math.sqrt(d.areaKm2 / Math.PI);
      const [x, y] = raw.forward([d.lon, d.lat]);
      for (const [lon, lat] of [raw.invert([x - r, y - r]), raw.invert([x + r, y + r])]) extend(lon, lat);
    }
  }
  for (const x of outlets) extend(x.lon, x.lat);
  const projection: PlaneProjection = { kind: 'azimuthalEqualArea', lon0, lat0, dxKm: round(margin - minX, 4), dyKm: round(margin - minY, 4) };
  const widthKm = Math.max(2, Math.ceil(maxX - minX + 2 * margin));
  const heightKm = Math.max(2, Math.ceil(maxY - minY + 2 * margin));
  const file = input.districts?.file ?? input.outlets!.file;
  if (widthKm > MAX_EXTENT_KM || heightKm > MAX_EXTENT_KM) {
    return { ok: false, problems: [{ file, row: 0, column: 0, message: `the data spans ${widthKm} × ${heightKm} km; a region may be at most ${MAX_EXTENT_KM} km across` }] };
  }
  const cells = Math.ceil(widthKm / o.cellKm) * Math.ceil(heightKm / o.cellKm);
  if (cells > MAX_CELLS) {
    let need = Math.floor(Math.sqrt((widthKm * heightKm) / MAX_CELLS) * 10) / 10;
    while (Math.ceil(widthKm / need) * Math.ceil(heightKm / need) > MAX_CELLS) need = Math.round((need + 0.1) * 10) / 10;
    return { ok: false, problems: [{ file, row: 0, column: 0, message: `the data spans ${widthKm} × ${heightKm} km, ${cells} grid cells of ${o.cellKm} km; at most ${MAX_CELLS}: set region.cellKm to ${need} or more` }] };
  }

  const plane = planeProjection(projection);
  const result: PlaneResult = { ok: true, projection, widthKm, heightKm };
  const fast = lambert(projection.lon0, projection.lat0, projection.dxKm, projection.dyKm);
  if (input.districts) result.districts = districts.map((d) => districtSpec(d, plane.forward, fast, tolerance));
  if (input.outlets) result.outlets = outlets.map((x) => outletSpec(x, plane.forward));
  return result;
}

type Forward = (lonLat: readonly number[]) => [number, number];
type Project = (lon: number, lat: number, out: Float64Array, i: number) => void;

function districtSpec(d: ImportedDistrict, forward: Forward, project: Project, tolerance: number): DistrictSpec {
  const [x, y] = forward([d.lon, d.lat]);
  // The Gaussian spread with the second moment of a disc of the district's area: σ = R / 2.
  const radiusKm = clamp(Math.sqrt(d.areaKm2 / Math.PI) / 2, 0.2, 200);
  const spec: DistrictSpec = {
    id: d.id, name: d.name, type: d.type, x: round(x, 4), y: round(y, 4), radiusKm: round(radiusKm, 4), population: d.population,
    lon: round(d.lon, 7), lat: round(d.lat, 7), areaKm2: round(d.areaKm2, 4),
  };
  if (d.polygon) {
    const rings: Array<Array<[number, number]>> = [];
    for (const poly of d.polygon) {
      for (const ring of poly) {
        const flat = new Float64Array(ring.length * 2);
        for (let i = 0; i < ring.length; i++) project(ring[i][0], ring[i][1], flat, 2 * i);
        const kept = simplifyRing(flat, tolerance);
        if (kept.length < 8) continue; // collapsed below the tolerance
        const out: Array<[number, number]> = [];
        for (let i = 0; i < kept.length; i += 2) out.push([round(kept[i], 3), round(kept[i + 1], 3)]);
        rings.push(out);
      }
    }
    if (rings.length > 0) spec.boundary = rings;
  }
  if (d.segments) spec.segments = d.segments;
  if (d.tiers) spec.tiers = d.tiers;
  if (d.extra) spec.extra = d.extra;
  return spec;
}

// Field by field, not by spread: 100,000 outlets stay cheap.
function outletSpec(o: ImportedOutlet, forward: Forward): OutletSpec {
  const [x, y] = forward([o.lon, o.lat]);
  const spec: OutletSpec = { id: o.id, name: o.name, kind: o.kind, x: round(x, 4), y: round(y, 4), lon: o.lon, lat: o.lat };
  if (o.counters !== undefined) spec.counters = o.counters;
  if (o.kiosks !== undefined) spec.kiosks = o.kiosks;
  if (o.openHours !== undefined) spec.openHours = o.openHours;
  if (o.rentMonthly !== undefined) spec.rentMonthly = o.rentMonthly;
  if (o.staff !== undefined) spec.staff = o.staff;
  if (o.attractiveness !== undefined) spec.attractiveness = o.attractiveness;
  if (o.services !== undefined) spec.services = o.services;
  if (o.extra !== undefined) spec.extra = o.extra;
  return spec;
}

interface Bounds { w: number; e: number; s: number; n: number }

function boundsOf<T>(items: readonly T[], each: (item: T, add: (lon: number, lat: number) => void) => void): Bounds {
  const b = { w: Infinity, e: -Infinity, s: Infinity, n: -Infinity };
  const add = (lon: number, lat: number) => {
    if (lon < b.w) b.w = lon;
    if (lon > b.e) b.e = lon;
    if (lat < b.s) b.s = lat;
    if (lat > b.n) b.n = lat;
  };
  for (const it of items) each(it, add);
  return b;
}

// Great-circle km from a point to the nearest point of a lon/lat box (0 inside).
function distanceOutside(b: Bounds, lon: number, lat: number): number {
  return greatCircleKm(clamp(lon, b.w, b.e), clamp(lat, b.s, b.n), lon, lat);
}

// Haversine distance on the sphere of the mean Earth radius, km.
function greatCircleKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const s1 = Math.sin(((lat2 - lat1) * RAD) / 2), s2 = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

// The coordinate-wise median: robust to a few points far from the rest.
function medianPoint(items: ReadonlyArray<{ lon: number; lat: number }>): [number, number] {
  const mid = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return [mid(items.map((x) => x.lon)), mid(items.map((x) => x.lat))];
}

function fmt([lon, lat]: [number, number]): string {
  return `${lon.toFixed(3)}, ${lat.toFixed(3)}`;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
