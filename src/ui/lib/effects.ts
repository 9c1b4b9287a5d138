/**
 * Effects of a lever as a planner reads them: each KPI's paired difference (common random
 * numbers) with its 95 % interval, whether the interval excludes 0, and whether that is better or
 * worse for the KPI. Shared by the diversion target, the closure what-if and the closure plan.
 */
import { KPI_META, type KpiName } from '../../model/index.ts';
import type { Estimate } from '../../experiment/index.ts';

export interface EffectRow {
  kpi: KpiName;
  unit: (typeof KPI_META)[KpiName]['unit'];
  mean: number;
  ci95: [number, number];
  significant: boolean;
  verdict: 'better' | 'worse' | null;
}

/** Rows for the KPIs listed, in that order, skipping those without an estimate. */
export function effectRows(deltas: Partial<Record<KpiName, Estimate>>, kpis: readonly KpiName[]): EffectRow[] {
  const rows: EffectRow[] = [];
  for (const kpi of kpis) {
    const d = deltas[kpi];
    if (!d) continue;
    const significant = d.ci95[0] > 0 || d.ci95[1] < 0;
    const better = KPI_META[kpi].better;
    const verdict = !significant || better === null ? null : (d.mean > 0) === (better === 'higher') ? 'better' : 'worse';
    rows.push({ kpi, unit: KPI_META[kpi].unit, mean: d.mean, ci95: d.ci95, significant, verdict });
  }
  return rows;
}
