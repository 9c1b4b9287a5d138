import { describe, expect, it } from 'vitest';
import { CH, NC } from '../../src/model/domain.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { completeServedVisits, storeDay } from '../../src/model/stores.ts';
import { prepareShadows, GONE, WAIT_MEMORY } from '../../src/model/dayqueues.ts';
import { FLAG_PICKUP, flagsOf } from '../../src/model/visits.ts';
import { runQueues } from '../../src/model/spillover.ts';
import { openedState, smallScenario, testRng, visitsOf } from './month.ts';

describe('stores: what a day of counter queues does', () => {
  // impatient customers: the queues lose some
  const s = smallScenario({ stores: { patienceMeanMin: 8 }, hotline: { agents: 2, patienceMeanSec: 40 }, handoffs: { o2oShare: 0.5 } }, 20_000);
  const st = openedState(s);
  serveNeeds(st, testRng(1));
  // handsets are bought by about 1.5 % of customers a month (by handset age, needs.ts), so few
  // days have an O2O pick-up: the day run is the first that has one
  const t = st.tally, d = visitsOf(st.stores).find((x) => flagsOf(x.info) & FLAG_PICKUP)!.day;
  const ownBefore = t.serviceChannel.filter((_, k) => k % NC === CH.ownStore).reduce((a, x) => a + x, 0);
  const events0 = t.choiceEvents, abandoned0 = t.abandoned, calls0 = st.calls.n;
  const storeRng = testRng(2);
  st.storeQueue.slotOutlet = st.outlets.own.outlet;
  prepareShadows(st.storeDays, st.stores, st.C.cell, st.C.tier, st.storeQueue, storeRng);
  prepareShadows(st.callDays, st.calls, st.C.cell, st.C.tier, st.hotlineQueue, testRng(4));
  st.stores.next = st.calls.next = d + 1;
  const first = visitsOf(st.stores).filter((x) => x.day === d);
  storeDay(st, d, storeRng, testRng(3));
  const out = Uint16Array.from(st.storeDays.out.subarray(0, first.length));

  it('completes every served visit of the day at the counter (pick-ups aside), after the last day, customer by customer', () => {
    let served = 0, pickups = 0;
    first.forEach((x, v) => {
      if (flagsOf(x.info) & FLAG_PICKUP) pickups++;
      else if (out[v] !== GONE) served++;
    });
    expect(pickups).toBeGreaterThan(0);
    const own = () => t.serviceChannel.filter((_, k) => k % NC === CH.ownStore).reduce((a, x) => a + x, 0);
    expect(own()).toBe(ownBefore); // not yet: only what a failure does is applied on the day
    // only day d has run: the other days' first rounds are set aside
    st.stores.firstRound.forEach((_, k) => { if (k !== d) st.stores.firstRound[k] = 0; });
    completeServedVisits(st, testRng(3));
    expect(own() - ownBefore).toBe(served);
    expect(t.waitN).toBe(first.length); // weight 1: one arrival per visit, this day only
  });

  it('re-chooses or abandons each reneged visitor; a call so chosen joins the next day\'s hotline queue', () => {
    let gone = 0;
    first.forEach((x, v) => { if (out[v] === GONE && !(flagsOf(x.info) & FLAG_PICKUP)) gone++; });
    expect(gone).toBeGreaterThan(0);
    expect(t.choiceEvents - events0).toBeLessThanOrEqual(gone);
    expect(t.abandoned - abandoned0 + (t.choiceEvents - events0)).toBeGreaterThanOrEqual(gone);
    const spilled = visitsOf(st.calls).filter((x) => x.v >= st.calls.firstRound[x.day]);
    expect(st.calls.n - calls0).toBe(spilled.length);
    for (const x of spilled) expect(x.day).toBe(d + 1);
  });
});

describe('stores: the month\'s expectations and staffing', () => {
  it('sets each store\'s expected wait and served share to (1 − m)·prior + m·(this month), and staffs counters within bounds', () => {
    const s = smallScenario({ stores: { patienceMeanMin: 8 } }, 20_000);
    const st = openedState(s);
    serveNeeds(st, testRng(1));
    runQueues(st, testRng(2), testRng(4), testRng(3));
    const t = st.tally, o = st.outlets;
    for (let j = 0; j < o.n; j++) {
      const n = t.waitNByOutlet[j];
      expect(o.expWait[j]).toBe(WAIT_MEMORY * (n > 0 ? t.waitSumByOutlet[j] / n : 0));
      if (n > 0) expect(o.expServed[j]).toBe(1 - WAIT_MEMORY + WAIT_MEMORY * ((n - t.renegedByOutlet[j]) / n));
    }
    expect(o.expWait.some((w) => w > 0)).toBe(true);
    expect(o.expServed.some((x) => x < 1)).toBe(true);
    st.region.outlets.forEach((x, j) => {
      if (!o.isOwn[j]) return;
      const c = st.staffing.counters[j], next = st.staffing.planned[j];
      expect(Math.abs(next - c)).toBeLessThanOrEqual(s.stores.staffing.stepPerMonth);
      expect(next).toBeGreaterThanOrEqual(s.stores.staffing.minCounters);
      expect(next).toBeLessThanOrEqual(x.counters);
    });
  });

  it('releases counters where demand is light and keeps them where it is heavy; never with followDemand off', () => {
    // a city of 20,000 has a twelfth of the default's store demand per store: most stores need one counter
    const light = openedState(smallScenario({}, 20_000));
    serveNeeds(light, testRng(1));
    runQueues(light, testRng(2), testRng(4), testRng(3));
    const own = light.region.outlets.map((x, j) => j).filter((j) => light.outlets.isOwn[j]);
    expect(own.filter((j) => light.staffing.planned[j] < light.staffing.counters[j]).length).toBeGreaterThan(own.length / 2);
    const fixed = openedState(smallScenario({ stores: { staffing: { followDemand: false } } }, 20_000));
    serveNeeds(fixed, testRng(1));
    runQueues(fixed, testRng(2), testRng(4), testRng(3));
    expect(Array.from(fixed.staffing.planned)).toEqual(Array.from(fixed.staffing.counters));
    // the closed form's inputs: a store's load is its offered counter minutes over its open minutes
    const j = own[0], x = light.region.outlets[j];
    expect(light.staffing.load[j]).toBeCloseTo(light.tally.offeredByOutlet[j] / (x.openHours * 60 * light.days), 12);
  });
});
