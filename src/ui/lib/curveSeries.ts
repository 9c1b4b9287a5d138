/**
 * A response curve (补贴/酬金 → a figure) as the chart draws it: the figure's mean and 95 %
 * interval at each simulated lever level, the y extent, and the budget-constrained optimum.
 * Points use `month` for the lever level so that the chart layers shared with the monthly charts
 * (Band, Line) draw them unchanged.
 */
import type { CurveMetric, CurvesResult } from '../../experiment/index.ts';
import type { KpiName } from '../../model/index.ts';
import type { MessageKey } from '../i18n/messages.ts';

export interface CurvePointView {
  month: number;
  mean: number;
  lo: number;
  hi: number;
}

/** How each figure of a curve is labelled and in which unit it is formatted. */
export const CURVE_METRIC_META: Record<CurveMetric, { label: MessageKey; unit: 'lines' | 'handsets' | 'CNY' | 'CNY/month' | 'count' }> = {
  newLines: { label: 'lvMetricNewLines', unit: 'lines' },
  handsetsSold: { label: 'lvMetricHandsets', unit: 'handsets' },
  costPerAcquisition: { label: 'lvMetricCpa', unit: 'CNY' },
  partnersOpen: { label: 'lvMetricPartnersOpen', unit: 'count' },
  netContribution: { label: 'lvMetricNet', unit: 'CNY/month' },
  spend: { label: 'lvMetricSpend', unit: 'CNY/month' },
  subsidySpend: { label: 'lvMetricSubsidySpend', unit: 'CNY/month' },
  commissionSpend: { label: 'lvMetricCommissionSpend', unit: 'CNY/month' },
};

/** The curve of one figure over the lever levels, in level order. */
export function curvePoints(r: Pick<CurvesResult, 'points'>, metric: CurveMetric): CurvePointView[] {
  return [...r.points]
    .sort((a, b) => a.value - b.value)
    .map((p) => ({ month: p.value, mean: p.figures[metric].mean, lo: p.figures[metric].ci95[0], hi: p.figures[metric].ci95[1] }));
}

/** [lo, hi] over means and interval edges (and a reference value), from 0 when nothing is negative; never empty. */
export function curveExtent(points: readonly CurvePointView[], reference?: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  const see = (v: number) => {
    if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  };
  for (const p of points) { see(p.mean); see(p.lo); see(p.hi); }
  if (reference !== undefined) see(reference);
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo >= 0) lo = 0;
  if (hi <= lo) hi = lo + (Math.abs(lo) || 1);
  return [lo, hi];
}

/**
 * The optimum as a mark on the curve of `metric`: the level and the metric's value there (the
 * optimum is a simulated level, so the curve has a point at it). Null without an optimum, and
 * when it is not distinguishable from its neighbours: a "best" the noise could reorder is not marked.
 */
export function optimumMark(r: Pick<CurvesResult, 'points' | 'optimum'>, metric: CurveMetric): { value: number; mean: number; kpi: KpiName; budget: number | null } | null {
  const o = r.optimum;
  if (!o?.distinguishable) return null;
  const p = r.points.find((x) => x.value === o.value);
  if (!p) return null;
  return { value: o.value, mean: p.figures[metric].mean, kpi: o.kpi, budget: o.budget };
}
