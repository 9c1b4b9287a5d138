/**
 * Running an experiment from the workbench: the replications go to the experiment layer's Web
 * Worker pool (src/runtime/pool.browser.ts), never to the main thread; the finished ones are
 * folded into the result.json object by aggregate(). One core is left to the page so that it
 * stays responsive while the workers are busy.
 */
import { createBrowserPool } from '../../runtime/pool.browser.ts';
import { aggregate, type ExperimentResult } from '../../experiment/aggregate.ts';
import type { Pool, Progress } from '../../experiment/pool.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import { replicationKpis, type RunRecord } from '../lib/runs.ts';

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
}

/**
 * Run scenario's replications in the pool (a prepared scenario: its data files read in), but for
 * those in `done`: replication r depends only on (scenario, seed, r), so a resumed run gives the
 * numbers of an uninterrupted one. Progress counts the done ones as done.
 * Resolves null when cancelled before any replication finished; rejects with the pool's error
 * (a failed replication names its index and seed).
 */
export async function runExperiment(scenario: Scenario, options: RunOptions): Promise<Outcome | null> {
  pool ??= createBrowserPool({ workers: workerCount() });
  const n = scenario.simulation.replications;
  const before = options.done ?? [];
  const have = new Set(before.map((r) => r.replication));
  const tasks = Array.from({ length: n }, (_, replication) => ({ scenario, replication })).filter((t) => !have.has(t.replication));
  const monthsBefore = before.length * scenario.simulation.months;
  const t0 = performance.now();
  const batch = await pool.run(tasks, {
    signal: options.signal,
    onProgress: (p) => options.onProgress({ ...p, monthsDone: p.monthsDone + monthsBefore, monthsTotal: p.monthsTotal + monthsBefore, replicationsDone: p.replicationsDone + before.length, replicationsTotal: n }),
    onResult: options.onResult && ((_, r) => options.onResult!(r)),
  });
  const done = [...before, ...batch.results.filter((r) => r !== undefined)];
  if (done.length === 0) return null;
  // Let the page paint the finished progress bar before the fold.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const result = aggregate(scenario, done, {
    requested: n,
    runtimeMs: performance.now() - t0,
    failures: batch.failures.map(({ replication, seed, message }) => ({ replication, seed, message })),
  });
  return { result, replications: done, replicationKpis: replicationKpis(done), cancelled: batch.cancelled };
}
