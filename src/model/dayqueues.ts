/**
 * A queue channel's visits of one day as one FIFO queue per server group: store counters by
 * store, the hotline as one group (queue.ts runs each queue). The month's days run in order
 * (spillover.ts), so a visit made on day d after a failed queue can join a later day's queue.
 *
 * Days: a visit made before the queues run has a uniform day of the month (visits.ts); a retry
 * or pick-up made while they run has the next day. With agents weighted w > 1 a visit enters the
 * queue as w arrivals (⌊w⌋, plus one more with probability w − ⌊w⌋): the agent and w − 1 shadow
 * subscribers with their own service time and patience, so the queue carries the whole city's
 * load; shadows count in the wait statistics and have no further effect. A first-round visit's
 * shadows get independent uniform days (prepareShadows, before the first day); a later visit's
 * shadows queue on its day, since the subscribers it stands for failed and came back alike.
 *
 * Times: within a (group, day) of m arrivals the times of day are m order statistics drawn
 * directly in ascending order (uniform spacings: cumulative sums of m + 1 exponentials,
 * normalised, mapped through the intraday profile; Devroye 1986, §V.3), handed to the arrivals
 * in a random order (Fisher–Yates), so no sort is needed. Service times and patience are
 * exponential. Arrivals of a tier in `QueueSpec.first` (the VIP green channel, 绿色通道) are, with
 * `QueueSpec.priority`, served before the others whenever a server frees (non-preemptive
 * priority, queue.ts simulatePriorityQueue); otherwise one FCFS line. They are counted apart
 * either way, so the lane's effect can be read off two runs.
 *
 * Outcomes: `onBucket` sees every arrival of a (group, day), shadows included; the day's visits'
 * own outcomes go to `out` (wait in 1/32 min, or GONE), indexed by the visit's place in its day,
 * so that consequences are applied afterwards in the order the visits were made.
 *
 * Expected waits: customers act on an exponentially weighted memory of monthly means,
 * W ← (1 − m)·W + m·(this month's mean), m = WAIT_MEMORY; the same memory keeps the share of
 * arrivals served (not reneged), which scales the channel's access factor (outlets.ts).
 */
import type { Rng } from './rng.ts';
import { orderedArrivals, simulatePriorityQueue, simulateQueue } from './queue.ts';
import { PICKUP } from './sampler.ts';
import { FLAG_PICKUP, flagsOf, serviceOf, slotOf, VisitReader, type DayVisits } from './visits.ts';

/** A queue outcome per visit: the wait in 1/32 min (at most WAIT_MAX), or GONE when the customer reneged. */
export const WAIT_SCALE = 32, GONE = 0xffff, WAIT_MAX = 0xfffe;
/** Weight of the latest month in the expected waits and served shares customers act on. */
export const WAIT_MEMORY = 0.5;

/** The expected wait after a month whose waits summed to `sum` over `n` arrivals. */
export function expectedWait(previous: number, sum: number, n: number): number {
  return (1 - WAIT_MEMORY) * previous + WAIT_MEMORY * (n > 0 ? sum / n : 0);
}

/** The expected served share after a month in which `served` of `n` arrivals were served (unchanged without arrivals). */
export function expectedServed(previous: number, served: number, n: number): number {
  return n > 0 ? (1 - WAIT_MEMORY) * previous + WAIT_MEMORY * (served / n) : previous;
}

/** What the queues of one kind share. */
export interface QueueSpec {
  /** server groups (stores by outlet index; 1 for the hotline) */
  groups: number;
  /** group of a visit by cell × K + access slot (own.outlet); null: every visit in group 0 */
  slotOutlet: Int32Array | null;
  /** access slots per cell */
  K: number;
  days: number;
  /** subscribers an agent stands for */
  weight: number;
  /** mean service minutes by queue key (a service index, or PICKUP) */
  serviceMean: Float64Array;
  /** the key that never reneges (a new line), −1 for none */
  patientKey: number;
  patienceMean: number;
  /** servers by group, read each day (store staffing changes them between months) */
  servers: ArrayLike<number>;
  /** open minutes a day, by group */
  dayMin: ArrayLike<number>;
  /** intraday arrival profile (queue.ts intradayProfile) */
  profile: Float64Array;
  /** by tier, 1 for the VIP green channel's customers (counted apart; null: nobody) */
  first: Uint8Array | null;
  /** the green channel's customers are served first (else one FCFS line for all) */
  priority: boolean;
}

