/**
 * Account managers (客户经理, direct sales) serve the customers entitled to one: the tiers in
 * `accountManagers.eligibleTiers` (VIP客户经理, seed 002) and the segments in `eligibleSegments`
 * (large enterprises one-to-one, seed 004; SMEs through social channels, key SMEs by their tier).
 *
 * Proactive account management: an entitled customer's need of a class in `proactiveClasses`
 * (strategic, retention, sales: seed 001 controls them in own stores and the direct channel) goes
 * to the manager before any channel choice, with probability
 *
 *   p = min(1, capacity / E)        E = last month's such needs at city scale (agents × w)
 *
 * so the managers take them up to capacity; the rest choose as usual (needs.ts).
 *
 * Capacity (managers × visits a month) also limits the reactive channel: demand above capacity
 * makes managers harder to reach next month. The channel's access factor in the logit
 * (choice.ts, outlets.ts) is the managers' availability
 *
 *   a = 1                                          when D ≤ capacity
 *   a = 1 − σ + σ · capacity / D                   when D > capacity
 *
 * D = last month's needs served by account managers at city scale (agents × w), capacity =
 * `accountManagers.managers × visitsPerManagerMonth`, σ = `choice.directCapacityStrictness`
 * (0: capacity never binds; 1: the factor is the share of demand that can be served).
 */
import type { Scenario } from './scenario.ts';

export function managerAvailability(s: Scenario, demand: number): number {
  const capacity = s.accountManagers.managers * s.accountManagers.visitsPerManagerMonth;
  const strict = s.choice.directCapacityStrictness;
  if (capacity <= 0) return 1 - strict; // no managers: as unreachable as strictness allows
  return demand > capacity ? 1 - strict + strict * (capacity / demand) : 1;
}

/** Share of proactive needs the managers take first next month, after E such needs (city scale) this month. */
export function proactiveShare(s: Scenario, eligible: number): number {
  const capacity = s.accountManagers.managers * s.accountManagers.visitsPerManagerMonth;
  if (capacity <= 0) return 0;
  return eligible > capacity ? capacity / eligible : 1;
}
