import { describe, expect, it } from 'vitest';
import { CH } from '../../src/model/domain.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { completeAnsweredCalls, hotlineDay } from '../../src/model/hotline.ts';
import { GONE, prepareShadows, WAIT_SCALE } from '../../src/model/dayqueues.ts';
import { FLAG_REFERRAL, FLAG_RETRY, flagsOf } from '../../src/model/visits.ts';
import { runQueues } from '../../src/model/spillover.ts';
import { openedState, smallScenario, testRng, visitsOf } from './month.ts';

describe('hotline: what a day\'s call queue does', () => {
  // two agents, impatient callers: some calls are abandoned
  const s = smallScenario({ hotline: { agents: 2, patienceMeanSec: 40 }, handoffs: { o2oShare: 0 } }, 20_000);
  const st = openedState(s);
  serveNeeds(st, testRng(1));
  const t = st.tally, d = 5;
  const tx0 = t.tx[CH.hotline], abandoned0 = t.abandoned, events0 = t.choiceEvents, visits0 = st.stores.n;
  const rng = testRng(4);
  prepareShadows(st.callDays, st.calls, st.C.cell, st.C.tier, st.hotlineQueue, rng);
  st.storeQueue.slotOutlet = st.outlets.own.outlet;
  prepareShadows(st.storeDays, st.stores, st.C.cell, st.C.tier, st.storeQueue, testRng(2));
  st.stores.next = st.calls.next = d + 1;
  const calls = visitsOf(st.calls).filter((x) => x.day === d), n = calls.length;
  hotlineDay(st, d, rng, testRng(3));
  const out = Uint16Array.from(st.callDays.out.subarray(0, n));

  it('completes each answered call as a hotline transaction after the last day; a referral\'s case goes on to the store', () => {
    let answered = 0, referrals = 0;
    calls.forEach((x, v) => {
      if (flagsOf(x.info) & FLAG_REFERRAL) referrals++;
      else if (out[v] !== GONE) answered++;
    });
    expect(answered).toBeGreaterThan(0);
    expect(referrals).toBeGreaterThan(0);
    expect(t.tx[CH.hotline]).toBe(tx0);
    st.calls.firstRound.forEach((_, k) => { if (k !== d) st.calls.firstRound[k] = 0; }); // only day d has run
    completeAnsweredCalls(st, testRng(3));
    expect(t.tx[CH.hotline] - tx0).toBe(answered);
  });

  it('re-chooses (without the hotline) or abandons each abandoned first call; a store visit so chosen queues the next day', () => {
    let dropped = 0;
    calls.forEach((x, v) => { if (!(flagsOf(x.info) & (FLAG_REFERRAL | FLAG_RETRY)) && out[v] === GONE) dropped++; });
    expect(dropped).toBeGreaterThan(0);
    expect(t.choiceEvents - events0).toBe(dropped); // first calls only: one re-choice event each
    expect(t.abandoned - abandoned0).toBeGreaterThan(0);
    const spilled = visitsOf(st.stores).filter((x) => x.v >= st.stores.firstRound[x.day]);
    expect(spilled.length).toBe(st.stores.n - visits0);
    expect(spilled.length).toBeGreaterThan(0); // callers the hotline could not answer reach the counters
    for (const x of spilled) expect(x.day).toBe(d + 1);
  });

  it('counts every call offered in the service level', () => {
    expect(t.callsOffered).toBe(n);
    expect(t.callsQuick).toBeGreaterThan(0);
    expect(t.callsQuick).toBeLessThan(n);
    let quick = 0;
    for (let v = 0; v < n; v++) if (out[v] !== GONE && out[v] / WAIT_SCALE <= s.hotline.answerWithinSec / 60 - 1 / WAIT_SCALE) quick++;
    expect(t.callsQuick).toBeGreaterThanOrEqual(quick); // outcomes are rounded to 1/32 min
  });
});

describe('hotline: no agents', () => {
  it('answers nobody, refers nobody, and is known from the start: no call is made', () => {
    const st = openedState(smallScenario({ hotline: { agents: 0 } }, 5000));
    expect(st.expHotlineServed).toBe(0);
    expect(st.outlets.cellAcc[CH.hotline]).toBe(0);
    serveNeeds(st, testRng(1));
    runQueues(st, testRng(2), testRng(4), testRng(3));
    expect([st.calls.n, st.tally.tx[CH.hotline], st.tally.callsOffered]).toEqual([0, 0, 0]);
  });

  it('the month\'s expectations: W ← (1 − m)·W + m·mean wait, answered share likewise', () => {
    const st = openedState(smallScenario({ hotline: { agents: 1, patienceMeanSec: 30 } }, 20_000));
    serveNeeds(st, testRng(1));
    runQueues(st, testRng(2), testRng(4), testRng(3));
    const t = st.tally;
    expect(st.expHotlineWait).toBeCloseTo(0.5 * (t.callWaitSum / t.callsOffered), 12);
    expect(st.expHotlineServed).toBeCloseTo(0.5 + 0.5 * (t.callsAnswered / t.callsOffered), 12);
    expect(st.expHotlineServed).toBeLessThan(0.9);
  });
});
