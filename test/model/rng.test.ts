import { describe, expect, it } from 'vitest';
import { deriveState, hashKey, hashUniform, KeyedRng, Rng, substream, uniform } from '../../src/model/rng.ts';

// Every statistical check below allows 4 standard errors of the estimate, the SE computed from
// the number of draws and the distribution's own moments: a correct generator fails one check
// with probability 6e-5 (two-sided normal tail), and the seeds are fixed, so the suite is stable.
const Z = 4;

function draws(n: number, f: () => number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = f();
  return x;
}

function moments(x: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (const v of x) s += v;
  const mean = s / x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return { mean, variance: ss / (x.length - 1) };
}

describe('deriveState', () => {
  it('is a pure function of (seed, keys)', () => {
    expect(Array.from(deriveState(42, 1, 2, 3))).toEqual(Array.from(deriveState(42, 1, 2, 3)));
    const a = Rng.from(42, 3, 5), b = Rng.from(42, 3, 5);
    for (let i = 0; i < 1000; i++) expect(a.nextU32()).toBe(b.nextU32());
  });

  it('gives a different stream for every distinct (seed, keys) tuple, including permuted keys', () => {
    const tuples: number[][] = [[42], [42, 0], [42, 1], [42, 0, 1], [42, 1, 0], [42, 1, 2], [42, 2, 1], [43, 1, 2], [-42, 1, 2], [0], [0, 0], [2 ** 31 - 1, 0]];
    const firsts = tuples.map(([seed, ...keys]) => {
      const r = Rng.from(seed, ...keys);
      return Array.from({ length: 4 }, () => r.nextU32()).join(',');
    });
    expect(new Set(firsts).size).toBe(tuples.length);
  });

  it('streams of neighbouring replications are uncorrelated (|r| < 4/√n)', () => {
    const n = 200_000;
    const a = Rng.from(42, 1, 1, 4), b = Rng.from(42, 2, 1, 4);
    const x = draws(n, () => a.next()), y = draws(n, () => b.next());
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += (x[i] - 0.5) * (y[i] - 0.5);
    const r = sxy / n / (1 / 12);
    // under independence the sample correlation has SE 1/√n
    expect(Math.abs(r)).toBeLessThan(Z / Math.sqrt(n));
  });

  it('rejects a non-finite seed', () => {
    expect(() => deriveState(Number.NaN)).toThrow(RangeError);
    expect(() => deriveState(Infinity)).toThrow(/invalid seed/);
  });
});

describe('substream (a customer\'s draws of the month, needs.ts)', () => {
  const base = deriveState(42, 1, 3, 4), s = new Uint32Array(4);
  const at = (key: number, k: number) => { substream(s, base, key); let u = 0; for (let j = 0; j <= k; j++) u = uniform(s); return u; };

  it('is a pure function of (base, key) and leaves the base alone', () => {
    const copy = Array.from(base);
    expect([at(7, 0), at(7, 1), at(7, 2)]).toEqual([at(7, 0), at(7, 1), at(7, 2)]);
    expect(Array.from(base)).toEqual(copy);
  });

  it('the k-th draw over neighbouring keys (slots 0, 1, 2, …) is uniform: ten bins, χ² with 9 df below its 99.99 % point', () => {
    const n = 200_000;
    for (const k of [0, 1, 5]) {
      const bins = new Array(10).fill(0);
      for (let key = 0; key < n; key++) bins[Math.floor(at(key, k) * 10)]++;
      const chi2 = bins.reduce((a, o) => a + (o - n / 10) ** 2 / (n / 10), 0);
      expect(chi2, `draw ${k}`).toBeLessThan(33.72);
    }
  });

  it('neighbouring keys are uncorrelated, and a key\'s successive draws too (|r| < 4/√n)', () => {
    const n = 200_000;
    let keys = 0, lag = 0;
    for (let key = 0; key < n; key++) {
      const u0 = at(key, 0), v0 = at(key + 1, 0);
      keys += (u0 - 0.5) * (v0 - 0.5);
      substream(s, base, key);
      const a = uniform(s), b = uniform(s);
      lag += (a - 0.5) * (b - 0.5);
    }
    expect(Math.abs(keys / n / (1 / 12))).toBeLessThan(Z / Math.sqrt(n));
    expect(Math.abs(lag / n / (1 / 12))).toBeLessThan(Z / Math.sqrt(n));
  });

  it('the same key under another month\'s base gives an unrelated draw', () => {
    const other = deriveState(42, 1, 4, 4), t = new Uint32Array(4), n = 200_000;
    let sxy = 0;
    for (let key = 0; key < n; key++) {
      substream(s, base, key); substream(t, other, key);
      sxy += (uniform(s) - 0.5) * (uniform(t) - 0.5);
    }
    expect(Math.abs(sxy / n / (1 / 12))).toBeLessThan(Z / Math.sqrt(n));
  });
});

