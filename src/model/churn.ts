/**
 * Churn (离网): a proportional-hazards rule, evaluated monthly for every active customer.
 *
 *   h_i = h0 · tier(r_i) · tenure(t_i) · exp( β_sat·(S_ref − S_i) + β_price·(P − 1) − β_net·N + β_close·[home closed < 6 months ago] )
 *   P(churn this month) = 1 − exp(−h_i)
 *
 *   tenure(t) = 0.6 + 0.8 · 2^(−t / half-life): new customers leave 1.4× as often as the base,
 *   long-standing ones 0.6× (habit keeps customers, seed 002).
 * Reference: seed 002 (Unicom 2008: 6.02 % monthly churn; network quality the main reason to
 * leave, habit and price the main reasons to stay). The factors are tabulated per month so the
 * per-customer cost is four table look-ups.
 *
 * The month's pass (`churnAndAge`) draws churn as "E < h_i" with E standard exponential, which has
 * probability 1 − exp(−h_i), and ages the survivors: the closure effect counts down, tenure grows
 * by a month, and familiarity with every channel decays, fam ← ⌊fam · (1 − familiarityDecay)⌋.
 */
import { NC, TIERS } from './domain.ts';
import type { Scenario } from './scenario.ts';
import type { Rng } from './rng.ts';
import { ACTIVE, DISPLACED } from './customers.ts';
import type { ModelState } from './state.ts';

export interface ChurnTables {
  /** h_i, the monthly hazard; the engine draws churn as "E < h_i" with E standard exponential, probability 1 − exp(−h_i) */
  hazard(tier: number, satisfaction: number, tenure: number, shocked: boolean): number;
}

export const TENURE_CAP = 240;

export function churnTables(s: Scenario): ChurnTables {
  const c = s.churn;
  const common = c.baseMonthly * Math.exp(c.priceEffect * (c.priceIndex - 1) - c.networkEffect * c.networkQuality);
  const tierF = Float64Array.from(TIERS.map((t) => c.tierFactor[t]));
  const satF = new Float64Array(101);
  for (let v = 0; v <= 100; v++) satF[v] = Math.exp(c.satisfactionEffect * (c.referenceSatisfaction - v));
  const tenF = new Float64Array(TENURE_CAP + 1);
  for (let t = 0; t <= TENURE_CAP; t++) tenF[t] = 0.6 + 0.8 * Math.pow(2, -t / c.tenureHalfLifeMonths);
  const shockF = Math.exp(c.closureEffect);
  const hazard = (tier: number, satisfaction: number, tenure: number, shocked: boolean) =>
    common * tierF[tier] * satF[satisfaction] * tenF[tenure > TENURE_CAP ? TENURE_CAP : tenure] * (shocked ? shockF : 1);
  return { hazard };
}

/** Familiarity after a month's decay, by level: ⌊f · (1 − decay)⌋. */
export function familiarityDecayTable(decay: number): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, f) => Math.floor(f * (1 - decay)));
}

/** Churn and ageing of every active customer; returns the churned and those at risk. */
export function churnAndAge(st: ModelState, rng: Rng): { churned: number; atRisk: number } {
  let churned = 0, atRisk = 0;
  const C = st.C, status = C.status, tier = C.tier, satisfaction = C.satisfaction, tenure = C.tenure, shock = C.shock, fam = C.familiarity;
  const decay = st.familiarityDecay, hazard = st.churn.hazard, flowCount = st.tally.flowCount, n = st.slots.hiWater;
  for (let i = 0; i < n; i++) {
    if (!(status[i] & ACTIVE)) continue;
    atRisk++;
    if (rng.exp1() < hazard(tier[i], satisfaction[i], tenure[i], shock[i] > 0)) {
      churned++;
      if (status[i] & DISPLACED) flowCount[C.home[i] * (NC + 1) + NC]++;
      status[i] = 0;
      continue;
    }
    if (shock[i] > 0) shock[i]--;
    if (tenure[i] < 65535) tenure[i]++;
    const b = i * NC;
    for (let c = 0; c < NC; c++) fam[b + c] = decay[fam[b + c]];
  }
  return { churned, atRisk };
}
