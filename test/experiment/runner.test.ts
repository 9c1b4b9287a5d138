import { describe, expect, it } from 'vitest';
import { createPool, inProcessFactory, type ReplicationApi } from '../../src/experiment/pool.ts';
import { compareScenarios, latinHypercube, runExperiment, sensitivity, sweep, sweepPoints } from '../../src/experiment/runner.ts';
import { describePath } from '../../src/experiment/paths.ts';
import { ExperimentError } from '../../src/experiment/errors.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { runReplication } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeRun } from '../fixtures/fake-result.ts';
import { toCsv } from '../../src/experiment/csv.ts';

// Replications on this thread: the runner's logic without worker start-up (the pool has its own tests).
const fake: ReplicationApi = { runReplication: fakeRun };
const engine: ReplicationApi = { runReplication: (s, r, onMonth) => runReplication(s, r, { onMonth }) };
const poolOf = (api: ReplicationApi) => createPool({ factory: inProcessFactory(api), size: 1 });

const base = resolveScenario({
  simulation: { months: 3, replications: 4, seed: 5 },
  levers: { diversion: { floorGuide: 0.3, targetShare: 0.6 } },
  churn: { baseMonthly: 0.04 },
});
const small = resolveScenario({ simulation: { customers: 2000, months: 3, replications: 3, seed: 42 } });

describe('runExperiment', () => {
  it('runs replications 0…n−1 with the given seed and aggregates them', async () => {
    const r = await runExperiment({ scenario: base, pool: poolOf(fake), replications: 3, seed: 8 });
    expect(r).toMatchObject({ schemaVersion: 1, seed: 8, replications: 3, replicationsDone: 3, partial: false });
    expect(r.scenario.simulation).toMatchObject({ seed: 8, replications: 3 });
  });

  it('--precision adds replications until every headline KPI is within P × |mean|, and says how many it took', async () => {
    const r = await runExperiment({ scenario: base, pool: poolOf(fake), precision: 0.01 });
    expect(r.precision).toMatchObject({ target: 0.01, reached: true, unmet: [] });
    expect(r.replications).toBe(r.precision!.replications);
    expect(r.replicationsDone).toBe(r.replications);
    for (const k of r.precision!.kpis) {
      const { ci95, mean } = r.kpis[k];
      expect((ci95![1] - ci95![0]) / 2).toBeLessThanOrEqual(0.01 * Math.abs(mean!) + 1e-12);
    }
    // The same replications as a plain run of that many: a precision run is reproducible.
    const plain = await runExperiment({ scenario: base, pool: poolOf(fake), replications: r.replications });
    expect(plain.kpis).toEqual(r.kpis);
  });

  it('--precision stops at the cap and lists the KPIs still too wide', async () => {
    const r = await runExperiment({ scenario: base, pool: poolOf(fake), precision: 1e-5, maxReplications: 6 });
    expect(r.precision).toMatchObject({ reached: false, replications: 6, maxReplications: 6 });
    expect(r.precision!.unmet.length).toBeGreaterThan(0);
  });
});

describe('compareScenarios', () => {
  it('has the compare.json shape: values per scenario, deltas against the first', async () => {
    const other = { ...base, name: 'more guides', levers: { ...base.levers, diversion: { ...base.levers.diversion, floorGuide: 0.8 } } };
    const c = await compareScenarios([base, other], { pool: poolOf(fake) });
    expect(c).toMatchObject({ schemaVersion: 1, seed: 5, replications: 4, scenarios: [{ name: 'Untitled' }, { name: 'more guides' }] });
    expect(Object.keys(c.kpis)).toEqual([...KPIS]);
    const k = c.kpis.satisfaction;
    expect(k.values).toHaveLength(2);
    expect(k.deltas).toHaveLength(1);
    expect(k.deltas[0]).toMatchObject({ against: 0, scenario: 1, significant: true });
    // fake KPIs move by 10 × floorGuide, on the same random draws: the paired difference is exact.
    expect(k.deltas[0].mean).toBeCloseTo(5, 9);
    expect(k.deltas[0].ci95[1] - k.deltas[0].ci95[0]).toBeLessThan(1e-9);
  });

  it('on common random numbers, a scenario compared with itself differs by exactly 0, not significant (engine)', async () => {
    const c = await compareScenarios([small, small], { pool: poolOf(engine) });
    for (const k of KPIS) {
      // no difference at all is negligible whatever the threshold
      expect(c.kpis[k].deltas[0]).toEqual({ against: 0, scenario: 1, mean: 0, ci95: [0, 0], significant: false, threshold: c.kpis[k].deltas[0].threshold, practical: 'negligible' });
      expect(c.kpis[k].values[1]).toEqual(c.kpis[k].values[0]);
    }
    expect(c.parameters).toEqual([{ scenario: 1, changes: [] }]);
    expect(c.comparability).toEqual([{ scenario: 1, problems: [] }]);
  });
});

