/**
 * Own stores' counters (自营厅柜台), docs/MODEL.md §7.5: each open day, one queue with reneging
 * per store (dayqueues.ts, queue.ts: M/M/c+M when arrivals are Poisson), c = the store's staffed
 * counters, open `openHours` a day; service times exponential with the service's mean counter
 * time, patience exponential with mean `stores.patienceMeanMin` (a new line never reneges).
 * Customers of the tiers in `routing.vipTiers` are called first when `routing.storePriority`
 * (营业厅绿色通道, VIP客户优先服务; seed 002).
 *
 * Then, in the order the day's visits were made, a reneged visitor re-chooses without the store
 * or gives up (routing.ts `fail`): a hotline call or another store visit so chosen queues on the
 * next day (spillover.ts). A served visit completes at the counter (completion.ts; the plain case
 * inline) and an O2O pick-up gains the customer the store's experience: at once for a visit made
 * while the queues ran, after the month's last day for the others (completeServedVisits), taken
 * customer by customer across the days, so that the customers' state is read in order (a day's
 * visits are a thirtieth of the customers, scattered over all of them).
 *
 * At the end of the month each store's expected wait and served share for next month's choices
 * are updated, and its staffed counters move towards the counters its recent demand needs
 * (`stores.staffing`):
 *
 *   a_j   = offered counter minutes / open minutes          (this month's load, Erlang)
 *   L_j  ← (1 − m)·L_j + m·a_j                             (m = WAIT_MEMORY; L_j = a_j at first)
 *   c*_j  = fewest counters c > L_j with Erlang C mean wait C(c, L_j)·S̄/(c − L_j) ≤ T,
 *           within [minCounters, the store's counters]        (S̄ = offered minutes / arrivals)
 *   c_j  ← c_j + clamp(c*_j − c_j, −step, step)
 *
 * T = `stores.staffing.meanWaitMin`, step = `stores.staffing.stepPerMonth`; the store's staff
 * (and its staff cost, money.ts) scale with c_j / counters. Erlang C at the day's mean load
 * leaves out both the midday peak, which lengthens waits, and reneging, which shortens them:
 * at the default city's loads the two roughly cancel (docs/MODEL.md §7.5).
 */
import { CH, NC } from './domain.ts';
import { DISPLACED } from './customers.ts';
import { PICKUP, UNKNOWN_DAY } from './sampler.ts';
import type { Rng } from './rng.ts';
import type { Region } from './region.ts';
import { abandon, applyGains, complete, deferGains, experience, gainFamiliarity, smooth } from './completion.ts';
import { fail } from './routing.ts';
import { expectedServed, expectedWait, forDayOutcomes, forServedFirstRound, GONE, runDay, WAIT_MEMORY, WAIT_SCALE } from './dayqueues.ts';
import { erlangC } from './erlang.ts';
import { FLAG_PICKUP, FLAG_RETRY, flagsOf, serviceOf, slotOf } from './visits.ts';
import { STORE_BIN, STORE_BINS, WAIT_BIN, WAIT_BINS } from './recorder.ts';
import type { ModelState } from './state.ts';

const S_OWN = CH.ownStore;

/** Counters staffed at each own store, and the demand memory they follow. */
export interface Staffing {
  /** staffed counters by outlet this month (partners 0) */
  counters: Int32Array;
  /** the roster for next month, set when this month's queues are done (rosterMonth applies it) */
  planned: Int32Array;
  /** remembered offered load, Erlang over the open hours (NaN before the first month) */
  load: Float64Array;
}

export function createStaffing(region: Region): Staffing {
  const counters = Int32Array.from(region.outlets, (o) => (o.kind === 'own' ? o.counters : 0));
  return { counters, planned: counters.slice(), load: new Float64Array(region.outlets.length).fill(Number.NaN) };
}

/** A new month works the roster planned at the end of the last. */
export function rosterMonth(staff: Staffing): void {
  staff.counters.set(staff.planned);
}

/** Run day d's counter queues and apply their outcomes in visit order. */
export function storeDay(st: ModelState, d: number, rng: Rng, retryRng: Rng): void {
  const t = st.tally, C = st.C, q = st.storeDays;
  const storeHist = t.storeHist, allHist = t.allHist;
  runDay(q, st.stores, d, C.cell, C.tier, st.storeQueue, rng, (j, m, wait, reneged, first, busyMin, offeredMin) => {
    let sum = 0, gone = 0, sumFirst = 0, nFirst = 0;
    const hb = st.outlets.ownSlot[j] * STORE_BINS;
    for (let p = 0; p < m; p++) {
      const wt = wait[p];
      sum += wt;
      gone += reneged[p];
      if (first[p]) { sumFirst += wt; nFirst++; }
      storeHist[hb + Math.min(STORE_BINS - 1, Math.floor(wt / STORE_BIN))]++;
      allHist[Math.min(WAIT_BINS - 1, Math.floor(wt / WAIT_BIN))]++;
    }
    t.waitSum += sum; t.waitN += m; t.waitSumFirst += sumFirst; t.waitNFirst += nFirst;
    t.waitSumByOutlet[j] += sum; t.waitNByOutlet[j] += m; t.renegedByOutlet[j] += gone; t.offeredByOutlet[j] += offeredMin;
    t.busy[j] += busyMin; t.busyByOutlet[j] += busyMin;
  });
  // served first-round visits complete after the last day (completeServedVisits); what a failure
  // or a later visit does is applied now, since it can queue again tomorrow
  const leave = (1 << S_OWN) | st.closedQueues;
  forDayOutcomes(st.stores, q, d, (i, inf, w) => storeOutcome(st, i, inf, w, d, retryRng, leave));
}

