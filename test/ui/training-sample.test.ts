import { describe, expect, test } from 'vitest';
import { activeSlots, hash2, homeJitter, homePositions, selectSample, unitHash } from '../../src/ui/lib/sample.ts';

describe('sample selection', () => {
  const candidates = Int32Array.from({ length: 10_000 }, (_, i) => i * 2);

  test('selectSample(candidates, n, seed) is n distinct candidates in ascending order, the same for the same seed', () => {
    const a = selectSample(candidates, 3000, 42);
    expect(a.length).toBe(3000);
    expect(new Set(a).size).toBe(3000);
    for (let k = 1; k < a.length; k++) expect(a[k]).toBeGreaterThan(a[k - 1]);
    for (const v of a) expect(v % 2).toBe(0);
    expect(Array.from(selectSample(candidates, 3000, 42))).toEqual(Array.from(a));
    expect(Array.from(selectSample(candidates, 3000, 43))).not.toEqual(Array.from(a));
  });

  test('every candidate is about equally likely: the sample\'s mean slot is the candidates\' mean', () => {
    const a = selectSample(candidates, 3000, 1);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    // candidates' mean 9999, sd of a sample mean ≈ 5773/√3000 ≈ 105 (less without replacement)
    expect(Math.abs(mean - 9999)).toBeLessThan(400);
  });

  test('asks for more than there are: all of them; refuses a negative size by name', () => {
    expect(Array.from(selectSample([5, 3, 9], 10, 1))).toEqual([3, 5, 9]);
    expect(selectSample([], 10, 1).length).toBe(0);
    expect(() => selectSample(candidates, -1, 1)).toThrow(/selectSample: invalid size -1/);
  });

  test('activeSlots lists the slots with the ACTIVE bit', () => {
    expect(Array.from(activeSlots(Uint8Array.from([1, 0, 3, 2, 1])))).toEqual([0, 2, 4]);
    expect(Array.from(activeSlots(Uint8Array.from([1, 0, 3, 2, 1]), 3))).toEqual([0, 2]);
  });
});

describe('home jitter', () => {
  test('is deterministic: the same customer and seed always land on the same spot', () => {
    expect(homeJitter(1234, 42)).toEqual(homeJitter(1234, 42));
    expect(homeJitter(1234, 42)).not.toEqual(homeJitter(1235, 42));
    expect(homeJitter(1234, 42)).not.toEqual(homeJitter(1234, 43));
    expect(hash2(3, 4)).toBe(hash2(3, 4));
  });

  test('stays inside the cell and spreads over it: offsets in [−0.5, 0.5), mean ≈ 0, every quadrant used', () => {
    const n = 20_000;
    let sx = 0, sy = 0;
    let lo = Infinity, hi = -Infinity;
    const quadrant = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const [x, y] = homeJitter(i, 7);
      lo = Math.min(lo, x, y);
      hi = Math.max(hi, x, y);
      sx += x;
      sy += y;
      quadrant[(x < 0 ? 0 : 1) + (y < 0 ? 0 : 2)]++;
    }
    expect(lo).toBeGreaterThanOrEqual(-0.5);
    expect(hi).toBeLessThan(0.5);
    expect(Math.abs(sx / n)).toBeLessThan(0.01);
    expect(Math.abs(sy / n)).toBeLessThan(0.01);
    for (const q of quadrant) expect(q / n).toBeGreaterThan(0.23);
    for (let i = 0; i < 1000; i++) {
      const u = unitHash(i, 9);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  test('homePositions puts each member inside its cell (km)', () => {
    const grid = { cols: 10, cellKm: 2 };
    const slots = Int32Array.from({ length: 500 }, (_, i) => i * 3);
    const cells = Uint16Array.from(slots, (_, k) => k % 100);
    const { x, y } = homePositions(slots, cells, grid, 5);
    for (let k = 0; k < slots.length; k++) {
      const col = cells[k] % 10, row = Math.floor(cells[k] / 10);
      expect(x[k]).toBeGreaterThanOrEqual(col * 2);
      expect(x[k]).toBeLessThanOrEqual((col + 1) * 2);
      expect(y[k]).toBeGreaterThanOrEqual(row * 2);
      expect(y[k]).toBeLessThanOrEqual((row + 1) * 2);
    }
    expect(Array.from(homePositions(slots, cells, grid, 5).x)).toEqual(Array.from(x));
  });
});
