/**
 * Own stores' counters (自营厅柜台), docs/MODEL.md §7.5: the month's store visits as one FIFO
 * queue with reneging per store and open day (dayqueues.ts, queue.ts: M/M/c+M when arrivals
 * are Poisson), c = the store's counters, open `openHours` a day; service times exponential with
 * the service's mean counter time, patience exponential with mean `stores.patienceMeanMin`
 * (a new line never reneges).
 *
 * Then, in visit (= customer) order: a served visit completes at the counter (completion.ts;
 * the plain case inline), an O2O pick-up gains the customer the store's experience, and a
 * reneged visitor re-chooses without the store or gives up (`processRetries`, routing.ts).
 * Each store's expected wait for next month's choices is updated (dayqueues.ts `expectedWait`).
 */
import { CH, NC } from './domain.ts';
import { DISPLACED } from './customers.ts';
import { PICKUP, UNKNOWN_DAY } from './sampler.ts';
import type { Rng } from './rng.ts';
import { abandon, complete, experience, smooth } from './completion.ts';
import { fail } from './routing.ts';
import { expectedWait, GONE, runDayQueues, WAIT_SCALE, type QueueSpec } from './dayqueues.ts';
import { dayOf, FLAG_PICKUP, FLAG_RETRY, flagsOf, serviceOf, slotOf, VisitReader } from './visits.ts';
import { STORE_BIN, STORE_BINS, WAIT_BIN, WAIT_BINS } from './recorder.ts';
import type { ModelState } from './state.ts';

const S_OWN = CH.ownStore;

/** Run the counters' queues and complete the served visits. */
export function runStores(st: ModelState, rng: Rng, retryRng: Rng): void {
  const t = st.tally, o = st.outlets, C = st.C, b = st.stores;
  const spec: QueueSpec = { ...st.storeQueue, slotOutlet: o.own.outlet };
  const storeHist = t.storeHist, allHist = t.allHist;
  runDayQueues(st.queues, b, C.cell, spec, rng, (j, m, wait, _reneged, busyMin) => {
    let sum = 0;
    const hb = j * STORE_BINS;
    for (let q = 0; q < m; q++) {
      const wt = wait[q];
      sum += wt;
      storeHist[hb + Math.min(STORE_BINS - 1, Math.floor(wt / STORE_BIN))]++;
      allHist[Math.min(WAIT_BINS - 1, Math.floor(wt / WAIT_BIN))]++;
    }
    t.waitSum += sum; t.waitN += m;
    t.waitSumByOutlet[j] += sum; t.waitNByOutlet[j] += m;
    t.busy[j] += busyMin; t.busyByOutlet[j] += busyMin;
  });
  const out = st.queues.out, info = b.info, K = o.K, ownOutlet = o.own.outlet, ownTravel = o.own.travel, reader = new VisitReader(b);
  const status = C.status, fam = C.familiarity, satisfaction = C.satisfaction, home = C.home, cellOf = C.cell;
  const svc = st.sv, e = st.exp, sampler = st.sampler, fast = st.fastPaths;
  let served = 0, qfServed = 0;
  for (let v = 0; v < b.n; v++) {
    const inf = info[v], w = out[v], i = reader.customer(inf);
    const sv = serviceOf(inf), f = flagsOf(inf), cb = cellOf[i] * K + slotOf(inf);
    const j = ownOutlet[cb], tr = ownTravel[cb];
    if (fast && w !== GONE && f === 0 && sv < svc.n && !svc.special[sv] && !(status[i] & DISPLACED)) {
      // the common case, a plain service at the counter: what complete() does, inline
      const wt = w / WAIT_SCALE;
      if (sampler) sampler.record(i, S_OWN, j, sv, dayOf(inf));
      served++;
      t.serviceChannel[sv * NC + S_OWN]++;
      if (svc.queueFree[sv]) qfServed++;
      t.txByOutlet[j]++;
      home[i] = j;
      const fi = i * NC + S_OWN;
      fam[fi] += ((255 - fam[fi]) * e.famGainQ) >> 8;
      satisfaction[i] = Math.round(smooth(satisfaction[i], e.good - e.waitPen * wt - e.travelPen * tr, e.alpha));
      continue;
    }
    if (f & FLAG_PICKUP) { // a pick-up belongs to an order already counted
      t.txByOutlet[j]++;
      if (sampler) sampler.record(i, S_OWN, j, PICKUP, dayOf(inf));
      experience(st, i, S_OWN, tr, w === GONE ? st.s.stores.patienceMeanMin : w / WAIT_SCALE);
    } else if (w !== GONE) {
      st.txDay = dayOf(inf);
      complete(st, i, sv, S_OWN, j, tr, w / WAIT_SCALE, retryRng);
      st.txDay = UNKNOWN_DAY;
    } // else reneged: re-chosen in processRetries
  }
  t.tx[S_OWN] += served;
  t.qfDone += qfServed;
  for (let j = 0; j < o.n; j++) o.expWait[j] = expectedWait(o.expWait[j], t.waitSumByOutlet[j], t.waitNByOutlet[j]);
}

/** Store visitors who reneged (their queue outcome is still in queues.out) re-choose or give up, in visit order. */
export function processRetries(st: ModelState, rng: Rng): void {
  const b = st.stores, out = st.queues.out, info = b.info, reader = new VisitReader(b);
  for (let v = 0; v < b.n; v++) {
    const inf = info[v], i = reader.customer(inf);
    if (out[v] !== GONE) continue;
    const f = flagsOf(inf);
    if (f & FLAG_PICKUP) continue;
    if (f & FLAG_RETRY) { abandon(st, i); continue; }
    fail(st, i, serviceOf(inf), 1 << S_OWN, rng, f);
  }
}
