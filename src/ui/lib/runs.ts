/**
 * A finished run as the workbench keeps it: the result.json object, plus each replication's
 * run-level KPIs (what paired comparisons need), and where it came from.
 */
import type { ExperimentResult, KpiWindow, ReplicationKpis, RunSample } from '../../experiment/index.ts';
import type { ReplicationResult, Scenario } from '../../model/index.ts';

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
  /** the KPIs over the months from a mid-run change on (window.ts), when the scenario has one */
  afterChange?: KpiWindow;
  /** the model that ran it (services/version.ts); runs kept before it was recorded have none */
  modelVersion?: string;
}

/** A run in progress, kept so that a reload can resume it (services/db.ts). */
export interface InflightRun {
  /** the id its RunRecord will have */
  id: string;
  startedAt: number;
  name: string;
  entryId: string;
  /** replications asked for */
  replications: number;
  /** the prepared scenario the workers run (its data files read in) */
  scenario: Scenario;
}

/** One finished replication of a run in progress. */
export interface InflightReplication {
  runId: string;
  replication: number;
  result: ReplicationResult;
}

/**
 * The replications of an interrupted run that a resume may fold in: this run's, within its
 * replications and months, one per index. Anything else is run again.
 */
export function resumable(run: InflightRun, stored: readonly InflightReplication[]): ReplicationResult[] {
  const byIndex = new Map<number, ReplicationResult>();
  for (const s of stored) {
    const r = s.result;
    if (s.runId !== run.id || r.replication !== s.replication || s.replication >= run.replications) continue;
    if (r.months !== run.scenario.simulation.months || r.seed !== run.scenario.simulation.seed) continue;
    byIndex.set(s.replication, r);
  }
  return [...byIndex.values()].sort((a, b) => a.replication - b.replication);
}

/** What compareRuns needs of a run record. */
export function runSample(run: Pick<RunRecord, 'result' | 'replicationKpis'>): RunSample {
  return { seed: run.result.seed, replications: run.replicationKpis };
}

/** A label for lists: "name · 12:03 · 10×" with the replications done. */
export function runLabel(run: Pick<RunRecord, 'name' | 'createdAt' | 'result'>, locale: string): string {
  return `${run.name} · ${runStamp(run, locale)}`;
}

/** A run without its name, where the name is said already: "12:03:07 · 10×". */
export function runStamp(run: Pick<RunRecord, 'createdAt' | 'result'>, locale: string): string {
  const t = new Date(run.createdAt).toLocaleTimeString(locale === 'en' ? 'en-US' : 'zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `${t} · ${run.result.replicationsDone}×`;
}
