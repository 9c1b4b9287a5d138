import { describe, expect, it } from 'vitest';
import { erlangC, erlangCMetrics, type ErlangCMetrics } from '../../src/model/erlang.ts';
import { intradayProfile, orderedArrivals, percentile, poissonArrivals, simulatePriorityQueue, simulateQueue } from '../../src/model/queue.ts';
import { Rng } from '../../src/model/rng.ts';

// A customer at a time over all servers: the definition of FCFS with reneging, O(n·c), no heap.
function naiveQueue(n: number, arrivals: Float64Array, service: Float64Array, patience: Float64Array | null, c: number) {
  const free = new Array<number>(c).fill(-Infinity);
  const wait = new Float64Array(n);
  const reneged = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 1; j < c; j++) if (free[j] < free[s]) s = j;
    const queued = Math.max(0, free[s] - arrivals[k]);
    if (patience && queued > patience[k]) {
      wait[k] = patience[k];
      reneged[k] = 1;
    } else {
      wait[k] = queued;
      free[s] = arrivals[k] + queued + service[k];
    }
  }
  return { wait, reneged };
}

// n random customers: Poisson arrivals, exponential service and patience.
function customers(seed: number, n: number, ratePerMin: number, meanServiceMin: number, meanPatienceMin: number) {
  const rng = Rng.from(seed, 7);
  const arrivals = new Float64Array(n);
  const service = new Float64Array(n);
  const patience = new Float64Array(n);
  let t = 0;
  for (let k = 0; k < n; k++) {
    t += rng.exponential(1 / ratePerMin);
    arrivals[k] = t;
    service[k] = rng.exponential(meanServiceMin);
    patience[k] = rng.exponential(meanPatienceMin);
  }
  return { arrivals, service, patience, wait: new Float64Array(n), reneged: new Uint8Array(n) };
}

interface Estimate {
  value: number;
  /** Standard error by batch means. */
  se: number;
}

// 50 batches of 15 000–40 000 minutes, each far longer than these queues take to forget their
// state (a few hundred minutes at most), so batch means are close to independent, and the SE
// estimate has 49 degrees of freedom: with 20 it was noisy enough that 1 seed in 120 put a
// correct queue beyond 4·SE (4.8, in the hotline case).
const BATCHES = 50;

// M/M/c through simulateQueue over horizonMin minutes; the first 5 % is warm-up and the rest
// is cut into time batches, whose spread gives the standard error of each pooled figure
// (successive waits are strongly correlated, so the spread of single waits would not).
function simulateMmc(o: { arrivalsPerHour: number; meanServiceMin: number; servers: number; answerWithinS: number; horizonMin: number; seed: number }): Record<keyof ErlangCMetrics, Estimate> {
  const ratePerMin = o.arrivalsPerHour / 60;
  const expected = ratePerMin * o.horizonMin;
  const capacity = Math.ceil(expected + 10 * Math.sqrt(expected) + 100);
  const arrivals = new Float64Array(capacity);
  const n = poissonArrivals(Rng.from(o.seed, 1), ratePerMin, o.horizonMin, arrivals);
  expect(n).toBeLessThan(capacity);
  const service = new Float64Array(n);
  const serviceRng = Rng.from(o.seed, 2);
  for (let k = 0; k < n; k++) service[k] = serviceRng.exponential(o.meanServiceMin);
  const wait = new Float64Array(n);
  const reneged = new Uint8Array(n);
  simulateQueue(n, arrivals, service, null, o.servers, wait, reneged);

  const warmUp = 0.05 * o.horizonMin;
  const batchLength = (o.horizonMin - warmUp) / BATCHES;
  const tMin = o.answerWithinS / 60;
  const count = new Float64Array(BATCHES);
  const sums = { meanWaitMin: new Float64Array(BATCHES), pWait: new Float64Array(BATCHES), serviceLevel: new Float64Array(BATCHES) };
  for (let k = 0; k < n; k++) {
    if (arrivals[k] < warmUp) continue;
    const b = Math.min(BATCHES - 1, Math.floor((arrivals[k] - warmUp) / batchLength));
    count[b]++;
    sums.meanWaitMin[b] += wait[k];
    if (wait[k] > 0) sums.pWait[b]++;
    if (wait[k] <= tMin) sums.serviceLevel[b]++;
  }
  const total = count.reduce((a, b) => a + b, 0);
  const estimate = (s: Float64Array): Estimate => {
    const ratios = Array.from(s, (x, b) => x / count[b]);
    const mean = ratios.reduce((a, b) => a + b, 0) / BATCHES;
    const variance = ratios.reduce((a, r) => a + (r - mean) ** 2, 0) / (BATCHES - 1);
    return { value: s.reduce((a, b) => a + b, 0) / total, se: Math.sqrt(variance / BATCHES) };
  };
  return { meanWaitMin: estimate(sums.meanWaitMin), pWait: estimate(sums.pWait), serviceLevel: estimate(sums.serviceLevel) };
}

