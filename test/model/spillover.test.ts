import { describe, expect, it } from 'vitest';
import { NC } from '../../src/model/domain.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { runQueues } from '../../src/model/spillover.ts';
import { FLAG_RETRY, flagsOf } from '../../src/model/visits.ts';
import { openedState, smallScenario, testRng, visitsOf } from './month.ts';

describe('spill-over: the month\'s queues day by day', () => {
  // one hotline agent for 20,000 customers and impatient store visitors: both queues lose customers
  const s = smallScenario({ hotline: { agents: 1, patienceMeanSec: 60 }, stores: { patienceMeanMin: 6 }, handoffs: { o2oShare: 0 } }, 20_000);
  const st = openedState(s);
  serveNeeds(st, testRng(1));
  const firstStores = st.stores.n, firstCalls = st.calls.n;
  runQueues(st, testRng(2), testRng(4), testRng(3));
  const t = st.tally;

  it('every need drawn ends the month completed once or abandoned once: none is left in a queue', () => {
    let completed = 0;
    for (let c = 0; c < NC; c++) completed += t.tx[c];
    expect(completed - t.newLines + t.abandoned).toBe(t.needs);
  });

  it('callers the hotline could not answer reach the store counters the same month, and renegers the hotline, always on a later day', () => {
    const late = (q: typeof st.stores) => visitsOf(q).filter((x) => x.v >= q.firstRound[x.day]);
    const stores = late(st.stores), calls = late(st.calls);
    expect(st.stores.n - firstStores).toBe(stores.length);
    expect(st.calls.n - firstCalls).toBe(calls.length);
    expect(stores.length).toBeGreaterThan(0);
    expect(calls.length).toBeGreaterThan(0);
    for (const x of [...stores, ...calls]) {
      expect(flagsOf(x.info) & FLAG_RETRY).toBe(FLAG_RETRY);
      expect(x.day).toBeGreaterThan(0);
    }
    expect(st.storesDone).toBe(true);
    expect(st.closedQueues).toBe(0);
  });

  it('on the month\'s last day no queue is left: with one day a month nothing spills, and no need is lost', () => {
    const one = openedState(smallScenario({ simulation: { daysPerMonth: 1 }, hotline: { agents: 1, patienceMeanSec: 60 }, stores: { patienceMeanMin: 6 }, handoffs: { o2oShare: 0.5 } }, 20_000));
    serveNeeds(one, testRng(1));
    const n0 = [one.stores.n, one.calls.n];
    runQueues(one, testRng(2), testRng(4), testRng(3));
    const u = one.tally;
    expect([one.stores.n, one.calls.n]).toEqual(n0);
    expect(u.abandoned).toBeGreaterThan(0);
    let completed = 0;
    for (let c = 0; c < NC; c++) completed += u.tx[c];
    expect(completed - u.newLines + u.abandoned).toBe(u.needs);
  });
});
