/**
 * Replication workers in the browser: module Web Workers speaking Comlink, sized to
 * navigator.hardwareConcurrency. Imports no Node module; the Vite app imports this file.
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import { createPool, type Pool, type ReplicationApi, type WorkerFactory } from '../experiment/pool.ts';
import { adaptivePool, threadedFactory, type FromThread, type ThreadPort } from '../experiment/threads.ts';

/** A factory of Web Worker replication workers. */
export function browserWorkerFactory(): WorkerFactory {
  return {
    defaultSize: Math.max(1, navigator.hardwareConcurrency || 2),
    spawn() {
      // Vite bundles the worker because the URL is written inline here.
      const worker = new Worker(new URL('../../workers/replication.worker.ts', import.meta.url), { type: 'module', name: 'replication' });
      const remote = wrap<ReplicationApi>(worker);
      const exited = new Promise<Error>((resolve) => {
        worker.addEventListener('error', (e) => resolve(new Error(e.message || 'worker failed to start or crashed')), { once: true });
      });
      return {
        run: (scenario, replication, onMonth) => remote.runReplication(scenario, replication, proxy(onMonth)),
        exited,
        async terminate() {
          remote[releaseProxy]();
          worker.terminate();
        },
      };
    },
  };
}

/** One thread of a replication as a module Web Worker (src/experiment/threads.ts). */
export function spawnBrowserThread(): ThreadPort {
  const worker = new Worker(new URL('../../workers/replication-thread.worker.ts', import.meta.url), { type: 'module', name: 'replication-thread' });
  const exited = new Promise<Error>((resolve) => {
    worker.addEventListener('error', (e) => resolve(new Error(e.message || 'thread failed to start or crashed')), { once: true });
  });
  return {
    post: (m, transfer) => worker.postMessage(m, transfer ?? []),
    onMessage: (fn) => worker.addEventListener('message', (e: MessageEvent<FromThread>) => fn(e.data)),
    exited,
    terminate: async () => worker.terminate(),
  };
}

/**
 * A pool of Web Workers: `workers` replications at once (default: the cores), each on `threads`
 * threads, or (threads not given) on the cores shared out when a batch has fewer replications
 * than cores (src/experiment/threads.ts threadsFor). The threads exchange their blocks by
 * messages, so no shared memory is needed and no page isolation. memoryLimitBytes defaults to
 * half of navigator.deviceMemory when the browser tells it (Chromium), so a run that cannot fit
 * is refused instead of crashing the tab.
 */
export function createBrowserPool(options: { workers?: number; threads?: number; memoryLimitBytes?: number } = {}): Pool {
  const deviceGb = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const memoryLimitBytes = options.memoryLimitBytes ?? (deviceGb ? deviceGb * 1024 ** 3 / 2 : undefined);
  const cores = Math.max(1, navigator.hardwareConcurrency || 2);
  return adaptivePool({
    workers: options.workers, threads: options.threads, cores,
    plain: (workers) => createPool({ factory: browserWorkerFactory(), size: workers, memoryLimitBytes }),
    split: (threads, workers) => createPool({ factory: threadedFactory(spawnBrowserThread, threads, workers), size: workers, memoryLimitBytes }),
  });
}
