import { describe, expect, it } from 'vitest';
import { NC, TIERS } from '../../src/model/domain.ts';
import { ACTIVE, DISPLACED } from '../../src/model/customers.ts';
import { churnAndAge, churnTables, familiarityDecayTable } from '../../src/model/churn.ts';
import { openedState, smallScenario, testRng } from './month.ts';

describe('churn: the hazard', () => {
  it('is h0 · tier · tenure · exp(β_sat·(S_ref − S) + β_price·(P − 1) − β_net·N + β_close·[shock]) for hand-picked customers', () => {
    const s = smallScenario({ churn: { priceIndex: 1.1, networkQuality: -0.5, tierFactor: { gold: 0.8 } } });
    const c = s.churn, h = churnTables(s).hazard;
    const gold = TIERS.indexOf('gold');
    const want = (sat: number, tenure: number, shock: boolean) => c.baseMonthly * 0.8 * (0.6 + 0.8 * Math.pow(2, -tenure / c.tenureHalfLifeMonths))
      * Math.exp(c.satisfactionEffect * (c.referenceSatisfaction - sat) + c.priceEffect * 0.1 + c.networkEffect * 0.5 + (shock ? c.closureEffect : 0));
    for (const [sat, tenure, shock] of [[76, 0, false], [40, 12, true], [100, 500, false]] as const) {
      expect(h(gold, sat, tenure, shock)).toBeCloseTo(want(sat, Math.min(tenure, 240), shock), 14);
    }
  });
});

describe('churn: a month\'s pass', () => {
  const s = smallScenario({}, 20_000);
  const st = openedState(s);
  const C = st.C, n = st.slots.hiWater;
  // give the customers a spread of satisfaction, and some a closure shock, so the hazards differ
  for (let i = 0; i < n; i++) { C.satisfaction[i] = 30 + (i % 70); if (i % 7 === 0) { C.shock[i] = 3; C.status[i] |= DISPLACED; } }
  const h = churnTables(s).hazard;
  let expected = 0, variance = 0, atRisk = 0;
  const before = { status: C.status.slice(0, n), tenure: C.tenure.slice(0, n), shock: C.shock.slice(0, n), fam: C.familiarity.slice(0, n * NC) };
  for (let i = 0; i < n; i++) {
    if (!(C.status[i] & ACTIVE)) continue;
    const p = 1 - Math.exp(-h(C.tier[i], C.satisfaction[i], C.tenure[i], C.shock[i] > 0));
    expected += p; variance += p * (1 - p); atRisk++;
  }
  const out = churnAndAge(st, testRng(5));

  it('churns each customer with probability 1 − exp(−h): the count within 4 SE of Σ (1 − exp(−h_i))', () => {
    expect(out.atRisk).toBe(atRisk);
    expect(expected).toBeGreaterThan(500);
    expect(Math.abs(out.churned - expected)).toBeLessThan(4 * Math.sqrt(variance));
  });

  it('frees the churned slots, counts displaced churners as lost, and ages the survivors', () => {
    const decay = familiarityDecayTable(s.adoption.familiarityDecay);
    let churned = 0, lost = 0, wrong = 0, survivors = 0;
    for (let i = 0; i < n; i++) {
      if (!(before.status[i] & ACTIVE)) continue;
      if (!(C.status[i] & ACTIVE)) {
        churned++;
        if (C.status[i] !== 0) wrong++;
        if (before.status[i] & DISPLACED) lost++;
        continue;
      }
      survivors++;
      if (C.tenure[i] !== before.tenure[i] + 1 || C.shock[i] !== Math.max(0, before.shock[i] - 1)) wrong++;
      for (let c = 0; c < NC; c++) if (C.familiarity[i * NC + c] !== decay[before.fam[i * NC + c]]) wrong++;
    }
    expect(wrong).toBe(0);
    expect(survivors).toBeGreaterThan(0);
    expect(churned).toBe(out.churned);
    let counted = 0;
    for (let j = 0; j < st.outlets.n; j++) counted += st.tally.flowCount[j * (NC + 1) + NC];
    expect(counted).toBe(lost);
    expect(lost).toBeGreaterThan(0);
  });
});
