/**
 * Every active customer's needs of the month — the hot loop (docs/MODEL.md §7.2–7.4):
 *
 *   needs_i ~ Poisson(λ_g),  λ_g = Σ_{s not handset} inc_{s,g},  truncated at MAX_NEEDS − 1
 *   service ~ inc_{s,g} / λ_g                                        (alias table per segment, alias.ts)
 *   and a handset purchase with probability 1 − exp(−h_i), one at most:
 *   h_i = (π/2) · H_g² · (a_i + ½) · (1 + upgradePerCny · S_i)       H_g = Σ_{s handset} inc_{s,g}
 *   the Weibull(2) hazard of a handset a_i months old, whose renewal rate without subsidy is H_g
 *   (mean cycle 1/H_g; the hazard rises with age, so a subsidy pulls purchases forward and then
 *   runs out of old handsets); S_i the subsidy offered to the customer's tier, 0 in a contract
 *   channel ~ logit (choice.ts): the customer's factors once per month, one product per alternative,
 *             unless the customer's account manager takes the need first (accountManagers.ts)
 *   a self-service attempt fails with probability selfServiceFailure · complexity_s · (1 − lit_i)
 *
 * then the need goes where routing.ts takes it. The common cases are inlined here: a remote
 * channel completing at once, a partner or kiosk completing at once, a store visit joining the
 * counter queue (or sent on by the floor guide, routing.ts `guide`). They do exactly what the
 * general path (serveChoice → route → complete, completion.ts) does; the customer is held
 * (completion.ts) while their needs are served, so both paths add to the same running
 * satisfaction and count of electronic uses, stored once at the end.
 * The option `fastPaths: false` sends every need the general way (test/model/needs.test.ts
 * requires identical state both ways).
 */
import { CH, NC as N_CHANNELS, NS, NT as N_TIERS, SEGMENTS } from './domain.ts';
import type { Scenario } from './scenario.ts';
import { substream, uniform, type Rng, type RngState } from './rng.ts';
import { AliasBuilder } from './alias.ts';
import { ACTIVE, DISPLACED } from './customers.ts';
import { LEVELS, pickCumulative } from './choice.ts';
import { complete, smooth } from './completion.ts';
import { guide, serveChoice } from './routing.ts';
import { KEY_PENDING, pushVisit, visitInfo } from './visits.ts';
import { NO_OUTLET, UNKNOWN_DAY } from './sampler.ts';
import type { ModelState } from './state.ts';
import type { ContractTables } from './contracts.ts';

/** Needs per customer and month are drawn below this bound. */
export const MAX_NEEDS = 40;
// serveNeeds writes the customer factors out for exactly ten channels of 256 levels
if (N_CHANNELS !== 10 || LEVELS !== 256) throw new Error('needs.ts: serveNeeds expects 10 channels and 256 levels');
// Module-local copies: imported bindings can compile to getters, too slow for the hot loop.
const NC = N_CHANNELS, NT = N_TIERS;
const S_OWN = CH.ownStore, S_PARTNER = CH.partner, S_KIOSK = CH.kiosk, S_APP = CH.app, S_HOTLINE = CH.hotline, S_AM = CH.accountManager;

/** The segments' need counts and service mixes, and the hot loop's scratch. */
export interface NeedTables {
  /** Poisson CDF of the number of needs, segment × MAX_NEEDS */
  poissonCdf: Float64Array;
  /** alias tables of the service mix, segment × service */
  svcProb: Float64Array;
  svcAlias: Uint8Array;
  /** literacy gained by n electronic uses in a month, of the gap to full: 1 − (1 − gain)^n */
  literacyGain: Float64Array;
  /** the customer's factor per channel (access × literacy × habit) */
  customerFactor: Float64Array;
  /** P(a handset purchase this month), ((segment × tier) × in contract) × handset age */
  handsetP: Float64Array;
  /** the handset services and, per segment, their cumulative shares (one: no draw) */
  handsetServices: Int32Array;
  handsetCum: Float64Array;
}

/** Handset ages tabulated (customers.ts HANDSET_AGE_CAP + 1). */
const AGES = 256;

