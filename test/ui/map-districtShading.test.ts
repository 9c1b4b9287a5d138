import { describe, expect, test } from 'vitest';
import { districtAt, districtValues, RAMP_HI, RAMP_LO, shadedOutlets, shading, type Grid } from '../../src/ui/lib/map/districtShading.ts';
import { outletRows } from '../../src/ui/lib/map/outletTable.ts';
import { interpolateBlues } from 'd3';

// 3 × 2 cells of 2 km: district 0 owns the west column pair, 1 the middle, 2 the east
const GRID: Grid = { cols: 3, rows: 2, cellKm: 2, cellDistrict: Uint16Array.of(0, 1, 2, 0, 1, 2), density: Float32Array.of(0.1, 0.2, 0, 0.3, 0.4, 0) };
const PLACES = [
  { id: 'S1', name: 'S1', kind: 'own' as const, x: 1, y: 1 },
  { id: 'S2', name: 'S2', kind: 'own' as const, x: 1.5, y: 3 },
  { id: 'P1', name: 'P1', kind: 'partner' as const, x: 3, y: 3.9 },
];
const FIGURES = [
  { id: 'S1', transactions: 100, newLines: 30, revenue: 5000, cost: 2000, waitMeanMin: 4, efficiencyClass: 'high' },
  { id: 'S2', transactions: 300, newLines: 10, revenue: 1000, cost: 3000, waitMeanMin: 8, efficiencyClass: 'low' },
  { id: 'P1', transactions: 50, newLines: 5, revenue: 500, cost: 100, efficiencyClass: 'low' },
];

describe('district shading', () => {
  test('a run\'s figures count the partners that opened during it; the open-outlet count is the draft\'s', () => {
    const entrant = { id: 'N1', name: 'N1', kind: 'partner' as const, x: 5, y: 1 };
    const rows = outletRows([...PLACES, entrant], [], [...FIGURES, { id: 'N1', transactions: 70, newLines: 7, revenue: 700, cost: 200, efficiencyClass: 'mid' }]);
    const v = (k: Parameters<typeof districtValues>[0]) => districtValues(k, GRID, 3, shadedOutlets(k, PLACES, [entrant]), rows);
    expect(v('transactions')[2]).toBe(70);
    expect(v('newLines')[2]).toBe(7);
    expect(v('lowShare')[2]).toBe(0);
    expect(v('openOutlets')).toEqual([2, 1, 0]);
    expect(shadedOutlets('openOutlets', PLACES, [entrant])).toBe(PLACES);
    expect(shadedOutlets('revenue', PLACES, [])).toBe(PLACES);
  });

  test('an outlet belongs to the district owning its cell; off the grid, the nearest edge cell', () => {
    expect(districtAt(GRID, 1, 1)).toBe(0);
    expect(districtAt(GRID, 3, 3.9)).toBe(1);
    expect(districtAt(GRID, 99, -5)).toBe(2);
  });

  test('customers sum the cells’ weight; run figures sum over the outlets inside; a wait is weighted by transactions', () => {
    const rows = outletRows(PLACES, ['S2'], FIGURES);
    const v = (k: Parameters<typeof districtValues>[0]) => districtValues(k, GRID, 3, PLACES, rows);
    const customers = v('customers');
    expect(customers[0]).toBeCloseTo(0.4, 6);
    expect(customers[1]).toBeCloseTo(0.6, 6);
    expect(customers[2]).toBe(0);
    expect(v('openOutlets')).toEqual([1, 1, 0]);
    expect(v('transactions')).toEqual([400, 50, NaN]);
    expect(v('newLines')).toEqual([40, 5, NaN]);
    expect(v('net')).toEqual([1000, 400, NaN]);
    expect(v('waitMeanMin')[0]).toBeCloseTo((4 * 100 + 8 * 300) / 400, 12);
    // the partner has no queue, so district 1 has no wait
    expect(v('waitMeanMin').slice(1)).toEqual([NaN, NaN]);
    expect(v('lowShare')).toEqual([0.5, 1, NaN]);
  });

  test('the ramp runs from its light end at the lowest value to its dark end at the highest; no value, no fill', () => {
    const sh = shading([3, NaN, 1, 2]);
    expect(sh.domain).toEqual([1, 3]);
    expect(sh.color(1)).toBe(interpolateBlues(RAMP_LO));
    expect(sh.color(3)).toBe(interpolateBlues(RAMP_HI));
    expect(sh.color(2)).toBe(interpolateBlues((RAMP_LO + RAMP_HI) / 2));
    expect(sh.color(NaN)).toBeNull();
    expect(shading([NaN]).color(1)).toBeNull();
    expect(shading([5, 5]).color(5)).toBe(interpolateBlues((RAMP_LO + RAMP_HI) / 2));
  });
});
