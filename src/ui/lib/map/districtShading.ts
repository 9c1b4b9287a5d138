/**
 * Districts shaded by a figure of the planner's choosing: the customers living there (from the
 * population grid, before any run), the open outlets (draft scenario), or the shown run's outlet
 * figures summed over the outlets inside each district (a store wait is averaged, weighted by
 * transactions; the low-efficiency share counts outlets). An outlet belongs to the district that
 * owns its grid cell (region.cellDistrict), the same cells the district's polygon is drawn from.
 */
import { interpolateBlues } from 'd3';
import type { OutletRow } from './outletTable.ts';

export const DISTRICT_KPIS = ['customers', 'openOutlets', 'transactions', 'newLines', 'revenue', 'cost', 'net', 'waitMeanMin', 'lowShare'] as const;
export type DistrictKpi = (typeof DISTRICT_KPIS)[number];
/** The figures that need a run. */
export const RUN_KPIS: ReadonlySet<DistrictKpi> = new Set(['transactions', 'newLines', 'revenue', 'cost', 'net', 'waitMeanMin', 'lowShare']);
export const KPI_UNIT: Record<DistrictKpi, 'share' | 'count' | 'lines' | 'CNY/month' | 'min'> = {
  customers: 'share', openOutlets: 'count', transactions: 'count', newLines: 'lines', revenue: 'CNY/month', cost: 'CNY/month',
  net: 'CNY/month', waitMeanMin: 'min', lowShare: 'share',
};

export interface Grid {
  cols: number;
  rows: number;
  cellKm: number;
  /** district index of each cell */
  cellDistrict: ArrayLike<number>;
  /** population weight of each cell, summing to 1 */
  density: ArrayLike<number>;
}

/** The district index of a point, km (points off the grid take the nearest edge cell). */
export function districtAt(g: Grid, x: number, y: number): number {
  const c = Math.min(g.cols - 1, Math.max(0, Math.floor(x / g.cellKm)));
  const r = Math.min(g.rows - 1, Math.max(0, Math.floor(y / g.cellKm)));
  return g.cellDistrict[r * g.cols + c];
}

/**
 * The outlets a figure sums over: the draft's outlets for the open-outlet count (a figure of the
 * plan, before any run), and also the partners that opened during the shown run for the run's
 * figures (their transactions, sales, money and efficiency class are the district's too).
 */
export function shadedOutlets<T>(kpi: DistrictKpi, planned: readonly T[], entrants: readonly T[]): readonly T[] {
  return RUN_KPIS.has(kpi) && entrants.length > 0 ? [...planned, ...entrants] : planned;
}

/**
 * Each district's value of the figure; NaN where it has none (no outlet, no own store, no run).
 * @param outlets the map's outlets with their place, km
 * @param rows the table's rows (state and the run's figures), by outlet id
 */
export function districtValues(kpi: DistrictKpi, g: Grid, districts: number, outlets: ReadonlyArray<{ id: string; x: number; y: number }>, rows: readonly OutletRow[]): number[] {
  if (kpi === 'customers') {
    const out = new Array<number>(districts).fill(0);
    for (let k = 0; k < g.density.length; k++) out[g.cellDistrict[k]] += g.density[k];
    return out;
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const sum = new Array<number>(districts).fill(0);
  const weight = new Array<number>(districts).fill(0);
  const count = new Array<number>(districts).fill(0);
  for (const o of outlets) {
    const r = byId.get(o.id);
    if (!r) continue;
    const d = districtAt(g, o.x, o.y);
    switch (kpi) {
      case 'openOutlets':
        if (r.open) sum[d]++;
        count[d]++;
        break;
      case 'waitMeanMin':
        if (r.kind === 'own' && Number.isFinite(r.waitMeanMin) && r.transactions > 0) {
          sum[d] += r.waitMeanMin * r.transactions;
          weight[d] += r.transactions;
        }
        break;
      case 'lowShare':
        if (r.efficiencyClass !== null) {
          if (r.efficiencyClass === 'low') sum[d]++;
          count[d]++;
        }
        break;
      default: {
        const v = kpi === 'net' ? r.revenue - r.cost : r[kpi];
        if (Number.isFinite(v)) {
          sum[d] += v;
          count[d]++;
        }
      }
    }
  }
  return sum.map((s, d) => {
    if (kpi === 'openOutlets') return s;
    if (kpi === 'waitMeanMin') return weight[d] > 0 ? s / weight[d] : NaN;
    if (kpi === 'lowShare') return count[d] > 0 ? s / count[d] : NaN;
    return count[d] > 0 ? s : NaN;
  });
}

export interface Shading {
  /** the lowest and highest value (NaN, NaN when there is none) */
  domain: [number, number];
  /** fill of a value; null for NaN (drawn unshaded) */
  color: (v: number) => string | null;
}

/** A light-to-dark blue ramp over the values' range; the ramp stops short of dark so marks stay legible. */
export function shading(values: readonly number[]): Shading {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return { domain: [NaN, NaN], color: () => null };
  const span = hi - lo;
  return {
    domain: [lo, hi],
    color: (v) => (Number.isFinite(v) ? interpolateBlues(RAMP_LO + (RAMP_HI - RAMP_LO) * (span > 0 ? (v - lo) / span : 0.5)) : null),
  };
}

/** The ramp's ends on d3's Blues scheme (0 white, 1 navy). */
export const RAMP_LO = 0.08, RAMP_HI = 0.7;
