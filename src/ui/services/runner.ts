/**
 * Running an experiment from the workbench: the experiment layer's runExperimentWithReplications
 * (the one `channel-lab run` uses) over a Web Worker pool (src/runtime/pool.browser.ts), never on
 * the main thread. One core is left to the page so that it stays responsive while the workers are
 * busy. A run resumed after a reload hands over the replications it had kept: they are taken as
 * finished (src/experiment/known.ts) and only the others run.
 */
import { createBrowserPool } from '../../runtime/browser.ts';
import {
  AbortedError, replicationKpis, runExperimentWithReplications, runWithKnown, type ExperimentResult, type MonthKpis, type Pool,
  type Progress, type ReplicationRunner, type Task,
} from '../../experiment/index.ts';
import type { ReplicationResult, Scenario } from '../../model/index.ts';
import type { RunRecord } from '../lib/runs.ts';

let pool: Pool | null = null;

/** Workers the workbench runs: the cores less one for the page, at least one. */
export function workerCount(): number {
  return Math.max(1, (navigator.hardwareConcurrency || 2) - 1);
}

export interface Outcome {
  result: ExperimentResult;
  /** every finished replication, the resumed ones included */
  replications: ReplicationResult[];
  replicationKpis: RunRecord['replicationKpis'];
  cancelled: boolean;
}

export interface RunOptions {
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
  /** replications finished before (a run resumed after a reload): not run again, folded in */
  done?: readonly ReplicationResult[];
  /** told of each replication as it finishes (to keep it for a resume) */
  onResult?: (result: ReplicationResult) => void;
  /** told of each month a worker simulated, with that month's KPI values (provisional figures) */
  onMonth?: (replication: number, month: number, kpis: MonthKpis) => void;
}

/**
 * Run scenario's replications in the pool (a prepared scenario: its data files read in), but for
 * those in `done`: replication r depends only on (scenario, seed, r), so a resumed run gives the
 * numbers of an uninterrupted one. Progress counts the done ones as done.
 * Resolves null when cancelled before any replication finished; rejects with the pool's error
 * (a failed replication names its index and seed).
 */
export async function runInBrowser(scenario: Scenario, options: RunOptions): Promise<Outcome | null> {
  pool ??= createBrowserPool({ workers: workerCount() });
  try {
    const { result, replications, cancelled } = await runExperimentWithReplications({
      scenario, pool: pageRunner(pool, options), signal: options.signal, onProgress: options.onProgress,
    });
    return { result, replications, replicationKpis: replicationKpis(replications), cancelled };
  } catch (e) {
    if (e instanceof AbortedError) return null;
    throw e;
  }
}

// The pool, with the kept replications taken as finished and the workers' months passed on,
// letting the page paint the finished progress bar before the results are folded.
function pageRunner(p: Pool, { done = [], onResult, onMonth }: RunOptions): ReplicationRunner {
  const kept = new Map(done.map((r) => [r.replication, r]));
  return {
    size: p.size,
    async run(tasks, o = {}) {
      const withMonths = onMonth ? { ...o, onMonth: (t: Task, month: number, kpis: MonthKpis) => onMonth(t.replication, month, kpis) } : o;
      const batch = await runWithKnown(p, tasks, withMonths, { known: (i) => kept.get(tasks[i].replication), onComputed: (_, r) => onResult?.(r) });
      await new Promise((resolve) => setTimeout(resolve, 0));
      return batch;
    },
  };
}
