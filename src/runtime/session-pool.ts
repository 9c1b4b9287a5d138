/**
 * The pool behind an experiment command, chosen by its options: the worker-thread pool, or the
 * BullMQ queue with `--queue redis://HOST:PORT` (`--attach ID` to re-attach), in either case
 * wrapped in the replication cache: every finished replication is stored, and with `--resume`
 * the stored ones are taken instead of computed again (and the command says how many).
 *
 * The options are read by a commander hook before the command's action runs (commonOptions in
 * experiment-io.ts), so every experiment command gets them without passing them along; the
 * command's withSession() then opens the pool they describe. Opening it first proves the output
 * and cache directories writable and locks the output directory (files.ts), so that no work is
 * done for a place that cannot take it, and two runs never write into one directory at once.
 */
import { availableParallelism, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cachedRunner, createReplicationCache, type CacheCounts } from './cache.ts';
import { lockDirectory, prepareDirectory, type DirectoryLock } from './files.ts';
import { createNodeRunner } from './threads.node.ts';
import type { Pool } from '../experiment/pool.ts';
import { parseQueueUrl } from './queue-redis.ts';
import { modelVersion } from './version.ts';
import { invalid } from '../experiment/errors.ts';

/** The cache directory's name, beside the output directory (or in the working directory). */
export const CACHE_DIR_NAME = '.channel-lab-cache';

/** Share of physical memory a run may plan to use before it is refused. */
const MEMORY_SHARE = 0.75;

/** What the options ask of the pool. */
export interface PoolSetup {
  queue?: string;
  attach?: string;
  resume: boolean;
  cacheDir: string;
  /** the output directory (--out), when the command writes one */
  out?: string;
  /** threads per replication (--threads; default: threads.node.ts threadsFor) */
  threads?: number;
}

/** The options as commander hands them over. */
export interface PoolOptionValues {
  queue?: string;
  attach?: string;
  resume?: boolean;
  cacheDir?: string;
  out?: string;
  /** --threads, already read as a number */
  threads?: number;
}

let next: PoolSetup | undefined;

/**
 * Check the pool options of the command about to run and keep them for its withSession().
 * @throws {ExperimentError} for a malformed queue URL, or an experiment to re-attach to without a queue
 */
export function preparePool(o: PoolOptionValues): PoolSetup {
  const queue = o.queue === undefined ? undefined : parseQueueUrl(o.queue);
  if (o.attach !== undefined && queue === undefined) throw invalid('queue', 'attachNeedsQueue', { id: o.attach });
  if (o.threads !== undefined && queue !== undefined) throw invalid('threads', 'threadsWithQueue', { threads: o.threads });
  if (o.attach !== undefined && !/^e[0-9a-f]{11}$/.test(o.attach)) throw invalid('attach', 'badExperimentId', { id: o.attach });
  const cacheDir = resolve(o.cacheDir ?? (o.out !== undefined ? join(dirname(resolve(o.out)), CACHE_DIR_NAME) : CACHE_DIR_NAME));
  // Re-attaching continues an experiment: what this machine already collected is not asked again
  // (the queue hands each result out once, then frees it).
  next = { queue, attach: o.attach, resume: o.resume === true || o.attach !== undefined, cacheDir, out: o.out, threads: o.threads };
  return next;
}

/** A pool with its cache counts, and what to say when the session ends. */
export interface SessionPool extends Pool {
  readonly counts?: CacheCounts;
  readonly setup?: PoolSetup;
}

/**
 * The pool for this command: as prepared by preparePool (once), or a plain worker-thread pool
 * when the command did not take the pool options. The output directory is locked until close().
 * @throws {ExperimentError} when --out or --cache-dir cannot take files, --out is in use by
 *   another run, or the queue cannot be reached (exit 2, one line)
 */
export async function openPool(workers: number | undefined, log: (line: string) => void): Promise<SessionPool> {
  const setup = next;
  next = undefined;
  const memoryLimitBytes = Math.floor(totalmem() * MEMORY_SHARE);
  if (!setup) return createNodeRunner({ workers, memoryLimitBytes });
  const out = setup.out === undefined ? undefined : prepareDirectory('out', setup.out);
  prepareDirectory('cache-dir', setup.cacheDir);
  const lock: DirectoryLock | undefined = out === undefined ? undefined : lockDirectory('out', out, log);
  try {
    const model = modelVersion();
    // The queue's module (BullMQ and its Redis client, a quarter of a second to load) only when asked for.
    const queue = setup.queue
      ? await (await import('./pool.queue.ts')).createQueuePool({ url: setup.queue, attach: setup.attach, model, size: workers ?? Math.max(availableParallelism(), 4), log })
      : undefined;
    let first = true;
    const pool = cachedRunner(queue ?? createNodeRunner({ workers, threads: setup.threads, memoryLimitBytes }), {
      cache: createReplicationCache(setup.cacheDir),
      model,
      read: setup.resume,
      beforeBatch: queue && ((tasks) => queue.identify(tasks)),
      onBatch: ({ hits, total }) => {
        if (first && setup.resume) log(`${reason(setup)}: ${hits} of ${total} replications from cache (${setup.cacheDir})`);
        first = false;
      },
      onDamaged: ({ file, problem }) => log(`replication cache: ${file} ${problem}; computing it again`),
      onWriteError: (e) => log(`cannot store finished replications in ${setup.cacheDir} (${(e as NodeJS.ErrnoException).code ?? e.message}); going on without`),
    });
    const close = pool.close;
    return Object.assign(pool, {
      setup,
      async close() {
        try {
          await close();
        } finally {
          lock?.release();
        }
      },
    });
  } catch (e) {
    lock?.release();
    throw e;
  }
}

/** The closing line of a session that resumed: replications from cache and computed, in all. */
export function cacheSummary(pool: SessionPool): string | undefined {
  const { counts, setup } = pool;
  if (!counts || !setup?.resume) return undefined;
  return `${reason(setup)}: ${counts.hits} of ${counts.hits + counts.computed} replications from cache, ${counts.computed} computed`;
}

// The option that made the session read the cache.
function reason(setup: PoolSetup): string {
  return setup.attach !== undefined ? `--attach ${setup.attach}` : '--resume';
}