/**
 * Sees every arrival of one (group, day): waits, who reneged, who was served first, the servers'
 * time spent serving and the service time the arrivals brought (reneged ones included).
 */
export type OnBucket = (g: number, m: number, wait: Float64Array, reneged: Uint8Array, first: Uint8Array, busyMin: number, offeredMin: number) => void;

/** Scratch reused from day to day and month to month, and the last day's outcomes. */
export interface DayQueues {
  /** first-round shadows by bucket (group × days + day): offsets, queue keys, priority flags */
  shadowAt: Int32Array;
  shadowKey: Uint8Array;
  shadowFirst: Uint8Array;
  /** the day's arrivals by group: offsets; a visit v of the day, or −1 for a shadow; key; priority */
  at: Int32Array;
  order: Int32Array;
  key: Uint8Array;
  first: Uint8Array;
  /** shadows of each of the day's later visits */
  copies: Int32Array;
  /** outcomes by day and visit: wait in 1/WAIT_SCALE min, or GONE; `out` is the last day run */
  outs: Uint16Array[];
  out: Uint16Array;
  heap: Float64Array;
  lines: Int32Array;
  arr: Float64Array;
  svcT: Float64Array;
  pat: Float64Array;
  wait: Float64Array;
  reneged: Uint8Array;
  firstOf: Uint8Array;
}

export function createDayQueues(): DayQueues {
  return {
    shadowAt: new Int32Array(1), shadowKey: new Uint8Array(0), shadowFirst: new Uint8Array(0),
    at: new Int32Array(1), order: new Int32Array(0), key: new Uint8Array(0), first: new Uint8Array(0), copies: new Int32Array(0),
    outs: [], out: new Uint16Array(0),
    heap: new Float64Array(0), lines: new Int32Array(0), arr: new Float64Array(0), svcT: new Float64Array(0), pat: new Float64Array(0),
    wait: new Float64Array(0), reneged: new Uint8Array(0), firstOf: new Uint8Array(0),
  };
}

/** A visit's queue key: its service, or PICKUP for the store visit of an order placed online. */
const keyOf = (inf: number): number => (flagsOf(inf) & FLAG_PICKUP ? PICKUP : serviceOf(inf));

/**
 * Mark every day's visits so far as the first round and give their shadows days: shadows of
 * bucket k = group × days + day are q.shadowKey/shadowFirst[shadowAt[k] .. shadowAt[k + 1]).
 */
export function prepareShadows(q: DayQueues, b: DayVisits, cellOf: Uint16Array, tier: Uint8Array, spec: QueueSpec, rng: Rng): void {
  const nDays = spec.days, nb = spec.groups * nDays, slotOutlet = spec.slotOutlet, K = spec.K, pri = spec.first;
  for (let d = 0; d < nDays; d++) b.firstRound[d] = b.day[d].n;
  if (q.shadowAt.length !== nb + 1) q.shadowAt = new Int32Array(nb + 1);
  const count = q.shadowAt;
  count.fill(0);
  const whole = Math.floor(spec.weight), frac = spec.weight - whole;
  if (whole === 1 && frac === 0) return;
  // pass 1: bucket sizes; pass 2 replays the same draws to place the shadows
  const replay = Uint32Array.from(rng.state);
  for (let pass = 0; pass < 2; pass++) {
    const fill = pass === 0 ? count : count.slice(0, nb);
    for (let d = 0; d < nDays; d++) {
      const vis = b.day[d], info = vis.info, reader = new VisitReader(vis);
      for (let v = 0; v < vis.n; v++) {
        const inf = info[v], i = reader.customer(inf);
        const g = slotOutlet === null ? 0 : slotOutlet[cellOf[i] * K + slotOf(inf)];
        const copies = whole - 1 + (frac > 0 && rng.next() < frac ? 1 : 0);
        const kv = keyOf(inf), fv = pri === null ? 0 : pri[tier[i]];
        for (let c = 0; c < copies; c++) {
          const k = g * nDays + Math.floor(rng.next() * nDays);
          if (pass === 0) count[k + 1]++;
          else { const at = fill[k]++; q.shadowKey[at] = kv; q.shadowFirst[at] = fv; }
        }
      }
    }
    if (pass === 0) {
      for (let k = 0; k < nb; k++) count[k + 1] += count[k];
      if (q.shadowKey.length < count[nb]) { q.shadowKey = new Uint8Array(count[nb]); q.shadowFirst = new Uint8Array(count[nb]); }
      rng.state.set(replay);
    }
  }
}

