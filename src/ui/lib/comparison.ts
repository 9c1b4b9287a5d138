/**
 * The comparison view's data: the ticked runs against the baseline the user chose (the first
 * ticked by default), each labelled by what differs from it (parameterDiff), with the reasons it
 * cannot be compared fairly (comparable) and its differences read against the thresholds
 * (compareRuns). Assembly only: every decision is the experiment layer's.
 */
import { comparable, compareRuns, parameterDiff, runSizeOf, type ComparabilityProblem, type KpiDifference, type ParameterChange, type RunSize, type Threshold } from '../../experiment/index.ts';
import type { KpiName } from '../../model/index.ts';
import { runSample, type RunRecord } from './runs.ts';

export interface ComparedRun {
  run: RunRecord;
  /** what differs from the baseline's scenario */
  changes: ParameterChange[];
  /** why it cannot be compared fairly with the baseline; empty when it can */
  problems: ComparabilityProblem[];
  /** every KPI's difference from the baseline, in KPIS order (null: no replication to compare) */
  differences: KpiDifference[] | null;
}

export interface Comparison {
  base: RunRecord;
  others: ComparedRun[];
  /** names this selection and baseline: "compare anyway" holds for it alone */
  key: string;
  /** some run cannot be compared fairly with the baseline */
  unfair: boolean;
}

/** The size of a kept run as comparable() reads it. */
export function runSizeOfRecord(r: RunRecord): RunSize {
  return runSizeOf(r.result, { replicationIds: r.replicationKpis.map((x) => x.replication), modelVersion: r.modelVersion ?? null });
}

/**
 * The ticked runs (in the order ticked) against the baseline: `baseId` when ticked, else the first
 * ticked; null when fewer than two of the ids are kept runs.
 */
export function comparisonOf(runs: readonly RunRecord[], ids: readonly string[], baseId: string | null, thresholds: Readonly<Record<KpiName, Threshold>>): Comparison | null {
  const chosen = ids.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunRecord => r !== undefined);
  if (chosen.length < 2) return null;
  const base = chosen.find((r) => r.id === baseId) ?? chosen[0];
  const others = chosen.filter((r) => r !== base).map((run) => ({
    run,
    changes: parameterDiff(base.result.scenario, run.result.scenario),
    problems: comparable(runSizeOfRecord(base), runSizeOfRecord(run)),
    differences: base.replicationKpis.length > 0 && run.replicationKpis.length > 0 ? compareRuns(runSample(base), runSample(run), thresholds) : null,
  }));
  return { base, others, key: [base.id, ...others.map((o) => o.run.id)].join('|'), unfair: others.some((o) => o.problems.length > 0) };
}
