/**
 * The counter and hotline queue: c identical servers, one first-come-first-served line, and
 * customers who give up (renege) once they have queued longer than their patience — in Kendall
 * notation G/G/c+G, and M/M/c+M when arrivals are Poisson, service and patience exponential.
 * Without abandonment and with Poisson arrivals and exponential service it is Erlang's delay
 * system (A. K. Erlang, 1917; closed forms in erlang.ts); with exponential patience it is Palm's
 * model of impatient callers (C. Palm, 1943; in English "Research on telephone traffic carried by
 * full availability groups", Tele, 1957), now called Erlang A (Garnett, Mandelbaum & Reiman,
 * "Designing a call center with impatient customers", 2002).
 *
 * Exact event logic, no time step. Under FCFS a customer's start of service depends only on the
 * customers before them who were served, so one pass in arrival order suffices:
 *   start_k = max(arrival_k, earliest time a server is free),  wait_k = start_k − arrival_k;
 *   if wait_k > patience_k the customer leaves after patience_k and no server is taken,
 *   otherwise that server is next free at start_k + service_k.
 * The servers' next-free times live in a binary min-heap, so n customers on c servers cost
 * O(n log c) time and nothing is allocated per customer.
 */
import type { Rng } from './rng.ts';

/** Totals of one simulateQueue call; times in minutes on the arrivals' clock. */
export interface QueueOutcome {
  /** Customers who reached a server. */
  served: number;
  /** Customers who gave up while queueing. */
  reneged: number;
  /** Server time spent serving: the sum of the served customers' service durations. */
  busyMin: number;
  /** When the last served customer left (−Infinity if nobody was served). */
  lastDepartureMin: number;
}

/**
 * Runs n customers through a c-server FCFS queue with reneging.
 *
 * @param n number of customers; entries k < n of every array are read or written
 * @param arrivals arrival times in minutes, ascending
 * @param service service durations in minutes, ≥ 0
 * @param patience how long each customer is willing to queue (minutes), or null for infinite
 * @param servers c, an integer ≥ 1
 * @param wait out: minutes spent queueing; for a customer who reneged, their patience
 * @param reneged out: 1 if the customer gave up, else 0
 * @param scratch the heap of servers' next-free times, length ≥ c; reused across calls to
 *   avoid allocating one
 * @param carry if true, scratch still holds the heap left by the previous call and the queue
 *   continues from it (arrivals fed in consecutive chunks on one clock); otherwise all servers
 *   start free
 * @throws {RangeError} naming the argument, if servers is not an integer ≥ 1, n exceeds an
 *   array's length, scratch is too short, carry is set without scratch, or arrivals are not
 *   ascending
 */
export function simulateQueue(
  n: number,
  arrivals: Float64Array,
  service: Float64Array,
  patience: Float64Array | null,
  servers: number,
  wait: Float64Array,
  reneged: Uint8Array,
  scratch?: Float64Array,
  carry = false,
): QueueOutcome {
  if (!(Number.isInteger(servers) && servers >= 1)) throw new RangeError(`simulateQueue: servers must be an integer ≥ 1, got ${servers}`);
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`simulateQueue: n must be an integer ≥ 0, got ${n}`);
  checkLength('arrivals', arrivals.length, n);
  checkLength('service', service.length, n);
  if (patience !== null) checkLength('patience', patience.length, n);
  checkLength('wait', wait.length, n);
  checkLength('reneged', reneged.length, n);
  if (scratch !== undefined && scratch.length < servers) {
    throw new RangeError(`simulateQueue: scratch has length ${scratch.length}, needs at least servers = ${servers}`);
  }
  if (carry && scratch === undefined) throw new RangeError('simulateQueue: carry needs the scratch heap of the previous call');

  const heap = scratch ?? new Float64Array(servers);
  // A heap whose entries are all equal is valid, so "every server free since ever" needs no sift.
  if (!carry) heap.fill(-Infinity, 0, servers);

  let served = 0;
  let busyMin = 0;
  let lastDepartureMin = -Infinity;
  let previous = -Infinity;
  for (let k = 0; k < n; k++) {
    const arrival = arrivals[k];
    if (!(arrival >= previous)) throw new RangeError(`simulateQueue: arrivals must be ascending numbers, arrivals[${k}] = ${arrival}`);
    previous = arrival;
    const free = heap[0];
    const start = arrival > free ? arrival : free;
    const queued = start - arrival;
    if (patience !== null && queued > patience[k]) {
      wait[k] = patience[k];
      reneged[k] = 1;
      continue;
    }
    wait[k] = queued;
    reneged[k] = 0;
    const duration = service[k];
    const departure = start + duration;
    replaceTop(heap, servers, departure);
    served++;
    busyMin += duration;
    if (departure > lastDepartureMin) lastDepartureMin = departure;
  }
  return { served, reneged: n - served, busyMin, lastDepartureMin };
}

