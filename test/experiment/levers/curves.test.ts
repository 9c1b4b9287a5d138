import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperimentError } from '../../../src/experiment/errors.ts';
import { CURVE_METRICS, curveRows, responseCurves, type CurvesResult } from '../../../src/experiment/levers/curves.ts';
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

  it('a budget below every level\'s spend is an input error naming the least spend', async () => {
    const p = responseCurves(s, { pool: pool(), path: PATH, lo: 0, hi: 1200, steps: 2, exitMonths: 1, maximise: { kpi: 'netContribution', budget: 1 } });
    await expect(p).rejects.toBeInstanceOf(ExperimentError);
    await expect(p).rejects.toMatchObject({ problems: [{ parameter: 'budget', code: 'budgetTooSmall', values: { budget: 1, at: 0 } }] });
    await expect(p).rejects.toThrow(/^expected at least [\d,]+ CNY\/month, the least any level of levers\.subsidy\.handset\.mid over 0\.\.1200 spends \(at 0\), got 1$/);
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
