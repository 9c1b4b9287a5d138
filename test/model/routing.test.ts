import { describe, expect, it } from 'vitest';
import { CH, NC } from '../../src/model/domain.ts';
import { ACTIVE } from '../../src/model/customers.ts';
import { fail, guide, route } from '../../src/model/routing.ts';
import { flagsOf, FLAG_RETRY, serviceOf } from '../../src/model/visits.ts';
import { openedState, smallScenario, testRng, visitsOf } from './month.ts';

const S_OWN = CH.ownStore, S_KIOSK = CH.kiosk, S_APP = CH.app;

describe('routing: the floor guide', () => {
  const st = openedState(smallScenario());
  const svc = st.sv, o = st.outlets;
  const qf = st.s.services.findIndex((x) => x.queueFree && x.channels.includes('kiosk') && x.channels.includes('app'));
  const notQf = st.s.services.findIndex((x) => !x.queueFree);
  const store = o.isOwn.indexOf(1);

  it('draws only for a queue-free service with a guide on duty: otherwise the counter, the stream untouched', () => {
    const r = testRng(1), before = Uint32Array.from(r.state);
    expect(guide(svc, o.kiosks, 0.9, notQf, store, 1, r.state)).toBe(S_OWN);
    expect(guide(svc, o.kiosks, 0, qf, store, 1, r.state)).toBe(S_OWN);
    expect(Array.from(r.state)).toEqual(Array.from(before));
  });

  it('guides with probability `share` (within 4 SE): to the store\'s kiosks, else the app for its users, else the counter', () => {
    const r = testRng(2), n = 20_000, share = 0.3;
    const kiosks = Int32Array.from(o.kiosks), none = new Int32Array(o.n);
    let guided = 0, other = 0;
    for (let k = 0; k < n; k++) {
      const to = guide(svc, kiosks, share, qf, store, 0, r.state);
      if (to === S_KIOSK) guided++;
      else if (to !== S_OWN) other++;
    }
    expect(other).toBe(0);
    expect(kiosks[store]).toBeGreaterThan(0);
    expect(Math.abs(guided / n - share)).toBeLessThan(4 * Math.sqrt((share * (1 - share)) / n));
    const to = new Set<number>();
    for (let k = 0; k < 200; k++) to.add(guide(svc, none, share, qf, store, 1, r.state));
    expect([...to].sort()).toEqual([S_OWN, S_APP].sort());
    for (let k = 0; k < 200; k++) expect(guide(svc, none, share, qf, store, 0, r.state)).toBe(S_OWN);
  });
});

describe('routing: route and fail', () => {
  it('queues a hotline choice as a call, counts an account-manager need as demand and completes it at once', () => {
    const st = openedState(smallScenario());
    const i = 3, sv = st.s.services.findIndex((x) => x.channels.includes('hotline'));
    route(st, i, sv, CH.hotline, testRng(3), FLAG_RETRY);
    expect(st.calls.n).toBe(1);
    const [call] = visitsOf(st.calls);
    expect([call.customer, serviceOf(call.info), flagsOf(call.info)]).toEqual([i, sv, FLAG_RETRY]);
    route(st, i, sv, CH.accountManager, testRng(3), 0);
    expect(st.tally.amDemand).toBe(1);
    expect(st.tally.tx[CH.accountManager]).toBe(1);
  });

  it('a partner that does not offer the service is a failed attempt: the need re-chooses without it or gives up', () => {
    const st = openedState(smallScenario({
      outlets: { list: [{ id: 'S1', kind: 'own', x: 8, y: 8 }, { id: 'P1', kind: 'partner', x: 9, y: 8, services: ['topUp'] }] },
      choice: { abandonAfterFailure: 0 },
    }));
    const sv = st.s.services.findIndex((x) => x.id !== 'topUp' && x.channels.includes('partner') && !x.handset);
    const t = st.tally;
    for (let i = 0; i < 500; i++) route(st, i, sv, CH.partner, testRng(100 + i), 0);
    expect(t.tx[CH.partner]).toBe(0);
    expect(t.choiceEvents).toBe(500); // one re-choice each
    let elsewhere = 0;
    for (let c = 0; c < NC; c++) elsewhere += t.tx[c];
    expect(elsewhere + st.stores.n + st.calls.n + t.abandoned).toBe(500);
  });

  it('a prospect whose sign-up fails is lost: the slot is freed and counted', () => {
    const st = openedState(smallScenario());
    expect(st.C.status[7] & ACTIVE).toBe(ACTIVE);
    fail(st, 7, st.sv.newLine, 1 << S_OWN, testRng(4), 0);
    expect(st.C.status[7]).toBe(0);
    expect(st.tally.lostProspects).toBe(1);
  });
});