describe('hashUniform (the day of a customer\'s visit) and KeyedRng (a settled visit\'s draws)', () => {
  const base = deriveState(42, 1, 3, 14);
  it('the n-th draw over neighbouring customers is uniform on 30 days (χ² with 29 df below its 99.99 % point) and uncorrelated with the next draw', () => {
    const n = 300_000;
    for (const k of [0, 1, 2]) {
      const bins = new Array(30).fill(0);
      let lag = 0;
      for (let i = 0; i < n; i++) {
        const key = hashKey(base, i), u = hashUniform(key, k);
        bins[Math.floor(u * 30)]++;
        lag += (u - 0.5) * (hashUniform(key, k + 1) - 0.5);
      }
      const chi2 = bins.reduce((a, o) => a + (o - n / 30) ** 2 / (n / 30), 0);
      expect(chi2, `draw ${k}`).toBeLessThan(65.25);
      expect(Math.abs(lag / n / (1 / 12))).toBeLessThan(Z / Math.sqrt(n));
    }
  });

  it('KeyedRng: the same (key, sub) gives the same draws whatever was drawn before; another sub, others', () => {
    const k = new KeyedRng(base);
    k.select(7, 3); const a = [k.next(), k.next()];
    k.select(8, 3); k.next();
    k.select(7, 3); expect([k.next(), k.next()]).toEqual(a);
    k.select(7, 4); expect(k.next()).not.toBe(a[0]);
    // a selection with no draw costs nothing and leaves the next one's draws alone
    k.select(9, 9); k.select(7, 3); expect(k.next()).toBe(a[0]);
  });
});

