import { describe, expect, it } from 'vitest';
import { createModel, type Model } from '../../src/model/engine.ts';
import { BLOCKS, blockOf, blockStart } from '../../src/model/blocks.ts';
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
  it('blocks cover the slots once, in order, of equal size within one slot; blockOf finds the block of every slot', () => {
    for (const n of [0, 1, 15, 16, 17, 1000, 123_457]) {
      expect(blockStart(n, 0)).toBe(0);
      expect(blockStart(n, BLOCKS)).toBe(n);
      for (let b = 0; b < BLOCKS; b++) {
        const size = blockStart(n, b + 1) - blockStart(n, b);
        expect(size).toBeGreaterThanOrEqual(Math.floor(n / BLOCKS));
        expect(size).toBeLessThanOrEqual(Math.ceil(n / BLOCKS));
        for (let i = blockStart(n, b); i < blockStart(n, b + 1); i++) if (n < 2000 || i % 97 === 0) expect(blockOf(i, n)).toBe(b);
      }
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
