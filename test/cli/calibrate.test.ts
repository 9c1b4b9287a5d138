import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/channel-lab.mjs');
const SCENARIO = join(ROOT, 'scenarios/default.json');
const SMALL = ['--customers', '2000', '--months', '2', '--replications', '2', '--workers', '1'];

interface Outcome { code: number; stdout: string; stderr: string }
function cli(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

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
    expect(s.description).toMatch(/Calibrated by channel-lab calibrate: churn\.baseMonthly 0\.055 → [\d.]+; channels\.app\.asc 0\.3 → /);
    const csv = readFileSync(join(out, 'fit.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFmetric,observed,simulated,ci95,ci95_lo,ci95_hi,relativeError,weight,start,published\r\n')).toBe(true);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['\uFEFFmetric', 'churnRateMonthly', 'share:app', 'hotlineServiceLevel']);
    expect(lines[1].split(',')[1]).toBe('0.05');
    expect(r.stdout).toMatch(/objective [\d.e-]+ → [\d.e-]+ after \d+ evaluations/);
    expect(r.stdout).toMatch(/churn\.baseMonthly\s+0\.055\s+[\d.]+\s+\[0, 1\]/);
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
    expect(d.stderr).toBe('channel-lab: --observed: required, a CSV file with columns metric,value[,weight]\n');
    for (const x of [a, b, c, d]) expect(x.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
