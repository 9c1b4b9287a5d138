import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/model/domain.ts';
import { KPIS } from '../../src/model/kpis.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/channel-lab.mjs');
const SCENARIO = join(ROOT, 'scenarios/default.json');
const SMALL = ['--customers', '3000', '--months', '3', '--replications', '3'];

interface Outcome { code: number; stdout: string; stderr: string }
function cli(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-cli-'));
const out = (name: string) => join(dir, name);
const read = (name: string, file: string) => readFileSync(join(out(name), file), 'utf8');
const resultOf = (name: string) => JSON.parse(read(name, 'result.json'));
const withoutRuntime = (text: string) => text.replace(/"runtimeMs": \d+/g, '"runtimeMs": 0');

let a: Outcome, b: Outcome, c: Outcome;
beforeAll(async () => {
  // Three runs at once: two workers with the default seed, one worker with it, two workers with another seed.
  [a, b, c] = await Promise.all([
    cli('run', SCENARIO, ...SMALL, '--workers', '2', '--out', out('a')),
    cli('run', SCENARIO, ...SMALL, '--workers', '1', '--out', out('b')),
    cli('run', SCENARIO, ...SMALL, '--workers', '2', '--seed', '43', '--out', out('c')),
  ]);
}, 90_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('channel-lab run', () => {
  it('writes result.json, series.csv and outlets.csv of the contract shape and prints a KPI summary', () => {
    expect(a.stderr.split('\n').filter((l) => l && !l.includes('warning:'))).toEqual([]);
    expect(a.code).toBe(0);
    for (const f of ['result.json', 'series.csv', 'outlets.csv']) expect(existsSync(join(out('a'), f))).toBe(true);
    const r = resultOf('a');
    // --customers sets the agents simulated; customers stays the city's subscribers.
    expect(r).toMatchObject({ schemaVersion: 1, seed: 42, replications: 3, months: 3, customers: r.scenario.simulation.customers, agents: 3000, partial: false });
    expect(typeof r.runtimeMs).toBe('number');
    expect(r.scenario.simulation).toMatchObject({ agents: 3000, months: 3, replications: 3, seed: 42 });
    expect(Object.keys(r.kpis)).toEqual([...KPIS]);
    for (const k of KPIS) {
      expect(Object.keys(r.kpis[k])).toEqual(['mean', 'sd', 'ci95', 'unit']);
      expect(r.kpis[k].ci95[0]).toBeLessThanOrEqual(r.kpis[k].mean);
      expect(r.series[k].map((p: { month: number }) => p.month)).toEqual([1, 2, 3]);
      expect(Object.keys(r.series[k][0])).toEqual(['month', 'mean', 'lo', 'hi']);
    }
    expect(Object.keys(r.channels)).toEqual([...CHANNELS]);
    for (const c of CHANNELS) expect(r.channels[c]).toEqual(expect.objectContaining({ family: expect.any(String), transactions: expect.any(Number), share: expect.any(Number), costPerTransaction: expect.any(Number) }));
    expect(r.outlets.length).toBeGreaterThan(0);
    for (const key of ['id', 'name', 'kind', 'open', 'transactions', 'newLines', 'revenue', 'cost', 'waitMeanMin', 'waitP90Min', 'utilization', 'efficiencyClass']) {
      expect(r.outlets[0]).toHaveProperty(key);
    }
    expect(['low', 'mid', 'high']).toContain(r.outlets[0].efficiencyClass);
    const series = read('a', 'series.csv');
    expect(series.startsWith('\uFEFFmonth,kpi,mean,lo,hi\r\n')).toBe(true);
    expect(series.trimEnd().split('\r\n')).toHaveLength(1 + 3 * KPIS.length);
    expect(read('a', 'outlets.csv').startsWith('\uFEFFid,name,kind,')).toBe(true);
    expect(a.stdout).toMatch(/eChannelShare .*\d.*\[.*\].*share/);
    expect(a.stdout).toMatch(/95 % CI/);
  });

  it('gives identical output with --workers 1 and --workers 2 (same seed)', () => {
    expect(b.code).toBe(0);
    expect(resultOf('b').kpis).toEqual(resultOf('a').kpis);
    expect(withoutRuntime(read('b', 'result.json'))).toBe(withoutRuntime(read('a', 'result.json')));
    expect(read('b', 'series.csv')).toBe(read('a', 'series.csv'));
    expect(read('b', 'outlets.csv')).toBe(read('a', 'outlets.csv'));
  });

  it('gives different figures with another seed', () => {
    expect(c.code).toBe(0);
    expect(resultOf('c').seed).toBe(43);
    expect(resultOf('c').kpis.eChannelShare.mean).not.toBe(resultOf('a').kpis.eChannelShare.mean);
  });

  it('exits 2 with one line naming the option for bad options, and never a stack trace', async () => {
    const bad = await Promise.all([
      cli('run', SCENARIO, '--replications', '0'),
      cli('run', SCENARIO, '--workers', 'two'),
      cli('run', SCENARIO, '--bogus'),
      cli('run', join(dir, 'missing.json')),
      cli('run', SCENARIO, '--seed', ''),
      cli('run', SCENARIO, '--months', ' 2 '),
    ]);
    expect(bad.map((x) => x.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(bad[4].stderr).toBe('channel-lab: --seed: expected an integer from 0 to 2147483647 in decimal digits, got ""\n');
    expect(bad[5].stderr).toBe('channel-lab: --months: expected an integer from 1 to 240 in decimal digits, got " 2 "\n');
    expect(bad[0].stderr).toBe('channel-lab: --replications: expected an integer from 1 to 10000, got "0"\n');
    expect(bad[1].stderr).toMatch(/^channel-lab: --workers: expected an integer/);
    expect(bad[2].stderr).toMatch(/unknown option '--bogus'/);
    expect(bad[3].stderr).toMatch(/missing\.json: cannot read \(no such file\)/);
    for (const x of bad) expect(x.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('channel-lab compare and sweep', () => {
  it('compare writes compare.json with values and paired deltas per KPI', async () => {
    const r = await cli('compare', SCENARIO, join(ROOT, 'scenarios/diversion-push.json'), '--customers', '2000', '--months', '2', '--replications', '2', '--out', out('cmp'));
    expect(r.stderr.split('\n').filter((l) => l && !l.includes('warning:'))).toEqual([]);
    expect(r.code).toBe(0);
    const c = JSON.parse(read('cmp', 'compare.json'));
    expect(c).toMatchObject({ schemaVersion: 1, seed: 42, replications: 2 });
    expect(c.scenarios).toHaveLength(2);
    for (const k of KPIS) {
      expect(c.kpis[k].values).toHaveLength(2);
      expect(c.kpis[k].deltas[0]).toEqual(expect.objectContaining({ against: 0, mean: expect.any(Number), ci95: [expect.any(Number), expect.any(Number)], significant: expect.any(Boolean) }));
    }
    expect(r.stdout).toMatch(/common random numbers/);
  }, 60_000);

  it('sweep writes sweep.csv with one row per grid point, and names a bad path with exit 2', async () => {
    const [r, bad] = await Promise.all([
      cli('sweep', SCENARIO, '--set', 'levers.diversion.floorGuide=0.1,0.5', '--customers', '2000', '--months', '2', '--replications', '2', '--out', out('sw')),
      cli('sweep', SCENARIO, '--set', 'levers.diversion.floorGuid=0.1,0.5'),
    ]);
    expect(r.code).toBe(0);
    const lines = read('sw', 'sweep.csv').slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].startsWith('point,levers.diversion.floorGuide,replications,partial,eChannelShare_mean,eChannelShare_lo,eChannelShare_hi,')).toBe(true);
    expect(lines[2].startsWith('1,0.5,2,false,')).toBe(true);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^channel-lab: --set levers\.diversion\.floorGuid: expected one of the fields of levers\.diversion: .*, got "floorGuid"\n$/);
  }, 60_000);
});

describe('channel-lab bench', () => {
  it('prints one JSON line with the contract figures, consistent with each other; a bad option exits 2', async () => {
    const [r, bad, k] = await Promise.all([
      cli('bench', '--customers', '5000', '--months', '2'),
      cli('bench', '--customers', 'many'),
      cli('bench', '--kernels', '--customers', '5000'),
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const b = JSON.parse(lines[0]);
    for (const k of ['choiceEventsPerSec', 'customers', 'months', 'events', 'wallMs', 'peakRssMb']) expect(typeof b[k], k).toBe('number');
    expect(b.customers).toBe(5000);
    expect(b.months).toBe(2);
    // about 3.4 needs per customer a month, plus re-choices and new lines
    expect(b.events).toBeGreaterThan(5000 * 2 * 2.5);
    expect(b.events).toBeLessThan(5000 * 2 * 5);
    expect(Math.abs(b.choiceEventsPerSec - b.events / (b.wallMs / 1000))).toBeLessThanOrEqual(b.choiceEventsPerSec * 0.01 + 1);
    expect(Object.keys(b.phaseMs)).toEqual(['adoption', 'tablesAndAcquisition', 'needs', 'storeQueues', 'hotline', 'settle', 'record']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--customers/);
    // the reference loops: one month of needs of the same customers, timed both ways
    expect(k.code).toBe(0);
    const kb = JSON.parse(k.stdout);
    expect(kb.customers).toBe(5000);
    expect(kb.events).toBeGreaterThan(5000 * 2.5);
    expect(kb.naiveEventsPerSec).toBeGreaterThan(0);
    expect(kb.tableEventsPerSec).toBeGreaterThan(0);
  }, 60_000);
});