/**
 * The served first-round visits of the month, customer by customer across the days (dayqueues.ts
 * forServedFirstRound). `each(i, d, inf)`, where given, is told each visit first (customer, day,
 * packed word) and may skip it by returning false (settle.ts: a thread's blocks).
 */
export function completeServedVisits(st: ModelState, rng: Rng, each?: (i: number, d: number, inf: number) => boolean): void {
  // the own-store familiarity gains, counted and then applied in slot order (completion.ts deferGains)
  deferGains(st, S_OWN);
  forServedFirstRound(st.stores, st.storeDays, (i, inf, w, d) => {
    if (!each || each(i, d, inf)) storeOutcome(st, i, inf, w, d, rng, 0);
  });
  applyGains(st);
}

/** What visit `inf` of customer i on day d does, its queue outcome w (a wait, or GONE); `leave`: channels a re-choice excludes. */
function storeOutcome(st: ModelState, i: number, inf: number, w: number, d: number, retryRng: Rng, leave: number): void {
  const t = st.tally, o = st.outlets, C = st.C, svc = st.sv, e = st.exp;
  const sv = serviceOf(inf), f = flagsOf(inf), cb = C.cell[i] * o.K + slotOf(inf);
  const j = o.own.outlet[cb], tr = o.own.travel[cb];
  if (st.fastPaths && w !== GONE && f === 0 && sv < svc.n && !svc.special[sv] && !(C.status[i] & DISPLACED)) {
    // the common case, a plain service at the counter: what complete() does, inline
    const wt = w / WAIT_SCALE;
    if (st.sampler) st.sampler.record(i, S_OWN, j, sv, d);
    t.tx[S_OWN]++;
    t.serviceChannel[sv * NC + S_OWN]++;
    if (svc.queueFree[sv]) t.qfDone++;
    t.txByOutlet[j]++;
    C.home[i] = j;
    gainFamiliarity(st, i, S_OWN);
    C.satisfaction[i] = Math.round(smooth(C.satisfaction[i], e.good - e.waitPen * wt - e.travelPen * tr, e.alpha));
    return;
  }
  if (f & FLAG_PICKUP) { // a pick-up belongs to an order already counted
    t.txByOutlet[j]++;
    if (st.sampler) st.sampler.record(i, S_OWN, j, PICKUP, d);
    experience(st, i, S_OWN, tr, w === GONE ? st.s.stores.patienceMeanMin : w / WAIT_SCALE);
  } else if (w !== GONE) {
    st.txDay = d;
    complete(st, i, sv, S_OWN, j, tr, w / WAIT_SCALE, retryRng);
    st.txDay = UNKNOWN_DAY;
  } else if (f & FLAG_RETRY) abandon(st, i);
  else fail(st, i, sv, leave, retryRng, f); // reneged: re-choose without the store (or any queue on the last day)
}

/** After the month's last day: expected waits and served shares, and next month's staffed counters. */
export function closeStores(st: ModelState): void {
  const t = st.tally, o = st.outlets, s = st.s, staff = st.staffing, days = st.days;
  for (let j = 0; j < o.n; j++) {
    o.expWait[j] = expectedWait(o.expWait[j], t.waitSumByOutlet[j], t.waitNByOutlet[j]);
    o.expServed[j] = expectedServed(o.expServed[j], t.waitNByOutlet[j] - t.renegedByOutlet[j], t.waitNByOutlet[j]);
  }
  if (!s.stores.staffing.followDemand) return;
  const { meanWaitMin, minCounters, stepPerMonth } = s.stores.staffing;
  st.region.outlets.forEach((x, j) => {
    if (!o.isOwn[j] || !o.open[j]) return;
    const offered = t.offeredByOutlet[j], arrivals = t.waitNByOutlet[j];
    const a = offered / (x.openHours * 60 * days);
    staff.load[j] = Number.isNaN(staff.load[j]) ? a : (1 - WAIT_MEMORY) * staff.load[j] + WAIT_MEMORY * a;
    const lo = Math.min(minCounters, x.counters), load = staff.load[j];
    let need = lo;
    if (arrivals > 0 && load > 0) {
      const meanServiceMin = offered / arrivals;
      need = Math.max(lo, Math.floor(load) + 1);
      while (need < x.counters && (erlangC(need, load) * meanServiceMin) / (need - load) > meanWaitMin) need++;
    }
    need = Math.min(x.counters, need);
    const c = staff.counters[j];
    staff.planned[j] = c + Math.max(-stepPerMonth, Math.min(stepPerMonth, need - c));
  });
}
