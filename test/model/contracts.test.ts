import { describe, expect, it } from 'vitest';
import { TIERS } from '../../src/model/domain.ts';
import { ACTIVE, MIN_SPEND, NO_CONTRACT } from '../../src/model/customers.ts';
import { contractTables, initContracts, offerUtility, offerValue, renewContract, signContract, spend } from '../../src/model/contracts.ts';
import { createState } from '../../src/model/state.ts';
import { smallScenario, testRng } from './month.ts';

describe('contracts: the offer', () => {
  const s = smallScenario({ levers: { subsidy: { handset: { basic: 50, mid: 300, high: 600 }, eligibleTiers: ['supreme', 'gold'], minMonthlySpend: 120, contractMonths: 18 } } });
  const ct = contractTables(s), q = s.acquisition;

  it('U = β·(S − M·(max(0, m − ARPU) + lock-in)) for offered tiers, none for the others; W = ln(1 + e^U)', () => {
    const gold = TIERS.indexOf('gold'), silver = TIERS.indexOf('silver');
    expect(offerUtility(ct, gold, 70)).toBeCloseTo(q.subsidyPerCny * (300 - 18 * (50 + q.lockInCnyMonthly)), 12);
    expect(offerUtility(ct, gold, 200)).toBeCloseTo(q.subsidyPerCny * (300 - 18 * q.lockInCnyMonthly), 12);
    expect(offerUtility(ct, silver, 70)).toBe(-Infinity);
    expect(offerValue(-Infinity)).toBe(0);
    expect(offerValue(0)).toBeCloseTo(Math.LN2, 15);
    // a higher minimum spend can only lower the offer's value, most for the low spenders
    const higher = contractTables(smallScenario({ levers: { subsidy: { eligibleTiers: ['gold'], minMonthlySpend: 300, contractMonths: 18 } } }));
    expect(offerUtility(higher, gold, 70)).toBeLessThan(offerUtility(ct, gold, 70));
  });

  it('a signed contract runs M months with the minimum spend; a retention offer renews it without one', () => {
    const st = createState(s, 0), C = st.C;
    signContract(C, 0, ct);
    expect([C.contract[0], C.status[0] & MIN_SPEND]).toEqual([18, MIN_SPEND]);
    C.arpu[0] = 70;
    expect(spend(C, 0, ct.minSpend)).toBe(120);
    C.contract[0] = 2;
    renewContract(C, 0, ct);
    expect([C.contract[0], C.status[0] & MIN_SPEND]).toEqual([s.churn.retentionMonths, 0]);
    expect(spend(C, 0, ct.minSpend)).toBeCloseTo(70, 5);
  });

  it('the minimum spend counts only while the contract runs: a flag left on a contract that ended gives the ARPU', () => {
    const st = createState(s, 0), C = st.C;
    signContract(C, 1, ct);
    C.arpu[1] = 70;
    C.contract[1] = 1;
    expect(spend(C, 1, ct.minSpend)).toBe(120);
    // the month the contract ends the flag may still be set (churn.ts clears it as it counts down)
    for (const left of [0, -3, NO_CONTRACT]) {
      C.contract[1] = left;
      C.status[1] |= MIN_SPEND;
      expect(spend(C, 1, ct.minSpend)).toBeCloseTo(70, 5);
    }
    // above the minimum the customer spends its own ARPU
    C.contract[1] = 5; C.arpu[1] = 150;
    expect(spend(C, 1, ct.minSpend)).toBeCloseTo(150, 5);
  });

  it('the starting population holds the contracts the offer gave it: takers within 4 SE of Σ logistic(U), M − handset age months left', () => {
    // without renewals (retentionMonths 0) the start is the handset contracts alone
    const st = createState(smallScenario({ levers: { subsidy: { contractMonths: 18 } }, churn: { retentionMonths: 0 } }, 20_000), 0), C = st.C, n = st.slots.hiWater;
    const c18 = st.contracts;
    C.contract.fill(NO_CONTRACT);
    let expected = 0, variance = 0;
    for (let i = 0; i < n; i++) {
      if (!(C.status[i] & ACTIVE) || !(c18.offer[C.tier[i]] > 0)) continue;
      const p = 1 / (1 + Math.exp(-offerUtility(c18, C.tier[i], C.arpu[i])));
      expected += p; variance += p * (1 - p);
    }
    initContracts(C, n, c18, testRng(7));
    let takers = 0, wrong = 0;
    for (let i = 0; i < n; i++) {
      if (C.contract[i] === NO_CONTRACT) continue;
      takers++;
      if (C.contract[i] !== Math.max(NO_CONTRACT, 18 - C.handsetAge[i]) || !(c18.offer[C.tier[i]] > 0)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(expected).toBeGreaterThan(1000);
    expect(Math.abs(takers - expected)).toBeLessThan(4 * Math.sqrt(variance));
  });

  it('renewals alone (no offer): a share 1 − e^(−ρ·R) of each segment holds a renewed contract at the start, within 4 SE, none with a minimum spend', () => {
    const st = createState(smallScenario({ levers: { subsidy: { eligibleTiers: [], minMonthlySpend: 100 } } }, 20_000), 0), C = st.C, n = st.slots.hiWater;
    const ct = st.contracts, R = s.churn.retentionMonths;
    C.contract.fill(NO_CONTRACT);
    initContracts(C, n, ct, testRng(8));
    let expected = 0, variance = 0, held = 0, minSpend = 0;
    for (let i = 0; i < n; i++) {
      if (!(C.status[i] & ACTIVE)) continue;
      const p = 1 - Math.exp(-ct.retentionRate[C.segment[i]] * R);
      expected += p; variance += p * (1 - p);
      if (C.contract[i] > 0) { held++; expect(C.contract[i]).toBeLessThanOrEqual(R); }
      if (C.status[i] & MIN_SPEND) minSpend++;
    }
    expect(expected).toBeGreaterThan(1000);
    expect(Math.abs(held - expected)).toBeLessThan(4 * Math.sqrt(variance));
    expect(minSpend).toBe(0);
  });

  it('with both, replayed in time order: a minimum spend only on a handset contract (M − handset age left), a renewed contract at most R months', () => {
    const st = createState(smallScenario({ levers: { subsidy: { contractMonths: 18, minMonthlySpend: 100 } } }, 20_000), 0), C = st.C, n = st.slots.hiWater;
    const R = s.churn.retentionMonths;
    let handset = 0, renewed = 0;
    for (let i = 0; i < n; i++) {
      if (!(C.status[i] & ACTIVE) || C.contract[i] <= 0) continue;
      if (C.status[i] & MIN_SPEND) { handset++; expect(C.contract[i]).toBe(18 - C.handsetAge[i]); } else { renewed++; expect(C.contract[i]).toBeLessThanOrEqual(R); }
    }
    expect(handset).toBeGreaterThan(500);
    expect(renewed).toBeGreaterThan(500);
  });
});