describe('Rng distributions', () => {
  const N = 1_000_000;

  it('next() is uniform on [0, 1): mean 1/2 and variance 1/12 within 4 SE over 1e6 draws', () => {
    const r = Rng.from(7, 1);
    const x = draws(N, () => r.next());
    let lo = Infinity, hi = -Infinity;
    for (const v of x) { if (v < lo) lo = v; if (v > hi) hi = v; }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    const { mean, variance } = moments(x);
    // SE(mean) = √(1/12 / n); SE(variance) = √((μ4 − σ⁴)/n) with μ4 = 1/80, σ⁴ = 1/144
    expect(Math.abs(mean - 0.5)).toBeLessThan(Z * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(Z * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it('next() fills ten equal bins evenly (χ² with 9 df below its 99.99 % point)', () => {
    const r = Rng.from(7, 2);
    const n = 200_000, bins = new Float64Array(10);
    for (let i = 0; i < n; i++) bins[Math.floor(r.next() * 10)]++;
    const e = n / 10;
    const chi2 = bins.reduce((a, o) => a + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(33.72); // χ²(9) upper 1e-4 quantile
  });

  it('nextOpen() stays in (0, 1] and int(n) in [0, n)', () => {
    const r = Rng.from(7, 3);
    let bad = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = r.nextOpen();
      const k = r.int(6);
      if (!(u > 0 && u <= 1) || !(Number.isInteger(k) && k >= 0 && k < 6)) bad++;
    }
    expect(bad).toBe(0);
  });

  it('exponential(m) has mean m within 4 SE (SE = m/√n)', () => {
    for (const m of [0.5, 30]) {
      const r = Rng.from(7, 4, m * 10);
      const x = draws(N, () => r.exponential(m));
      const { mean, variance } = moments(x);
      expect(Math.abs(mean - m)).toBeLessThan(Z * m / Math.sqrt(N));
      // SE(variance) = √((μ4 − σ⁴)/n), μ4 = 9m⁴ for the exponential
      expect(Math.abs(variance - m * m)).toBeLessThan(Z * Math.sqrt(8 * m ** 4 / N));
    }
  });

  it('exp1() (the table exponential) matches P(X > x) = e^−x at the quartiles and far in the tail within 4 binomial SE', () => {
    const n = 400_000, r = Rng.from(7, 8);
    const cuts = [0.1, Math.LN2 / 2, Math.LN2, 1, 2, 5, 9];
    const above = new Float64Array(cuts.length);
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      const x = r.exp1();
      if (x < min) min = x;
      for (let k = 0; k < cuts.length; k++) if (x > cuts[k]) above[k]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    cuts.forEach((c, k) => {
      const p = Math.exp(-c);
      expect(Math.abs(above[k] / n - p), `P(X > ${c})`).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / n));
    });
  });

  it('exp1() agrees with −ln(1 − u/2) inside its interpolation error (< 2e-7) on a fine grid', () => {
    // replays the two words each draw used and compares with the exact inverse CDF
    const r = Rng.from(3, 9);
    let maxErr = 0;
    for (let i = 0; i < 200_000; i++) {
      const s0 = Uint32Array.from(r.state);
      const x = r.exp1();
      const q = new Rng(s0);
      const a = q.nextU32(), b = q.nextU32();
      if (a === 0xffffffff) continue;
      const k = Math.clz32(~a);
      const exact = k * Math.LN2 - Math.log(1 - b / 2 ** 33);
      maxErr = Math.max(maxErr, Math.abs(x - exact));
    }
    expect(maxErr).toBeLessThan(2e-7);
  });

  it('normal() has mean 0 and variance 1 within 4 SE', () => {
    const r = Rng.from(7, 5);
    const x = draws(N, () => r.normal());
    const { mean, variance } = moments(x);
    expect(Math.abs(mean)).toBeLessThan(Z / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(Z * Math.sqrt(2 / N)); // μ4 − σ⁴ = 3 − 1
  });

  it('poisson(λ) has mean and variance λ within 4 SE, by inversion and by the normal branch', () => {
    for (const lambda of [0.3, 3, 12, 80]) {
      const n = 300_000;
      const r = Rng.from(7, 6, lambda * 10);
      const x = draws(n, () => r.poisson(lambda));
      for (const v of x.subarray(0, 1000)) expect(Number.isInteger(v) && v >= 0).toBe(true);
      const { mean, variance } = moments(x);
      expect(Math.abs(mean - lambda), `mean, λ=${lambda}`).toBeLessThan(Z * Math.sqrt(lambda / n));
      // Poisson: μ4 = λ + 3λ², so Var(s²) ≈ (λ + 2λ²)/n
      expect(Math.abs(variance - lambda), `variance, λ=${lambda}`).toBeLessThan(Z * Math.sqrt((lambda + 2 * lambda ** 2) / n));
    }
    expect(Rng.from(1).poisson(0)).toBe(0);
  });

  it('poisson(3) matches the Poisson probabilities P(0..6) within 4 binomial SE', () => {
    const n = 300_000, lambda = 3;
    const r = Rng.from(7, 7);
    const counts = new Float64Array(7);
    for (let i = 0; i < n; i++) { const k = r.poisson(lambda); if (k < 7) counts[k]++; }
    let p = Math.exp(-lambda);
    for (let k = 0; k < 7; k++) {
      expect(Math.abs(counts[k] / n - p), `P(${k})`).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / n));
      p *= lambda / (k + 1);
    }
  });
});
