import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, inProcessFactory, type ReplicationApi } from '../../../src/experiment/pool.ts';
import { EFFECT_KPIS, leverInterval, seek, sensitiveOutsideStores, TargetOutOfReachError } from '../../../src/experiment/levers/seek.ts';
import { pairedDelta } from '../../../src/experiment/levers/evaluate.ts';
import { CH } from '../../../src/model/domain.ts';
import { runReplication } from '../../../src/model/engine.ts';
import { resolveScenario } from '../../../src/model/validate.ts';
import { fakeResult } from '../../fixtures/fake-result.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/channel-lab.mjs');

// A small city: 20,000 subscribers as 2,000 agents, 3 months.
// Counters fixed: with staffing following demand (the default) a small city's diverted visits
// release counters instead of shortening waits, and the waits' direction below would not hold.
const SMALL = { simulation: { customers: 20_000, agents: 2_000, months: 3, replications: 3, seed: 42 }, stores: { staffing: { followDemand: false } } };

interface Outcome { code: number; stdout: string; stderr: string }
function cli(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// A model whose diversion rate is a known smooth function of the floor guide plus replication
// noise: the root finder's logic without the engine.
const ROOT_OF = (x: number) => 0.5 + 0.4 * Math.sqrt(x);
const known: ReplicationApi = {
  runReplication(s, r) {
    const res = fakeResult(s.simulation.seed, r, s.simulation.months);
    const v = ROOT_OF(s.levers.diversion.floorGuide) + 0.002 * (r - 1);
    res.monthly.diversionRate = res.monthly.diversionRate.map(() => v);
    res.run.diversionRate = v;
    return res;
  },
};
const inProcess = (api: ReplicationApi) => createPool({ factory: inProcessFactory(api), size: 1 });

describe('seek (root finder on common random numbers)', () => {
  it('finds the lever value of a monotone KPI within the interval of the target, in few evaluations', async () => {
    const s = resolveScenario({ simulation: { months: 2, replications: 3 } });
    const r = await seek(s, { pool: inProcess(known), kpi: 'diversionRate', target: 0.75, path: 'levers.diversion.floorGuide', lo: 0, hi: 1 });
    expect(r.achieved.ci95[0]).toBeLessThanOrEqual(0.75);
    expect(r.achieved.ci95[1]).toBeGreaterThanOrEqual(0.75);
    expect(Math.abs(r.value - 0.390625)).toBeLessThan(0.05); // (0.25/0.4)² 
    expect(r.stoppedBy).toBe('ci');
    expect(r.valueCi95[0]).toBeLessThanOrEqual(r.value);
    expect(r.valueCi95[1]).toBeGreaterThanOrEqual(r.value);
    // the band of ±0.002·t-quantile around 0.5 + 0.4√x is thin: the interval is a few hundredths wide
    expect(r.valueCi95[1] - r.valueCi95[0]).toBeLessThan(0.05);
    expect(r.evaluations).toBeLessThanOrEqual(13);
    expect(r.monotone).toBe(true);
    expect(r.trace.map((p) => p.value)).toEqual([...r.trace.map((p) => p.value)].sort((a, b) => a - b));
  });

  it('an unreachable target throws with the reachable range [min, max] over LO..HI', async () => {
    const s = resolveScenario({ simulation: { months: 2, replications: 3 } });
    const p = seek(s, { pool: inProcess(known), kpi: 'diversionRate', target: 0.99, path: 'levers.diversion.floorGuide', lo: 0, hi: 1 });
    await expect(p).rejects.toBeInstanceOf(TargetOutOfReachError);
    const e = (await p.catch((x: unknown) => x)) as TargetOutOfReachError;
    expect(e.range[0]).toBeCloseTo(0.5, 2);
    expect(e.range[1]).toBeCloseTo(0.9, 2);
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ parameter: 'target', code: 'targetOutOfReach', values: { kpi: 'diversionRate', target: 0.99, min: e.range[0], max: e.range[1] } });
    expect(e.message).toMatch(/^expected a diversionRate within reach over levers\.diversion\.floorGuide=0\.\.1: from 0\.5\d* to 0\.9\d* .*, got 0\.99$/);
  });

  it('its effects: against LO and against the scenario as it is (simulated once, in the first batch unless a start point is its value)', async () => {
    const s = resolveScenario({ simulation: { months: 2, replications: 3 } });
    const r = await seek(s, { pool: inProcess(known), kpi: 'diversionRate', target: 0.75, path: 'levers.diversion.floorGuide', lo: 0, hi: 1 });
    expect(r.effects.base.value).toBe(0.15);
    expect(Object.keys(r.effects.base.deltas)).toEqual([...EFFECT_KPIS]);
    expect(EFFECT_KPIS).toContain('netContribution');
    expect(r.effects.base.deltas.netContribution).toEqual(pairedDelta(r.runs.atBase, r.runs.atValue, 'netContribution'));
    expect(r.evaluations).toBe(r.trace.length + 1);
    const atMid = resolveScenario({ simulation: { months: 2, replications: 3 }, levers: { diversion: { floorGuide: 0.5 } } });
    const m = await seek(atMid, { pool: inProcess(known), kpi: 'diversionRate', target: 0.75, path: 'levers.diversion.floorGuide', lo: 0, hi: 1 });
    expect(m.evaluations).toBe(m.trace.length);
    expect(pairedDelta(m.runs.atBase, m.runs.atValue, 'diversionRate').mean).toBeCloseTo(ROOT_OF(m.value) - ROOT_OF(0.5), 9);
  });

  it('the lever value’s interval: where the target lies within the KPI’s band, joined linearly between evaluated points', () => {
    // an increasing KPI 0.5 + 0.4x with a band of ±0.02: the target 0.7 is inside it for x in [0.45, 0.55]
    const trace = [0, 0.5, 1].map((x) => ({ value: x, mean: 0.5 + 0.4 * x, ci95: [0.48 + 0.4 * x, 0.52 + 0.4 * x] as [number, number] }));
    const [a, b] = leverInterval(trace, 0.7, 0.5);
    expect(a).toBeCloseTo(0.45, 12);
    expect(b).toBeCloseTo(0.55, 12);
    // decreasing: the same, mirrored
    const down = trace.map((p) => ({ ...p, value: 1 - p.value }));
    const [c, d] = leverInterval(down, 0.7, 0.5);
    expect(c).toBeCloseTo(0.45, 12);
    expect(d).toBeCloseTo(0.55, 12);
    // a target inside the band at the range's end: the end bounds it
    expect(leverInterval(trace, 0.91, 1)[1]).toBe(1);
  });

  it('refuses a non-numeric path and an empty range', async () => {
    const s = resolveScenario({ simulation: { months: 2, replications: 2 } });
    await expect(seek(s, { pool: inProcess(known), kpi: 'diversionRate', target: 0.7, path: 'adoption.peerScope', lo: 0, hi: 1 })).rejects.toThrow(/numeric/);
    await expect(seek(s, { pool: inProcess(known), kpi: 'diversionRate', target: 0.7, path: 'levers.diversion.floorGuide', lo: 1, hi: 1 })).rejects.toThrow(/LO < HI/);
  });
});