export function needTables(s: Scenario, ct: ContractTables): NeedTables {
  const nSv = s.services.length, a = s.acquisition;
  const poissonCdf = new Float64Array(NS * MAX_NEEDS), svcProb = new Float64Array(NS * nSv), svcAlias = new Uint8Array(NS * nSv);
  const weight = new Float64Array(nSv), builder = new AliasBuilder();
  const handsetServices = Int32Array.from(s.services.flatMap((sv, k) => (sv.handset ? [k] : [])));
  const nH = handsetServices.length, handsetCum = new Float64Array(NS * nH), handsetP = new Float64Array(NS * NT * 2 * AGES);
  for (let g = 0; g < NS; g++) {
    let hRate = 0;
    handsetServices.forEach((k, q) => { hRate += s.services[k].incidence[SEGMENTS[g]]; handsetCum[g * nH + q] = hRate; });
    for (let r = 0; r < NT; r++) {
      for (let inContract = 0; inContract < 2; inContract++) {
        const pull = 1 + a.upgradePerCny * (inContract ? 0 : ct.offer[r]);
        const base = ((g * NT + r) * 2 + inContract) * AGES;
        for (let age = 0; age < AGES; age++) handsetP[base + age] = 1 - Math.exp(-(Math.PI / 2) * hRate * hRate * (age + 0.5) * pull);
      }
    }
    s.services.forEach((sv, k) => { weight[k] = sv.handset ? 0 : sv.incidence[SEGMENTS[g]]; });
    const rate = builder.build(weight, 0, nSv, svcProb, svcAlias, g * nSv);
    let p = Math.exp(-rate), c = p;
    for (let n = 0; n < MAX_NEEDS; n++) {
      poissonCdf[g * MAX_NEEDS + n] = c;
      p *= rate / (n + 1);
      c += p;
    }
  }
  const gain = s.adoption.literacyGain;
  return {
    poissonCdf, svcProb, svcAlias,
    literacyGain: Float64Array.from({ length: MAX_NEEDS + 1 }, (_, k) => 1 - Math.pow(1 - gain, k)),
    customerFactor: new Float64Array(NC),
    handsetP, handsetServices, handsetCum,
  };
}

/**
 * The needs this month of every active customer in slots [lo, hi) (blocks.ts: a block of them).
 * Each customer draws from its own substream of `month` (rng.ts substream, keyed by the slot),
 * through `rng`, whose state is set customer by customer (`month` defaults to `rng`'s state as
 * given); the uniform days of its visits and calls are its own counter-based draws under `days`
 * (rng.ts hashUniform), apart, so that a visit more or less leaves its other draws paired.
 */
