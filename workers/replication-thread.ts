/**
 * A thread of a replication split across threads (src/experiment/threads.ts): the whole model
 * here, this thread's blocks of each month's needs served here, the others' merged from the
 * coordinator. Shared by the Node entry (replication-thread.node-worker.ts) and the Web Worker
 * entry (replication-thread.worker.ts).
 */
import { createModel } from '../src/model/engine.ts';
import { customerBuffers, type BlockOutput } from '../src/model/blocks.ts';
import type { Scenario } from '../src/model/scenario.ts';
import { blocksOf, type FromThread, type ToThread } from '../src/experiment/threads.ts';
import { monthKpis } from '../src/experiment/provisional.ts';

/** Serve the coordinator on `post` / the messages given to the returned handler. */
export function threadBody(post: (m: FromThread, transfer?: ArrayBuffer[]) => void): (m: ToThread) => void {
  let waiting: ((outputs: BlockOutput[]) => void) | undefined;
  const next = () => new Promise<BlockOutput[]>((resolve) => { waiting = resolve; });
  return (m) => {
    if (m.kind === 'blocks') { const w = waiting; waiting = undefined; w?.(m.outputs); return; }
    void run(m.scenario, m.replication, m.thread, m.threads).catch((e: unknown) => post({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
  };

  async function run(scenario: Scenario, replication: number, thread: number, threads: number): Promise<void> {
    const model = createModel(scenario, replication), mine = blocksOf(thread, threads), served = new Set(mine);
    post({ kind: 'ready' });
    for (let m = 1; m <= scenario.simulation.months; m++) {
      const active = thread === 0 ? model.activeCount() : 0;
      model.parts.begin();
      // the outputs stay here for the merge, which reads their tallies and visits but not their
      // customers (already in place here): those are moved to the coordinator, the rest copied
      const outputs = model.parts.serve(mine);
      const others = next();
      post({ kind: 'blocks', outputs }, outputs.flatMap(customerBuffers));
      model.parts.merge([...outputs, ...(await others)], served);
      const settled = model.parts.settle(mine);
      const rest = next();
      post({ kind: 'blocks', outputs: settled }, settled.flatMap(customerBuffers));
      model.parts.mergeSettled([...settled, ...(await rest)], served);
      model.parts.end();
      if (thread === 0) post({ kind: 'month', month: m, kpis: monthKpis(model.result(), m), active, events: model.choiceEvents(), phaseMs: model.phaseMs() });
    }
    post(thread === 0 ? { kind: 'result', result: model.result() } : { kind: 'done' });
  }
}
