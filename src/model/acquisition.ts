/**
 * Acquisition 入网 of new lines: a prospect chooses between us and the competitor, and our side is
 * worth the sales points the prospect can reach (docs/MODEL.md §7.10). A nested logit (McFadden
 * 1978) with the competitor as the outside option:
 *
 *   prospects ~ Poisson(marketMonthly × A),  A = agents at the start; each drawn as a customer
 *   V_us,i   = κ + γ · ln Σ_c exp(V_i,c) + W_i          c: own stores, partners, web, app, account manager
 *   V_comp   = β_sub · x_{t,r}, the competitor's subsidy move to the prospect's tier r (competitor.ts)
 *   P(win_i) = logistic(V_us,i − V_comp)
 *
 * Σ_c exp(V_i,c) is the channel logit's denominator for the new-line pseudo-service (choice.ts):
 * the Huff sums of the own stores and partners in reach (partners weighted by their selling
 * effort, below), the web and app halls by the prospect's literacy and habit, the account manager
 * for those entitled; γ = acquisition.nestScale. A prospect with no sales point is lost, and a
 * closed outlet's prospects are partly absorbed by the sales points left. W_i is the option value
 * of the subsidised contract (contracts.ts; 0 without an offer). A won prospect becomes a customer
 * in a free slot of its home cell (customers.ts) and signs up in the channel the same logit drew.
 *
 * κ is solved once per scenario so that in the city as it stands at the start (every outlet
 * open, no waits, reference partner effort, no subsidy offered, the competitor at the status
 * quo) the mean P(win) over prospects is acquisition.baseWinShare; it is computed on a fixed
 * sample of REFERENCE_PROSPECTS drawn with its own stream, the same in every replication.
 *
 * Partner effort (酬金 → selling effort): a partner chooses effort e to maximise
 * m·q₀·e^a − k·e with sales elasticity a = partners.effortElasticity (Albers, Mantrala & Sridhar
 * 2010: mean personal-selling elasticity 0.34), so its sales move with its margin per sale m to the
 * power a/(1 − a), and it spends the share a of that sales margin on the effort (Dorfman &
 * Steiner 1954). The margin is the commission per line plus the handset margin times the handset
 * take-up; relative to the reference (referenceCommission, handsetShare) it multiplies the
 * partner channel's weight for new lines and handset purchases.
 *
 * Handset with a new line: P(handset | tier r) = logistic(logit(handsetShare) + β_handset·(sub_r −
 * referenceSubsidy)), sub_r the band subsidy of tier r if eligible, else 0 (bands: supreme,
 * diamond → high; gold → mid; silver, ordinary → basic).
 */
import { CH, NC, NT, SEGMENTS, TIERS } from './domain.ts';
import type { Scenario } from './scenario.ts';
import { Rng } from './rng.ts';
import { allocateCustomers, copyCustomer, drawCustomer, rewindSlots, takeSlot, type Customers, type Population } from './customers.ts';
import { searchCdf } from './region.ts';
import { chooseChannel, sharedTable, type ChoiceTables } from './choice.ts';
import { route } from './routing.ts';
import { offerByTier, offerUtility, offerValue } from './contracts.ts';
import type { Services } from './services.ts';
import type { ModelState } from './state.ts';

/** Subsidy band of each tier: supreme, diamond → high; gold → mid; silver, ordinary → basic. */
export const BAND_OF_TIER: readonly number[] = [2, 2, 1, 0, 0];

/** Prospects drawn to solve the constant κ (its sampling error is common to every scenario of a city). */
export const REFERENCE_PROSPECTS = 20_000;
const REFERENCE_SEED = 0x5a1e5;

/** What new lines, handsets and partners earn and cost, by tier and channel. */
export interface AcquisitionTables {
  /** κ and γ of the win utility */
  constant: number;
  nest: number;
  /** utility per CNY of the competitor's subsidy response */
  rivalPerCny: number;
  /** by tier: P(handset | new line) */
  handsetP: Float64Array;
  /** commission per new line by channel */
  perLine: Float64Array;
  serviceFee: number;
  handsetMargin: number;
  o2o: number;
  /** partners' selling effort relative to the reference, as a factor on their sales weight */
  effort: number;
  /** share of a partner's sales margin spent on the effort (Dorfman–Steiner) */
  effortCost: number;
  /** a one-slot scratch for the prospect being decided */
  prospect: Customers;
}

