/**
 * Running an experiment from the workbench: the experiment layer's runExperimentWithSample (the
 * one `channel-lab run` uses) over a Web Worker pool (src/runtime/pool.browser.ts), never on the
 * main thread. One core is left to the page so that it stays responsive while the workers are busy.
 */
import { createBrowserPool } from '../../runtime/browser.ts';
import {
  AbortedError, runExperimentWithSample, type ExperimentResult, type Pool, type Progress,
  type ReplicationRunner,
} from '../../experiment/index.ts';
import type { Scenario } from '../../model/index.ts';
import type { RunRecord } from '../lib/runs.ts';

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
export async function runInBrowser(scenario: Scenario, options: { signal: AbortSignal; onProgress: (p: Progress) => void }): Promise<Outcome | null> {
  pool ??= createBrowserPool({ workers: workerCount() });
  try {
    const { result, sample, cancelled } = await runExperimentWithSample({ scenario, pool: paintedFirst(pool), signal: options.signal, onProgress: options.onProgress });
    return { result, replicationKpis: [...sample.replications], cancelled };
  } catch (e) {
    if (e instanceof AbortedError) return null;
    throw e;
  }
}

// The pool, letting the page paint the finished progress bar before the results are folded.
function paintedFirst(p: Pool): ReplicationRunner {
  return {
    size: p.size,
    async run(tasks, o) {
      const batch = await p.run(tasks, o);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return batch;
    },
  };
}
