/**
 * Replications split across worker_threads (src/experiment/threads.ts): the thread entry is
 * prebuilt JavaScript like the replication worker's (scripts/prebuild.mjs).
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { adaptivePool, threadedFactory, type FromThread, type ThreadPort } from '../experiment/threads.ts';
import { createPool, type Pool, type WorkerFactory } from '../experiment/pool.ts';
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

/**
 * The Node pool of an experiment command: `workers` replications at once, each on `threads`
 * threads (threadsFor, batch by batch).
 */
export function createNodeRunner(options: { workers?: number; threads?: number; memoryLimitBytes?: number }): Pool {
  return adaptivePool({
    ...options, cores: availableParallelism(),
    plain: (workers) => createNodePool({ workers, memoryLimitBytes: options.memoryLimitBytes }),
    split: (threads, workers) => createThreadedNodePool(threads, { workers, memoryLimitBytes: options.memoryLimitBytes }),
  });
}