describe('simulateQueue agrees with Erlang C (M/M/c, infinite patience)', () => {
  // Why 4·SE: the standardised error (simulated − exact)/SE follows roughly a t distribution
  // with 49 degrees of freedom, and P(|t₄₉| > 4) ≈ 2·10⁻⁴; over the 9 comparisons below a
  // correct queue fails with probability about 0.2 % (union bound), where 3·SE would fail about
  // 1 run in 25. Over 240 seeded runs (120 of the hotline case, 60 of each other) the largest
  // |z| we saw was 3.7. The seeds are fixed, so the test is deterministic; the probability is
  // that of a failure after a correct change that redraws the random numbers.
  // The bound on SE / value makes sure the comparison has power: a 4·SE band of a few per cent
  // catches, say, a lost server (ρ 0.85 → 1.06 at c = 5) or a wait measured from the wrong time.
  // maxRelSe: the largest SE / value for which the comparison still has power; roughly twice the
  // SE these horizons give (the mean wait, most correlated from customer to customer, the widest).
  const cases = [
    { name: 'M/M/1, ρ = 0.7', arrivalsPerHour: 42, meanServiceMin: 1, servers: 1, answerWithinS: 30, horizonMin: 2e6, seed: 11,
      maxRelSe: { meanWaitMin: 0.015, pWait: 0.005, serviceLevel: 0.008 } },
    { name: 'M/M/5, ρ = 0.85', arrivalsPerHour: 255, meanServiceMin: 1, servers: 5, answerWithinS: 20, horizonMin: 8e5, seed: 12,
      maxRelSe: { meanWaitMin: 0.02, pWait: 0.006, serviceLevel: 0.01 } },
    { name: 'M/M/22, AHT 4 min, ρ = 0.9 (a hotline)', arrivalsPerHour: 297, meanServiceMin: 4, servers: 22, answerWithinS: 20, horizonMin: 1.2e6, seed: 13,
      maxRelSe: { meanWaitMin: 0.03, pWait: 0.012, serviceLevel: 0.012 } },
  ];
  for (const c of cases) {
    it(`${c.name}: mean wait, P(wait) and service level within 4 standard errors`, () => {
      const exact = erlangCMetrics(c);
      const sim = simulateMmc(c);
      for (const key of ['meanWaitMin', 'pWait', 'serviceLevel'] as const) {
        expect(sim[key].se / exact[key], `${key}: SE ${sim[key].se} too large for a test with power`).toBeLessThan(c.maxRelSe[key]);
        expect(Math.abs(sim[key].value - exact[key]), `${key}: simulated ${sim[key].value}, Erlang C ${exact[key]}`).toBeLessThanOrEqual(4 * sim[key].se);
      }
    });
  }
});

