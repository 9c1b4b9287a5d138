import { describe, expect, it } from 'vitest';
import { summarize, tCdf, tQuantile } from '../../src/experiment/stats.ts';
import { Rng } from '../../src/model/rng.ts';

describe('tQuantile', () => {
  it('matches published two-sided 95 % critical values to 3 decimals', () => {
    // Student t table (e.g. Abramowitz & Stegun, Table 26.10).
    const table: Array<[number, number]> = [[1, 12.706], [2, 4.303], [4, 2.776], [9, 2.262], [29, 2.045], [120, 1.980]];
    for (const [df, t] of table) expect(tQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('tends to the normal 1.960 as df grows, and equals it at df = Infinity', () => {
    expect(tQuantile(0.975, Infinity)).toBeCloseTo(1.959964, 6);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5);
    expect(tQuantile(0.975, 1000)).toBeGreaterThan(tQuantile(0.975, Infinity));
  });

  it('agrees with the closed forms for df = 1 (Cauchy) and df = 2 when computed through the incomplete beta', () => {
    for (const p of [0.6, 0.9, 0.975, 0.999]) {
      expect(tCdf(Math.tan(Math.PI * (p - 0.5)), 1)).toBeCloseTo(p, 10);
      expect(tCdf((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 2)).toBeCloseTo(p, 10);
    }
  });

  it('inverts the CDF and is antisymmetric, also for non-integer df', () => {
    for (const df of [3, 7.5, 30, 250]) {
      for (const p of [0.01, 0.3, 0.8, 0.995]) {
        const t = tQuantile(p, df);
        expect(tCdf(t, df)).toBeCloseTo(p, 9);
        expect(tQuantile(1 - p, df)).toBeCloseTo(-t, 9);
      }
    }
  });

  it('normal quantile (AS 241) matches known values in all three regions', () => {
    expect(tQuantile(0.5, Infinity)).toBe(0);
    expect(tQuantile(0.841344746068543, Infinity)).toBeCloseTo(1, 9);
    expect(tQuantile(0.001, Infinity)).toBeCloseTo(-3.090232306167813, 9);
    expect(tQuantile(1e-12, Infinity)).toBeCloseTo(-7.034483825301131, 8);
  });

  it('rejects p outside (0, 1) and df ≤ 0, naming the function', () => {
    expect(() => tQuantile(1, 5)).toThrow(/tQuantile requires 0 < p < 1/);
    expect(() => tQuantile(0.5, 0)).toThrow(/tQuantile requires df > 0/);
    expect(() => tQuantile(Number.NaN, 5)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives mean, sample sd and the t interval mean ± t(0.975, n−1)·sd/√n', () => {
    const s = summarize([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.halfWidth).toBeCloseTo(tQuantile(0.975, 3) * Math.sqrt(5 / 3) / 2, 12);
    expect(s.ci95[0]).toBeCloseTo(2.5 - s.halfWidth, 12);
    expect(s.ci95[1]).toBeCloseTo(2.5 + s.halfWidth, 12);
    expect(s.n).toBe(4);
  });

  it('with one value reports sd 0 and the degenerate interval [mean, mean]', () => {
    expect(summarize([7.5])).toEqual({ mean: 7.5, sd: 0, ci95: [7.5, 7.5], n: 1, halfWidth: 0 });
  });

  it('identical values give an interval of exactly zero width', () => {
    const s = summarize([0, 0, 0]);
    expect(s.ci95).toEqual([0, 0]);
    expect(s.halfWidth).toBe(0);
  });

  it('throws on no values', () => {
    expect(() => summarize([])).toThrow(/summarize requires at least one value/);
  });

  it('95 % t-intervals cover the true mean at a rate within the binomial 99.9 % band around 0.95', () => {
    const trials = 4000, size = 10, mu = 3, sigma = 2;
    let covered = 0;
    let coveredByNormal = 0;
    for (let k = 0; k < trials; k++) {
      const rng = Rng.from(2024, k);
      const sample = Array.from({ length: size }, () => mu + sigma * rng.normal());
      const { ci95 } = summarize(sample);
      if (ci95[0] <= mu && mu <= ci95[1]) covered++;
      const { mean, sd } = summarize(sample);
      if (Math.abs(mean - mu) <= 1.959964 * sd / Math.sqrt(size)) coveredByNormal++;
    }
    const [lo, hi] = binomialBand(trials, 0.95, 0.999);
    expect(covered).toBeGreaterThanOrEqual(lo);
    expect(covered).toBeLessThanOrEqual(hi);
    // The band is narrow enough to matter: the normal 1.96 instead of t(0.975, 9) = 2.262 falls below it.
    expect(coveredByNormal).toBeLessThan(lo);
  });
});

// Central `level` band [lo, hi] of Binomial(n, p): P(X < lo) ≤ α/2 and P(X > hi) ≤ α/2.
function binomialBand(n: number, p: number, level: number): [number, number] {
  const alpha = (1 - level) / 2;
  const logPmf = (k: number) => logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  const pmf = Array.from({ length: n + 1 }, (_, k) => Math.exp(logPmf(k)));
  let lo = 0, acc = 0;
  while (acc + pmf[lo] <= alpha) acc += pmf[lo++];
  let hi = n;
  acc = 0;
  while (acc + pmf[hi] <= alpha) acc += pmf[hi--];
  return [lo, hi];
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}
