/**
 * What a completed transaction does — the one completion routine (`complete`) every path ends
 * in, except the hot loop's inlined common cases (needs.ts, stores.ts), which must do exactly the
 * same (a differential test runs a month both ways).
 *
 * Counts: the transaction by channel and service; a queue-free need done outside own stores
 * counts as diverted (分流); a displaced customer's first transaction after a closure counts in
 * the closure flows; an outlet's transactions, and the outlet becomes the customer's home.
 *
 * Money (酬金, 补贴; docs/MODEL.md §7.10): a partner earns its service fee; a new line pays its
 * channel's commission and buys a handset with probability
 *   logistic(logit(handsetShare) + β_handset · (subsidy − reference subsidy))
 * by tier. A handset sold resets the customer's handset age; to an eligible tier out of contract
 * it comes with the subsidised contract, taken with probability logistic(U_i) (contracts.ts): the
 * band's subsidy is paid and the contract runs with its minimum spend. A partner earns its
 * handset margin. Bought in the app or web hall a handset is picked up in a store with probability
 * `handoffs.o2oShare` (O2O: a counter visit, not a transaction). A completed retention offer
 * renews the customer's contract (contracts.ts).
 *
 * Experience (§7.7, §7.8), in integer levels (1/255) for familiarity and literacy:
 *   fam_ic ← fam_ic + ⌊(255 − fam_ic)·g_q / 256⌋,  g_q = round(256·familiarityGain)
 *   lit_i  ← lit_i + round((255 − lit_i)·literacyGain)                 (electronic channels)
 *   S_i    ← round(clamp(S_i + α·(score − S_i), 0, 100)),  score = good − β_wait·W − β_travel·T
 * and an abandoned need: S_i ← max(0, round(S_i − α·failurePenalty)).
 *
 * Satisfaction and literacy are stored in whole levels, so each stored update rounds. While the
 * hot loop serves a customer's needs (needs.ts) the customer is *held*: satisfaction runs on
 * unrounded (clamped at each step) and the electronic uses are counted, and both are stored once
 * when the customer's needs are done, literacy as n uses at once,
 *   lit_i ← lit_i + round((255 − lit_i)·(1 − (1 − literacyGain)^n)),
 * whichever path — inline or this routine — completed them. Rounding once per customer-month
 * instead of per transaction keeps the stored value the nearest level to the exact smoothed one
 * (a per-transaction rounding stops literacy short of the gap where (255 − lit)·gain < ½, that is
 * 25 levels at the default gain 0.02, and satisfaction within 2 points of the score).
 */
import { CH, CHANNELS, CHANNEL_FAMILY, NC } from './domain.ts';
import { DISPLACED } from './customers.ts';
import { drawOutlet } from './access.ts';
import { pushVisit, visitInfo, FLAG_PICKUP } from './visits.ts';
import { PICKUP, UNKNOWN_DAY } from './sampler.ts';
import type { Rng } from './rng.ts';
import type { Scenario } from './scenario.ts';
import type { ModelState } from './state.ts';
import { offerUtility, renewContract, signContract } from './contracts.ts';
import { logistic } from './acquisition.ts';

const S_OWN = CH.ownStore, S_PARTNER = CH.partner, S_APP = CH.app, S_WEB = CH.web;

/** The experience rule's parameters. */
export interface Experience {
  alpha: number;
  good: number;
  waitPen: number;
  travelPen: number;
  failurePenalty: number;
  /** familiarity gain per use in 1/256 */
  famGainQ: number;
  litGain: number;
  electronic: Uint8Array;
  /** the customer the hot loop holds (−1: none), the running satisfaction and electronic uses */
  held: number;
  sat: number;
  uses: number;
}

export function experienceRule(s: Scenario): Experience {
  return {
    alpha: s.satisfaction.smoothing, good: s.satisfaction.goodExperience,
    waitPen: s.satisfaction.waitPenaltyPerMin, travelPen: s.satisfaction.travelPenaltyPerMin,
    failurePenalty: s.satisfaction.failurePenalty,
    famGainQ: Math.round(s.adoption.familiarityGain * 256), litGain: s.adoption.literacyGain,
    electronic: Uint8Array.from(CHANNELS.map((c) => (CHANNEL_FAMILY[c] === 'electronic' ? 1 : 0))),
    held: -1, sat: 0, uses: 0,
  };
}

/** Satisfaction after an experience scored `score`, unrounded: S + α·(score − S) within [0, 100]. */
export function smooth(sat: number, score: number, alpha: number): number {
  const v = sat + alpha * (score - sat);
  return v < 0 ? 0 : v > 100 ? 100 : v;
}

/**
 * Defer customer i's familiarity gain on channel c while deferGains holds it (counted, applied by
 * applyGains), else apply it now.
 */
export function gainFamiliarity(st: ModelState, i: number, c: number): void {
  const gains = st.gains;
  if (gains !== null && c === st.gainChannel && gains[i] < 255) { gains[i]++; return; }
  const fam = st.C.familiarity, f = i * NC + c;
  fam[f] += ((255 - fam[f]) * st.exp.famGainQ) >> 8;
}

/**
 * From now until applyGains, channel c's familiarity gains are counted per customer instead of
 * applied: for the settling of served visits and answered calls (stores.ts, hotline.ts), which
 * take customers in blocks across the month's days, so that each gain would touch a familiarity
 * row out of order. Exact as long as nothing reads the familiarity in between (nothing there
 * chooses a channel): the gain, f ← f + ⌊(255 − f)·g/256⌋, applied k times in any order.
 */