describe('simulateQueue invariants', () => {
  it('conserves customers: served + reneged = n, and the flags agree', () => {
    const n = 20000;
    const q = customers(1, n, 3, 1, 0.5);
    const out = simulateQueue(n, q.arrivals, q.service, q.patience, 2, q.wait, q.reneged);
    expect(out.served + out.reneged).toBe(n);
    expect(q.reneged.reduce((a, b) => a + b, 0)).toBe(out.reneged);
    expect(out.reneged).toBeGreaterThan(0);
  });

  it('never keeps a customer waiting longer than their patience; those who give up waited exactly it', () => {
    const n = 20000;
    const q = customers(2, n, 5, 1, 0.3);
    simulateQueue(n, q.arrivals, q.service, q.patience, 4, q.wait, q.reneged);
    let violations = 0;
    for (let k = 0; k < n; k++) {
      if (!(q.wait[k] >= 0 && q.wait[k] <= q.patience[k])) violations++;
      if (q.reneged[k] && q.wait[k] !== q.patience[k]) violations++;
    }
    expect(violations).toBe(0);
    expect(q.reneged.some((r) => r === 1)).toBe(true);
  });

  it('with infinite patience equals the run without reneging', () => {
    const n = 10000;
    const q = customers(3, n, 2.5, 1, 1);
    const infinite = new Float64Array(n).fill(Infinity);
    const a = simulateQueue(n, q.arrivals, q.service, infinite, 3, q.wait, q.reneged);
    const waitA = q.wait.slice();
    const b = simulateQueue(n, q.arrivals, q.service, null, 3, q.wait, q.reneged);
    expect(a).toEqual(b);
    expect(b.reneged).toBe(0);
    expect(q.wait).toEqual(waitA);
  });

  it('matches the one-customer-at-a-time definition of FCFS with reneging', () => {
    for (const [seed, servers, rate] of [[4, 1, 0.9], [5, 3, 2.8], [6, 8, 9], [7, 30, 31]] as const) {
      const n = 3000;
      const q = customers(seed, n, rate, 1, 2);
      simulateQueue(n, q.arrivals, q.service, q.patience, servers, q.wait, q.reneged);
      const naive = naiveQueue(n, q.arrivals, q.service, q.patience, servers);
      expect(q.wait).toEqual(naive.wait);
      expect(q.reneged).toEqual(naive.reneged);
    }
  });

  it('counts busy time and the last departure', () => {
    const arrivals = Float64Array.of(0, 1, 1.5, 10);
    const service = Float64Array.of(3, 2, 4, 1);
    const wait = new Float64Array(4);
    const reneged = new Uint8Array(4);
    const out = simulateQueue(4, arrivals, service, null, 2, wait, reneged);
    // server A: 0–3, then customer 3 at 3–7; server B: 1–3; the last arrives to an empty shop
    expect(Array.from(wait)).toEqual([0, 0, 1.5, 0]);
    expect(out).toEqual({ served: 4, reneged: 0, busyMin: 10, lastDepartureMin: 11 });
  });

  it('keeps nobody waiting when there is no load on the servers', () => {
    const n = 1000;
    const q = customers(8, n, 1, 1, 1);
    simulateQueue(n, q.arrivals, q.service, q.patience, n, q.wait, q.reneged); // a server per customer
    expect(q.wait.every((w) => w === 0)).toBe(true);
    const spaced = Float64Array.from({ length: 100 }, (_, k) => 10 * k);
    const short = new Float64Array(100).fill(9.99);
    simulateQueue(100, spaced, short, null, 1, q.wait, q.reneged);
    expect(q.wait.subarray(0, 100).every((w) => w === 0)).toBe(true);
    expect(simulateQueue(0, new Float64Array(0), new Float64Array(0), null, 1, new Float64Array(0), new Uint8Array(0))).toEqual({
      served: 0,
      reneged: 0,
      busyMin: 0,
      lastDepartureMin: -Infinity,
    });
  });

  it('gives the same waits for the same seed and different ones for another seed', () => {
    const run = (seed: number) => {
      const q = customers(seed, 5000, 1.8, 1, 1);
      simulateQueue(5000, q.arrivals, q.service, q.patience, 2, q.wait, q.reneged);
      return q.wait;
    };
    expect(run(21)).toEqual(run(21));
    expect(run(21)).not.toEqual(run(22));
  });

  it('continues a queue over chunks with carry, exactly as in one call', () => {
    const n = 9000;
    const q = customers(9, n, 4.5, 1, 0.8);
    simulateQueue(n, q.arrivals, q.service, q.patience, 5, q.wait, q.reneged);
    const whole = q.wait.slice();
    const heap = new Float64Array(5);
    const chunked = new Float64Array(n);
    for (let from = 0; from < n; from += 1000) {
      const to = Math.min(n, from + 1000);
      simulateQueue(to - from, q.arrivals.subarray(from, to), q.service.subarray(from, to), q.patience.subarray(from, to), 5,
        chunked.subarray(from, to), q.reneged.subarray(from, to), heap, from > 0);
    }
    expect(chunked).toEqual(whole);
  });

  it('reuses scratch across calls without carrying state unless asked', () => {
    const heap = new Float64Array(2);
    const wait = new Float64Array(2);
    const reneged = new Uint8Array(2);
    simulateQueue(2, Float64Array.of(0, 0), Float64Array.of(100, 100), null, 2, wait, reneged, heap);
    simulateQueue(2, Float64Array.of(1, 1), Float64Array.of(1, 1), null, 2, wait, reneged, heap);
    expect(Array.from(wait)).toEqual([0, 0]);
  });

  it('rejects bad arguments with RangeErrors naming the argument', () => {
    const a = new Float64Array(3);
    const w = new Float64Array(3);
    const r = new Uint8Array(3);
    expect(() => simulateQueue(3, a, a, null, 0, w, r)).toThrow(/^simulateQueue: servers must be an integer ≥ 1, got 0$/);
    expect(() => simulateQueue(3, a, a, null, 1.5, w, r)).toThrow(/^simulateQueue: servers/);
    expect(() => simulateQueue(4, a, a, null, 1, w, r)).toThrow(/^simulateQueue: arrivals has length 3, needs at least n = 4$/);
    expect(() => simulateQueue(3, a, new Float64Array(2), null, 1, w, r)).toThrow(/^simulateQueue: service has length 2/);
    expect(() => simulateQueue(3, a, a, new Float64Array(1), 1, w, r)).toThrow(/^simulateQueue: patience has length 1/);
    expect(() => simulateQueue(3, a, a, null, 1, w, new Uint8Array(1))).toThrow(/^simulateQueue: reneged has length 1/);
    expect(() => simulateQueue(3, a, a, null, 4, w, r, new Float64Array(2))).toThrow(/^simulateQueue: scratch has length 2/);
    expect(() => simulateQueue(3, a, a, null, 1, w, r, undefined, true)).toThrow(/^simulateQueue: carry/);
    expect(() => simulateQueue(3, Float64Array.of(0, 2, 1), a, null, 1, w, r)).toThrow(/^simulateQueue: arrivals must be ascending.*arrivals\[2\] = 1/);
  });
});

