import { describe, expect, test } from 'vitest';
import { provisionalTally, type MonthKpis } from '../../src/experiment/provisional.ts';
import { aggregate } from '../../src/experiment/aggregate.ts';
import { runReplication } from '../../src/model/engine.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import type { ReplicationResult } from '../../src/model/types.ts';

const MONTHS = 4;
const scenario = resolveScenario({ simulation: { customers: 1500, months: MONTHS, replications: 3, seed: 8 } });
const results: ReplicationResult[] = [0, 1, 2].map((r) => runReplication(scenario, r));
const monthOf = (r: ReplicationResult, m: number) => Object.fromEntries(KPIS.map((k) => [k, r.monthly[k][m - 1]])) as MonthKpis;

describe('provisional KPIs while a run is on', () => {
  test('nothing before the first month; then the means of the months reported, resting on that many replication-months', () => {
    const t = provisionalTally(3, MONTHS);
    expect(t.summary()).toBeNull();
    const reported: Array<[ReplicationResult, number]> = [[results[0], 1], [results[1], 1], [results[1], 2]];
    for (const [r, m] of reported) t.month(r.replication, m, monthOf(r, m));
    const s = t.summary()!;
    expect(s).toMatchObject({ replicationMonths: 3, replicationMonthsTotal: 12, replications: 2, replicationsDone: 0, replicationsTotal: 3 });
    for (const k of KPIS) {
      const xs = reported.map(([r, m]) => r.monthly[k][m - 1]).filter((x) => !Number.isNaN(x));
      if (xs.length === 0) expect(s.kpis[k], k).toBeNull();
      else expect(s.kpis[k], k).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 9);
    }
  });

  test('once every replication has finished, the figures are the run\'s means (aggregate.ts) wherever every month has data', () => {
    const t = provisionalTally(3, MONTHS);
    // months reported first, then the result: each month counted once, whatever arrives late
    for (const r of results) for (let m = 1; m <= MONTHS; m++) t.month(r.replication, m, monthOf(r, m));
    for (const r of results) t.finished(r);
    t.month(2, MONTHS, monthOf(results[2], MONTHS)); // a month's report after its replication's result
    t.month(0, 2, monthOf(results[0], 2)); // and one already counted
    const s = t.summary()!;
    expect(s).toMatchObject({ replicationMonths: 12, replicationsDone: 3, replications: 3 });
    const final = aggregate(scenario, results);
    let compared = 0;
    for (const k of KPIS) {
      if (results.some((r) => r.monthly[k].some(Number.isNaN))) continue;
      expect(s.kpis[k], k).toBeCloseTo(final.kpis[k].mean!, 9);
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  });

  test('a month without data for a KPI (NaN) is left out of its mean, and a KPI without any is null', () => {
    const t = provisionalTally(1, 2);
    const base = monthOf(results[0], 1);
    t.month(0, 1, { ...base, storeWaitMeanMin: NaN, revenue: 10 });
    t.month(0, 2, { ...base, storeWaitMeanMin: NaN, revenue: 20 });
    expect(t.summary()!.kpis.storeWaitMeanMin).toBeNull();
    expect(t.summary()!.kpis.revenue).toBe(15);
  });

  test('refuses a run without replications or months', () => {
    expect(() => provisionalTally(0, 3)).toThrow(/provisionalTally requires positive integer replications and months, got 0 and 3/);
    expect(() => provisionalTally(2, 1.5)).toThrow(RangeError);
  });
});
