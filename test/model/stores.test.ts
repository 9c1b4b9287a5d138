import { describe, expect, it } from 'vitest';
import { CH, NC } from '../../src/model/domain.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { processRetries, runStores } from '../../src/model/stores.ts';
import { GONE, WAIT_MEMORY } from '../../src/model/dayqueues.ts';
import { FLAG_PICKUP, flagsOf } from '../../src/model/visits.ts';
import { openedState, smallScenario, testRng } from './month.ts';

describe('stores: what the counter queues\' outcomes do', () => {
  // impatient customers: the queues lose some
  const s = smallScenario({ stores: { patienceMeanMin: 8 }, hotline: { agents: 2, patienceMeanSec: 40 }, handoffs: { o2oShare: 0.5 } }, 20_000);
  const st = openedState(s);
  serveNeeds(st, testRng(1));
  const t = st.tally, b = st.stores;
  const ownBefore = t.serviceChannel.filter((_, k) => k % NC === CH.ownStore).reduce((a, x) => a + x, 0);
  runStores(st, testRng(2), testRng(3));
  const out = Uint16Array.from(st.queues.out.subarray(0, b.n));

  it('completes every served visit at the counter (pick-ups aside) and leaves the reneged ones for re-choice', () => {
    let served = 0, gone = 0, pickups = 0;
    for (let v = 0; v < b.n; v++) {
      if (flagsOf(b.info[v]) & FLAG_PICKUP) { pickups++; continue; }
      if (out[v] === GONE) gone++; else served++;
    }
    expect(pickups).toBeGreaterThan(0);
    expect(gone).toBeGreaterThan(0);
    const ownAfter = t.serviceChannel.filter((_, k) => k % NC === CH.ownStore).reduce((a, x) => a + x, 0);
    expect(ownAfter - ownBefore).toBe(served);
    expect(t.waitN).toBe(b.n); // weight 1: one arrival per visit
  });

  it('sets each store\'s expected wait to (1 − m)·0 + m·(its mean wait this month)', () => {
    for (let j = 0; j < st.outlets.n; j++) {
      const n = t.waitNByOutlet[j];
      expect(st.outlets.expWait[j]).toBe(WAIT_MEMORY * (n > 0 ? t.waitSumByOutlet[j] / n : 0));
    }
    expect(st.outlets.expWait.some((w) => w > 0)).toBe(true);
  });

  it('re-chooses or abandons each reneged visitor: nothing joins a counter queue after the counters ran', () => {
    const n0 = b.n, abandoned0 = t.abandoned, events0 = t.choiceEvents;
    let gone = 0;
    for (let v = 0; v < n0; v++) if (out[v] === GONE && !(flagsOf(b.info[v]) & FLAG_PICKUP)) gone++;
    st.storesDone = true;
    processRetries(st, testRng(3));
    // a re-choice excludes the store, and an O2O pick-up of a re-chosen order is counted without a queue
    expect(b.n).toBe(n0);
    // each reneged visitor either gives up at once or re-chooses (and may give up after that)
    expect(t.choiceEvents - events0).toBeLessThanOrEqual(gone);
    expect(t.abandoned - abandoned0 + (t.choiceEvents - events0)).toBeGreaterThanOrEqual(gone);
  });
});
