/**
 * The competitor's response, a reduced form: its subsidy and price follow ours with partial
 * adjustment (the reaction-function form of Leeflang & Wittink 1992; Nerlove's partial adjustment),
 *
 *   z_{t+1} = z_t + φ · (ρ_s · (1 − S_sq / S̄) − z_t),   z_1 = 0    (its subsidy move, per CNY of ours)
 *   y_{t+1} = y_t + φ · (ρ_p · (P − 1) − y_t),           y_1 = 0    (its price move, in our index)
 *
 * S̄ = our subsidy per handset averaged over the tiers we offer it to, S_sq =
 * competitor.statusQuoSubsidy (the S̄ it had matched before the run, so a city at the status quo
 * is stationary), P = churn.priceIndex, ρ_s, ρ_p = competitor.subsidyMatch, .priceMatch, φ =
 * competitor.adjustment. The competitor matches where we compete, tier by tier: against our offer
 * S_r to tier r its subsidy moves by x_{t,r} = z_t · S_r (the share ρ_s of our move away from the
 * status quo, S_r·(1 − S_sq/S̄), in the long run). Month t then sees
 *
 *   the utility for the competitor of a prospect of tier r              β_sub · x_{t,r}        (acquisition.ts)
 *   the hazard of our out-of-contract customers of tier r               × exp(β_comp · x_{t,r}) (churn.ts)
 *   the price gap in every hazard                                       (P − 1) − y_t          (churn.ts)
 *
 * so a subsidy or price move wins for a while and is eroded as the competitor catches up; matching
 * shares and speed are assumptions (docs/MODEL.md §8).
 */
import { TIERS, HANDSET_BANDS } from './domain.ts';
import type { Scenario } from './scenario.ts';
import { BAND_OF_TIER } from './acquisition.ts';

export interface Competitor {
  /** z_t: its subsidy move per CNY of our offer to a tier */
  subsidy: number;
  /** y_t: its price move in our price index */
  price: number;
  readonly subsidyTarget: number;
  readonly priceTarget: number;
  readonly adjustment: number;
}

/** S̄: our subsidy per handset averaged over the tiers offered it (unweighted; 0 when none is). */
export function meanSubsidy(s: Scenario): number {
  const lev = s.levers.subsidy;
  const offered = TIERS.flatMap((t, r) => (lev.eligibleTiers.includes(t) ? [lev.handset[HANDSET_BANDS[BAND_OF_TIER[r]]]] : []));
  return offered.length > 0 ? offered.reduce((a, b) => a + b, 0) / offered.length : 0;
}

export function createCompetitor(s: Scenario): Competitor {
  const c = s.competitor;
  return {
    subsidy: 0, price: 0, adjustment: c.adjustment,
    subsidyTarget: meanSubsidy(s) > 0 ? c.subsidyMatch * (1 - c.statusQuoSubsidy / meanSubsidy(s)) : 0,
    priceTarget: c.priceMatch * (s.churn.priceIndex - 1),
  };
}

/** The month's response is made: next month sees the moved subsidy and price. */
export function respond(c: Competitor): void {
  c.subsidy += c.adjustment * (c.subsidyTarget - c.subsidy);
  c.price += c.adjustment * (c.priceTarget - c.price);
}