/**
 * The same queue with two priority classes and non-preemptive priority (绿色通道: VIP tickets
 * called first): whenever a server frees, the longest-waiting customer of the first class takes
 * it if one is still waiting, else the longest-waiting customer of the second; a customer in
 * service is never interrupted. Each class is FCFS within itself, and anyone leaves once they
 * have queued longer than their patience, as in simulateQueue.
 *
 * Without abandonment, with Poisson arrivals and one exponential service law for both classes,
 * this is the non-preemptive priority M/M/c of Cobham (1954), whose mean waits are
 *   W_1 = C(c, a) / (cμ · (1 − σ_1)),   W_2 = C(c, a) / (cμ · (1 − σ_1) · (1 − ρ)),
 * σ_1 = λ_1/(cμ), ρ = λ/(cμ), C Erlang's delay probability at the total load a = λ/μ (Gross &
 * Harris, Fundamentals of Queueing Theory, §3.4; Kleinrock, Queueing Systems Vol. 2, §3.6).
 *
 * Event logic in time order: an arrival that finds a free server starts at once; otherwise it
 * joins its class's line. When the earliest server frees at t and someone is queued, the lines'
 * heads whose patience ran out before t leave (wait = patience), and the first remaining head,
 * first class before second, starts at t. With every customer in one class the waits are exactly
 * simulateQueue's (the same comparisons on the same numbers), which a test checks.
 *
 * @param first 1 for a customer of the first (priority) class, else 0
 * @param lines scratch of length ≥ 2n for the two lines
 * Other parameters and the result as in simulateQueue; `servers` must be ≥ 1.
 */
export function simulatePriorityQueue(
  n: number,
  arrivals: Float64Array,
  service: Float64Array,
  patience: Float64Array,
  first: Uint8Array,
  servers: number,
  wait: Float64Array,
  reneged: Uint8Array,
  heap: Float64Array,
  lines: Int32Array,
): QueueOutcome {
  if (!(Number.isInteger(servers) && servers >= 1)) throw new RangeError(`simulatePriorityQueue: servers must be an integer ≥ 1, got ${servers}`);
  if (heap.length < servers) throw new RangeError(`simulatePriorityQueue: heap has length ${heap.length}, needs at least servers = ${servers}`);
  if (lines.length < 2 * n) throw new RangeError(`simulatePriorityQueue: lines has length ${lines.length}, needs at least 2n = ${2 * n}`);
  heap.fill(-Infinity, 0, servers);
  // line 1 in lines[0 .. n), line 2 in lines[n .. 2n); each a FIFO of customer indices
  let h1 = 0, t1 = 0, h2 = n, t2 = n, k = 0, served = 0, busyMin = 0, lastDepartureMin = -Infinity;
  for (;;) {
    const free = heap[0];
    if (h1 === t1 && h2 === t2) {
      if (k >= n) break;
      const a = arrivals[k];
      if (a >= free) { // a server is idle when k arrives
        wait[k] = 0; reneged[k] = 0;
        const d = a + service[k];
        replaceTop(heap, servers, d);
        served++; busyMin += service[k];
        if (d > lastDepartureMin) lastDepartureMin = d;
      } else if (first[k]) lines[t1++] = k;
      else lines[t2++] = k;
      k++;
      continue;
    }
    if (k < n && arrivals[k] < free) { // someone arrives before the next server frees
      if (first[k]) lines[t1++] = k;
      else lines[t2++] = k;
      k++;
      continue;
    }
    let next = -1;
    while (next < 0 && h1 < t1) next = head(lines[h1++], free, arrivals, patience, wait, reneged);
    while (next < 0 && h2 < t2) next = head(lines[h2++], free, arrivals, patience, wait, reneged);
    if (next < 0) continue; // every queued customer had left: the server idles
    wait[next] = free - arrivals[next]; reneged[next] = 0;
    const d = free + service[next];
    replaceTop(heap, servers, d);
    served++; busyMin += service[next];
    if (d > lastDepartureMin) lastDepartureMin = d;
  }
  return { served, reneged: n - served, busyMin, lastDepartureMin };
}

