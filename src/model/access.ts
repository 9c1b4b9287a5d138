/**
 * Physical access: for every cell, the K nearest open outlets of a kind and their Huff terms
 *
 *   h_cj = (S_j / S_ref)^α · (T_cj / T_ref)^(−λ) · exp(−β_wait · W_j)
 *
 * T_cj = access minutes + distance / district speed; S_j the outlet's counters (desks, kiosks)
 * times its attractiveness; W_j its expected wait. The sum over j is the channel's access factor
 * in the logit (choice.ts); an alias table per cell lets the engine draw the outlet with one uniform.
 * Nearest lists change only when outlets open or close; the terms are refreshed every month.
 */
import type { Region } from './region.ts';
import { cellCentre } from './region.ts';
import { T_REF_MIN } from './choice.ts';
import { AliasBuilder, aliasDraw } from './alias.ts';

export interface Access {
  k: number;
  /** outlet index for cell × k, −1 when the cell has fewer than k outlets of the kind */
  outlet: Int32Array;
  /** travel minutes for cell × k */
  travel: Float32Array;
  /** time factor (T/T_ref)^(−λ) for cell × k */
  timeFactor: Float64Array;
  /** the Huff terms for cell × k (refreshed each month) */
  term: Float64Array;
  /** alias tables (alias.ts) over the k slots of each cell, for drawing the outlet with one uniform */
  prob: Float64Array;
  alias: Uint8Array;
  /** the sum of the cell's Huff terms (0: no outlet of the kind) */
  total: Float64Array;
}

/** Travel minutes from cell to outlet j: access minutes + distance (at least 0.3 cell) at the cell's district speed. */
export function travelMinutes(region: Region, cell: number, j: number, accessMin: number): number {
  const [cx, cy] = cellCentre(region, cell);
  return minutes(region.outlets[j], cx, cy, region.cellSpeed[cell], region.cellKm * 0.3, accessMin);
}

function minutes(o: { x: number; y: number }, cx: number, cy: number, speed: number, minDist: number, accessMin: number): number {
  return accessMin + (Math.max(minDist, Math.hypot(o.x - cx, o.y - cy)) / speed) * 60;
}

/** Nearest open outlets (by travel time) of the given kind for every cell. */
export function nearestOutlets(
  region: Region, include: (j: number) => boolean, k: number, accessMin: number, lambda: number,
): Access {
  if (k > 256) throw new RangeError(`nearestOutlets: at most 256 outlets per cell, got ${k}`);
  const { nCells } = region;
  const a: Access = {
    k, outlet: new Int32Array(nCells * k).fill(-1), travel: new Float32Array(nCells * k), timeFactor: new Float64Array(nCells * k),
    term: new Float64Array(nCells * k), prob: new Float64Array(nCells * k), alias: new Uint8Array(nCells * k), total: new Float64Array(nCells),
  };
  const nearest = cellNearest(region, a, candidates(region, include), accessMin, lambda);
  for (let cell = 0; cell < nCells; cell++) nearest(cell);
  return a;
}

/**
 * The same lists after the outlets `changed` opened or closed (`include` as it now reads), in
 * place: only the cells whose list held a changed outlet, or that an opened one would enter, are
 * searched again, so a partner moving costs a pass over the cells rather than over cells ×
 * outlets. The lists are those nearestOutlets gives (same order, ties to the lower index); the
 * Huff terms are left to the month's refreshAccess.
 */
export function updateNearest(a: Access, region: Region, include: (j: number) => boolean, changed: readonly number[], accessMin: number, lambda: number): void {
  const { k, outlet } = a, { nCells } = region;
  const nearest = cellNearest(region, a, candidates(region, include), accessMin, lambda);
  const opened = changed.filter((j) => include(j)), gone = new Set(changed.filter((j) => !include(j)));
  for (let cell = 0; cell < nCells; cell++) {
    const base = cell * k;
    let stale = false;
    for (let m = 0; m < k && !stale; m++) stale = gone.has(outlet[base + m]);
    if (!stale && opened.length > 0) {
      const last = outlet[base + k - 1];
      if (last < 0) stale = true;
      else {
        // an opened outlet enters when it comes before the last by (travel, index), as in the full search
        const tLast = travelMinutes(region, cell, last, accessMin);
        for (const j of opened) {
          const t = travelMinutes(region, cell, j, accessMin);
          if (t < tLast || (t === tLast && j < last)) { stale = true; break; }
        }
      }
    }
    if (stale) nearest(cell);
  }
}

