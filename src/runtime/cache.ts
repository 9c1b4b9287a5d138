/**
 * Finished replications kept on disk, so that an interrupted experiment resumes where it stopped
 * and identical inputs are not computed twice.
 *
 * A replication is a pure function of (resolved scenario, seed, replication index, model
 * version); its key (replication-key.ts) names a file `DIR/ab/abcd….json.gz`. Files are written
 * to a temporary name and renamed into place, so a run killed mid-write leaves either the whole
 * result or nothing, never half a file.
 *
 * `cachedRunner` wraps any ReplicationRunner (the worker-thread pool, the queue): every result it
 * sees arrives through `onResult` and is stored at once; with `read`, tasks already stored are
 * answered from disk and only the others reach the inner runner.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from './make-directory.ts';
import type { ReplicationResult } from '../model/types.ts';
import { ReplicationError, type Batch, type BatchOptions, type Pool, type Progress, type Task } from '../experiment/pool.ts';
import { decodeResult, encodeResult, replicationKey } from './replication-key.ts';

/** Where finished replications live, and what was read and written. */
export interface ReplicationCache {
  readonly dir: string;
  /** the stored result, or undefined when absent or unreadable */
  get(key: string): ReplicationResult | undefined;
  /** store a result atomically (temporary file, then rename) */
  put(key: string, result: ReplicationResult): void;
}

/** A cache in directory `dir` (created on the first write). */
export function createReplicationCache(dir: string): ReplicationCache {
  let serial = 0;
  const fileOf = (key: string) => {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new RangeError(`replication cache: expected a 64-hex-digit key, got "${key}"`);
    return join(dir, key.slice(0, 2), `${key}.json.gz`);
  };
  return {
    dir,
    get(key) {
      let buffer: Buffer;
      try {
        buffer = readFileSync(fileOf(key));
      } catch {
        return undefined;
      }
      try {
        return decodeResult(buffer);
      } catch {
        return undefined; // damaged by something else than us: computed again and overwritten
      }
    },
    put(key, result) {
      const file = fileOf(key);
      makeDirectory(join(dir, key.slice(0, 2)));
      const temp = `${file}.${process.pid}-${serial++}.tmp`;
      try {
        writeFileSync(temp, encodeResult(result));
        renameSync(temp, file);
      } catch (e) {
        rmSync(temp, { force: true });
        throw e;
      }
    },
  };
}

export interface CachedRunnerOptions {
  cache: ReplicationCache;
  /** the model version that is part of every key (version.ts) */
  model: string;
  /** answer stored replications from the cache (--resume); without it the cache is only written */
  read: boolean;
  /** called with every task of a batch before the cache is consulted (a queue names its experiment) */
  beforeBatch?: (tasks: readonly Task[]) => Promise<unknown> | void;
  /** told of each batch's cache hits before anything runs */
  onBatch?: (info: { hits: number; total: number }) => void;
  /** a result could not be stored (disk full, permissions): told once, the experiment goes on */
  onWriteError?: (error: Error) => void;
}

/** Replications taken from the cache and computed, over every batch so far. */
export interface CacheCounts {
  hits: number;
  computed: number;
  batches: number;
}

/** A runner that stores every result, and with `read` answers stored tasks without running them. */
export function cachedRunner(inner: Pool, options: CachedRunnerOptions): Pool & { readonly counts: CacheCounts } {
  const { cache, model } = options;
  const counts: CacheCounts = { hits: 0, computed: 0, batches: 0 };
  let writeFailed = false;

  function store(key: string, result: ReplicationResult): void {
    try {
      cache.put(key, result);
    } catch (e) {
      if (!writeFailed) options.onWriteError?.(e as Error);
      writeFailed = true;
    }
  }

  async function run(tasks: readonly Task[], opts: BatchOptions = {}): Promise<Batch> {
    counts.batches++;
    await options.beforeBatch?.(tasks);
    const keys = tasks.map((t) => replicationKey(t.scenario, t.replication, model));
    const results: Array<ReplicationResult | undefined> = new Array(tasks.length).fill(undefined);
    if (options.read) keys.forEach((key, i) => (results[i] = cache.get(key)));
    const missing = tasks.map((_, i) => i).filter((i) => results[i] === undefined);
    const hits = tasks.length - missing.length;
    counts.hits += hits;
    options.onBatch?.({ hits, total: tasks.length });
    results.forEach((r, i) => r && opts.onResult?.(i, r));

    const hitMonths = tasks.reduce((a, t, i) => a + (results[i] ? t.scenario.simulation.months : 0), 0);
    const shift = (p: Progress): Progress => ({
      ...p,
      monthsDone: hitMonths + p.monthsDone,
      monthsTotal: hitMonths + p.monthsTotal,
      replicationsDone: hits + p.replicationsDone,
      replicationsTotal: tasks.length,
    });
    if (missing.length === 0) {
      opts.onProgress?.(shift({ monthsDone: 0, monthsTotal: 0, replicationsDone: 0, replicationsTotal: 0 }));
      return { results, failures: [], cancelled: false };
    }

    // The inner batch sees only the missing tasks; indices are mapped back on the way out.
    const merge = (batch: Batch): Batch => {
      batch.results.forEach((r, j) => (results[missing[j]] = r ?? results[missing[j]]));
      return { results, failures: batch.failures.map((f) => ({ ...f, task: missing[f.task] })), cancelled: batch.cancelled };
    };
    const innerOptions: BatchOptions = {
      ...opts,
      onProgress: opts.onProgress && ((p) => opts.onProgress!(shift(p))),
      onResult: (j, r) => {
        const i = missing[j];
        store(keys[i], r);
        counts.computed++;
        opts.onResult?.(i, r);
      },
    };
    try {
      return merge(await inner.run(missing.map((i) => tasks[i]), innerOptions));
    } catch (e) {
      if (e instanceof ReplicationError && e.batch) throw new ReplicationError(e.replication, e.seed, e.cause, merge(e.batch));
      throw e;
    }
  }

  return {
    get size() {
      return inner.size;
    },
    get live() {
      return inner.live;
    },
    counts,
    run,
    close: () => inner.close(),
  };
}
