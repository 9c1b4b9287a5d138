/**
 * What a replication worker exposes through Comlink, shared by the Web Worker entry
 * (replication.worker.ts) and the Node worker_threads entry (replication.node-worker.ts).
 * The result is a plain object (src/model/types.ts), so it crosses postMessage intact.
 */
import { releaseProxy } from 'comlink';
import { runReplication } from '../src/model/engine.ts';
import type { ReplicationApi } from '../src/experiment/pool.ts';

export const replicationApi: ReplicationApi = {
  runReplication(scenario, replication, onMonth) {
    try {
      return runReplication(scenario, replication, onMonth ? { onMonth: (month) => void onMonth(month) } : {});
    } finally {
      // onMonth is a Comlink proxy of the caller's callback: release it, or its port stays open.
      (onMonth as unknown as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
    }
  },
};
