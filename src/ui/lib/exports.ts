/**
 * The KPI table a planner downloads: one row per KPI with both names, unit, mean, sd and 95 %
 * interval, written by the experiment layer's CSV writer (BOM, formula-safe cells).
 */
import { KPIS, KPI_META } from '../../model/index.ts';
import { toCsv, type Cell, type ExperimentResult } from '../../experiment/index.ts';

export const KPI_CSV_COLUMNS = ['kpi', 'name_zh', 'name_en', 'unit', 'mean', 'sd', 'ci95_lo', 'ci95_hi', 'replications'] as const;

export function kpiCsv(result: Pick<ExperimentResult, 'kpis' | 'replicationsDone'>): string {
  const rows: Record<string, Cell>[] = KPIS.filter((k) => result.kpis[k]).map((k) => {
    const s = result.kpis[k];
    return {
      kpi: k, name_zh: KPI_META[k].zh, name_en: KPI_META[k].en, unit: s.unit,
      mean: s.mean, sd: s.sd, ci95_lo: s.ci95?.[0], ci95_hi: s.ci95?.[1], replications: result.replicationsDone,
    };
  });
  return toCsv(KPI_CSV_COLUMNS, rows);
}