function candidates(region: Region, include: (j: number) => boolean): number[] {
  const cand: number[] = [];
  region.outlets.forEach((_, j) => { if (include(j)) cand.push(j); });
  return cand;
}

/** Relative margin of the squared-distance screen: far above rounding, far below any real difference. */
const SCREEN_MARGIN = 1e-6;

// One cell's list: the k candidates nearest by travel time, ties to the lower index (candidates in
// index order). Once the list is full, a candidate farther than the k-th by more than the margin is
// passed over on its squared distance, before the exact travel time (Math.hypot) is worked out: the
// lists are the exact search's, at a fraction of its cost.
function cellNearest(region: Region, a: Access, cand: readonly number[], accessMin: number, lambda: number): (cell: number) => void {
  const { k, outlet, travel, timeFactor } = a;
  const bestT = new Float64Array(k);
  const bestJ = new Int32Array(k);
  const X = Float64Array.from(cand, (j) => region.outlets[j].x), Y = Float64Array.from(cand, (j) => region.outlets[j].y);
  return (cell) => {
    const [cx, cy] = cellCentre(region, cell);
    const speed = region.cellSpeed[cell], minDist = region.cellKm * 0.3;
    let n = 0, far2 = Infinity;
    const screen = () => { const d = ((bestT[k - 1] - accessMin) * speed / 60) * (1 + SCREEN_MARGIN); far2 = d * d; };
    for (let q = 0; q < cand.length; q++) {
      const dx = X[q] - cx, dy = Y[q] - cy;
      if (dx * dx + dy * dy > far2) continue;
      // minutes(), on the coordinates copied out
      const t = accessMin + (Math.max(minDist, Math.hypot(dx, dy)) / speed) * 60, j = cand[q];
      if (n < k) {
        let p = n++;
        while (p > 0 && bestT[p - 1] > t) { bestT[p] = bestT[p - 1]; bestJ[p] = bestJ[p - 1]; p--; }
        bestT[p] = t; bestJ[p] = j;
        if (n === k) screen();
      } else if (t < bestT[k - 1]) {
        let p = k - 1;
        while (p > 0 && bestT[p - 1] > t) { bestT[p] = bestT[p - 1]; bestJ[p] = bestJ[p - 1]; p--; }
        bestT[p] = t; bestJ[p] = j;
        screen();
      }
    }
    const base = cell * k;
    for (let m = 0; m < k; m++) {
      outlet[base + m] = m < n ? bestJ[m] : -1;
      travel[base + m] = m < n ? bestT[m] : 0;
      timeFactor[base + m] = m < n ? Math.pow(bestT[m] / T_REF_MIN, -lambda) : 0;
    }
  };
}

const builder = new AliasBuilder();

/**
 * Refresh the Huff terms and alias tables with this month's outlet factors (size × wait); writes
 * the per-cell total into `total[cell * stride + col]` (0: the cell has no outlet of the kind).
 */
export function refreshAccess(a: Access, outletFactor: Float64Array, total: Float64Array, stride: number, col: number): void {
  const { k, outlet, timeFactor, term } = a;
  const nCells = outlet.length / k;
  for (let cell = 0; cell < nCells; cell++) {
    const base = cell * k;
    for (let m = 0; m < k; m++) {
      const j = outlet[base + m];
      term[base + m] = j >= 0 ? timeFactor[base + m] * outletFactor[j] : 0;
    }
    total[cell * stride + col] = a.total[cell] = builder.build(term, base, k, a.prob, a.alias, base);
  }
}

/** Draw one of a cell's k slots by its Huff term, with the uniform u; −1 when the cell has no outlet of the kind. */
export function drawOutlet(a: Access, cell: number, u: number): number {
  return a.total[cell] > 0 ? aliasDraw(a.prob, a.alias, cell * a.k, a.k, u) : -1;
}