describe('poissonArrivals', () => {
  it('writes ascending times inside the horizon, about rate × horizon of them', () => {
    const out = new Float64Array(50000);
    const n = poissonArrivals(Rng.from(1), 2, 10000, out);
    // Poisson count: mean 20000, sd ≈ 141; 5 sd either side
    expect(Math.abs(n - 20000)).toBeLessThan(5 * Math.sqrt(20000));
    let descents = 0;
    for (let k = 1; k < n; k++) if (out[k] < out[k - 1]) descents++;
    expect(descents).toBe(0);
    expect(out[0]).toBeGreaterThan(0);
    expect(out[n - 1]).toBeLessThan(10000);
  });

  it('stops at the capacity of out and returns its length', () => {
    const out = new Float64Array(10);
    expect(poissonArrivals(Rng.from(2), 5, 1000, out)).toBe(10);
  });

  it('is deterministic for a seed and empty without rate or horizon', () => {
    const a = new Float64Array(100);
    const b = new Float64Array(100);
    expect(poissonArrivals(Rng.from(3, 4), 1, 50, a)).toBe(poissonArrivals(Rng.from(3, 4), 1, 50, b));
    expect(a).toEqual(b);
    expect(poissonArrivals(Rng.from(3), 0, 50, a)).toBe(0);
    expect(poissonArrivals(Rng.from(3), 1, 0, a)).toBe(0);
  });

  it('rejects a negative rate or horizon', () => {
    expect(() => poissonArrivals(Rng.from(1), -1, 10, new Float64Array(1))).toThrow(/^poissonArrivals: ratePerMin/);
    expect(() => poissonArrivals(Rng.from(1), 1, Number.NaN, new Float64Array(1))).toThrow(/^poissonArrivals: horizonMin/);
  });
});