export function acquisitionTables(s: Scenario): AcquisitionTables {
  const a = s.acquisition, lev = s.levers, p = s.partners;
  const offer = offerByTier(lev.subsidy.handset, lev.subsidy.eligibleTiers);
  const perLine = new Float64Array(NC);
  for (const [c, v] of Object.entries(lev.commission.perNewLine)) perLine[CH[c as keyof typeof CH]] = v;
  const handsetP = Float64Array.from(TIERS, (_, r) => logistic(logit(a.handsetShare) + a.handsetPerCny * (offer[r] - a.referenceSubsidy)));
  // the margin per sale partners weigh: commission plus handset margin at the city's take-up
  const mix = tierMix(s);
  const takeUp = TIERS.reduce((acc, _, r) => acc + mix[r] * handsetP[r], 0);
  const margin = lev.commission.perNewLine.partner + p.handsetMargin * takeUp;
  const marginRef = a.referenceCommission + p.handsetMargin * a.handsetShare;
  const e = p.effortElasticity;
  return {
    constant: 0, nest: a.nestScale, rivalPerCny: a.subsidyPerCny,
    handsetP, perLine,
    serviceFee: p.serviceFee, handsetMargin: p.handsetMargin, o2o: s.handoffs.o2oShare,
    effort: marginRef > 0 ? Math.pow(margin / marginRef, e / (1 - e)) : 1,
    effortCost: e,
    prospect: allocateCustomers(1),
  };
}

/** The tier mix of the city's subscribers (segment shares × tier mixes). */
function tierMix(s: Scenario): Float64Array {
  const mix = new Float64Array(NT);
  let total = 0;
  SEGMENTS.forEach((g) => {
    const seg = s.segments[g], sum = TIERS.reduce((x, t) => x + seg.tierMix[t], 0);
    if (sum > 0) TIERS.forEach((t, r) => { mix[r] += (seg.share * seg.tierMix[t]) / sum; });
    total += sum > 0 ? seg.share : 0;
  });
  for (let r = 0; r < NT; r++) mix[r] = total > 0 ? mix[r] / total : 1 / NT;
  return mix;
}

/**
 * κ for the scenario: the mean P(win) of REFERENCE_PROSPECTS prospects is baseWinShare with the
 * access factors `cellAcc` of the city at the start, partners at reference effort, no subsidy
 * offered and the competitor at the status quo.
 */
export function referenceConstant(
  s: Scenario, sv: Services, pop: Population, cellCdf: Float64Array, choice: ChoiceTables, cellAcc: Float64Array,
): number {
  const ref: ChoiceTables = { ...choice, cellAcc, shared: sharedTable(s, sv.all), cum: new Float64Array(NC) };
  const rng = Rng.from(REFERENCE_SEED, 1), p = allocateCustomers(1);
  const logTotal = new Float64Array(REFERENCE_PROSPECTS);
  const n = sv.channels.offsets[sv.newLine + 1] - sv.channels.offsets[sv.newLine];
  for (let k = 0; k < REFERENCE_PROSPECTS; k++) {
    drawCustomer(p, 0, s, pop, cellCdf, rng, 0, null, searchCdf(cellCdf, rng.next()));
    const total = chooseChannel(ref, p, 0, sv.newLine, 0, 0) >= 0 ? ref.cum[n - 1] : 0;
    logTotal[k] = total > 0 ? Math.log(total) : -Infinity;
  }
  return solveConstant(s.acquisition.baseWinShare, logTotal, s.acquisition.nestScale);
}

/**
 * κ with mean_i logistic(κ + γ·L_i) = target (bisection; a prospect with L_i = −∞ never wins). Once
 * the midpoint is one of the bounds (about 58 halvings) no further step can move them: stopping
 * there gives the value 100 halvings give.
 */
export function solveConstant(target: number, logTotal: Float64Array, nest: number): number {
  let lo = -60, hi = 60;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) return mid;
    let sum = 0;
    for (let k = 0; k < logTotal.length; k++) sum += logistic(mid + nest * logTotal[k]);
    if (sum / logTotal.length < target) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The month's prospects: each won one becomes a customer who signs up through a sales channel. */
export function acquire(st: ModelState, rng: Rng): void {
  const { C, slots, s, acq } = st, t = st.tally, p = acq.prospect, sv = st.sv;
  const n = sv.channels.offsets[sv.newLine + 1] - sv.channels.offsets[sv.newLine];
  const rival = st.competitor.subsidy, offer = st.contracts.offer;
  const prospects = rng.poisson(s.acquisition.marketMonthly * st.agents);
  t.prospects += prospects;
  rewindSlots(slots);
  for (let k = 0; k < prospects; k++) {
    const cell = searchCdf(st.market.cellCdf, rng.next());
    drawCustomer(p, 0, s, st.market.pop, st.market.cellCdf, rng, 0, null, cell);
    // the sales channel the prospect would use, and (chooseChannel's running sums) the logit's denominator
    const c = chooseChannel(st.choice, p, 0, sv.newLine, 0, rng.next());
    const total = c >= 0 ? st.choice.cum[n - 1] : 0;
    const u = rng.next();
    t.choiceEvents++;
    if (!(total > 0)) continue;
    const r = p.tier[0], sub = offer[r];
    const v = acq.constant + acq.nest * Math.log(total) + (sub > 0 ? offerValue(offerUtility(st.contracts, r, p.arpu[0])) : 0) - acq.rivalPerCny * rival[r];
    if (u >= logistic(v)) continue;
    const i = takeSlot(slots, C, cell);
    copyCustomer(p, 0, C, i);
    t.won++;
    route(st, i, sv.newLine, c, rng, 0);
  }
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
