/**
 * Churn (离网): a proportional-hazards rule (Cox 1972), evaluated monthly for every active customer.
 *
 *   h_i = h0 · tier(r_i) · tenure(t_i) · state(i) · exp( β_sat·(S_ref − S_i) + β_price·g_t − β_net·N
 *                                                       + [out of contract]·β_comp·x_{t,r} + β_close·Δ_i/T_close·[shock] )
 *   P(churn this month) = 1 − exp(−h_i)
 *
 *   tenure(t) = 0.6 + 0.8 · 2^(−t / half-life): new customers leave 1.4× as often as the base,
 *   long-standing ones 0.6× (habit keeps customers, seed 002).
 *   state(i): in a contract 合约 churn.contractFactor; in the churn.contractEndMonths months after one
 *   ends churn.contractEndFactor (× prepaidFactor for prepaid); otherwise 1 (postpaid) or
 *   churn.prepaidFactor (prepaid 预付费). Prepaid lines last about 17 months against 67 for
 *   postpaid ones, mostly on contract (Strategy Analytics 2012): prepaidFactor / contractFactor ≈ 3.75.
 *   g_t = (priceIndex − 1) − y_t, x_{t,r}: the competitor's price and subsidy response to tier r
 *   (competitor.ts); a competitor subsidy reaches only customers out of contract.
 *   Δ_i: the extra travel a closure of the customer's home outlet caused (outlets.ts), for
 *   CLOSURE_SHOCK_MONTHS months; T_close = churn.closureTravelRefMin.
 * Reference: seed 002 (Unicom 2008: 6.02 % monthly churn; network quality the main reason to
 * leave, habit and price the main reasons to stay). The factors are tabulated per month so the
 * per-customer cost is a few table look-ups.
 *
 * The month's pass (`churnAndAge`) draws churn as "E < h_i" with E standard exponential, which has
 * probability 1 − exp(−h_i), and ages the survivors: the closure effect counts down, tenure and
 * handset age grow by a month, a contract runs down (its minimum spend ends with it), and
 * familiarity with every channel decays, fam ← ⌊fam · (1 − familiarityDecay)⌋.
 */
import { NC, NT, TIERS } from './domain.ts';
import type { Scenario } from './scenario.ts';
import { substream, type Rng, type RngState } from './rng.ts';
import { ACTIVE, DISPLACED, HANDSET_AGE_CAP, MIN_SPEND, NO_CONTRACT, PREPAID } from './customers.ts';
import { SHOCK_LEVEL_MIN, SHOCK_LEVELS } from './outlets.ts';
import { stillCompetitor, type Competitor } from './competitor.ts';
import type { ModelState } from './state.ts';

/** Contract states: postpaid and prepaid out of contract, in contract, just ended (postpaid, prepaid). */
export const STATE_POSTPAID = 0, STATE_PREPAID = 1, STATE_CONTRACT = 2, STATE_ENDED = 3;

export interface ChurnTables {
  /**
   * h_i, the monthly hazard; the engine draws churn as "E < h_i" with E standard exponential,
   * probability 1 − exp(−h_i). `state` one of the STATE_ codes (+1 on STATE_ENDED for prepaid),
   * `shock` the customer's shock byte.
   */
  hazard(tier: number, satisfaction: number, tenure: number, shock: number, state: number): number;
  /** the month's competitor terms: call before the month's draws */
  setCompetitor(c: Competitor): void;
  /** months after a contract's end that carry the end factor */
  endMonths: number;
}

export const TENURE_CAP = 240;

/** The customer's contract state code (STATE_…; prepaid adds 1 out of contract and after an end). */
export function contractState(contract: number, status: number, endMonths: number): number {
  const prepaid = (status & PREPAID) !== 0 ? 1 : 0;
  if (contract > 0) return STATE_CONTRACT;
  return contract > -endMonths ? STATE_ENDED + prepaid : prepaid;
}

