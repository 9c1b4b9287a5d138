import { describe, expect, test } from 'vitest';
import { CHANNELS, FAMILIES } from '../../src/model/domain.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { aggregate, type ExperimentResult, type OutletSummary } from '../../src/experiment/aggregate.ts';
import { fakeRun } from '../fixtures/fake-result.ts';
import { channelMix, familyMix, FAMILY_KPI, stack } from '../../src/ui/lib/mix.ts';
import { cellColors, serviceChannelMatrix } from '../../src/ui/lib/matrix.ts';
import { closedIds, ENTRANT_MIN_R, entrantOutlets, outletMarks, plannedOutlets, toggleClosure } from '../../src/ui/lib/outlets.ts';
import { seriesExtent } from '../../src/ui/lib/series.ts';
import { kpiCsv, KPI_CSV_COLUMNS } from '../../src/ui/lib/exports.ts';

const months = 4;
// Family shares that sum to 1 each month, with intervals.
function familySeries(): ExperimentResult['series'] {
  const shares = { own: [0.4, 0.38, 0.36, 0.35], partner: [0.3, 0.3, 0.3, 0.3], electronic: [0.25, 0.28, 0.3, 0.32], hotline: [0.04, 0.03, 0.03, 0.02], direct: [0.01, 0.01, 0.01, 0.01] };
  const series = {} as ExperimentResult['series'];
  for (const k of KPIS) series[k] = [];
  for (const f of FAMILIES) series[FAMILY_KPI[f]] = shares[f].map((v, m) => ({ month: m + 1, mean: v, lo: v - 0.01, hi: v + 0.01 }));
  return series;
}

describe('channel mix layers', () => {
  test('family layers stack without gaps, own stores at the bottom, to the total of the shares', () => {
    const layers = familyMix({ series: familySeries() });
    expect(layers.map((l) => l.key)).toEqual([...FAMILIES]);
    for (let m = 0; m < months; m++) {
      expect(layers[0].points[m].y0).toBe(0);
      for (let i = 1; i < layers.length; i++) expect(layers[i].points[m].y0).toBe(layers[i - 1].points[m].y1);
      expect(layers.at(-1)!.points[m].y1).toBeCloseTo(1, 12);
    }
  });

  test('each band sits at its layer\'s top edge, within [0, 1]', () => {
    for (const l of familyMix({ series: familySeries() })) {
      for (const p of l.points) {
        expect(p.lo).toBeGreaterThanOrEqual(0);
        expect(p.hi).toBeLessThanOrEqual(1);
        expect(p.lo).toBeLessThanOrEqual(p.y1 + 1e-12);
        expect(p.hi).toBeGreaterThanOrEqual(p.y1 - 1e-12);
      }
    }
  });

  test('channel layers leave out channels that carried nothing and stack to 1', () => {
    const scenario = resolveScenario({ simulation: { months, replications: 3 } });
    const result = aggregate(scenario, [0, 1, 2].map((r) => fakeRun(scenario, r)));
    const silent = { ...result.channelSeries, accountManager: result.channelSeries.accountManager.map((p) => ({ ...p, mean: 0, share: 0, lo: 0, hi: 0 })) };
    const layers = channelMix({ channelSeries: silent });
    expect(layers.map((l) => l.key)).not.toContain('accountManager');
    expect(layers.length).toBe(CHANNELS.length - 1);
    const top = layers.at(-1)!.points;
    for (const p of top) expect(p.y1).toBeLessThanOrEqual(1 + 1e-12);
  });

  test('stack treats missing values as zero thickness', () => {
    const [a, b] = stack([
      { key: 'a', color: '#000', share: [{ month: 1, mean: NaN, lo: NaN, hi: NaN }] },
      { key: 'b', color: '#000', share: [{ month: 1, mean: 0.5, lo: 0.4, hi: 0.6 }] },
    ]);
    expect(a.points[0]).toMatchObject({ y0: 0, y1: 0 });
    expect(b.points[0]).toMatchObject({ y0: 0, y1: 0.5, lo: 0.4, hi: 0.6 });
  });
});

