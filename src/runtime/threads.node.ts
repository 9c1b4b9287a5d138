/**
 * Replications split across worker_threads (src/experiment/threads.ts): the thread entry is
 * prebuilt JavaScript like the replication worker's (scripts/prebuild.mjs).
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MAX_THREADS, threadedFactory, type FromThread, type ThreadPort } from '../experiment/threads.ts';
import { createPool, type Pool, type Task, type WorkerFactory } from '../experiment/pool.ts';
import { agentsOf } from '../model/scenario.ts';
import { createNodePool } from './pool.node.ts';
import { ensureBuilt } from '../../scripts/prebuild.mjs';

const THREAD_WORKER = pathToFileURL((await ensureBuilt())['replication-thread.node-worker']);

/** One thread of a replication as a worker_thread. */
export function spawnNodeThread(): ThreadPort {
  const worker = new Worker(THREAD_WORKER);
  const exited = new Promise<Error>((resolve) => {
    worker.once('error', (e) => resolve(e));
    worker.once('exit', (code) => resolve(new Error(`thread exited unexpectedly (code ${code})`)));
  });
  return {
    post: (m, transfer) => worker.postMessage(m, transfer),
    onMessage: (fn) => worker.on('message', (m: FromThread) => fn(m)),
    exited,
    terminate: async () => { await worker.terminate(); },
  };
}

/** Pool workers that each run a replication on `threads` worker_threads. */
export function nodeThreadedFactory(threads: number): WorkerFactory {
  return threadedFactory(spawnNodeThread, threads, Math.max(1, Math.floor(availableParallelism() / threads)));
}

/** A pool of `workers` workers (default: the cores ÷ threads), each running a replication on `threads` threads. */
export function createThreadedNodePool(threads: number, options: { workers?: number; memoryLimitBytes?: number } = {}): Pool {
  return createPool({ factory: nodeThreadedFactory(threads), size: options.workers, memoryLimitBytes: options.memoryLimitBytes });
}

/** Agents below which a replication stays on one thread: starting threads would cost more than they save. */
export const AUTO_THREADS_MIN_AGENTS = 50_000;

/**
 * Threads per replication for a batch: `threads` when given; otherwise, when the replications are
 * fewer than the workers and large enough, the workers shared out among them (a single big city
 * gets every core). The numbers do not depend on it (src/experiment/threads.ts).
 */
export function threadsFor(tasks: readonly Task[], workers: number, threads?: number): number {
  if (threads !== undefined) return threads;
  if (tasks.length === 0 || tasks.length >= workers) return 1;
  if (Math.max(...tasks.map((t) => agentsOf(t.scenario).agents)) < AUTO_THREADS_MIN_AGENTS) return 1;
  return Math.min(MAX_THREADS, Math.floor(workers / tasks.length));
}

/**
 * The Node pool of an experiment command: `workers` replications at once, each on `threads`
 * threads (threadsFor, batch by batch). With threads, workers × threads threads run at most.
 */
export function createNodeRunner(options: { workers?: number; threads?: number; memoryLimitBytes?: number }): Pool {
  const cores = availableParallelism();
  const plain = createNodePool({ workers: options.workers, memoryLimitBytes: options.memoryLimitBytes });
  const split = new Map<number, Pool>();
  const pools = () => [plain, ...split.values()];
  return {
    get size() { return plain.size; },
    get live() { return pools().reduce((a, p) => a + p.live, 0); },
    run(tasks, batch) {
      const T = threadsFor(tasks, options.workers ?? cores, options.threads);
      if (T === 1) return plain.run(tasks, batch);
      let pool = split.get(T);
      if (!pool) {
        const workers = options.threads !== undefined ? (options.workers ?? Math.max(1, Math.floor(cores / T))) : Math.max(1, Math.floor((options.workers ?? cores) / T));
        pool = createThreadedNodePool(T, { workers, memoryLimitBytes: options.memoryLimitBytes });
        split.set(T, pool);
      }
      return pool.run(tasks, batch);
    },
    async close() {
      await Promise.all(pools().map((p) => p.close()));
    },
  };
}