export function churnTables(s: Scenario): ChurnTables {
  const c = s.churn;
  const common = c.baseMonthly * Math.exp(-c.networkEffect * c.networkQuality);
  const tierF = Float64Array.from(TIERS.map((t) => c.tierFactor[t]));
  const satF = new Float64Array(101);
  for (let v = 0; v <= 100; v++) satF[v] = Math.exp(c.satisfactionEffect * (c.referenceSatisfaction - v));
  const tenF = new Float64Array(TENURE_CAP + 1);
  for (let t = 0; t <= TENURE_CAP; t++) tenF[t] = 0.6 + 0.8 * Math.pow(2, -t / c.tenureHalfLifeMonths);
  const shockF = new Float64Array(256);
  for (let b = 0; b < 256; b++) shockF[b] = (b & 7) > 0 ? Math.exp((c.closureEffect * (b >> 3) * SHOCK_LEVEL_MIN) / c.closureTravelRefMin) : 1;
  if (SHOCK_LEVELS !== 32) throw new Error('churn.ts: the shock byte holds 32 levels');
  const base = [1, c.prepaidFactor, c.contractFactor, c.contractEndFactor, c.contractEndFactor * c.prepaidFactor];
  // by tier × state: the competitor's subsidy move to tier r, x_{t,r}, reaches tier r's customers out of contract (competitor.ts)
  const stateF = new Float64Array(NT * 5);
  const setCompetitor = (k: Competitor) => {
    const price = Math.exp(c.priceEffect * (c.priceIndex - 1 - k.price));
    for (let r = 0; r < NT; r++) {
      const poach = Math.exp(s.competitor.subsidyChurnEffect * k.subsidy[r]);
      for (let q = 0; q < 5; q++) stateF[r * 5 + q] = common * price * base[q] * tierF[r] * (q === STATE_CONTRACT ? 1 : poach);
    }
  };
  setCompetitor(stillCompetitor());
  const hazard = (tier: number, satisfaction: number, tenure: number, shock: number, state: number) =>
    stateF[tier * 5 + state] * satF[satisfaction] * tenF[tenure > TENURE_CAP ? TENURE_CAP : tenure] * shockF[shock];
  return { hazard, setCompetitor, endMonths: c.contractEndMonths };
}

/** Familiarity after a month's decay, by level: ⌊f · (1 − decay)⌋. */
export function familiarityDecayTable(decay: number): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, f) => Math.floor(f * (1 - decay)));
}

/**
 * Churn and ageing of every active customer in slots [lo, hi); returns the churned and those at
 * risk. With `month` (a stream's state) each customer draws from its own substream of it
 * (rng.ts substream, keyed by slot), through `rng`'s state; without, from `rng` in turn.
 */
export function churnAndAge(st: ModelState, rng: Rng, lo = 0, hi = st.slots.hiWater, month?: RngState): { churned: number; atRisk: number } {
  let churned = 0, atRisk = 0;
  const r = rng.state, C = st.C, status = C.status, tier = C.tier, satisfaction = C.satisfaction, tenure = C.tenure, shock = C.shock, fam = C.familiarity;
  const contract = C.contract, age = C.handsetAge, endM = st.churn.endMonths;
  const decay = st.familiarityDecay, flowCount = st.tally.flowCount;
  st.churn.setCompetitor(st.competitor);
  const hazard = st.churn.hazard;
  for (let i = lo; i < hi; i++) {
    const stt = status[i];
    if (!(stt & ACTIVE)) continue;
    if (month) substream(r, month, i);
    atRisk++;
    const ct = contract[i];
    if (rng.exp1() < hazard(tier[i], satisfaction[i], tenure[i], shock[i], contractState(ct, stt, endM))) {
      churned++;
      if (stt & DISPLACED) flowCount[C.home[i] * (NC + 1) + NC]++;
      status[i] = 0;
      continue;
    }
    const sh = shock[i];
    if (sh !== 0) shock[i] = (sh & 7) > 1 ? sh - 1 : 0;
    if (tenure[i] < 65535) tenure[i]++;
    if (age[i] < HANDSET_AGE_CAP) age[i]++;
    if (ct > 0) {
      contract[i] = ct - 1;
      if (ct === 1) status[i] = stt & ~MIN_SPEND;
    } else if (ct > NO_CONTRACT) contract[i] = ct - 1;
    const b = i * NC;
    for (let c = 0; c < NC; c++) fam[b + c] = decay[fam[b + c]];
  }
  return { churned, atRisk };
}