export function serveNeeds(st: ModelState, rng: Rng, month: RngState = Uint32Array.from(rng.state), lo = 0, hi = st.slots.hiWater, days: RngState = month): void {
  const r = rng.state, C = st.C, svc = st.sv, ch = st.choice, nt = st.needs, o = st.outlets, t = st.tally, e = st.exp;
  // Locals, not property reads: the calls below would otherwise force a reload every use.
  const status = C.status, segment = C.segment, tier = C.tier, cellOf = C.cell, literacy = C.literacy;
  const fam = C.familiarity, adopted = C.adopted, satisfaction = C.satisfaction, home = C.home;
  const offs = ch.channels.offsets, list = ch.channels.list, sharedT = ch.shared, cum = ch.cum, cw = nt.customerFactor;
  const managerFirst = ch.managerFirst, pFirst = st.amFirstShare;
  const txl = t.tx, svch = t.serviceChannel, handoffs = t.handoffs, txByOutlet = t.txByOutlet, pIncome = t.partnerIncome, pPaid = t.partnerPaid;
  const qf = svc.queueFree, special = svc.special, sens = svc.sensitive, cx = svc.complexity, elec = e.electronic;
  const handsetAge = C.handsetAge, contract = C.contract, hP = nt.handsetP, hSv = nt.handsetServices, hCum = nt.handsetCum, nH = hSv.length;
  const pcdf = nt.poissonCdf, sProb = nt.svcProb, sAlias = nt.svcAlias, litGainT = nt.literacyGain;
  const selfFail = st.s.choice.selfServiceFailure, floorShare = st.s.levers.diversion.floorGuide, fee = st.acq.serviceFee;
  const nSv1 = svc.n + 1, nServices = svc.n, gainQ = e.famGainQ, alphaS = e.alpha, goodS = e.good, travelPen = e.travelPen;
  const K = o.K, kiosks = o.kiosks, partnerCan = o.partnerCan, stores = st.stores, sampler = st.sampler, fast = st.fastPaths;
  const own = o.own, partner = o.partner, kiosk = o.kiosk;
  let events = 0, needCount = 0, qfAll = 0, am = 0, fees = 0, amEligible = 0;
  const storeDays = st.stores, callDays = st.calls;
  storeDays.keyBase = callDays.keyBase = days;
  for (let i = lo; i < hi; i++) {
    if (!(status[i] & ACTIVE)) continue;
    substream(r, month, i);
    storeDays.key = KEY_PENDING; storeDays.keyItem = 2 * i; storeDays.keyDraws = 0;
    callDays.key = KEY_PENDING; callDays.keyItem = 2 * i + 1; callDays.keyDraws = 0;
    const g = segment[i];
    // number of needs: Poisson by inversion on the segment's table
    const u = uniform(r);
    let nNeeds = 0;
    const pb = g * MAX_NEEDS;
    while (nNeeds < MAX_NEEDS - 1 && u > pcdf[pb + nNeeds]) nNeeds++;
    // a handset purchase, last of the month's needs, by the handset's age
    const buys = uniform(r) < hP[(((g * NT + tier[i]) << 1) + (contract[i] > 0 ? 1 : 0)) * AGES + handsetAge[i]] ? 1 : 0;
    const nAll = nNeeds + buys;
    if (nAll === 0) continue;
    needCount += nAll;
    const rowBase = (g * NT + tier[i]) * nSv1, cb = cellOf[i] * K, sb = g * nServices;
    const hasApp = adopted[i], away = status[i] & DISPLACED;
    customerFactors(cw, ch.cellAcc, ch.digital, ch.habit, fam, cellOf[i] * NC, literacy[i] * NC, i * NC, hasApp);
    let sat: number = satisfaction[i], litUse = 0;
    for (let k = 0; k < nAll; k++) {
      // service from the segment's mix (alias table), or the handset service
      let sv: number;
      if (k < nNeeds) {
        const xs = uniform(r) * nServices, ks = xs | 0;
        sv = xs - ks < sProb[sb + ks] ? ks : sAlias[sb + ks];
      } else sv = nH === 1 ? hSv[0] : hSv[pickCumulative(hCum.subarray(g * nH, g * nH + nH), nH, uniform(r) * hCum[g * nH + nH - 1])];
      let chosen: number, failed = false;
      if (managerFirst[rowBase + sv] !== 0 && (amEligible++, pFirst >= 1 || uniform(r) < pFirst)) {
        chosen = S_AM; // proactive account management: the manager takes it first (accountManagers.ts)
      } else {
        // channel by logit over the channels that can carry it: running sums, then one uniform
        const base = (rowBase + sv) * NC, o0 = offs[sv], o1 = offs[sv + 1];
        let total = 0;
        for (let q = o0; q < o1; q++) {
          total += sharedT[base + list[q]] * cw[list[q]];
          cum[q - o0] = total;
        }
        events++;
        const pick = pickCumulative(cum, o1 - o0, uniform(r) * total);
        chosen = total > 0 ? list[o0 + pick] : -1;
        // a self-service attempt can fail: the harder the service and the less skilled the customer
        failed = chosen >= 0 && elec[chosen] === 1 && selfFail > 0 && uniform(r) < selfFail * cx[sv] * (1 - literacy[i] / 255);
      }
      if (!fast || failed || chosen < 0 || special[sv] || away) {
        // the general path below
      } else if (chosen !== S_OWN && chosen !== S_PARTNER && chosen !== S_KIOSK && chosen !== S_HOTLINE) {
        // the common case, a remote channel completing at once: what complete() does, inline
        if (sampler) sampler.record(i, chosen, NO_OUTLET, sv, UNKNOWN_DAY);
        txl[chosen]++;
        svch[sv * NC + chosen]++;
        if (qf[sv]) qfAll++;
        fam[i * NC + chosen] += ((255 - fam[i * NC + chosen]) * gainQ) >> 8;
        if (elec[chosen]) litUse++;
        else am++;
        sat = smooth(sat, goodS, alphaS);
        continue;
      } else if (chosen !== S_HOTLINE && (chosen !== S_PARTNER || !partnerCan) && !sens[sv]) {
        // a partner or a kiosk completes at once; a store visit joins the counter queue unless
        // the floor guide sends it on (to a kiosk: inline; to the app: the general completion)
        const xo = uniform(r) * K, ko = xo | 0;
        let c = chosen, j: number, tr: number;
        if (chosen === S_OWN) {
          const m = xo - ko < own.prob[cb + ko] ? ko : own.alias[cb + ko];
          j = own.outlet[cb + m]; tr = own.travel[cb + m];
          c = guide(svc, kiosks, floorShare, sv, j, hasApp, r);
          if (c === S_OWN) {
            pushVisit(stores, i, visitInfo(sv, 0, m));
            continue;
          }
          handoffs[S_OWN * NC + c]++;
          if (c === S_APP) {
            e.held = i; e.sat = sat; e.uses = litUse;
            complete(st, i, sv, S_APP, -1, tr, 0, rng);
            sat = e.sat; litUse = e.uses; e.held = -1;
            continue;
          }
        } else {
          const a = chosen === S_PARTNER ? partner : kiosk;
          const m = xo - ko < a.prob[cb + ko] ? ko : a.alias[cb + ko];
          j = a.outlet[cb + m]; tr = a.travel[cb + m];
          if (chosen === S_PARTNER) { pIncome[j] += fee; pPaid[j] += fee; fees += fee; }
        }
        if (sampler) sampler.record(i, c, j, sv, UNKNOWN_DAY);
        txl[c]++;
        svch[sv * NC + c]++;
        if (qf[sv]) qfAll++;
        txByOutlet[j]++;
        home[i] = j;
        fam[i * NC + c] += ((255 - fam[i * NC + c]) * gainQ) >> 8;
        if (elec[c]) litUse++;
        sat = smooth(sat, goodS - travelPen * tr, alphaS);
        continue;
      }
      // the general path, holding the customer: it adds to the same running satisfaction and uses
      e.held = i; e.sat = sat; e.uses = litUse;
      serveChoice(st, i, sv, chosen, failed, rng);
      sat = e.sat; litUse = e.uses; e.held = -1;
    }
    satisfaction[i] = Math.round(sat);
    if (litUse > 0) literacy[i] += Math.round((255 - literacy[i]) * litGainT[litUse]); // litUse ≤ needs < MAX_NEEDS
  }
  storeDays.key = callDays.key = -1;
  storeDays.keyBase = callDays.keyBase = null;
  t.choiceEvents += events;
  t.needs += needCount;
  t.qfDone += qfAll;
  t.qfOutside += qfAll;
  t.amDemand += am;
  t.amEligible += amEligible;
  t.commission[S_PARTNER] += fees;
}