describe('sweep', () => {
  it('a full grid gives one flat row per point: point, each path, each KPI\'s mean, lo, hi', async () => {
    const s = await sweep(base, {
      pool: poolOf(fake), replications: 2,
      grid: [{ path: 'levers.diversion.floorGuide', values: [0, 0.5] }, { path: 'levers.subsidy.handset.mid', values: [100, 200, 300] }],
    });
    expect(s.rows).toHaveLength(6);
    expect(s.columns.slice(0, 8)).toEqual(['point', 'levers.diversion.floorGuide', 'levers.subsidy.handset.mid', 'replications', 'partial', 'eChannelShare_mean', 'eChannelShare_lo', 'eChannelShare_hi']);
    expect(s.columns).toHaveLength(5 + 3 * KPIS.length);
    expect(s.rows[4]).toMatchObject({ point: 4, 'levers.diversion.floorGuide': 0.5, 'levers.subsidy.handset.mid': 200, replications: 2, partial: false });
    expect(s.partial).toBe(false);
    for (const row of s.rows) expect(Object.keys(row)).toEqual(s.columns);
    expect((s.rows[3].satisfaction_mean as number) - (s.rows[0].satisfaction_mean as number)).toBeCloseTo(5, 9);
  });

  it('cut short by failed replications left out: every point keeps its row, with the replications it rests on and partial=true', async () => {
    // floorGuide 0.5 fails in replication 1, floorGuide 1 in both: 2, 1 and 0 replications finish
    const failing: ReplicationApi = {
      runReplication: (sc, r, onMonth) => {
        const g = sc.levers.diversion.floorGuide;
        if ((g === 0.5 && r === 1) || g === 1) throw new Error(`broken at ${g}`);
        return fakeRun(sc, r, onMonth);
      },
    };
    const s = await sweep(base, { pool: poolOf(failing), replications: 2, onFailure: 'continue', grid: [{ path: 'levers.diversion.floorGuide', values: [0, 0.5, 1] }] });
    expect(s.partial).toBe(true);
    expect(s.failures.map((f) => f.replication)).toEqual([1, 0, 1]);
    expect(s.rows.map((r) => [r.point, r.replications, r.partial])).toEqual([[0, 2, false], [1, 1, true], [2, 0, true]]);
    // one replication: a mean without an interval; none: empty figures
    expect([s.rows[1].satisfaction_mean === null, s.rows[1].satisfaction_lo, s.rows[1].satisfaction_hi]).toEqual([false, null, null]);
    expect([s.rows[2].satisfaction_mean, s.rows[2].satisfaction_lo, s.rows[2].satisfaction_hi]).toEqual([null, null, null]);
    expect(s.rows[0].satisfaction_lo).toBeLessThan(s.rows[0].satisfaction_hi as number);
    const csv = toCsv(s.columns, s.rows).slice(1).split('\r\n');
    expect(csv[0].startsWith('point,levers.diversion.floorGuide,replications,partial,eChannelShare_mean,')).toBe(true);
    expect(csv[2]).toMatch(/^1,0\.5,1,true,[\d.]+,,,/);
    expect(csv[3]).toBe(`2,1,0,true${','.repeat(3 * KPIS.length)}`);
  });

  it('rejects an unknown path or a value out of range with an ExperimentError naming the path', () => {
    const bad = (grid: Parameters<typeof sweepPoints>[1]['grid']) => () => sweepPoints(base, { grid });
    expect(bad([{ path: 'levers.diversion.floorGuid', values: [1] }])).toThrow(ExperimentError);
    expect(bad([{ path: 'levers.diversion.floorGuid', values: [1] }])).toThrow(/^levers\.diversion\.floorGuid: expected one of the fields of levers\.diversion: targetShare, floorGuide, .*got "floorGuid"$/);
    expect(bad([{ path: 'levers.diversion.floorGuide', values: [0.2, 1.5] }])).toThrow(/^levers\.diversion\.floorGuide: expected <= 1, got 1\.5$/);
    expect(bad([{ path: 'levers.diversion', values: [1] }])).toThrow(/^levers\.diversion: expected a single value \(name one of its fields\), got a group of values$/);
    expect(bad([{ path: 'services.99.counterMin', values: [1] }])).toThrow(/^services\.99\.counterMin: expected an index from 0 to 16 \(services is a list of 17\), got "99"$/);
    expect(bad([{ path: 'levers.diversion.floorGuide', values: [1.5] }])).toThrow(expect.objectContaining({
      problems: [{ parameter: 'set', path: 'levers.diversion.floorGuide', code: 'outOfRange', values: { value: 1.5, op: '<=', bound: 1 }, expected: '<= 1', got: '1.5' }],
    }));
  });

  it('knows types and ranges of paths from the schema, into lists too', () => {
    expect(describePath(base, 'services.3.counterMin', 'set')).toMatchObject({ type: 'number', minimum: 0.1, maximum: 240, current: 3 });
    expect(describePath(base, 'simulation.customers', 'set')).toMatchObject({ type: 'integer', minimum: 100 });
    expect(describePath(base, 'levers.diversion.kiosksPerStore', 'set')).toMatchObject({ type: 'integer', nullable: true, current: null });
  });

  it('a Latin hypercube uses each of N strata of every range exactly once, reproducibly from its seed', () => {
    const ranges = [{ path: 'a', lo: 0, hi: 1 }, { path: 'b', lo: 10, hi: 20 }];
    const pts = latinHypercube(8, ranges, [{ type: 'number' }, { type: 'number' }], 3);
    for (const [j, r] of ranges.entries()) {
      const strata = pts.map((p) => Math.floor((((p[j].value as number) - r.lo) / (r.hi - r.lo)) * 8)).sort((x, y) => x - y);
      expect(strata).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
    expect(latinHypercube(8, ranges, [{ type: 'number' }, { type: 'number' }], 3)).toEqual(pts);
    expect(latinHypercube(8, ranges, [{ type: 'number' }, { type: 'number' }], 4)).not.toEqual(pts);
  });

  it('a Latin hypercube sweep gives N rows and rejects non-numeric paths', async () => {
    const s = await sweep(base, { pool: poolOf(fake), replications: 2, latin: { samples: 5, ranges: [{ path: 'levers.diversion.floorGuide', lo: 0, hi: 1 }, { path: 'simulation.customers', lo: 1000, hi: 5000 }] } });
    expect(s.rows).toHaveLength(5);
    for (const row of s.rows) expect(Number.isInteger(row['simulation.customers'])).toBe(true);
    expect(() => sweepPoints(base, { latin: { samples: 3, ranges: [{ path: 'adoption.peerScope', lo: 0, hi: 1 }] } })).toThrow(/^adoption\.peerScope: expected a numeric parameter, got a string parameter$/);
    expect(() => sweepPoints(base, { latin: { samples: 3, ranges: [{ path: 'churn.baseMonthly', lo: 0, hi: 2 }] } })).toThrow(/^churn\.baseMonthly: expected <= 1, got 2$/);
    // One rule for a range, as for seek and curves: LO < HI (LO = HI is a grid point, not a range).
    expect(() => sweepPoints(base, { latin: { samples: 3, ranges: [{ path: 'churn.baseMonthly', lo: 0.05, hi: 0.05 }] } })).toThrow(/^churn\.baseMonthly: expected LO\.\.HI with LO < HI, got 0\.05\.\.0\.05$/);
  });
});

describe('sensitivity', () => {
  it('perturbs each parameter ± delta on common random numbers and ranks by |effect| (tornado data)', async () => {
    const r = await sensitivity(base, {
      pool: poolOf(fake), replications: 2, kpi: 'satisfaction',
      params: [{ path: 'churn.baseMonthly', delta: 0.01 }, { path: 'levers.diversion.floorGuide', delta: 0.1 }, { path: 'levers.diversion.targetShare', delta: 0.5, relative: true }],
    });
    expect(r.params.map((p) => p.path)).toEqual(['levers.diversion.floorGuide', 'churn.baseMonthly', 'levers.diversion.targetShare']);
    const fg = r.params[0];
    expect([fg.baseValue, fg.low.value, fg.high.value].map((v) => +v.toFixed(12))).toEqual([0.3, 0.2, 0.4]);
    expect(fg.effect).toBeCloseTo(2, 9);
    expect(fg.high.change.mean).toBeCloseTo(1, 9);
    expect([r.params[2].baseValue, r.params[2].low.value, r.params[2].high.value].map((v) => +v.toFixed(12))).toEqual([0.6, 0.3, 0.9]);
    expect(r.params[1].effect).toBe(0);
  });

  it('clamps to the parameter\'s range and rejects bad input', async () => {
    const r = await sensitivity(base, { pool: poolOf(fake), replications: 1, kpi: 'revenue', params: [{ path: 'levers.diversion.floorGuide', delta: 0.5 }] });
    expect(r.params[0]).toMatchObject({ low: { value: 0 }, high: { value: 0.8 } });
    await expect(sensitivity(base, { pool: poolOf(fake), kpi: 'revenue', params: [{ path: 'nope', delta: 1 }] })).rejects.toThrow(/^nope: expected one of the fields of the scenario: .*got "nope"$/);
    await expect(sensitivity(base, { pool: poolOf(fake), kpi: 'nope' as never, params: [{ path: 'churn.baseMonthly', delta: 1 }] }))
      .rejects.toMatchObject({ problems: [{ parameter: 'kpi', code: 'unknownKpi', got: '"nope"' }], message: expect.stringMatching(/^expected a KPI, one of eChannelShare, /) });
  });
});
