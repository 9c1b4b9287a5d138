/**
 * A batch in which some replications are already known: the ones a cache on disk holds
 * (src/runtime/cache.ts, `--resume`) or a reloaded page kept (the workbench's interrupted run).
 * A replication is a pure function of (scenario, seed, replication index), so a known result is
 * the one the run would compute: only the others go to the runner, and the batch comes back as if
 * all had run — results and failures in the caller's task order, progress counting the known ones
 * as done.
 */
import type { ReplicationResult } from '../model/types.ts';
import { ReplicationError, type Batch, type BatchOptions, type Progress, type ReplicationRunner, type Task } from './pool.ts';

/** What runWithKnown asks of its caller. */
export interface KnownResults {
  /** the known result of task i, if any */
  known(i: number): ReplicationResult | undefined;
  /** told of each result computed now (not of the known ones), by task index */
  onComputed?(i: number, result: ReplicationResult): void;
}

/**
 * Run `tasks` on `inner`, but for those whose result is known. Known results are told through
 * options.onResult first, computed ones as they arrive.
 * @throws {ReplicationError} from the inner runner, its batch mapped back to the caller's tasks
 */
export async function runWithKnown(inner: ReplicationRunner, tasks: readonly Task[], options: BatchOptions, k: KnownResults): Promise<Batch> {
  const results: Array<ReplicationResult | undefined> = tasks.map((_, i) => k.known(i));
  const missing = tasks.map((_, i) => i).filter((i) => results[i] === undefined);
  const hits = tasks.length - missing.length;
  results.forEach((r, i) => r && options.onResult?.(i, r));

  const hitMonths = tasks.reduce((a, t, i) => a + (results[i] ? t.scenario.simulation.months : 0), 0);
  const shift = (p: Progress): Progress => ({
    ...p,
    monthsDone: hitMonths + p.monthsDone,
    monthsTotal: hitMonths + p.monthsTotal,
    replicationsDone: hits + p.replicationsDone,
    replicationsTotal: tasks.length,
  });
  if (missing.length === 0) {
    options.onProgress?.(shift({ monthsDone: 0, monthsTotal: 0, replicationsDone: 0, replicationsTotal: 0 }));
    return { results, failures: [], cancelled: false };
  }

  // The inner batch sees only the missing tasks; indices are mapped back on the way out.
  const merge = (batch: Batch): Batch => {
    batch.results.forEach((r, j) => (results[missing[j]] = r ?? results[missing[j]]));
    return { results, failures: batch.failures.map((f) => ({ ...f, task: missing[f.task] })), cancelled: batch.cancelled };
  };
  const innerOptions: BatchOptions = {
    ...options,
    onProgress: options.onProgress && ((p) => options.onProgress!(shift(p))),
    onResult: (j, r) => {
      const i = missing[j];
      k.onComputed?.(i, r);
      options.onResult?.(i, r);
    },
  };
  try {
    return merge(await inner.run(missing.map((i) => tasks[i]), innerOptions));
  } catch (e) {
    if (e instanceof ReplicationError && e.batch) throw new ReplicationError(e.replication, e.seed, e.cause, merge(e.batch));
    throw e;
  }
}