export function deferGains(st: ModelState, c: number): void {
  if (st.gainsRoom.length < st.slots.hiWater) st.gainsRoom = new Uint8Array(st.C.capacity);
  st.gains = st.gainsRoom;
  st.gainChannel = c;
}

/** Apply the gains deferGains counted, customer by customer in slot order, and stop counting. */
export function applyGains(st: ModelState): void {
  const gains = st.gains;
  if (gains === null) return;
  st.gains = null;
  const fam = st.C.familiarity, q = st.exp.famGainQ, c = st.gainChannel, n = st.slots.hiWater;
  for (let i = 0; i < n; i++) {
    let k = gains[i];
    if (k === 0) continue;
    gains[i] = 0;
    const fi = i * NC + c;
    let f = fam[fi];
    for (; k > 0; k--) f += ((255 - f) * q) >> 8;
    fam[fi] = f;
  }
}

/** Satisfaction, familiarity and literacy after a completed transaction. */
export function experience(st: ModelState, i: number, c: number, travel: number, wait: number): void {
  const C = st.C, e = st.exp;
  gainFamiliarity(st, i, c);
  const score = e.good - e.waitPen * wait - e.travelPen * travel;
  if (i === e.held) {
    e.sat = smooth(e.sat, score, e.alpha);
    if (e.electronic[c]) e.uses++;
    return;
  }
  if (e.electronic[c]) C.literacy[i] += Math.round((255 - C.literacy[i]) * e.litGain);
  C.satisfaction[i] = Math.round(smooth(C.satisfaction[i], score, e.alpha));
}

/** A need given up: an experience scored failurePenalty points below the current value. */
export function abandon(st: ModelState, i: number): void {
  st.tally.abandoned++;
  const C = st.C, e = st.exp;
  if (i === e.held) {
    const v = e.sat - e.failurePenalty * e.alpha;
    e.sat = v < 0 ? 0 : v;
    return;
  }
  const v = C.satisfaction[i] - e.failurePenalty * e.alpha;
  C.satisfaction[i] = v < 0 ? 0 : Math.round(v);
}

/** Customer i's need `sv` served by channel c at outlet j (−1: none), after `travel` and `wait` minutes. */
export function complete(st: ModelState, i: number, sv: number, c: number, j: number, travel: number, wait: number, rng: Rng): void {
  const t = st.tally, C = st.C, svc = st.sv, a = st.acq;
  if (st.sampler) st.sampler.record(i, c, j, sv, st.txDay);
  t.tx[c]++;
  t.serviceChannel[sv * NC + c]++;
  if (svc.queueFree[sv]) {
    t.qfDone++;
    if (c !== S_OWN) t.qfOutside++;
  }
  if (C.status[i] & DISPLACED) {
    t.flowCount[C.home[i] * (NC + 1) + c]++;
    C.status[i] &= ~DISPLACED;
  }
  if (j >= 0) {
    t.txByOutlet[j]++;
    C.home[i] = j;
    if (c === S_PARTNER) {
      t.partnerIncome[j] += a.serviceFee;
      t.partnerPaid[j] += a.serviceFee;
      t.commission[S_PARTNER] += a.serviceFee;
    }
  }
  experience(st, i, c, travel, wait);
  if (sv === svc.newLine) {
    t.newLines++;
    t.commission[c] += a.perLine[c];
    C.developer[i] = j;
    if (j >= 0) {
      t.newByOutlet[j]++;
      if (c === S_PARTNER) { t.partnerIncome[j] += a.perLine[c]; t.partnerPaid[j] += a.perLine[c]; t.partnerSales[j] += a.perLine[c]; }
    }
    if (rng.next() < a.handsetP[C.tier[i]]) sellHandset(st, i, c, j, rng);
  } else if (svc.handset[sv]) sellHandset(st, i, c, j, rng);
  else if (st.contracts.retention[sv]) renewContract(C, i, st.contracts);
}

function sellHandset(st: ModelState, i: number, c: number, j: number, rng: Rng): void {
  const t = st.tally, C = st.C, a = st.acq, ct = st.contracts, tier = C.tier[i];
  t.handsets++;
  C.handsetAge[i] = 0;
  if (ct.offer[tier] > 0 && C.contract[i] <= 0 && rng.next() < logistic(offerUtility(ct, tier, C.arpu[i]))) {
    t.subsidy += ct.offer[tier];
    signContract(C, i, ct);
  }
  if (c === S_PARTNER && j >= 0) { t.partnerIncome[j] += a.handsetMargin; t.partnerSales[j] += a.handsetMargin; }
  if ((c === S_APP || c === S_WEB) && rng.next() < a.o2o) {
    const own = st.outlets.own, cell = C.cell[i];
    const m = drawOutlet(own, cell, rng.next());
    if (m >= 0) {
      t.handoffs[c * NC + S_OWN]++;
      const jp = own.outlet[cell * own.k + m];
      // after this month's counters have run (a re-chosen order), the pick-up is counted without a queue
      if (st.storesDone) {
        t.txByOutlet[jp]++;
        if (st.sampler) st.sampler.record(i, S_OWN, jp, PICKUP, UNKNOWN_DAY);
      } else pushVisit(st.stores, i, visitInfo(0, FLAG_PICKUP, m));
    }
  }
}
