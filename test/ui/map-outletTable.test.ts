import { describe, expect, test } from 'vitest';
import { filterRows, NO_FILTER, OUTLET_COLUMNS, outletRows, sortRows, type OutletRow } from '../../src/ui/lib/map/outletTable.ts';
import type { OutletPlace } from '../../src/ui/lib/outlets.ts';

const PLACES: OutletPlace[] = [
  { id: 'S01', name: '城区 1 营业厅 1', kind: 'own', x: 1, y: 1 },
  { id: 'S02', name: '城区 2 营业厅 2', kind: 'own', x: 2, y: 2 },
  { id: 'P001', name: '乡镇 3 代理点 1', kind: 'partner', x: 3, y: 3 },
  { id: 'P002', name: 'Harbour agent', kind: 'partner', x: 4, y: 4 },
  { id: 'P010', name: '近郊 1 代理点 10', kind: 'partner', x: 5, y: 5 },
];
const fig = (id: string, efficiencyClass: string, newLines: number, revenue: number, extra: Record<string, unknown> = {}) =>
  ({ id, efficiencyClass, newLines, revenue, transactions: newLines * 10, cost: 1000, waitMeanMin: 4, waitP90Min: 9, utilization: 0.5, open: true, ...extra });
const FIGURES = [
  fig('S01', 'high', 80, 90_000),
  fig('S02', 'low', 12, 30_000, { waitMeanMin: null }),
  fig('P001', 'low', 5, 8_000),
  fig('P002', 'mid', 25, 7_000, { partnerEntry: 3 }),
  // P010 has no figures: a stored run from before it existed
];

describe('outlet table rows', () => {
  test('state from the closures lever, figures from the run; missing, null or queue-less figures are NaN', () => {
    const rows = outletRows(PLACES, ['P001'], FIGURES);
    expect(rows.map((r) => [r.id, r.open, r.efficiencyClass])).toEqual([['S01', true, 'high'], ['S02', true, 'low'], ['P001', false, 'low'], ['P002', true, 'mid'], ['P010', true, null]]);
    expect(rows[0]).toMatchObject({ transactions: 800, newLines: 80, revenue: 90_000, cost: 1000, waitMeanMin: 4, waitP90Min: 9, utilization: 0.5 });
    expect(rows[1].waitMeanMin).toBeNaN();
    // partners have no queue: no wait, no utilisation (not 0)
    expect(rows[2].waitMeanMin).toBeNaN();
    expect(rows[2].utilization).toBeNaN();
    expect(rows[4].transactions).toBeNaN();
    expect(outletRows(PLACES, [], null).every((r) => r.efficiencyClass === null && Number.isNaN(r.revenue))).toBe(true);
  });

  test('efficiency ascending lists the least efficient first: low (fewest new lines first), mid, high, then outlets without a class', () => {
    const rows = outletRows(PLACES, [], FIGURES);
    expect(sortRows(rows, 'efficiency', 'asc').map((r) => r.id)).toEqual(['P001', 'S02', 'P002', 'S01', 'P010']);
    expect(sortRows(rows, 'efficiency', 'desc').map((r) => r.id)).toEqual(['S01', 'P002', 'S02', 'P001', 'P010']);
  });

  test('every column sorts both ways, figures missing last either way, ties in id order, the input untouched', () => {
    const rows = outletRows(PLACES, ['S02'], FIGURES);
    const before = rows.map((r) => r.id);
    for (const column of OUTLET_COLUMNS) {
      for (const direction of ['asc', 'desc'] as const) {
        const sorted = sortRows(rows, column, direction);
        expect(sorted).toHaveLength(rows.length);
        expect(new Set(sorted.map((r) => r.id))).toEqual(new Set(before));
        if (column === 'efficiency' || column === 'id' || column === 'name' || column === 'kind' || column === 'open') continue;
        const values = sorted.map((r) => r[column]);
        const known = values.filter((v) => !Number.isNaN(v));
        expect(values.slice(known.length).every((v) => Number.isNaN(v)), `${column} ${direction}: missing last`).toBe(true);
        for (let i = 1; i < known.length; i++) expect(direction === 'asc' ? known[i] >= known[i - 1] : known[i] <= known[i - 1], `${column} ${direction}`).toBe(true);
      }
    }
    expect(rows.map((r) => r.id)).toEqual(before);
    expect(sortRows(rows, 'id', 'asc').map((r) => r.id)).toEqual(['P001', 'P002', 'P010', 'S01', 'S02']);
    expect(sortRows(rows, 'open', 'asc').map((r) => r.id)).toEqual(['P001', 'P002', 'P010', 'S01', 'S02']);
    expect(sortRows(rows, 'open', 'desc')[0].id).toBe('S02');
    expect(sortRows(rows, 'cost', 'asc').map((r) => r.id)).toEqual(['P001', 'P002', 'S01', 'S02', 'P010']);
  });

  test('filters by kind, class, state and text (id or name, any case), together', () => {
    const rows: OutletRow[] = outletRows(PLACES, ['P001', 'S01'], FIGURES);
    const ids = (f: Partial<typeof NO_FILTER>) => filterRows(rows, { ...NO_FILTER, ...f }).map((r) => r.id);
    expect(ids({})).toEqual(['S01', 'S02', 'P001', 'P002', 'P010']);
    expect(ids({ kind: 'own' })).toEqual(['S01', 'S02']);
    expect(ids({ efficiency: 'low' })).toEqual(['S02', 'P001']);
    expect(ids({ efficiency: 'none' })).toEqual(['P010']);
    expect(ids({ state: 'closed' })).toEqual(['S01', 'P001']);
    expect(ids({ state: 'open', kind: 'partner' })).toEqual(['P002', 'P010']);
    expect(ids({ text: 'harbour' })).toEqual(['P002']);
    expect(ids({ text: ' p01 ' })).toEqual(['P010']);
    expect(ids({ text: '代理点' , efficiency: 'low' })).toEqual(['P001']);
  });
});
