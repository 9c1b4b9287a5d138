import { describe, expect, it } from 'vitest';
import { NC, TIERS } from '../../src/model/domain.ts';
import { ACTIVE, DISPLACED, MIN_SPEND, NO_CONTRACT, PREPAID } from '../../src/model/customers.ts';
import { churnAndAge, churnTables, contractState, familiarityDecayTable, STATE_CONTRACT, STATE_ENDED, STATE_POSTPAID, STATE_PREPAID } from '../../src/model/churn.ts';
import { SHOCK_LEVEL_MIN } from '../../src/model/outlets.ts';
import { openedState, smallScenario, testRng } from './month.ts';

describe('churn: the hazard', () => {
  it('is h0 · tier · tenure · state · exp(β_sat·(S_ref − S) + β_price·(P − 1) − β_net·N + β_close·Δ/T) for hand-picked customers', () => {
    const s = smallScenario({ churn: { priceIndex: 1.1, networkQuality: -0.5, tierFactor: { gold: 0.8 } }, competitor: { priceMatch: 0 } });
    const c = s.churn, h = churnTables(s).hazard;
    const gold = TIERS.indexOf('gold');
    const stateF = [1, c.prepaidFactor, c.contractFactor, c.contractEndFactor, c.contractEndFactor * c.prepaidFactor];
    const want = (sat: number, tenure: number, level: number, state: number) => c.baseMonthly * 0.8 * (0.6 + 0.8 * Math.pow(2, -tenure / c.tenureHalfLifeMonths)) * stateF[state]
      * Math.exp(c.satisfactionEffect * (c.referenceSatisfaction - sat) + c.priceEffect * 0.1 + c.networkEffect * 0.5 + (c.closureEffect * level * SHOCK_LEVEL_MIN) / c.closureTravelRefMin);
    for (const [sat, tenure, level, months, state] of [[76, 0, 0, 0, 0], [40, 12, 7, 3, 1], [100, 500, 0, 0, 2], [60, 30, 31, 6, 3], [60, 30, 5, 0, 4]] as const) {
      // a shock byte whose months have run out carries no effect, whatever its level
      const shock = (level << 3) | months;
      expect(h(gold, sat, tenure, shock, state)).toBeCloseTo(want(sat, Math.min(tenure, 240), months > 0 ? level : 0, state), 14);
    }
  });

  it('orders the contract states: in contract < postpaid < prepaid, and the months after a contract ends above both', () => {
    const s = smallScenario();
    const h = (state: number) => churnTables(s).hazard(3, 76, 24, 0, state);
    expect(h(STATE_CONTRACT)).toBeLessThan(h(STATE_POSTPAID));
    expect(h(STATE_POSTPAID)).toBeLessThan(h(STATE_PREPAID));
    expect(h(STATE_ENDED)).toBeGreaterThan(h(STATE_POSTPAID));
    expect(h(STATE_ENDED + 1)).toBeGreaterThan(h(STATE_PREPAID));
    const end = s.churn.contractEndMonths;
    expect([contractState(5, ACTIVE, end), contractState(0, ACTIVE, end), contractState(1 - end, ACTIVE | PREPAID, end), contractState(-end, ACTIVE | PREPAID, end), contractState(NO_CONTRACT, ACTIVE, end)])
      .toEqual([STATE_CONTRACT, STATE_ENDED, STATE_ENDED + 1, STATE_PREPAID, STATE_POSTPAID]);
  });
});

describe('churn: a month\'s pass', () => {
  const s = smallScenario({}, 20_000);
  const st = openedState(s);
  const C = st.C, n = st.slots.hiWater;
  // give the customers a spread of satisfaction, and some a closure shock, so the hazards differ
  for (let i = 0; i < n; i++) {
    C.satisfaction[i] = 30 + (i % 70);
    if (i % 7 === 0) { C.shock[i] = (9 << 3) | 3; C.status[i] |= DISPLACED; }
    if (i % 5 === 0) { C.contract[i] = 1 + (i % 3); C.status[i] |= MIN_SPEND; }
  }
  const h = churnTables(s).hazard;
  let expected = 0, variance = 0, atRisk = 0;
  const before = { status: C.status.slice(0, n), tenure: C.tenure.slice(0, n), shock: C.shock.slice(0, n), fam: C.familiarity.slice(0, n * NC), contract: C.contract.slice(0, n), age: C.handsetAge.slice(0, n) };
  for (let i = 0; i < n; i++) {
    if (!(C.status[i] & ACTIVE)) continue;
    const p = 1 - Math.exp(-h(C.tier[i], C.satisfaction[i], C.tenure[i], C.shock[i], contractState(C.contract[i], C.status[i], s.churn.contractEndMonths)));
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
      const shockAfter = (before.shock[i] & 7) > 1 ? before.shock[i] - 1 : 0;
      if (C.tenure[i] !== before.tenure[i] + 1 || C.shock[i] !== shockAfter || C.handsetAge[i] !== Math.min(255, before.age[i] + 1)) wrong++;
      // a contract runs down, and its minimum spend ends with it
      const ct = before.contract[i];
      if (C.contract[i] !== (ct > NO_CONTRACT ? ct - 1 : NO_CONTRACT)) wrong++;
      if (ct > 0 && before.status[i] & MIN_SPEND && ((C.status[i] & MIN_SPEND) !== 0) !== (ct > 1)) wrong++;
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
