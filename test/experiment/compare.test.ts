import { describe, expect, test } from 'vitest';
import { KPIS, KPI_META, type KpiName } from '../../src/model/kpis.ts';
import { Rng } from '../../src/model/rng.ts';
import { compareRuns, replicationKpis, welchDifference, type RunSample } from '../../src/experiment/compare.ts';
import { createPool, inProcessFactory } from '../../src/experiment/pool.ts';
import { compareScenarios, runExperiment, runExperimentWithReplications } from '../../src/experiment/runner.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeRun } from '../fixtures/fake-result.ts';

// A run whose every KPI in replication r is common_r + shift + own noise.
function run(seed: number, n: number, shift: Partial<Record<KpiName, number>>, ownNoise: number): RunSample {
  const common = Rng.from(1234, 0);
  const own = Rng.from(seed, 77 + Math.round(ownNoise * 1000) + Object.keys(shift).length);
  return {
    seed,
    replications: Array.from({ length: n }, (_, r) => {
      const c = common.normal() * 5;
      const values = {} as Record<KpiName, number>;
      for (const k of KPIS) values[k] = 100 + c + (shift[k] ?? 0) + own.normal() * ownNoise;
      return { replication: r, run: values };
    }),
  };
}

describe('compareRuns', () => {
  test('a run compared with itself differs by exactly zero, not significantly', () => {
    const a = run(42, 8, {}, 0.1);
    for (const d of compareRuns(a, a)) {
      expect(d.mean).toBe(0);
      expect(d.ci95).toEqual([0, 0]);
      expect(d.significant).toBe(false);
      expect(d.paired).toBe(true);
      expect(d.verdict).toBeNull();
    }
  });

  test('on common random numbers a constant shift is recovered exactly, and marked significant', () => {
    const a = run(42, 6, {}, 0);
    const b = run(42, 6, { storeWaitMeanMin: 2, eChannelShare: 2 }, 0);
    const diffs = new Map(compareRuns(a, b).map((d) => [d.kpi, d]));
    expect(diffs.get('storeWaitMeanMin')!.mean).toBeCloseTo(2, 12);
    expect(diffs.get('storeWaitMeanMin')!.significant).toBe(true);
    expect(diffs.get('storeWaitMeanMin')!.ci95[0]).toBeCloseTo(2, 12);
    expect(diffs.get('revenue')!.significant).toBe(false);
  });

  test('one replication a side is never significant: no spread was estimated', () => {
    const a = run(42, 1, {}, 0.2);
    const b = run(42, 1, { revenue: 50 }, 0.2);
    expect(compareRuns(a, b).find((d) => d.kpi === 'revenue')).toMatchObject({ significant: false, verdict: null });
  });

  test('significance follows the interval, and the verdict the KPI\'s better direction', () => {
    const a = run(42, 10, {}, 0.2);
    const b = run(42, 10, { storeWaitMeanMin: 3, eChannelShare: 3, storeShare: 3, revenue: 0 }, 0.2);
    const d = new Map(compareRuns(a, b).map((x) => [x.kpi, x]));
    expect(KPI_META.storeWaitMeanMin.better).toBe('lower');
    expect(d.get('storeWaitMeanMin')).toMatchObject({ significant: true, verdict: 'worse' });
    expect(d.get('eChannelShare')).toMatchObject({ significant: true, verdict: 'better' });
    expect(d.get('storeShare')).toMatchObject({ significant: true, verdict: null }); // no better direction
    for (const x of d.values()) expect(x.ci95[0] <= x.mean && x.mean <= x.ci95[1]).toBe(true);
  });

  test('pairing on a shared seed gives a narrower interval than treating the runs as independent', () => {
    const a = run(42, 10, {}, 0.5);
    const b = run(42, 10, { revenue: 1 }, 0.5);
    const paired = compareRuns(a, b).find((x) => x.kpi === 'revenue')!;
    const unpaired = welchDifference(a.replications.map((r) => r.run.revenue), b.replications.map((r) => r.run.revenue));
    expect(paired.paired).toBe(true);
    expect(paired.ci95[1] - paired.ci95[0]).toBeLessThan((unpaired.ci95[1] - unpaired.ci95[0]) / 3);
  });

  test('different seeds are compared unpaired (Welch)', () => {
    const a = run(1, 5, {}, 1);
    const b = { ...run(2, 5, {}, 1), seed: 2 };
    const d = compareRuns(a, b)[0];
    expect(d.paired).toBe(false);
    expect(d.n).toBe(5);
  });

  test('a KPI without data in a replication (NaN) is left out of it; with none at all the difference is NaN, not significant', () => {
    const a = run(42, 4, {}, 0);
    const b = run(42, 4, { hotlineShare: 1 }, 0);
    const absent = (s: RunSample, reps: number[]) => ({ ...s, replications: s.replications.map((r) => ({ ...r, run: { ...r.run, hotlineServiceLevel: reps.includes(r.replication) ? NaN : r.run.hotlineServiceLevel, hotlineShare: reps.includes(r.replication) ? NaN : r.run.hotlineShare } })) });
    const some = new Map(compareRuns(absent(a, [0]), absent(b, [1])).map((d) => [d.kpi, d]));
    expect(some.get('hotlineShare')).toMatchObject({ paired: true, n: 2, significant: true });
    expect(some.get('hotlineShare')!.mean).toBeCloseTo(1, 12);
    const none = new Map(compareRuns(absent(a, [0, 1, 2, 3]), b).map((d) => [d.kpi, d]));
    expect(none.get('hotlineServiceLevel')).toMatchObject({ n: 0, significant: false, verdict: null });
    expect(none.get('hotlineServiceLevel')!.mean).toBeNaN();
    expect(none.get('hotlineServiceLevel')!.base).toBeNaN();
  });

  test('needs a replication on each side', () => {
    expect(() => compareRuns({ seed: 1, replications: [] }, run(1, 2, {}, 1))).toThrow(/at least one replication/);
  });
});