// The head q of a line at time t: q if still waiting, else −1 after recording that q left.
function head(q: number, t: number, arrivals: Float64Array, patience: Float64Array, wait: Float64Array, reneged: Uint8Array): number {
  if (t - arrivals[q] > patience[q]) {
    wait[q] = patience[q];
    reneged[q] = 1;
    return -1;
  }
  return q;
}

/**
 * Arrival times of a Poisson process on [0, horizonMin): exponential gaps with mean
 * 1/ratePerMin, written ascending into out.
 *
 * Stops early when out is full and then returns out.length; the process can be continued from
 * out[out.length − 1] with a fresh call (gaps are memoryless), which is how long horizons are
 * generated in chunks. Runs in `O(count)` time.
 *
 * @param rng the stream to draw from
 * @param ratePerMin arrivals per minute, finite and ≥ 0
 * @param horizonMin end of the interval in minutes, finite and ≥ 0
 * @param out where the times are written
 * @throws {RangeError} if the rate or horizon is out of range
 * @returns the number of arrivals written
 */
export function poissonArrivals(rng: Rng, ratePerMin: number, horizonMin: number, out: Float64Array): number {
  if (!(Number.isFinite(ratePerMin) && ratePerMin >= 0)) throw new RangeError(`poissonArrivals: ratePerMin must be a finite number ≥ 0, got ${ratePerMin}`);
  if (!(Number.isFinite(horizonMin) && horizonMin >= 0)) throw new RangeError(`poissonArrivals: horizonMin must be a finite number ≥ 0, got ${horizonMin}`);
  if (ratePerMin === 0) return 0;
  const meanGap = 1 / ratePerMin;
  const capacity = out.length;
  let t = 0;
  let count = 0;
  while (count < capacity) {
    t += rng.exponential(meanGap);
    if (t >= horizonMin) break;
    out[count++] = t;
  }
  return count;
}

const PROFILE_STEPS = 512;

/**
 * Arrival times within a day: density ∝ 1 + a·sin(πx) on [0, 1] (a midday peak; a = 0 flat),
 * tabulated as its inverse CDF at 513 points; timeOfDay maps a uniform to a time by linear
 * interpolation between them (continuous times: no artificial ties in the queues).
 */
export function intradayProfile(a: number): Float64Array {
  const grid = 8192;
  const cdf = new Float64Array(grid + 1);
  for (let k = 1; k <= grid; k++) {
    const x = (k - 0.5) / grid;
    cdf[k] = cdf[k - 1] + (1 + a * Math.sin(Math.PI * x)) / grid;
  }
  const out = new Float64Array(PROFILE_STEPS + 1);
  let k = 0;
  for (let q = 1; q < PROFILE_STEPS; q++) {
    const target = (q / PROFILE_STEPS) * cdf[grid];
    while (k < grid && cdf[k + 1] < target) k++;
    out[q] = (k + (target - cdf[k]) / (cdf[k + 1] - cdf[k])) / grid;
  }
  out[PROFILE_STEPS] = 1;
  return out;
}

