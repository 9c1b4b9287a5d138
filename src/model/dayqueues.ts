/**
 * A month's queue visits as one FIFO queue per (server group, day): store counters by store and
 * open day, the hotline by staffed day (queue.ts runs each queue).
 *
 * Days and buckets: each visit is given a uniform day of the month and the visits are bucketed by
 * (group, day) with a counting sort. With agents weighted w > 1 a visit enters the queue as w
 * arrivals (⌊w⌋, plus one more with probability w − ⌊w⌋): the agent and w − 1 shadow
 * subscribers with their own day, service time and patience, so the queue carries the whole
 * city's load; shadows count in the wait statistics and have no further effect.
 *
 * Times: within a bucket of m arrivals the times of day are m order statistics drawn directly in
 * ascending order (uniform spacings: cumulative sums of m + 1 exponentials, normalised, mapped
 * through the intraday profile; Devroye 1986, §V.3), handed to the arrivals in a random order
 * (Fisher–Yates), so no sort is needed. Service times and patience are exponential.
 *
 * Outcomes: `onBucket` sees every arrival of a bucket, shadows included; the visits' own outcomes
 * go to `out` (wait in 1/32 min, or GONE), indexed by visit, so that consequences are applied
 * afterwards in visit (= customer) order.
 *
 * Expected waits: customers act on an exponentially weighted memory of monthly mean waits,
 * W ← (1 − m)·W + m·(this month's mean), m = WAIT_MEMORY.
 */
import type { Rng } from './rng.ts';
import { orderedArrivals, simulateQueue } from './queue.ts';
import { PICKUP } from './sampler.ts';
import { dayOf, FLAG_PICKUP, flagsOf, serviceOf, slotOf, VisitReader, withDay, type Visits } from './visits.ts';

/** A queue outcome per visit: the wait in 1/32 min (at most WAIT_MAX), or GONE when the customer reneged. */
export const WAIT_SCALE = 32, GONE = 0xffff, WAIT_MAX = 0xfffe;
/** Weight of the latest month in the expected waits customers act on. */
export const WAIT_MEMORY = 0.5;

/** The expected wait after a month whose waits summed to `sum` over `n` arrivals. */
export function expectedWait(previous: number, sum: number, n: number): number {
  return (1 - WAIT_MEMORY) * previous + WAIT_MEMORY * (n > 0 ? sum / n : 0);
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
  /** servers and open minutes a day, by group */
  servers: ArrayLike<number>;
  dayMin: ArrayLike<number>;
  /** intraday arrival profile (queue.ts intradayProfile) */
  profile: Float64Array;
}

/** Sees every arrival of one (group, day) bucket; `busyMin` is the servers' time spent serving. */
export type OnBucket = (g: number, m: number, wait: Float64Array, reneged: Uint8Array, busyMin: number) => void;

/** Scratch reused from month to month, and the visits' outcomes of the last run. */
export interface DayQueues {
  /** arrivals by bucket: a visit v, or ~v for one of its shadows */
  order: Int32Array;
  /** the queue key (service or PICKUP) of each arrival in `order` */
  key: Uint8Array;
  /** outcome by visit: wait in 1/WAIT_SCALE min, or GONE */
  out: Uint16Array;
  heap: Float64Array;
  arr: Float64Array;
  svcT: Float64Array;
  pat: Float64Array;
  wait: Float64Array;
  reneged: Uint8Array;
}

export function createDayQueues(): DayQueues {
  return {
    order: new Int32Array(0), key: new Uint8Array(0), out: new Uint16Array(0), heap: new Float64Array(0),
    arr: new Float64Array(0), svcT: new Float64Array(0), pat: new Float64Array(0), wait: new Float64Array(0), reneged: new Uint8Array(0),
  };
}

/** Run the month's visits `b` through their day queues; outcomes in q.out. */
export function runDayQueues(q: DayQueues, b: Visits, cellOf: Uint16Array, spec: QueueSpec, rng: Rng, onBucket: OnBucket): void {
  if (b.n === 0) return;
  serveBuckets(q, bucketVisits(q, b, cellOf, spec, rng), spec, rng, onBucket);
}

/**
 * Give each visit its day and bucket the arrivals, shadows included: returns the bucket offsets
 * (bucket k = group × days + day holds q.order[count[k] .. count[k + 1])).
 */
