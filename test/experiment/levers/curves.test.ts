import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperimentError } from '../../../src/experiment/errors.ts';
import { CURVE_METRICS, curveRows, responseCurves, type CurvesResult } from '../../../src/experiment/levers/curves.ts';
import { curvesText } from '../../../src/cli/curves.ts';
import { createPool, inProcessFactory, type ReplicationApi } from '../../../src/experiment/pool.ts';
import { runReplication } from '../../../src/model/engine.ts';
import { resolveScenario } from '../../../src/model/validate.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/channel-lab.mjs');
const engine: ReplicationApi = { runReplication: (s, r, onMonth) => runReplication(s, r, { onMonth }) };
const pool = () => createPool({ factory: inProcessFactory(engine), size: 1 });
const SMALL = { simulation: { customers: 20_000, agents: 2_000, months: 4, replications: 2, seed: 42 } };
const s = resolveScenario(SMALL);
const PATH = 'levers.subsidy.handset.mid';

let curve: CurvesResult;
beforeAll(async () => {
  curve = await responseCurves(s, { pool: pool(), path: PATH, lo: 0, hi: 1200, steps: 3, exitMonths: 1 });
}, 30_000);

describe('responseCurves', () => {
  it('gives every figure with its interval at each level; a higher mid-tier subsidy sells more handsets at a higher cost per acquisition', () => {
    expect(curve.points.map((p) => p.value)).toEqual([0, 600, 1200]);
    for (const p of curve.points) {
      for (const m of CURVE_METRICS) {
        expect(p.figures[m].ci95[0]).toBeLessThanOrEqual(p.figures[m].mean + 1e-9);
        expect(p.figures[m].ci95[1]).toBeGreaterThanOrEqual(p.figures[m].mean - 1e-9);
      }
      expect(p.figures.spend.mean).toBeCloseTo(p.figures.subsidySpend.mean + p.figures.commissionSpend.mean, 6);
      expect(p.figures.partnersOpen.mean).toBeLessThanOrEqual(curve.partnersAtStart);
    }
    const [lo, , hi] = curve.points;
    expect(hi.figures.handsetsSold.mean).toBeGreaterThan(lo.figures.handsetsSold.mean);
    expect(hi.figures.costPerAcquisition.mean).toBeGreaterThan(lo.figures.costPerAcquisition.mean);
  });

  it('partner viability: with exitMonths set, partners whose income stays below their fixed cost leave', () => {
    expect(curve.exitMonths).toBe(1);
    expect(curve.exitMonthsSet).toBe(false);
    expect(Math.min(...curve.points.map((p) => p.figures.partnersOpen.mean))).toBeLessThan(curve.partnersAtStart);
  });

  it('flat CSV rows: the level, then mean, lo and hi of each figure', () => {
    const { columns, rows } = curveRows(curve);
    expect(columns).toEqual([PATH, ...CURVE_METRICS.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`])]);
    expect(rows).toHaveLength(3);
    expect(rows[1][PATH]).toBe(600);
  });
});

describe('responseCurves --maximise netContribution --budget', () => {
  it('the optimum respects the budget and is the best simulated level within it', async () => {
    const spends = curve.points.map((p) => p.figures.spend.mean).sort((a, b) => a - b);
    const budget = (spends[0] + spends[1]) / 2;
    const r = await responseCurves(s, { pool: pool(), path: PATH, lo: 0, hi: 1200, steps: 3, exitMonths: 1, maximise: { kpi: 'netContribution', budget, refineRounds: 1 } });
    const o = r.optimum!;
    expect(o.budget).toBe(budget);
    expect(o.spend.mean).toBeLessThanOrEqual(budget);
    const within = r.points.filter((p) => p.figures.spend.mean <= budget);
    expect(o.achieved.mean).toBe(Math.max(...within.map((p) => p.figures.netContribution.mean)));
    expect(r.points.find((p) => p.value === o.value)!.figures.spend.mean).toBeLessThanOrEqual(budget);
  });

  it('the best is called best only when the paired differences to its neighbours exclude 0', async () => {
    const r = await responseCurves(s, { pool: pool(), path: PATH, lo: 0, hi: 1200, steps: 3, exitMonths: 1, maximise: { kpi: 'netContribution', refineRounds: 0 } });
    const o = r.optimum!;
    const i = r.points.findIndex((p) => p.value === o.value);
    expect(o.neighbours.map((nb) => nb.value)).toEqual([r.points[i - 1]?.value, r.points[i + 1]?.value].filter((x) => x !== undefined));
    expect(o.distinguishable).toBe(o.neighbours.every((nb) => nb.delta.ci95[0] > 0));
    expect(o.tied).toContain(o.value);
    for (const nb of o.neighbours) {
      // a paired difference: its mean is the difference of the two levels' means
      const here = r.points[i].figures.netContribution.mean, there = r.points.find((p) => p.value === nb.value)!.figures.netContribution.mean;
      expect(nb.delta.mean).toBeCloseTo(here - there, 6);
      expect(o.tied.includes(nb.value)).toBe(nb.delta.ci95[0] <= 0);
    }
  });

  it('a lever that changes nothing has no best level: every level is tied', async () => {
    // floor guides per store cost only while a floor guide redirects (floorGuide > 0)
    const idle = resolveScenario({ ...SMALL, levers: { diversion: { floorGuide: 0 } } });
    const r = await responseCurves(idle, { pool: pool(), path: 'levers.diversion.floorGuideStaffPerStore', lo: 0, hi: 4, steps: 3, exitMonths: 1, maximise: { kpi: 'netContribution', refineRounds: 0 } });
    expect(r.optimum!.neighbours.every((nb) => nb.delta.mean === 0 && nb.delta.ci95[0] === 0)).toBe(true);
    expect(r.optimum!.distinguishable).toBe(false);
    expect(r.optimum!.tied).toEqual([0, 2, 4]);
  });

  it('a budget below every level\'s spend is an input error naming the least spend', async () => {
    const p = responseCurves(s, { pool: pool(), path: PATH, lo: 0, hi: 1200, steps: 2, exitMonths: 1, maximise: { kpi: 'netContribution', budget: 1 } });
    await expect(p).rejects.toBeInstanceOf(ExperimentError);
    await expect(p).rejects.toMatchObject({ problems: [{ parameter: 'budget', code: 'budgetTooSmall', values: { budget: 1, at: 0 } }] });
    await expect(p).rejects.toThrow(/^expected at least [\d,]+ CNY\/month, the least any level of levers\.subsidy\.handset\.mid over 0\.\.1200 spends \(at 0\), got 1$/);
  });
});

describe('the curves text of the command line', () => {
  const est = (mean: number, h: number) => ({ mean, ci95: [mean - h, mean + h] as [number, number] });
  const base = (): CurvesResult => ({
    ...curve,
    optimum: { kpi: 'netContribution', budget: 900_000, value: 600, achieved: est(7e6, 1e5), spend: est(8e5, 1e4), refined: [], neighbours: [{ value: 0, delta: est(3e5, 1e5) }, { value: 1200, delta: est(2e5, 1e5) }], distinguishable: true, tied: [600] },
  });

  it('names the best level with its lead over each neighbour when distinguishable', () => {
    const text = curvesText(base(), 'out');
    expect(text).toMatch(/^best level for netContribution with spend ≤ 900,000 CNY\/month: levers\.subsidy\.handset\.mid = 600, netContribution /m);
    expect(text).toMatch(/above each neighbour \(paired difference, 95 % CI\): 300,000 \[200,000, 400,000\] vs 0, 200,000 \[100,000, 300,000\] vs 1,200/);
  });

  it('says no level is distinguishable, naming the tied levels, when a difference’s interval includes 0', () => {
    const r = base();
    r.optimum = { ...r.optimum!, neighbours: [{ value: 0, delta: est(5e4, 1e5) }], distinguishable: false, tied: [0, 600] };
    const text = curvesText(r, 'out');
    expect(text).not.toMatch(/best level/);
    expect(text).toMatch(/no level is distinguishable from its neighbours in netContribution .*levels 0, 600 are tied; the highest mean is at levers\.subsidy\.handset\.mid = 600/);
  });
});

describe('channel-lab curves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'channel-lab-curves-'));
  let out: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    const file = join(dir, 'small.json');
    // partner exit off in the file, so the curves turn it on
    writeFileSync(file, JSON.stringify({ simulation: { ...SMALL.simulation, months: 3 }, partners: { exitMonths: 0 } }));
    out = await new Promise((resolve) => {
      execFile(process.execPath, [BIN, 'curves', file, '--vary', 'levers.commission.perNewLine.partner=0..120', '--steps', '2', '--workers', '2', '--out', join(dir, 'out')],
        { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
    });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes curves.csv with a BOM and says it turned partner viability on', () => {
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/partners\.exitMonths = 3 \(set for the curves/);
    const csv = readFileSync(join(dir, 'out/curves.csv'), 'utf8');
    expect(csv.startsWith(`\uFEFFlevers.commission.perNewLine.partner,newLines_mean,newLines_lo,newLines_hi,handsetsSold_mean`)).toBe(true);
    expect(csv.trim().split('\n')).toHaveLength(3);
  });
});
