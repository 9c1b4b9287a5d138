/**
 * What a replication worker exposes through Comlink, shared by the Web Worker entry
 * (replication.worker.ts) and the Node worker_threads entry (replication.node-worker.ts).
 * The result is a plain object (src/model/types.ts), so it crosses postMessage intact.
 *
 * After each month the caller hears the month and that month's KPI values, from which the
 * workbench shows provisional figures while the run is on (src/experiment/provisional.ts). The
 * replication is the engine's runReplication, month by month, so its result is the same.
 */
import { releaseProxy } from 'comlink';
import { createModel } from '../src/model/engine.ts';
import type { ReplicationApi } from '../src/experiment/pool.ts';
import { monthKpis } from '../src/experiment/provisional.ts';

export const replicationApi: ReplicationApi = {
  runReplication(scenario, replication, onMonth) {
    try {
      const model = createModel(scenario, replication);
      for (let m = 1; m <= scenario.simulation.months; m++) {
        model.tick(1);
        if (onMonth) void onMonth(m, monthKpis(model.result(), m));
      }
      return model.result();
    } finally {
      // onMonth is a Comlink proxy of the caller's callback: release it, or its port stays open.
      (onMonth as unknown as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
    }
  },
};
