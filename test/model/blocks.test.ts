import { describe, expect, it } from 'vitest';
import { createModel, type Model } from '../../src/model/engine.ts';
import { BLOCKS, blockStart } from '../../src/model/blocks.ts';
import type { ReplicationResult } from '../../src/model/types.ts';
import { differingArrays, smallScenario } from './month.ts';

const outputs = ({ runtimeMs: _ignored, ...rest }: ReplicationResult) => rest;

/** Run a replication as `threads` threads would, in one process: block b served by model b mod threads. */
function inParts(models: Model[], months: number): void {
  const T = models.length;
  for (let m = 0; m < months; m++) {
    for (const x of models) x.parts.begin();
    const served = models.map((_, t) => Array.from({ length: BLOCKS }, (_, b) => b).filter((b) => b % T === t));
    const outs = models.map((x, t) => x.parts.serve(served[t])).flat();
    models.forEach((x, t) => x.parts.merge(outs, new Set(served[t])));
    const settled = models.map((x, t) => x.parts.settle(served[t])).flat();
    models.forEach((x, t) => x.parts.mergeSettled(settled, new Set(served[t])));
    for (const x of models) x.parts.end();
  }
}

describe('blocks: a month served block by block, by one model or several', () => {
  it('block boundaries cover the slots once, in order, fixed by the agents at the start', () => {
    for (const agents of [1, 15, 16, 17, 1000, 123_457]) {
      for (const n of [0, 1, agents - 1, agents, Math.ceil(agents * 1.3) + 5]) {
        expect(blockStart(n, 0, agents)).toBe(0);
        expect(blockStart(n, BLOCKS, agents)).toBe(n);
        for (let b = 0; b < BLOCKS; b++) expect(blockStart(n, b + 1, agents)).toBeGreaterThanOrEqual(blockStart(n, b, agents));
      }
      // a slot's block does not move as the city grows or shrinks
      const size = Math.ceil(agents / BLOCKS);
      for (let b = 1; b < BLOCKS; b++) if (b * size <= agents) expect(blockStart(agents + 100, b, agents)).toBe(blockStart(agents, b, agents));
    }
  });

  // weighted agents (shadow arrivals), a closure mid-run, O2O pick-ups and floor guides: every
  // kind of visit and tally the needs write
  const s = smallScenario({
    simulation: { customers: 9000, agents: 3000 }, handoffs: { o2oShare: 0.6 },
    levers: { diversion: { floorGuide: 0.4 }, closures: { outlets: ['S02', 'P03'], fromMonth: 2 } },
  }, 3000, 4);

  for (const T of [2, 3, 4]) {
    it(`${T} models serving the blocks between them end with the customers and result of one`, () => {
      const one = createModel(s, 1);
      one.tick(s.simulation.months);
      const many = Array.from({ length: T }, () => createModel(s, 1));
      inParts(many, s.simulation.months);
      for (const x of many) {
        expect(differingArrays(x.customers(), one.customers())).toEqual([]);
        expect(outputs(x.result())).toEqual(outputs(one.result()));
      }
    });
  }
});