/**
 * Run day d of the channel: its visits (first round and later) and the shadows due that day,
 * one queue per group; outcomes of the day's visits in q.out (= q.outs[d]).
 */
export function runDay(q: DayQueues, b: DayVisits, d: number, cellOf: Uint16Array, tier: Uint8Array, spec: QueueSpec, rng: Rng, onBucket: OnBucket): void {
  const vis = b.day[d], n = vis.n, n1 = b.firstRound[d], info = vis.info, G = spec.groups, nDays = spec.days;
  const slotOutlet = spec.slotOutlet, K = spec.K, pri = spec.first, shadowAt = q.shadowAt;
  const whole = Math.floor(spec.weight), frac = spec.weight - whole, weighted = whole !== 1 || frac > 0;
  if (q.at.length !== G + 1) q.at = new Int32Array(G + 1);
  const at = q.at;
  at.fill(0);
  if (q.copies.length < n) q.copies = new Int32Array(Math.max(n, 2 * q.copies.length));
  while (q.outs.length <= d) q.outs.push(new Uint16Array(0));
  if (q.outs[d].length < n) q.outs[d] = new Uint16Array(Math.max(n, Math.ceil(1.25 * q.outs[d].length)));
  q.out = q.outs[d];
  const copies = q.copies;
  let reader = new VisitReader(vis);
  for (let v = 0; v < n; v++) {
    const inf = info[v], i = reader.customer(inf);
    const g = slotOutlet === null ? 0 : slotOutlet[cellOf[i] * K + slotOf(inf)];
    const cp = v >= n1 && weighted ? whole - 1 + (frac > 0 && rng.next() < frac ? 1 : 0) : 0;
    copies[v] = cp;
    at[g + 1] += 1 + cp;
  }
  if (weighted) for (let g = 0; g < G; g++) at[g + 1] += shadowAt[g * nDays + d + 1] - shadowAt[g * nDays + d];
  for (let g = 0; g < G; g++) at[g + 1] += at[g];
  const total = at[G];
  if (total === 0) return;
  if (q.order.length < total) { const cap = Math.max(total, 2 * q.order.length); q.order = new Int32Array(cap); q.key = new Uint8Array(cap); q.first = new Uint8Array(cap); }
  const order = q.order, key = q.key, first = q.first, fill = at.slice(0, G);
  reader = new VisitReader(vis);
  for (let v = 0; v < n; v++) {
    const inf = info[v], i = reader.customer(inf);
    const g = slotOutlet === null ? 0 : slotOutlet[cellOf[i] * K + slotOf(inf)];
    const kv = keyOf(inf), fv = pri === null ? 0 : pri[tier[i]];
    let p = fill[g]++;
    order[p] = v; key[p] = kv; first[p] = fv;
    for (let c = 0; c < copies[v]; c++) { p = fill[g]++; order[p] = -1; key[p] = kv; first[p] = fv; }
  }
  if (weighted) {
    for (let g = 0; g < G; g++) {
      const s0 = shadowAt[g * nDays + d], s1 = shadowAt[g * nDays + d + 1], p = fill[g];
      order.fill(-1, p, p + s1 - s0);
      key.set(q.shadowKey.subarray(s0, s1), p);
      first.set(q.shadowFirst.subarray(s0, s1), p);
    }
  }
  for (let g = 0; g < G; g++) if (at[g + 1] > at[g]) serveBucket(q, g, at[g], at[g + 1] - at[g], spec, rng, onBucket);
}