describe('orderedArrivals (a day of store arrivals, ascending without a sort)', () => {
  it('writes ascending times inside the day', () => {
    const profile = intradayProfile(0.6), out = new Float64Array(500), r = Rng.from(4, 1);
    for (let day = 0; day < 200; day++) {
      const m = 1 + (day % 400);
      orderedArrivals(r, m, profile, 720, out);
      for (let p = 0; p < m; p++) {
        expect(out[p]).toBeGreaterThanOrEqual(p > 0 ? out[p - 1] : 0);
        expect(out[p]).toBeLessThan(720);
      }
    }
  });

  it('pooled over days, follows the profile CDF F(x) = (x + a(1 − cos πx)/π) / (1 + 2a/π) within 4 binomial SE', () => {
    const a = 0.6, profile = intradayProfile(a), out = new Float64Array(64), r = Rng.from(4, 2);
    const xs = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95];
    const below = new Float64Array(xs.length);
    let n = 0;
    for (let day = 0; day < 6000; day++) {
      const m = 1 + (day % 64);
      orderedArrivals(r, m, profile, 1, out);
      for (let p = 0; p < m; p++) for (let k = 0; k < xs.length; k++) if (out[p] <= xs[k]) below[k]++;
      n += m;
    }
    xs.forEach((x, k) => {
      const F = (x + (a * (1 - Math.cos(Math.PI * x))) / Math.PI) / (1 + (2 * a) / Math.PI);
      // times within a day are independent draws given their count, so the pooled fraction is binomial
      expect(Math.abs(below[k] / n - F), `F(${x})`).toBeLessThan(4 * Math.sqrt((F * (1 - F)) / n));
    });
  });

  it('gives the k-th of m flat-profile arrivals the Beta(k, m + 1 − k) mean k/(m + 1) within 4 SE', () => {
    const m = 9, days = 40_000, flat = intradayProfile(0), out = new Float64Array(m), r = Rng.from(4, 3);
    const sums = new Float64Array(m);
    for (let day = 0; day < days; day++) {
      orderedArrivals(r, m, flat, 1, out);
      for (let k = 0; k < m; k++) sums[k] += out[k];
    }
    for (let k = 1; k <= m; k++) {
      const mean = k / (m + 1), sd = Math.sqrt((k * (m + 1 - k)) / ((m + 1) ** 2 * (m + 2)));
      expect(Math.abs(sums[k - 1] / days - mean), `k = ${k}`).toBeLessThan((4 * sd) / Math.sqrt(days));
    }
  });
});

describe('percentile', () => {
  it('is the nearest-rank quantile (the ⌈p·n⌉-th smallest value)', () => {
    const v = Float64Array.of(50, 15, 40, 20, 35);
    expect(percentile(v, 5, 0.05)).toBe(15);
    expect(percentile(v, 5, 0.3)).toBe(20);
    expect(percentile(v, 5, 0.4)).toBe(20);
    expect(percentile(v, 5, 0.5)).toBe(35);
    expect(percentile(v, 5, 1)).toBe(50);
    expect(percentile(v, 5, 0)).toBe(15);
    expect(percentile(Float64Array.from({ length: 10 }, (_, k) => k + 1), 10, 0.9)).toBe(9);
  });

  it('leaves the values untouched and reads only the first n', () => {
    const v = Float64Array.of(3, 1, 2, 100);
    expect(percentile(v, 3, 1)).toBe(3);
    expect(Array.from(v)).toEqual([3, 1, 2, 100]);
  });

  it('agrees with sorting for large samples and many p, with or without scratch', () => {
    const rng = Rng.from(5);
    const v = Float64Array.from({ length: 5001 }, () => rng.exponential(3));
    const sorted = v.slice().sort();
    const scratch = new Float64Array(v.length);
    for (const p of [0, 0.01, 0.1, 0.25, 0.5, 0.9, 0.95, 0.999, 1]) {
      const expected = sorted[Math.max(1, Math.ceil(p * v.length)) - 1];
      expect(percentile(v, v.length, p)).toBe(expected);
      expect(percentile(v, v.length, p, scratch)).toBe(expected);
    }
  });

  it('rejects an empty sample and p outside [0, 1]', () => {
    expect(() => percentile(new Float64Array(0), 0, 0.5)).toThrow(/^percentile: n must be/);
    expect(() => percentile(Float64Array.of(1), 1, 90)).toThrow(/^percentile: p must be a fraction in \[0, 1\], got 90$/);
  });
});

