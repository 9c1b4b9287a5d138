/**
 * Account-manager capacity (客户经理, direct sales): managers × visits a month serve the needs
 * that chose them; demand above capacity makes them harder to reach next month. The channel's
 * access factor in the logit (choice.ts, outlets.ts) is the managers' availability
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
  return demand > capacity ? 1 - strict + strict * (capacity / demand) : 1;
}