/**
 * The customer's own factor per channel this month, access × literacy × habit (0 for the app
 * when the customer does not use it). Written out for the ten channels: in a stand-alone copy of
 * the loop V8 ran the straight line 14 % faster per choice.
 */
function customerFactors(
  cw: Float64Array, acc: Float64Array, dig: Float64Array, hab: Float64Array, fam: Uint8Array,
  cellBase: number, litBase: number, famBase: number, hasApp: number,
): void {
  cw[0] = acc[cellBase] * dig[litBase] * hab[fam[famBase]];
  cw[1] = acc[cellBase + 1] * dig[litBase + 1] * hab[256 + fam[famBase + 1]];
  cw[2] = acc[cellBase + 2] * dig[litBase + 2] * hab[512 + fam[famBase + 2]];
  cw[3] = acc[cellBase + 3] * dig[litBase + 3] * hab[768 + fam[famBase + 3]];
  cw[4] = acc[cellBase + 4] * dig[litBase + 4] * hab[1024 + fam[famBase + 4]];
  cw[5] = acc[cellBase + 5] * dig[litBase + 5] * hab[1280 + fam[famBase + 5]];
  cw[6] = acc[cellBase + 6] * dig[litBase + 6] * hab[1536 + fam[famBase + 6]];
  cw[7] = acc[cellBase + 7] * dig[litBase + 7] * hab[1792 + fam[famBase + 7]];
  cw[8] = acc[cellBase + 8] * dig[litBase + 8] * hab[2048 + fam[famBase + 8]];
  cw[9] = acc[cellBase + 9] * dig[litBase + 9] * hab[2304 + fam[famBase + 9]];
  if (!hasApp) cw[S_APP] = 0;
}
