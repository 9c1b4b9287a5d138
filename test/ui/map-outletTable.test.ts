import { describe, expect, test } from 'vitest';
import { filterRows, NO_FILTER, OUTLET_COLUMNS, outletRows, selectableIds, sortRows, type OutletRow } from '../../src/ui/lib/map/outletTable.ts';
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

describe('partners that opened during the run (entrants at latent sites)', () => {
  // L01 opened and is still open at the end; L02 opened and left again (open in fewer than half
  // the replications at the end); both are partners with a class like the others.
  const ENTRANTS: OutletPlace[] = [
    { id: 'L01', name: '城区 1 候选点 1', kind: 'partner', x: 6, y: 6, latent: true },
    { id: 'L02', name: '近郊 2 候选点 2', kind: 'partner', x: 7, y: 7, latent: true },
  ];
  const ALL = [...PLACES, ...ENTRANTS];
  const WITH_ENTRANTS = [...FIGURES, fig('L01', 'mid', 22, 6_000), fig('L02', 'low', 3, 900, { open: false })];

  test('an entrant row carries its figures, is open if it was open at the end of the run, and the closures lever does not touch it', () => {
    const rows = outletRows(ALL, ['L01', 'P001'], WITH_ENTRANTS);
    const l1 = rows.find((r) => r.id === 'L01')!, l2 = rows.find((r) => r.id === 'L02')!;
    expect(l1).toMatchObject({ entrant: true, open: true, kind: 'partner', efficiencyClass: 'mid', newLines: 22, revenue: 6_000, transactions: 220, cost: 1000 });
    expect(l2).toMatchObject({ entrant: true, open: false, efficiencyClass: 'low' });
    // a partner: no queue figures
    expect(l1.waitMeanMin).toBeNaN();
    expect(rows.filter((r) => r.entrant).map((r) => r.id)).toEqual(['L01', 'L02']);
    expect(rows.find((r) => r.id === 'P001')).not.toHaveProperty('entrant');
  });

  test('the state filter keeps the scenario’s open and closed outlets apart from the entrants, which pass with kind and class like other partners', () => {
    const rows = outletRows(ALL, ['P001'], WITH_ENTRANTS);
    const ids = (f: Partial<typeof NO_FILTER>) => filterRows(rows, { ...NO_FILTER, ...f }).map((r) => r.id);
    expect(ids({ state: 'entrant' })).toEqual(['L01', 'L02']);
    expect(ids({ state: 'open' })).toEqual(['S01', 'S02', 'P002', 'P010']);
    expect(ids({ state: 'closed' })).toEqual(['P001']);
    expect(ids({ kind: 'partner' })).toEqual(['P001', 'P002', 'P010', 'L01', 'L02']);
    expect(ids({ kind: 'own', state: 'entrant' })).toEqual([]);
    expect(ids({ efficiency: 'low', state: 'entrant' })).toEqual(['L02']);
    expect(ids({ text: '候选点' })).toEqual(['L01', 'L02']);
  });

  test('entrants sort by their figures among the other rows, and by state after the scenario’s outlets (still open before left again)', () => {
    const rows = outletRows(ALL, ['S02'], WITH_ENTRANTS);
    expect(sortRows(rows, 'efficiency', 'asc').map((r) => r.id)).toEqual(['L02', 'P001', 'S02', 'L01', 'P002', 'S01', 'P010']);
    expect(sortRows(rows, 'newLines', 'desc').map((r) => r.id)).toEqual(['S01', 'P002', 'L01', 'S02', 'P001', 'L02', 'P010']);
    expect(sortRows(rows, 'open', 'asc').map((r) => r.id)).toEqual(['P001', 'P002', 'P010', 'S01', 'S02', 'L01', 'L02']);
    expect(sortRows(rows, 'open', 'desc').map((r) => r.id)).toEqual(['L02', 'L01', 'S02', 'P001', 'P002', 'P010', 'S01']);
  });

  test('only the scenario’s outlets can be selected for closing', () => {
    const rows = outletRows(ALL, [], WITH_ENTRANTS);
    expect(selectableIds(rows)).toEqual(['S01', 'S02', 'P001', 'P002', 'P010']);
    expect(selectableIds(filterRows(rows, { ...NO_FILTER, state: 'entrant' }))).toEqual([]);
  });
});