export function bucketVisits(q: DayQueues, b: Visits, cellOf: Uint16Array, spec: QueueSpec, rng: Rng): Int32Array {
  const n = b.n, info = b.info, nDays = spec.days, slotOutlet = spec.slotOutlet, K = spec.K;
  const whole = Math.floor(spec.weight), frac = spec.weight - whole;
  const nb = spec.groups * nDays;
  const count = new Int32Array(nb + 1);
  // pass 1: days and bucket sizes; pass 2 replays the shadows' draws to place them
  const replay = Uint32Array.from(rng.state);
  let ne = 0;
  let reader = new VisitReader(b);
  for (let v = 0; v < n; v++) {
    const inf = info[v], i = reader.customer(inf);
    const d = Math.floor(rng.next() * nDays);
    info[v] = withDay(inf, d);
    const g = slotOutlet === null ? 0 : slotOutlet[cellOf[i] * K + slotOf(inf)];
    count[g * nDays + d + 1]++;
    ne++;
    if (whole !== 1 || frac > 0) {
      const copies = whole - 1 + (frac > 0 && rng.next() < frac ? 1 : 0);
      for (let c = 0; c < copies; c++) count[g * nDays + Math.floor(rng.next() * nDays) + 1]++;
      ne += copies;
    }
  }
  for (let k = 0; k < nb; k++) count[k + 1] += count[k];
  if (q.order.length < ne) { q.order = new Int32Array(Math.max(ne, info.length)); q.key = new Uint8Array(q.order.length); }
  if (q.out.length < n) q.out = new Uint16Array(info.length);
  // each arrival carries its service key (service, or PICKUP): the bucket loop then reads
  // nothing by visit index but the outcome it writes
  const order = q.order, key = q.key, fill = count.slice(0, nb);
  const after = Uint32Array.from(rng.state);
  rng.state.set(replay);
  reader = new VisitReader(b);
  for (let v = 0; v < n; v++) {
    const inf = info[v], i = reader.customer(inf);
    rng.next();
    const g = slotOutlet === null ? 0 : slotOutlet[cellOf[i] * K + slotOf(inf)];
    const kv = flagsOf(inf) & FLAG_PICKUP ? PICKUP : serviceOf(inf);
    let at = fill[g * nDays + dayOf(inf)]++;
    order[at] = v; key[at] = kv;
    if (whole !== 1 || frac > 0) {
      const copies = whole - 1 + (frac > 0 && rng.next() < frac ? 1 : 0);
      for (let c = 0; c < copies; c++) {
        at = fill[g * nDays + Math.floor(rng.next() * nDays)]++;
        order[at] = ~v; key[at] = kv;
      }
    }
  }
  rng.state.set(after);
  return count;
}

/** Run each bucket as one FIFO queue; visits' outcomes to q.out. */
function serveBuckets(q: DayQueues, count: Int32Array, spec: QueueSpec, rng: Rng, onBucket: OnBucket): void {
  const nDays = spec.days, nb = count.length - 1;
  let maxB = 0;
  for (let k = 0; k < nb; k++) maxB = Math.max(maxB, count[k + 1] - count[k]);
  ensureScratch(q, maxB);
  const { arr, svcT, pat, wait, reneged, order, key, out } = q;
  const serviceMean = spec.serviceMean, patientKey = spec.patientKey, patienceMean = spec.patienceMean;
  for (let k = 0; k < nb; k++) {
    const lo = count[k], m = count[k + 1] - lo;
    if (m === 0) continue;
    const g = Math.floor(k / nDays);
    orderedArrivals(rng, m, spec.profile, spec.dayMin[g], arr);
    for (let p = 0; p < m; p++) {
      // the p-th arrival is a random one of those left (Fisher–Yates, forwards)
      const x = lo + p + Math.floor(rng.next() * (m - p));
      const o = order[lo + p]; order[lo + p] = order[x]; order[x] = o;
      const kv = key[x];
      key[x] = key[lo + p];
      svcT[p] = rng.exp1() * serviceMean[kv];
      pat[p] = kv === patientKey ? Infinity : rng.exp1() * patienceMean;
    }
    const c = spec.servers[g];
    let busyMin = 0;
    if (c > 0) {
      if (q.heap.length < c) q.heap = new Float64Array(c);
      busyMin = simulateQueue(m, arr, svcT, pat, c, wait, reneged, q.heap).busyMin;
    } else {
      wait.fill(0, 0, m);
      reneged.fill(1, 0, m);
    }
    onBucket(g, m, wait, reneged, busyMin);
    for (let p = 0; p < m; p++) {
      const code = order[lo + p];
      if (code >= 0) {
        const wq = (wait[p] * WAIT_SCALE + 0.5) | 0;
        out[code] = reneged[p] ? GONE : wq < WAIT_MAX ? wq : WAIT_MAX;
      }
    }
  }
}

function ensureScratch(q: DayQueues, m: number): void {
  if (m <= q.arr.length) return;
  const cap = Math.max(m, q.arr.length * 2, 256);
  q.arr = new Float64Array(cap); q.svcT = new Float64Array(cap); q.pat = new Float64Array(cap);
  q.wait = new Float64Array(cap); q.reneged = new Uint8Array(cap);
}