describe('service × channel matrix', () => {
  const scenario = resolveScenario({});
  const base = { scenario, serviceChannel: { services: ['balanceQuery', 'simReplace'], channels: [...CHANNELS], transactions: [CHANNELS.map((_, j) => (j === 0 ? 30 : j === 2 ? 10 : 0)), CHANNELS.map((_, j) => (j === 0 ? 5 : 0))] } };

  test('rows are shares of the service\'s transactions and sum to 1; empty channels are dropped', () => {
    const m = serviceChannelMatrix(base);
    expect(m.channels).toEqual(['ownStore', 'web']);
    expect(m.rows[0].shares).toEqual([0.75, 0.25]);
    expect(m.rows[1].shares).toEqual([1, 0]);
    expect(m.rows[0].name).toBe('余额查询 Balance query');
    for (const r of m.rows) expect(r.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  test('cell text stays readable: dark on light cells, white on dark ones', () => {
    expect(cellColors(0).color).toBe('#1a1a1a');
    expect(cellColors(1).color).toBe('#ffffff');
    expect(cellColors(1).background).toBe('rgb(8, 81, 156)');
  });
});

describe('outlet map data', () => {
  const places = [
    { id: 'S01', name: 'a', kind: 'own' as const, x: 1, y: 1 },
    { id: 'P001', name: 'b', kind: 'partner' as const, x: 2, y: 2 },
    { id: 'P002', name: 'c', kind: 'partner' as const, x: 3, y: 3 },
  ];
  const fig = (id: string, transactions: number, efficiencyClass: OutletSummary['efficiencyClass']): OutletSummary => ({
    id, name: id, kind: 'partner', x: 0, y: 0, open: true, transactions, newLines: 0, revenue: 0, cost: 0, waitMeanMin: 0, waitP90Min: 0, utilization: 0, efficiencyClass,
  });

  test('toggling an outlet twice gives back the closures it started with', () => {
    const draft = { name: 'x', levers: { closures: { outlets: ['S01'], fromMonth: 3 } } };
    const once = toggleClosure(draft, 'P001');
    expect(closedIds(once)).toEqual(['S01', 'P001']);
    expect(closedIds(toggleClosure(once, 'P001'))).toEqual(['S01']);
    expect(closedIds(toggleClosure(draft, 'S01'))).toEqual([]);
    expect((toggleClosure(draft, 'S01') as typeof draft).levers.closures.fromMonth).toBe(3);
    expect(closedIds({})).toEqual([]);
    expect(closedIds(toggleClosure({}, 'P002'))).toEqual(['P002']);
  });

  test('marks are open unless closed in the draft; area follows transactions, the busiest at full size', () => {
    const marks = outletMarks(places, ['P001'], [fig('S01', 400, 'high'), fig('P001', 100, 'low')], 10);
    expect(marks.map((m) => m.open)).toEqual([true, false, true]);
    expect(marks[0].r).toBe(10);
    expect(marks[1].r).toBe(5);
    expect(marks[1].efficiencyClass).toBe('low');
    expect(marks[2]).toMatchObject({ efficiencyClass: null, figures: null });
  });

  test('before any run, own stores are drawn larger than partners', () => {
    const [own, partner] = outletMarks(places, [], null);
    expect(own.r).toBeGreaterThan(partner.r);
  });

  test('entrants: the latent sites the run lists, none before a run; their marks are sized on one scale with the others and open as at the end of the run', () => {
    const latent = [
      { id: 'L01', name: 'd', kind: 'partner' as const, x: 4, y: 4, latent: true as const },
      { id: 'L02', name: 'e', kind: 'partner' as const, x: 5, y: 5, latent: true as const },
    ];
    const region = [...places, ...latent];
    const figures = [fig('S01', 400, 'high'), fig('P001', 100, 'low'), { ...fig('L02', 64, 'mid'), open: false }];
    expect(entrantOutlets(region, null)).toEqual([]);
    expect(entrantOutlets(region, [])).toEqual([]);
    // L01 never opened in the run: not in its outlets, not drawn
    expect(entrantOutlets(region, figures).map((o) => o.id)).toEqual(['L02']);
    expect(plannedOutlets(region).map((o) => o.id)).toEqual(['S01', 'P001', 'P002']);
    // a closures lever naming the site does not make its entrant "closed"
    const marks = outletMarks([...plannedOutlets(region), ...entrantOutlets(region, figures)], ['L02'], figures, 10);
    const l2 = marks[3];
    expect(l2).toMatchObject({ id: 'L02', entrant: true, open: false, efficiencyClass: 'mid' });
    expect(l2.r).toBeCloseTo(10 * Math.sqrt(64 / 400), 12);
    // a quiet entrant keeps a radius its dashes read at
    expect(outletMarks(region, [], [...figures.slice(0, 2), fig('L02', 1, 'low')])[4].r).toBe(ENTRANT_MIN_R);
    expect(marks.slice(0, 3).every((m) => !m.entrant)).toBe(true);
    expect(outletMarks(region, [], [...figures.slice(0, 2), fig('L02', 64, 'mid')])[4]).toMatchObject({ entrant: true, open: true });
  });
});

describe('series extent', () => {
  const s = (points: Array<[number, number, number]>) => [{ key: 'k', zh: '', en: '', color: '', points: points.map(([mean, lo, hi], i) => ({ month: i + 1, mean, lo, hi })) }];
  test('includes every band edge and the target, from 0 for positive series', () => {
    expect(seriesExtent(s([[5, 4, 6], [7, 6, 9]]), 10)).toEqual([0, 10]);
    expect(seriesExtent(s([[-5, -6, -4]]))).toEqual([-6, -4]);
    expect(seriesExtent(s([[0.001, -0.002, 0.004]]), undefined, undefined, true)).toEqual([0, 0.004]);
    expect(seriesExtent(s([[0.5, 0.2, 1.3]]), undefined, [0, 1])).toEqual([0, 1]);
    expect(seriesExtent([])).toEqual([0, 1]);
    expect(seriesExtent(s([[0, 0, 0]]))).toEqual([0, 1]);
  });
});

describe('KPI CSV', () => {
  test('has the BOM, a header and one row per KPI, numbers as numbers', () => {
    const scenario = resolveScenario({ simulation: { months: 3, replications: 2 } });
    const result = aggregate(scenario, [0, 1].map((r) => fakeRun(scenario, r)));
    const csv = kpiCsv(result);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(KPI_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(KPIS.length + 1);
    expect(lines[1]).toMatch(/^eChannelShare,电子渠道占比,E-channel share,share,\d/);
  });
});