/** One (group, day) as one queue; the visits' outcomes to q.out. */
function serveBucket(q: DayQueues, g: number, lo: number, m: number, spec: QueueSpec, rng: Rng, onBucket: OnBucket): void {
  ensureScratch(q, m);
  const { arr, svcT, pat, wait, reneged, firstOf, order, key, first, out } = q;
  const serviceMean = spec.serviceMean, patientKey = spec.patientKey, patienceMean = spec.patienceMean;
  orderedArrivals(rng, m, spec.profile, spec.dayMin[g], arr);
  let nFirst = 0, offeredMin = 0;
  for (let p = 0; p < m; p++) {
    // the p-th arrival is a random one of those left (Fisher–Yates, forwards)
    const x = lo + p + Math.floor(rng.next() * (m - p));
    const o = order[lo + p]; order[lo + p] = order[x]; order[x] = o;
    const kv = key[x], fv = first[x];
    key[x] = key[lo + p]; first[x] = first[lo + p];
    svcT[p] = rng.exp1() * serviceMean[kv];
    offeredMin += svcT[p];
    pat[p] = kv === patientKey ? Infinity : rng.exp1() * patienceMean;
    firstOf[p] = fv;
    nFirst += fv;
  }
  const c = spec.servers[g];
  let busyMin = 0;
  if (c > 0) {
    if (q.heap.length < c) q.heap = new Float64Array(c);
    busyMin = spec.priority && nFirst > 0 && nFirst < m
      ? simulatePriorityQueue(m, arr, svcT, pat, firstOf, c, wait, reneged, q.heap, q.lines).busyMin
      : simulateQueue(m, arr, svcT, pat, c, wait, reneged, q.heap).busyMin;
  } else {
    // nobody answers: everyone holds for their patience and leaves
    for (let p = 0; p < m; p++) { wait[p] = Number.isFinite(pat[p]) ? pat[p] : 0; reneged[p] = 1; }
  }
  onBucket(g, m, wait, reneged, firstOf, busyMin, offeredMin);
  for (let p = 0; p < m; p++) {
    const code = order[lo + p];
    if (code >= 0) {
      const wq = (wait[p] * WAIT_SCALE + 0.5) | 0;
      out[code] = reneged[p] ? GONE : wq < WAIT_MAX ? wq : WAIT_MAX;
    }
  }
}

/**
 * Day d's visits that act on their day, in the order made: every one whose queue failed (GONE),
 * and every one made while the queues ran. `fn(i, info, outcome)`.
 */
export function forDayOutcomes(b: DayVisits, q: DayQueues, d: number, fn: (i: number, inf: number, w: number) => void): void {
  const vis = b.day[d], info = vis.info, out = q.outs[d], n1 = b.firstRound[d], reader = new VisitReader(vis);
  for (let v = 0; v < vis.n; v++) {
    const inf = info[v], w = out[v], i = reader.customer(inf);
    if (v >= n1 || w === GONE) fn(i, inf, w);
  }
}

/** Customers a block of the served first-round visits spans (their state then stays in cache). */
const BLOCK = 2048;

/**
 * Every first-round visit of the month that was served (outcome not GONE), across the days in
 * blocks of BLOCK customers: each day's first-round visits are in customer order, so the
 * customers' state is read nearly in order instead of once a day across the whole population.
 * `fn(i, info, outcome, day)`; a visit out of customer order (a sign-up's slot) waits for its
 * block, and the last pass takes whatever is left, so each is seen exactly once.
 */
export function forServedFirstRound(b: DayVisits, q: DayQueues, fn: (i: number, inf: number, w: number, d: number) => void): void {
  const days = b.day.length, pos = new Int32Array(days), cur = new Int32Array(days), readers = b.day.map((x) => new VisitReader(x));
  let left = 0;
  for (let d = 0; d < days; d++) if (b.firstRound[d] > 0) { cur[d] = readers[d].customer(b.day[d].info[0]); left++; }
  for (let end = BLOCK; left > 0; end += BLOCK) {
    for (let d = 0; d < days; d++) {
      const n1 = b.firstRound[d], info = b.day[d].info, out = q.outs[d], reader = readers[d];
      let v = pos[d];
      if (v >= n1) continue;
      let i = cur[d];
      while (i < end) {
        const inf = info[v], w = out[v];
        if (w !== GONE) fn(i, inf, w, d);
        if (++v >= n1) { left--; break; }
        i = reader.customer(info[v]);
      }
      pos[d] = v; cur[d] = i;
    }
  }
}

function ensureScratch(q: DayQueues, m: number): void {
  if (m <= q.arr.length) return;
  const cap = Math.max(m, q.arr.length * 2, 256);
  q.arr = new Float64Array(cap); q.svcT = new Float64Array(cap); q.pat = new Float64Array(cap);
  q.wait = new Float64Array(cap); q.reneged = new Uint8Array(cap); q.firstOf = new Uint8Array(cap); q.lines = new Int32Array(2 * cap);
}
