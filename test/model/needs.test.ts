import { describe, expect, it } from 'vitest';
import { NS, SEGMENTS } from '../../src/model/domain.ts';
import { ACTIVE } from '../../src/model/customers.ts';
import { createModel } from '../../src/model/engine.ts';
import { RingSampler } from '../../src/model/sampler.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { FLAG_PICKUP, FLAG_REFERRAL, flagsOf } from '../../src/model/visits.ts';
import type { ReplicationResult } from '../../src/model/types.ts';
import { differingArrays, openedState, smallScenario, testRng, visitsOf } from './month.ts';

const outputs = ({ runtimeMs: _ignored, ...rest }: ReplicationResult) => rest;

describe('needs: the inlined common cases and the general completion routine', () => {
  const seg = (x: Record<string, number>) => ({ youth: 0, business: 0, family: 0, senior: 0, sme: 0, enterprise: 0, ...x });
  const cases: Array<[string, Record<string, unknown>]> = [
    // floor guide to kiosks and the app, O2O pick-ups, a closure displacing customers mid-run
    ['default city, floor guide, O2O, a closure', { levers: { diversion: { floorGuide: 0.5 }, closures: { outlets: ['S02', 'P03'], fromMonth: 2 } }, handoffs: { o2oShare: 0.6 } }],
    // agents standing for 2.5 subscribers; a hotline that drops calls, so re-choices run
    ['weighted agents, a short-staffed hotline', { simulation: { customers: 7500, agents: 3000 }, hotline: { agents: 1 } }],
    // partners that offer only some services (可办业务): partner choices take the general path
    ['imported districts and partner services', {
      region: { districts: [
        { id: 'A', type: 'urban', x: 8, y: 8, radiusKm: 3, population: 2, segments: seg({ senior: 60, sme: 40 }) },
        { id: 'B', type: 'rural', x: 30, y: 30, radiusKm: 5, population: 1 }] },
      outlets: { list: [{ id: 'S1', kind: 'own', x: 8, y: 8, kiosks: 2 }, { id: 'S2', kind: 'own', x: 30, y: 30 },
        { id: 'P1', kind: 'partner', x: 9, y: 8, services: ['topUp'] }, { id: 'P2', kind: 'partner', x: 29, y: 30 }] },
      levers: { diversion: { floorGuide: 0.5 } },
    }],
  ];
  for (const [name, extra] of cases) {
    it(`${name}: identical customers, sampled transactions and result after every month`, () => {
      const s = smallScenario(extra);
      const [sa, sb] = [new RingSampler(1 << 18), new RingSampler(1 << 18)];
      const watched = Array.from({ length: 4000 }, (_, i) => i);
      sa.watch(watched); sb.watch(watched);
      const fast = createModel(s, 1, { sampler: sa }), general = createModel(s, 1, { sampler: sb, fastPaths: false });
      for (let m = 1; m <= s.simulation.months; m++) {
        fast.tick(1); general.tick(1);
        expect(differingArrays(fast.customers(), general.customers()), `month ${m}`).toEqual([]);
        expect(sb.drain(), `month ${m}`).toEqual(sa.drain());
      }
      expect(outputs(general.result())).toEqual(outputs(fast.result()));
    });
  }
});

describe('needs: one month of the hot loop alone', () => {
  const s = smallScenario({}, 20_000);
  const st = openedState(s);
  // before the loop runs: Poisson(λ_g) needs of the services other than handsets, plus one handset
  // purchase with probability 1 − exp(−h_i) (needs.ts), by segment, tier, contract and handset age
  const rate = new Float64Array(NS);
  SEGMENTS.forEach((g, k) => { for (const sv of s.services) if (!sv.handset) rate[k] += sv.incidence[g]; });
  let expected = 0, variance = 0, handsetMean = 0;
  const C = st.C;
  for (let i = 0; i < st.slots.hiWater; i++) {
    if (!(C.status[i] & ACTIVE)) continue;
    const g = C.segment[i], r = C.tier[i], hs = SEGMENTS[g], hRate = s.services.reduce((a, sv) => a + (sv.handset ? sv.incidence[hs] : 0), 0);
    const pull = 1 + s.acquisition.upgradePerCny * (C.contract[i] > 0 ? 0 : st.contracts.offer[r]);
    const p = 1 - Math.exp(-(Math.PI / 2) * hRate * hRate * (C.handsetAge[i] + 0.5) * pull);
    expected += rate[g] + p; variance += rate[g] + p * (1 - p); handsetMean += p;
  }
  serveNeeds(st, testRng(1));
  const t = st.tally;

  it('draws Poisson(λ_g) needs and a handset purchase by handset age per customer: the month\'s total within 4 SE of Σ (λ_g + p_i)', () => {
    expect(expected).toBeGreaterThan(10_000);
    expect(handsetMean).toBeGreaterThan(300);
    expect(Math.abs(t.needs - expected)).toBeLessThan(4 * Math.sqrt(variance));
  });

  it('accounts for every need: completed now, queued at a counter or the hotline, or abandoned', () => {
    let visits = 0, calls = 0;
    for (const x of visitsOf(st.stores)) if (!(flagsOf(x.info) & FLAG_PICKUP)) visits++;
    for (const x of visitsOf(st.calls)) if (!(flagsOf(x.info) & FLAG_REFERRAL)) calls++;
    const completed = t.tx.reduce((a, b) => a + b, 0);
    expect(completed).toBeGreaterThan(0);
    expect(visits).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(0);
    expect(completed + visits + calls + t.abandoned).toBe(t.needs);
  });
});
