import { describe, expect, it } from 'vitest';
import { CH } from '../../src/model/domain.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { runHotline } from '../../src/model/hotline.ts';
import { GONE, WAIT_SCALE } from '../../src/model/dayqueues.ts';
import { FLAG_REFERRAL, FLAG_RETRY, flagsOf } from '../../src/model/visits.ts';
import { openedState, smallScenario, testRng } from './month.ts';

describe('hotline: what the call queue\'s outcomes do', () => {
  // two agents, impatient callers: some calls are abandoned
  const s = smallScenario({ hotline: { agents: 2, patienceMeanSec: 40 }, handoffs: { o2oShare: 0 } }, 20_000);
  const st = openedState(s);
  serveNeeds(st, testRng(1));
  const t = st.tally, calls = st.calls, n = calls.n;
  const tx0 = t.tx[CH.hotline], abandoned0 = t.abandoned, events0 = t.choiceEvents, visits0 = st.stores.n;
  runHotline(st, testRng(4), testRng(3));
  const out = Uint16Array.from(st.queues.out.subarray(0, n));

  it('completes each answered call as a hotline transaction; a referral\'s case goes on to the store', () => {
    let answered = 0, referrals = 0;
    for (let v = 0; v < n; v++) {
      if (flagsOf(calls.info[v]) & FLAG_REFERRAL) referrals++;
      else if (out[v] !== GONE) answered++;
    }
    expect(answered).toBeGreaterThan(0);
    expect(referrals).toBeGreaterThan(0);
    expect(t.tx[CH.hotline] - tx0).toBe(answered);
  });

  it('re-chooses (without hotline and store) or abandons each abandoned first call', () => {
    let dropped = 0;
    for (let v = 0; v < n; v++) if (!(flagsOf(calls.info[v]) & (FLAG_REFERRAL | FLAG_RETRY)) && out[v] === GONE) dropped++;
    expect(dropped).toBeGreaterThan(0);
    expect(t.choiceEvents - events0).toBe(dropped); // first calls only: one re-choice event each
    expect(t.abandoned - abandoned0).toBeGreaterThan(0);
    expect(st.stores.n).toBe(visits0); // the store is excluded: no re-chosen call joins a counter queue
  });

  it('counts every call offered in the service level and remembers the month\'s mean wait', () => {
    expect(t.callsOffered).toBe(n);
    expect(t.callsQuick).toBeGreaterThan(0);
    expect(t.callsQuick).toBeLessThan(n);
    let quick = 0;
    for (let v = 0; v < n; v++) if (out[v] !== GONE && out[v] / WAIT_SCALE <= s.hotline.answerWithinSec / 60 - 1 / WAIT_SCALE) quick++;
    expect(t.callsQuick).toBeGreaterThanOrEqual(quick); // outcomes are rounded to 1/32 min
    expect(st.expHotlineWait).toBeGreaterThan(0);
  });
});
