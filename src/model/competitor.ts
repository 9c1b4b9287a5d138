/**
 * The competitor's response, a reduced form: its subsidy and price follow ours with partial
 * adjustment (the reaction-function form of Leeflang & Wittink 1992; Nerlove's partial adjustment),
 * band by band for the subsidy (a flagship-handset subsidy war moves the flagship offers, not the
 * basic ones):
 *
 *   x_{t+1,r} = x_{t,r} + φ · (ρ_s · (S_r − S_sq,r) − x_{t,r}),   x_{1,r} = 0   (its subsidy move to tier r, CNY)
 *   y_{t+1}   = y_t + φ · (ρ_p · (P − 1) − y_t),                  y_1 = 0      (its price move, in our index)
 *
 * S_r = our handset subsidy to tier r (its band's, 0 for a tier not eligible), S_sq,r = the same
 * for the status quo the competitor had matched before the run (competitor.statusQuoHandset by
 * band, offered to competitor.statusQuoTiers), so a city at the status quo is stationary and the
 * response is bounded by our own move: it matches the share ρ_s of it in the long run. P =
 * churn.priceIndex, ρ_s, ρ_p = competitor.subsidyMatch, .priceMatch, φ = competitor.adjustment.
 * Month t then sees
 *
 *   the utility for the competitor of a prospect of tier r              β_sub · x_{t,r}          (acquisition.ts)
 *   the hazard of our out-of-contract customers of tier r               × exp(β_comp · x_{t,r})   (churn.ts)
 *   the price gap in every hazard                                       (P − 1) − y_t            (churn.ts)
 *
 * so a subsidy or price move wins for a while and is eroded as the competitor catches up; a cut
 * is answered by a cut of the same share. Matching shares and speed are assumptions (docs/MODEL.md §8).
 */
import { NT } from './domain.ts';
import type { Scenario } from './scenario.ts';
import { offerByTier } from './contracts.ts';

export interface Competitor {
  /** x_{t,r}: its subsidy move to tier r, CNY (by tier) */
  subsidy: Float64Array;
  /** y_t: its price move in our price index */
  price: number;
  /** ρ_s · (S_r − S_sq,r) by tier */
  readonly subsidyTarget: Float64Array;
  readonly priceTarget: number;
  readonly adjustment: number;
}

export function createCompetitor(s: Scenario): Competitor {
  const c = s.competitor;
  const ours = offerByTier(s.levers.subsidy.handset, s.levers.subsidy.eligibleTiers);
  const quo = offerByTier(c.statusQuoHandset, c.statusQuoTiers);
  return {
    subsidy: new Float64Array(NT), price: 0, adjustment: c.adjustment,
    subsidyTarget: Float64Array.from(ours, (x, r) => c.subsidyMatch * (x - quo[r])),
    priceTarget: c.priceMatch * (s.churn.priceIndex - 1),
  };
}

/** A competitor that never moves (the churn tables' starting state). */
export function stillCompetitor(): Competitor {
  return { subsidy: new Float64Array(NT), price: 0, subsidyTarget: new Float64Array(NT), priceTarget: 0, adjustment: 0 };
}

/** The month's response is made: next month sees the moved subsidy and price. */
export function respond(c: Competitor): void {
  for (let r = 0; r < NT; r++) c.subsidy[r] += c.adjustment * (c.subsidyTarget[r] - c.subsidy[r]);
  c.price += c.adjustment * (c.priceTarget - c.price);
}