describe('diversion never moves sensitive services off the store counters', () => {
  it('with every floor guide redirecting and many kiosks, SIM replacement and ownership transfer stay in own stores', () => {
    const s = resolveScenario({ ...SMALL, simulation: { ...SMALL.simulation, months: 3 }, levers: { diversion: { floorGuide: 1, kiosksPerStore: 5, appIncentiveCny: 20 } } });
    const r = runReplication(s, 0);
    const sensitive = s.services.map((x, i) => [x, i] as const).filter(([x]) => x.class === 'sensitive');
    expect(sensitive.length).toBeGreaterThan(0);
    for (const [, i] of sensitive) {
      expect(r.serviceChannel[i][CH.ownStore]).toBeGreaterThan(0);
      r.serviceChannel[i].forEach((x, c) => { if (c !== CH.ownStore) expect(x).toBe(0); });
    }
    expect(sensitiveOutsideStores(s, [r])).toBe(0);
  });
});

describe('channel-lab seek', () => {
  const dir = mkdtempSync(join(tmpdir(), 'channel-lab-seek-'));
  const file = join(dir, 'small.json');
  let reached: Outcome, unreachable: Outcome;
  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(SMALL));
    [reached, unreachable] = await Promise.all([
      cli('seek', file, '--target', 'diversionRate=0.6', '--vary', 'levers.diversion.floorGuide=0..1', '--workers', '1', '--cache-dir', join(dir, 'cache-a')),
      cli('seek', file, '--target', 'diversionRate=0.995', '--vary', 'levers.diversion.floorGuide=0..1', '--workers', '1', '--cache-dir', join(dir, 'cache-b')),
    ]);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reaches a reachable diversion target: prints {path, value, achieved:{mean,ci95}, evaluations} with the target within tolerance', () => {
    expect(reached.code).toBe(0);
    const r = JSON.parse(reached.stdout);
    expect(Object.keys(r).slice(0, 4)).toEqual(['path', 'value', 'achieved', 'evaluations']);
    expect(r.path).toBe('levers.diversion.floorGuide');
    expect(r.value).toBeGreaterThanOrEqual(0);
    expect(r.value).toBeLessThanOrEqual(1);
    const { mean, ci95 } = r.achieved;
    const inInterval = ci95[0] <= 0.6 && 0.6 <= ci95[1];
    expect(inInterval || Math.abs(mean - 0.6) < 0.01).toBe(true);
    expect(r.evaluations).toBeGreaterThanOrEqual(3);
    // what it costs and does, paired against LO; sensitive services never diverted
    for (const k of ['channelCost', 'storeWaitMeanMin', 'satisfaction', 'churnRateMonthly']) expect(r.effects.deltas[k].ci95).toHaveLength(2);
    expect(r.effects.deltas.storeWaitMeanMin.mean).toBeLessThan(0);
    expect(r.effects.sensitiveOutsideStores).toBe(0);
  });

  it('an unreachable target exits 2 with one line giving the reachable range', () => {
    expect(unreachable.code).toBe(2);
    expect(unreachable.stdout).toBe('');
    const lines = unreachable.stderr.split('\n').filter((l) => l && !l.includes('warning:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^channel-lab: --target: expected a diversionRate within reach over levers\.diversion\.floorGuide=0\.\.1: from 0\.\d+ to 0\.\d+ \(means of \d+ replications at 0, 0\.5, 1\), got 0\.995$/);
  });
});