/** Time of day in [0, 1) for a uniform u in [0, 1), from an intradayProfile table. */
export function timeOfDay(profile: Float64Array, u: number): number {
  const x = u * PROFILE_STEPS;
  const q = Math.floor(x);
  return profile[q] + (x - q) * (profile[q + 1] - profile[q]);
}

/**
 * m arrival times of one day, already ascending: the order statistics of m independent times
 * drawn from the day profile, times spanMin. Uniform order statistics come directly from
 * exponential spacings — U_(k) = (E_1 + … + E_k) / (E_1 + … + E_{m+1}) (Rényi 1953; Devroye,
 * "Non-Uniform Random Variate Generation", 1986, §V.2) — and the profile's inverse CDF is
 * increasing, so no sort is needed: O(m) and m + 1 exponential draws.
 */
export function orderedArrivals(rng: Rng, m: number, profile: Float64Array, spanMin: number, out: Float64Array): void {
  let sum = 0;
  for (let p = 0; p < m; p++) {
    sum += rng.exp1();
    out[p] = sum;
  }
  const scale = 1 / (sum + rng.exp1());
  for (let p = 0; p < m; p++) out[p] = timeOfDay(profile, out[p] * scale) * spanMin;
}

/**
 * The p-quantile of values[0..n) by the nearest-rank definition: the smallest value x such
 * that at least p·n of the values are ≤ x, i.e. the ⌈p·n⌉-th smallest (the smallest for p = 0).
 * Always one of the values, never an interpolation — "90 % of customers waited at most x".
 *
 * Selects on a copy (Floyd–Rivest), so values is left untouched; expected `O(n)` time. Pass a
 * scratch array of length ≥ n to avoid allocating the copy.
 *
 * @param values the sample; entries k < n are used
 * @param n sample size, an integer from 1 to values.length
 * @param p the quantile as a fraction in [0, 1] (0.9 for the 90th percentile)
 * @param scratch optional working space of length ≥ n
 * @throws {RangeError} if n or p is out of range
 * @returns the nearest-rank p-quantile
 * @example
 * percentile(Float64Array.of(15, 20, 35, 40, 50), 5, 0.4); // => 20
 */
export function percentile(values: Float64Array, n: number, p: number, scratch?: Float64Array): number {
  if (!(Number.isInteger(n) && n >= 1 && n <= values.length)) {
    throw new RangeError(`percentile: n must be an integer from 1 to values.length = ${values.length}, got ${n}`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile: p must be a fraction in [0, 1], got ${p}`);
  if (scratch !== undefined && scratch.length < n) throw new RangeError(`percentile: scratch has length ${scratch.length}, needs at least n = ${n}`);
  const copy = scratch ?? new Float64Array(n);
  copy.set(n === values.length ? values : values.subarray(0, n));
  let rank = Math.max(1, Math.ceil(p * n));
  // p·n can land just above an integer in floating point (0.9 × 10 = 9.000000000000002).
  if (rank > 1 && (rank - 1) / n >= p) rank--;
  select(copy, rank - 1, 0, n - 1);
  return copy[rank - 1];
}

function checkLength(name: string, length: number, n: number): void {
  if (length < n) throw new RangeError(`simulateQueue: ${name} has length ${length}, needs at least n = ${n}`);
}

// Min-heap in heap[0..size): replace the smallest entry by x and sift it down. Children of i
// are 2i+1 and 2i+2.
function replaceTop(heap: Float64Array, size: number, x: number): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && heap[right] < heap[left] ? right : left;
    if (heap[child] >= x) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = x;
}

// Floyd–Rivest selection (as in d3-array's quickselect): rearranges a[left..right] so that a[k]
// is the value that would be there if sorted, smaller ones before it and larger ones after.
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      const m = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(m);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (m - s)) / m) * (i - m / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / m + sd));
      const newRight = Math.min(right, Math.floor(k + ((m - i) * s) / m + sd));
      select(a, k, newLeft, newRight);
    }
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
