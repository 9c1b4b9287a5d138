import { describe, expect, it } from 'vitest';
import { CH, NC } from '../../src/model/domain.ts';
import { createState, openMonth } from '../../src/model/state.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { differingArrays, smallScenario, testRng } from './month.ts';

describe('state', () => {
  const s = smallScenario();

  it('is a pure function of (scenario, replication): the same customers every time, others for another replication', () => {
    const [a, b, c] = [createState(s, 2), createState(s, 2), createState(s, 3)];
    expect(differingArrays(a.C, b.C)).toEqual([]);
    expect(differingArrays(a.C, c.C)).toContain('cell');
    expect([a.fastPaths, a.sampler, a.month, a.amAvail]).toEqual([true, undefined, 0, 1]);
  });

  it('openMonth empties the month\'s tallies and buffers and keeps the run\'s', () => {
    const st = createState(s, 0);
    openMonth(st);
    serveNeeds(st, testRng(1));
    const t = st.tally, runEvents = t.choiceEvents, row = t.serviceChannel.slice();
    expect(t.needs).toBeGreaterThan(0);
    expect(st.stores.n).toBeGreaterThan(0);
    openMonth(st);
    expect([t.needs, t.abandoned, t.qfDone, st.stores.n, st.calls.n]).toEqual([0, 0, 0, 0, 0]);
    expect(t.tx.every((x) => x === 0)).toBe(true);
    expect(t.choiceEvents).toBe(runEvents);
    expect(t.serviceChannel).toEqual(row);
    expect(row.reduce((a, x) => a + x, 0)).toBeGreaterThan(0);
    expect(st.outlets.cellAcc[CH.web]).toBe(1);
    expect(st.outlets.cellAcc.length).toBe(st.region.nCells * NC);
  });
});
