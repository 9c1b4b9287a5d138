/**
 * Subsidy contracts 合约 (docs/MODEL.md §7.10; seed 000: the subsidy is paid as talk-time credit
 * 话费补贴 against a minimum monthly spend 每月最低消费, aimed at mid- and high-value customers).
 *
 * A customer of an eligible tier buying a handset out of contract is offered the band's subsidy S
 * on a contract of M months with minimum spend m; its value to the customer, in utility,
 *
 *   U_i = β · (S − M · (max(0, m − ARPU_i) + ℓ))      β = acquisition.subsidyPerCny, ℓ = lockInCnyMonthly
 *
 * counts the spend forced above the customer's own ARPU and the freedom given up. The customer
 * takes it with probability logistic(U_i) (binary logit against buying at full price), so
 * price-sensitive customers — low ARPU against a high minimum — decline it. To a prospect the
 * offer is an option on our side worth its log-sum, W_i = ln(1 + e^{U_i}) (Ben-Akiva & Lerman
 * 1985, §10), which enters the win choice (acquisition.ts); W = 0 without an offer.
 *
 * While a contract runs the customer's spend is at least m (the uplift is revenue, recorder.ts)
 * and the churn hazard carries churn.contractFactor; after it ends, churn.contractEndFactor for
 * churn.contractEndMonths months (churn.ts). A completed retention offer 挽留 renews the contract
 * for churn.retentionMonths without a minimum spend.
 *
 * At the start the population is in the contracts the current offer would have given it: a
 * customer whose handset is a months old took the offer then with probability logistic(U_i), and
 * has M − a months left (a negative value: months since it ended).
 */
import { HANDSET_BANDS, SEGMENTS, TIERS } from './domain.ts';
import type { Scenario } from './scenario.ts';
import type { Rng } from './rng.ts';
import { ACTIVE, MIN_SPEND, NO_CONTRACT, type Customers } from './customers.ts';
import { BAND_OF_TIER, logistic } from './acquisition.ts';

export interface ContractTables {
  /** by tier: the subsidy offered (0: none) */
  offer: Float64Array;
  months: number;
  minSpend: number;
  lockIn: number;
  beta: number;
  retentionMonths: number;
  /** by service (the new line last): completing it renews the contract (class retention) */
  retention: Uint8Array;
  /** by segment: the monthly incidence of retention services */
  retentionRate: Float64Array;
}

/** The subsidy offered to each tier: its band's handset subsidy for the tiers eligible, else 0. */
export function offerByTier(handset: Record<(typeof HANDSET_BANDS)[number], number>, eligible: readonly string[]): Float64Array {
  return Float64Array.from(TIERS, (t, r) => (eligible.includes(t) ? handset[HANDSET_BANDS[BAND_OF_TIER[r]]] : 0));
}

export function contractTables(s: Scenario): ContractTables {
  const lev = s.levers.subsidy;
  const offer = offerByTier(lev.handset, lev.eligibleTiers);
  return {
    offer, months: lev.contractMonths, minSpend: lev.minMonthlySpend, lockIn: s.acquisition.lockInCnyMonthly,
    beta: s.acquisition.subsidyPerCny, retentionMonths: s.churn.retentionMonths,
    retention: Uint8Array.from([...s.services.map((x) => (x.class === 'retention' ? 1 : 0)), 0]),
    retentionRate: Float64Array.from(SEGMENTS, (g) => s.services.reduce((a, x) => a + (x.class === 'retention' ? x.incidence[g] : 0), 0)),
  };
}

/** U_i of the offer to a customer of tier r and ARPU a; −Infinity when the tier is offered nothing. */
export function offerUtility(ct: ContractTables, tier: number, arpu: number): number {
  const sub = ct.offer[tier];
  if (!(sub > 0)) return -Infinity;
  const gap = ct.minSpend > arpu ? ct.minSpend - arpu : 0;
  return ct.beta * (sub - ct.months * (gap + ct.lockIn));
}

/** The offer's option value W = ln(1 + e^U) (0 without an offer). */
export function offerValue(u: number): number {
  return u > 30 ? u : Math.log1p(Math.exp(u));
}

/** Customer i signs the subsidised contract: M months, the minimum spend flagged while it runs. */
export function signContract(c: Customers, i: number, ct: ContractTables): void {
  if (ct.months <= 0) return;
  c.contract[i] = ct.months;
  if (ct.minSpend > 0) c.status[i] |= MIN_SPEND;
  else c.status[i] &= ~MIN_SPEND;
}

/** A retention offer: the contract renewed for retentionMonths, without a minimum spend. */
export function renewContract(c: Customers, i: number, ct: ContractTables): void {
  if (ct.retentionMonths <= 0 || c.contract[i] >= ct.retentionMonths) return;
  c.contract[i] = ct.retentionMonths;
  c.status[i] &= ~MIN_SPEND;
}

/** Monthly spend of customer i: ARPU, raised to the minimum spend while a subsidised contract with one runs. */
export function spend(c: Customers, i: number, minSpend: number): number {
  const a = c.arpu[i];
  return minSpend > a && c.status[i] & MIN_SPEND && c.contract[i] > 0 ? minSpend : a;
}

/**
 * The starting population's contracts (see the header): the customer's last handset purchase, a
 * months ago, and last retention offer, k months ago, k ~ Exp(ρ_g) with ρ_g the segment's monthly
 * incidence of retention services (a few per cent of them are abandoned), are replayed in time
 * order as the month's rules play them: a handset bought out of contract takes the offer with
 * probability logistic(U_i); a retention offer renews a contract with less than retentionMonths
 * left. Without the renewals the start held a fifth of the default city in contract against a
 * third in the months that follow. One uniform and one exponential per customer.
 */
export function initContracts(c: Customers, n: number, ct: ContractTables, rng: Rng): void {
  if (ct.months <= 0 && ct.retentionMonths <= 0) return;
  const M = ct.months, R = ct.retentionMonths;
  for (let i = 0; i < n; i++) {
    if (!(c.status[i] & ACTIVE)) continue;
    const takes = rng.next() < logistic(offerUtility(ct, c.tier[i], c.arpu[i]));
    const rate = ct.retentionRate[c.segment[i]], k = rate > 0 ? Math.floor(rng.exp1() / rate) : Infinity;
    const a = c.handsetAge[i];
    // months left now (≤ 0: months since it ended), with or without the minimum spend
    let left = -Infinity, minSpend = false;
    const handset = () => { if (takes && M > 0 && !(left + a > 0)) { left = M - a; minSpend = ct.minSpend > 0; } };
    const renew = () => { if (R > 0 && left + k < R) { left = R - k; minSpend = false; } };
    // `left` counts from now: at an event e months ago a contract with `left` months left now had left + e
    if (k > a) { renew(); handset(); } else { handset(); renew(); }
    if (left === -Infinity) continue;
    c.contract[i] = left < NO_CONTRACT ? NO_CONTRACT : left;
    if (left > 0 && minSpend) c.status[i] |= MIN_SPEND;
  }
}
