/**
 * Replication workers in the browser: module Web Workers speaking Comlink, sized to
 * navigator.hardwareConcurrency. Imports no Node module; the Vite app imports this file.
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import { createPool, type Pool, type ReplicationApi, type WorkerFactory } from '../experiment/pool.ts';

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

/**
 * Whether this page may share memory between threads (SharedArrayBuffer), which a replication
 * split across threads needs: browsers allow it only in a cross-origin isolated page, one served
 * with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`
 * (vite.config.ts sends both). Without it each replication runs on one thread.
 */
export function sharedMemoryAvailable(): boolean {
  return globalThis.crossOriginIsolated === true;
}

/**
 * A pool of Web Workers: `workers` of them (default: the cores). memoryLimitBytes defaults to
 * half of navigator.deviceMemory when the browser tells it (Chromium), so a run that cannot fit
 * is refused instead of crashing the tab.
 */
export function createBrowserPool(options: { workers?: number; memoryLimitBytes?: number } = {}): Pool {
  const deviceGb = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const memoryLimitBytes = options.memoryLimitBytes ?? (deviceGb ? deviceGb * 1024 ** 3 / 2 : undefined);
  return createPool({ factory: browserWorkerFactory(), size: options.workers, memoryLimitBytes });
}