describe('simulatePriorityQueue (non-preemptive priority, two classes)', () => {
  // Poisson arrivals, each of the first class with probability `share`, exponential service, no
  // abandonment; per-class mean waits by batch means (as simulateMmc above).
  function simulatePriority(o: { ratePerMin: number; meanServiceMin: number; servers: number; share: number; horizonMin: number; seed: number }) {
    const expected = o.ratePerMin * o.horizonMin;
    const capacity = Math.ceil(expected + 10 * Math.sqrt(expected) + 100);
    const arrivals = new Float64Array(capacity);
    const n = poissonArrivals(Rng.from(o.seed, 1), o.ratePerMin, o.horizonMin, arrivals);
    const r = Rng.from(o.seed, 2);
    const service = Float64Array.from({ length: n }, () => r.exponential(o.meanServiceMin));
    const first = Uint8Array.from({ length: n }, () => (r.next() < o.share ? 1 : 0));
    const patience = new Float64Array(n).fill(Infinity);
    const wait = new Float64Array(n), reneged = new Uint8Array(n);
    simulatePriorityQueue(n, arrivals.subarray(0, n), service, patience, first, o.servers, wait, reneged, new Float64Array(o.servers), new Int32Array(2 * n));
    const warmUp = 0.05 * o.horizonMin, batchLength = (o.horizonMin - warmUp) / BATCHES;
    const sums = [new Float64Array(BATCHES), new Float64Array(BATCHES)], counts = [new Float64Array(BATCHES), new Float64Array(BATCHES)];
    for (let k = 0; k < n; k++) {
      if (arrivals[k] < warmUp) continue;
      const b = Math.min(BATCHES - 1, Math.floor((arrivals[k] - warmUp) / batchLength)), c = first[k] ? 0 : 1;
      sums[c][b] += wait[k];
      counts[c][b]++;
    }
    return [0, 1].map((c): Estimate => {
      const ratios = Array.from(sums[c], (x, b) => x / counts[c][b]);
      const mean = ratios.reduce((a, b) => a + b, 0) / BATCHES;
      const variance = ratios.reduce((a, x) => a + (x - mean) ** 2, 0) / (BATCHES - 1);
      return { value: sums[c].reduce((a, b) => a + b, 0) / counts[c].reduce((a, b) => a + b, 0), se: Math.sqrt(variance / BATCHES) };
    });
  }

  // Cobham (1954): W_1 = C/(cμ(1 − σ_1)), W_2 = C/(cμ(1 − σ_1)(1 − ρ)); C = Erlang C at a = λ/μ.
  function cobham(o: { ratePerMin: number; meanServiceMin: number; servers: number; share: number }) {
    const a = o.ratePerMin * o.meanServiceMin, cmu = o.servers / o.meanServiceMin;
    const C = erlangC(o.servers, a), sigma1 = (o.share * o.ratePerMin) / cmu, rho = o.ratePerMin / cmu;
    return [C / (cmu * (1 - sigma1)), C / (cmu * (1 - sigma1) * (1 - rho))];
  }

  // 4·SE as for Erlang C above (t with 49 degrees of freedom: P(|t| > 4) ≈ 2·10⁻⁴ a comparison).
  // Power: the bound on SE / value keeps the band a few per cent wide, and the two classes' waits
  // differ by the factor 1/(1 − ρ) (3.3 and 6.7 here), which a FCFS line (both classes at the
  // pooled mean) or a reversed priority would miss by far more than 4·SE.
  const cases = [
    { name: 'M/M/1, ρ = 0.7, a quarter first', ratePerMin: 0.7, meanServiceMin: 1, servers: 1, share: 0.25, horizonMin: 2e6, seed: 31, maxRelSe: 0.02 },
    { name: 'M/M/5, ρ = 0.85, a fifth first', ratePerMin: 4.25, meanServiceMin: 1, servers: 5, share: 0.2, horizonMin: 8e5, seed: 32, maxRelSe: 0.03 },
  ];
  for (const c of cases) {
    it(`${c.name}: each class's mean wait within 4 SE of Cobham's`, () => {
      const exact = cobham(c), sim = simulatePriority(c);
      expect(exact[1] / exact[0]).toBeGreaterThan(3);
      for (const k of [0, 1]) {
        expect(sim[k].se / exact[k], `class ${k + 1}: SE ${sim[k].se} too large for a test with power`).toBeLessThan(c.maxRelSe);
        expect(Math.abs(sim[k].value - exact[k]), `class ${k + 1}: simulated ${sim[k].value}, Cobham ${exact[k]}`).toBeLessThanOrEqual(4 * sim[k].se);
      }
    });
  }

  it('with everyone in one class gives exactly simulateQueue\'s waits and outcome, reneging included', () => {
    for (const [seed, servers, rate] of [[41, 1, 0.9], [42, 3, 2.8], [43, 8, 9]] as const) {
      const n = 4000;
      const q = customers(seed, n, rate, 1, 2);
      const fcfs = simulateQueue(n, q.arrivals, q.service, q.patience, servers, q.wait, q.reneged);
      const wait = q.wait.slice(), gone = q.reneged.slice();
      for (const cls of [0, 1]) {
        const w = new Float64Array(n), r = new Uint8Array(n);
        const pri = simulatePriorityQueue(n, q.arrivals, q.service, q.patience, new Uint8Array(n).fill(cls), servers, w, r, new Float64Array(servers), new Int32Array(2 * n));
        expect(w).toEqual(wait);
        expect(r).toEqual(gone);
        expect(pri).toEqual(fcfs);
      }
    }
  });

  it('conserves customers, keeps everyone within their patience, and serves a waiting first-class customer before any second', () => {
    const n = 20000, q = customers(44, n, 4.8, 1, 0.6), r = Rng.from(44, 9);
    const first = Uint8Array.from({ length: n }, () => (r.next() < 0.3 ? 1 : 0));
    const out = simulatePriorityQueue(n, q.arrivals, q.service, q.patience, first, 5, q.wait, q.reneged, new Float64Array(5), new Int32Array(2 * n));
    expect(out.served + out.reneged).toBe(n);
    expect(q.reneged.reduce((a, b) => a + b, 0)).toBe(out.reneged);
    let bad = 0;
    for (let k = 0; k < n; k++) if (!(q.wait[k] >= 0 && q.wait[k] <= q.patience[k]) || (q.reneged[k] && q.wait[k] !== q.patience[k])) bad++;
    expect(bad).toBe(0);
    // no second-class customer starts while a first-class one who arrived earlier is still waiting
    // and willing: check every pair within a window of starts (sorted by start time)
    const starts = Array.from({ length: n }, (_, k) => k).filter((k) => !q.reneged[k]).sort((x, y) => q.arrivals[x] + q.wait[x] - (q.arrivals[y] + q.wait[y]));
    let overtaken = 0;
    for (let p = 0; p < starts.length; p++) {
      const k = starts[p], tk = q.arrivals[k] + q.wait[k];
      if (first[k] || q.wait[k] === 0) continue;
      for (let s = p + 1; s < Math.min(starts.length, p + 40); s++) {
        const v = starts[s];
        if (first[v] && q.arrivals[v] < tk && q.arrivals[v] + q.patience[v] > tk && q.arrivals[v] + q.wait[v] > tk) overtaken++;
      }
    }
    expect(overtaken).toBe(0);
    const meanWait = (c: number) => { let s = 0, m = 0; for (let k = 0; k < n; k++) if (first[k] === c) { s += q.wait[k]; m++; } return s / m; };
    // with reneging (mean patience 0.6 of a service) the second class's waits are capped, so only the direction is sure
    expect(meanWait(1)).toBeLessThan(meanWait(0));
  });
});
