/**
 * Replication workers in Node: worker_threads speaking Comlink through its node adapter. The
 * engine's worker is prebuilt JavaScript (scripts/prebuild.mjs), so a thread starts without
 * compiling anything; another entry given as TypeScript (test fixtures) starts in
 * workers/tsx-bootstrap.mjs, which registers tsx and then loads it. The pool itself is
 * experiment/pool.ts.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { proxy, releaseProxy, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createPool, type Pool, type ReplicationApi, type WorkerFactory } from '../experiment/pool.ts';
import { ensureBuilt } from '../../scripts/prebuild.mjs';

/** The worker entry that runs the engine: its prebuilt bundle. */
export const REPLICATION_WORKER = pathToFileURL((await ensureBuilt())['replication.node-worker']);

const BOOTSTRAP = new URL('../../workers/tsx-bootstrap.mjs', import.meta.url);

export interface NodeWorkerOptions {
  /** worker module exposing ReplicationApi (default: the engine's; tests pass fixtures) */
  entry?: URL;
  /** handed to the worker as worker_threads' workerData */
  workerData?: unknown;
}

/** A factory of worker_threads replication workers; default size: os.availableParallelism(). */
export function nodeWorkerFactory(options: NodeWorkerOptions = {}): WorkerFactory {
  const entry = options.entry ?? REPLICATION_WORKER;
  return {
    defaultSize: availableParallelism(),
    spawn() {
      const worker = entry.pathname.endsWith('.ts')
        ? new Worker(BOOTSTRAP, { argv: [entry.href], workerData: options.workerData })
        : new Worker(entry, { workerData: options.workerData });
      const remote = wrap<ReplicationApi>(nodeEndpoint(worker));
      const exited = new Promise<Error>((resolve) => {
        worker.once('error', (e) => resolve(e));
        worker.once('exit', (code) => resolve(new Error(`worker exited unexpectedly (code ${code})`)));
      });
      return {
        run: (scenario, replication, onMonth) => remote.runReplication(scenario, replication, proxy(onMonth)),
        exited,
        async terminate() {
          remote[releaseProxy]();
          await worker.terminate();
        },
      };
    },
  };
}

/** A pool of Node workers: `workers` of them (default: the cores). */
export function createNodePool(options: NodeWorkerOptions & { workers?: number; memoryLimitBytes?: number } = {}): Pool {
  return createPool({ factory: nodeWorkerFactory(options), size: options.workers, memoryLimitBytes: options.memoryLimitBytes });
}
