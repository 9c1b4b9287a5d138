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
 */
import { TIERS } from './domain.ts';
import type { Scenario } from './scenario.ts';

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
