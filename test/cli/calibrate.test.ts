import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.ts';

const cli = (...args: string[]) => runCli(args);
const SCENARIO = join(ROOT, 'scenarios/default.json');
const SMALL = ['--customers', '2000', '--months', '2', '--replications', '2', '--workers', '1'];

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('channel-lab calibrate', () => {
  it('fits, writes calibrated.json (resolved, $schema re-based) and fit.csv (BOM), and prints the table', async () => {
    const observed = file('observed.csv', '\uFEFFmetric,value,weight,source\r\nchurnRateMonthly,5%,1,test\r\nshare:app,0.04,1,\r\nhotlineServiceLevel,0.8,0,report only\r\n');
    const out = join(dir, 'out');
    const r = await cli('calibrate', SCENARIO, '--observed', observed, '--fit', 'churn.baseMonthly,channels.app.asc', '--max-evaluations', '6', ...SMALL, '--out', out);
    expect(r.stderr.split('\n').filter((l) => l && !l.includes('warning:'))).toEqual([]);
    expect(r.code).toBe(0);
    for (const f of ['calibrated.json', 'fit.csv']) expect(existsSync(join(out, f))).toBe(true);
    const s = JSON.parse(readFileSync(join(out, 'calibrated.json'), 'utf8'));
    const original = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    expect(existsSync(join(out, s.$schema))).toBe(true);
    expect(s.simulation).toMatchObject({ customers: original.simulation.customers, months: original.simulation.months, agents: null });
    expect(s.services.length).toBeGreaterThan(0); // resolved: defaults filled in
    expect(s.description).toMatch(/Calibrated by channel-lab calibrate: churn\.baseMonthly 0\.048 → [\d.]+; channels\.app\.asc 0\.3 → /);
    const csv = readFileSync(join(out, 'fit.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFmetric,observed,simulated,ci95,ci95_lo,ci95_hi,relativeError,weight,start,published\r\n')).toBe(true);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['\uFEFFmetric', 'churnRateMonthly', 'share:app', 'hotlineServiceLevel']);
    expect(lines[1].split(',')[1]).toBe('0.05');
    expect(r.stdout).toMatch(/objective [\d.e-]+ → [\d.e-]+ after \d+ evaluations/);
    expect(r.stdout).toMatch(/churn\.baseMonthly\s+0\.048\s+[\d.]+\s+\[0, 1\]/);
  }, 120_000);

  it('exits 2 naming file:row:column for a bad CSV, and the path for a bad --fit, without a stack trace', async () => {
    const bad = file('bad.csv', 'metric,value\nchurnRate,0.05\nshare:app,x\n');
    const noValue = file('novalue.csv', 'metric,weight\nchurnRateMonthly,1\n');
    const good = file('good.csv', 'metric,value\nchurnRateMonthly,0.05\n');
    const [a, b, c, d] = await Promise.all([
      cli('calibrate', SCENARIO, '--observed', bad),
      cli('calibrate', SCENARIO, '--observed', noValue),
      cli('calibrate', SCENARIO, '--observed', good, '--fit', 'churn.base'),
      cli('calibrate', SCENARIO),
    ]);
    expect([a.code, b.code, c.code, d.code]).toEqual([2, 2, 2, 2]);
    expect(a.stderr.split('\n')[0]).toMatch(/^channel-lab: .*bad\.csv:2:1: metric: unknown metric "churnRate"/);
    expect(a.stderr.split('\n')[1]).toMatch(/^channel-lab: .*bad\.csv:3:2: value: expected a number/);
    expect(b.stderr).toMatch(/novalue\.csv:1: missing column value/);
    expect(c.stderr).toMatch(/^channel-lab: --fit churn\.base: expected one of the fields of churn: baseMonthly, .*, got "base"\n$/);
    expect(d.stderr).toBe(`channel-lab: --observed: required, since ${SCENARIO} has no observed figures (observed.file or observed.figures); expected a CSV file with columns metric,value[,weight]\n`);
    for (const x of [a, b, c, d]) expect(x.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('channel-lab calibrate on the scenario\'s own observed figures', () => {
  // The default city with figures of its own, as the workbench's calibration view takes them.
  const withFigures = (name: string, figures: object[]) => {
    const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    delete scenario.$schema;
    return file(name, JSON.stringify({ ...scenario, observed: { figures } }));
  };
  const fitCsv = (out: string) => readFileSync(join(out, 'fit.csv'), 'utf8').trimEnd().split('\r\n').slice(1).map((l) => l.split(','));
  const FIT = ['--fit', 'churn.baseMonthly', '--max-evaluations', '3', ...SMALL];

  it('fits observed.figures without --observed; a 0 reported with weight 0 gets no relative error; --observed replaces them, and says so', async () => {
    const own = withFigures('own.json', [{ metric: '月离网率', value: 0.05 }, { metric: 'share:accountManager', value: 0, weight: 0 }]);
    const csv = file('replacing.csv', 'metric,value\nchurnRateMonthly,0.04\n');
    const [a, b] = await Promise.all([
      cli('calibrate', own, ...FIT, '--out', join(dir, 'own')),
      cli('calibrate', own, '--observed', csv, ...FIT, '--out', join(dir, 'replaced')),
    ]);
    expect(a.stderr.split('\n').filter((l) => l && !l.includes('warning:'))).toEqual([]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const rowsA = fitCsv(join(dir, 'own'));
    expect(rowsA.map((r) => [r[0], r[1], r[7]])).toEqual([['churnRateMonthly', '0.05', '1'], ['share:accountManager', '0', '0']]);
    expect(rowsA[1][6]).toBe(''); // relativeError of an observed 0
    const calibrated = JSON.parse(readFileSync(join(dir, 'own', 'calibrated.json'), 'utf8'));
    expect(calibrated.description).toContain(`fitted to 2 observed figures of ${own} (observed.figures) (churnRateMonthly, share:accountManager)`);
    expect(b.stderr).toBe(`channel-lab: --observed ${csv} replaces the 2 observed figures of ${own}\n`);
    expect(fitCsv(join(dir, 'replaced')).map((r) => [r[0], r[1]])).toEqual([['churnRateMonthly', '0.04']]);
  }, 120_000);

  it('exits 2 naming the scenario file and the JSON path of a figure it cannot fit', async () => {
    const bad = withFigures('bad.json', [{ metric: 'churnRateMonthly', value: 0.05 }, { metric: 'share:app', value: 0 }, { metric: 'share:teleport', value: 0.1 }]);
    const r = await cli('calibrate', bad, ...FIT);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l)).toEqual([
      `channel-lab: ${bad}:observed.figures[1].value: share:app is 0 with weight 1: a fit compares relative errors and cannot divide by 0; give it weight 0 to report it without fitting`,
      expect.stringContaining(`channel-lab: ${bad}:observed.figures[2].metric: unknown channel "teleport" in "share:teleport"; expected one of `),
    ]);
  }, 60_000);
});

describe('channel-lab calibrate: held-out checks, warm-up and drift', () => {
  it('reports held-out figures as out-of-sample checks (printed, checks.csv, calibration.json) and the drift after the warm-up', async () => {
    const observed = file('held.csv', 'metric,value,weight,holdOut,source\nchurnRateMonthly,5%,1,,fitted\nshare:app,0.9,1,yes,seed 9\n占比:网上营业厅,0.05,1,是,\n');
    const out = join(dir, 'held');
    const r = await cli('calibrate', SCENARIO, '--observed', observed, '--fit', 'churn.baseMonthly', '--max-evaluations', '3', '--customers', '2000', '--months', '4', '--replications', '2', '--workers', '1', '--warm-up', '2', '--out', out);
    expect(r.stderr.split('\n').filter((l) => l && !l.includes('warning:'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/out-of-sample checks \(held out, not fitted\): [012] of 2 within the simulated 95 % interval\n/);
    expect(r.stdout).toMatch(/\nshare:app\s+0\.9\s+[\d.e-]+\s+\[[^\]]+\]\s+no\s+-\d+\.\d %\n/);
    expect(r.stdout).toMatch(/drift within months 3–4 \(after a warm-up of 2\): \d of 3 figures move between months 3 and 4/);
    const lines = (f: string) => readFileSync(join(out, f), 'utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    expect(lines('fit.csv').slice(1).map((l) => l[0])).toEqual(['churnRateMonthly']);
    const checks = lines('checks.csv');
    expect(checks[0]).toEqual(['\uFEFFmetric', 'observed', 'simulated', 'ci95', 'ci95_lo', 'ci95_hi', 'within', 'relativeError', 'published', 'source']);
    expect(checks.slice(1).map((l) => [l[0], l[1], l[6], l[9]])).toEqual([['share:app', '0.9', 'no', 'seed 9'], ['share:web', '0.05', expect.stringMatching(/^(yes|no)$/), '']]);
    expect(lines('drift.csv').slice(1).map((l) => [l[0], l[1], l[2], l[5]])).toEqual([['churnRateMonthly', 'no', '3', '4'], ['share:app', 'yes', '3', '4'], ['share:web', 'yes', '3', '4']]);
    const json = JSON.parse(readFileSync(join(out, 'calibration.json'), 'utf8'));
    expect(json).toMatchObject({ warmUpMonths: 2, window: { from: 3, to: 4 }, replications: 2, months: 4 });
    expect(json.checks.map((c: { metric: string; within: boolean; holdOut: boolean }) => [c.metric, c.within, c.holdOut])).toEqual([['share:app', false, true], ['share:web', expect.any(Boolean), true]]);
    expect(JSON.parse(readFileSync(join(out, 'calibrated.json'), 'utf8')).description).toContain('held out as checks: share:app outside the interval');
  }, 120_000);

  it('exits 2 naming the row and column of a bad holdOut cell, the JSON path of a bad holdOut, and a warm-up as long as the run', async () => {
    const badCell = file('badhold.csv', 'metric,value,holdOut\nchurnRateMonthly,0.05,\nshare:app,0.1,perhaps\n');
    const good = file('good2.csv', 'metric,value\nchurnRateMonthly,0.05\n');
    const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8'));
    delete scenario.$schema;
    const badJson = file('badhold.json', JSON.stringify({ ...scenario, observed: { figures: [{ metric: 'churnRateMonthly', value: 0.05, holdOut: 'yes' }] } }));
    const [a, b, c, d] = await Promise.all([
      cli('calibrate', SCENARIO, '--observed', badCell, ...SMALL),
      cli('calibrate', badJson, ...SMALL),
      cli('calibrate', SCENARIO, '--observed', good, '--warm-up', '2', ...SMALL),
      cli('calibrate', SCENARIO, '--observed', good, '--warm-up', 'x', ...SMALL),
    ]);
    expect([a.code, b.code, c.code, d.code]).toEqual([2, 2, 2, 2]);
    expect(a.stderr).toBe(`channel-lab: ${badCell}:3:3: holdOut: expected yes or no (yes, no, true, false, 1, 0, 是, 否; empty: no), got "perhaps"\n`);
    expect(b.stderr).toMatch(/badhold\.json.*observed\.figures\[0\]\.holdOut/);
    expect(c.stderr).toBe('channel-lab: --warm-up 2: expected fewer months than the run\'s 2, so that some months are compared\n');
    expect(d.stderr).toMatch(/^channel-lab: --warm-up/);
    for (const x of [a, b, c, d]) expect(x.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

