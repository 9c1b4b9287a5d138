/**
 * A finished run as the workbench keeps it: the result.json object, plus each replication's
 * run-level KPIs (what paired comparisons need), and where it came from.
 */
import type { ExperimentResult, ReplicationKpis, RunSample } from '../../experiment/index.ts';

export interface RunRecord {
  id: string;
  createdAt: number;
  /** the scenario's name at run time */
  name: string;
  /** the library entry the scenario came from */
  entryId: string;
  result: ExperimentResult;
  replicationKpis: ReplicationKpis[];
  /** cancelled before every replication finished */
  cancelled: boolean;
}

/** What compareRuns needs of a run record. */
export function runSample(run: Pick<RunRecord, 'result' | 'replicationKpis'>): RunSample {
  return { seed: run.result.seed, replications: run.replicationKpis };
}

/** A label for lists: "name · 12:03 · 10×" with the replications done. */
export function runLabel(run: Pick<RunRecord, 'name' | 'createdAt' | 'result'>, locale: string): string {
  const t = new Date(run.createdAt).toLocaleTimeString(locale === 'en' ? 'en-US' : 'zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `${run.name} · ${t} · ${run.result.replicationsDone}×`;
}
