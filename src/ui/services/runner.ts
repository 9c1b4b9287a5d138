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
import { replicationKpis, type RunRecord } from '../lib/runs.ts';

let pool: Pool | null = null;

/** Workers the workbench runs: the cores less one for the page, at least one. */
export function workerCount(): number {
  return Math.max(1, (navigator.hardwareConcurrency || 2) - 1);
}

export interface Outcome {
  result: ExperimentResult;
  replicationKpis: RunRecord['replicationKpis'];
  cancelled: boolean;
}

/**
 * Run scenario's replications in the pool (a prepared scenario: its data files read in).
 * Resolves null when cancelled before any replication finished; rejects with the pool's error
 * (a failed replication names its index and seed).
 */
export async function runExperiment(scenario: Scenario, options: { signal: AbortSignal; onProgress: (p: Progress) => void }): Promise<Outcome | null> {
  pool ??= createBrowserPool({ workers: workerCount() });
  const n = scenario.simulation.replications;
  const tasks = Array.from({ length: n }, (_, replication) => ({ scenario, replication }));
  const t0 = performance.now();
  const batch = await pool.run(tasks, { signal: options.signal, onProgress: options.onProgress });
  const done = batch.results.filter((r) => r !== undefined);
  if (done.length === 0) return null;
  // Let the page paint the finished progress bar before the fold.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const result = aggregate(scenario, done, {
    requested: n,
    runtimeMs: performance.now() - t0,
    failures: batch.failures.map(({ replication, seed, message }) => ({ replication, seed, message })),
  });
  return { result, replicationKpis: replicationKpis(batch.results), cancelled: batch.cancelled };
}