describe('one comparison for the command line and the workbench', () => {
  const poolOf = () => createPool({ factory: inProcessFactory({ runReplication: fakeRun }), size: 1 });
  const base = resolveScenario({ simulation: { months: 3, replications: 5, seed: 9 }, levers: { diversion: { floorGuide: 0.2 } } });
  const other = { ...base, levers: { ...base.levers, diversion: { ...base.levers.diversion, floorGuide: 0.7 } } };

  test('compareScenarios (channel-lab compare) gives exactly the differences compareRuns gives for the two finished runs', async () => {
    const pool = poolOf();
    const c = await compareScenarios([base, other], { pool });
    const [a, b] = await Promise.all([base, other].map((scenario) => runExperimentWithReplications({ scenario, pool })));
    const diffs = compareRuns({ seed: 9, replications: replicationKpis(a.replications) }, { seed: 9, replications: replicationKpis(b.replications) });
    expect(diffs.every((d) => d.paired)).toBe(true);
    for (const d of diffs) {
      expect(c.kpis[d.kpi].deltas[0]).toEqual({ against: 0, scenario: 1, mean: d.mean, ci95: d.ci95, significant: d.significant, threshold: d.threshold, practical: d.practical });
      expect(c.kpis[d.kpi].values.map((v) => v.mean)).toEqual([a.result.kpis[d.kpi].mean, b.result.kpis[d.kpi].mean]);
    }
    // what changed, and that the runs are alike in size
    expect(c.parameters).toEqual([{ scenario: 1, changes: [{ path: 'levers.diversion.floorGuide', kind: 'value', base: 0.2, other: 0.7 }] }]);
    expect(c.comparability).toEqual([{ scenario: 1, problems: [] }]);
    await pool.close();
  });

  test('a run keeps its replications in replication order, and its result is runExperiment\'s', async () => {
    const pool = poolOf();
    const o = await runExperimentWithReplications({ scenario: base, pool });
    expect(o.cancelled).toBe(false);
    expect(o.replications.map((r) => r.replication)).toEqual([0, 1, 2, 3, 4]);
    for (const r of replicationKpis(o.replications)) expect(r.run).toEqual(fakeRun(base, r.replication).run);
    const plain = await runExperiment({ scenario: base, pool });
    expect({ ...plain, runtimeMs: 0 }).toEqual({ ...o.result, runtimeMs: 0 });
    await pool.close();
  });

  test('replicationKpis leaves out unfinished replications and sorts the rest', () => {
    const [r0, r1] = [fakeRun(base, 0), fakeRun(base, 1)];
    expect(replicationKpis([r1, undefined, r0]).map((r) => r.replication)).toEqual([0, 1]);
  });
});
