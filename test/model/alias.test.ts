import { describe, expect, it } from 'vitest';
import { AliasBuilder, aliasDraw } from '../../src/model/alias.ts';
import { Rng } from '../../src/model/rng.ts';

// Draw frequencies must match the weights within 4 binomial standard errors per outcome
// (a correct table fails one check with probability 6e-5; the seeds are fixed).
const Z = 4;

function frequencies(weights: number[], n: number, seed: number): Float64Array {
  const k = weights.length;
  const prob = new Float64Array(k + 3), alias = new Uint8Array(k + 3);
  const total = new AliasBuilder().build(weights, 0, k, prob, alias, 3); // at an offset
  expect(total).toBeCloseTo(weights.reduce((a, b) => a + b, 0), 12);
  const counts = new Float64Array(k);
  const r = Rng.from(seed);
  for (let i = 0; i < n; i++) counts[aliasDraw(prob, alias, 3, k, r.next())]++;
  return counts;
}

describe('alias tables (Walker/Vose)', () => {
  it('draw each outcome with probability weight / total, within 4 binomial SE', () => {
    const cases = [[1, 1, 1, 1], [0.7, 0.2, 0.1], [5, 0.001, 3, 12, 0.5, 0.5, 9, 1e-6], Array.from({ length: 17 }, (_, i) => (i * 7) % 5 + 0.25)];
    const n = 200_000;
    cases.forEach((w, c) => {
      const counts = frequencies(w, n, 11 + c);
      const total = w.reduce((a, b) => a + b, 0);
      w.forEach((x, k) => {
        const p = x / total;
        expect(Math.abs(counts[k] / n - p), `case ${c}, outcome ${k}`).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / n) + 1e-12);
      });
    });
  });

  it('never draw an outcome of weight 0, and report a zero total', () => {
    const counts = frequencies([0, 3, 0, 0, 1, 0], 100_000, 5);
    expect(counts[0] + counts[2] + counts[3] + counts[5]).toBe(0);
    const prob = new Float64Array(3), alias = new Uint8Array(3);
    expect(new AliasBuilder().build([0, 0, 0], 0, 3, prob, alias, 0)).toBe(0);
  });

  it('map uniforms at both ends of [0, 1) to outcomes of positive weight', () => {
    const w = [0.2, 0, 0.5, 0.3];
    const prob = new Float64Array(4), alias = new Uint8Array(4);
    new AliasBuilder().build(w, 0, 4, prob, alias, 0);
    for (const u of [0, 1e-12, 0.25, 0.5 - 1e-12, 0.5, 1 - 2 ** -32]) {
      const k = aliasDraw(prob, alias, 0, 4, u);
      expect(k >= 0 && k < 4 && w[k] > 0, `u=${u} → ${k}`).toBe(true);
    }
  });
});
