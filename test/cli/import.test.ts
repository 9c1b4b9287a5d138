import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/model/validate.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/channel-lab.mjs');

interface Outcome { code: number; stdout: string; stderr: string }
function cli(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-io-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let gbk: Outcome, broken: Outcome, geo: Outcome, badKind: Outcome, run: Outcome, unclosed: Outcome, big5: Outcome, shiftJis: Outcome;
// The header and first 40 outlets of the template, with an address cell `"x` in row 2.
const UNCLOSED = join(dir, 'outlets-40.csv');
beforeAll(async () => {
  const lines = readFileSync(join(ROOT, 'scenarios/templates/outlets.csv'), 'utf8').split('\r\n').slice(0, 41);
  lines[1] = lines[1].replace(/,[^,]*$/, ',"x');
  writeFileSync(UNCLOSED, lines.join('\r\n') + '\r\n');
  [gbk, broken, geo, badKind, run, unclosed, big5, shiftJis] = await Promise.all([
    cli('import', 'scenarios/templates/outlets-gbk.csv', '--kind', 'outlets'),
    cli('import', 'test/fixtures/io/outlets-broken.csv', '--kind', 'outlets'),
    cli('import', 'scenarios/templates/districts.geojson', '--kind', 'districts', '--out', join(dir, 'fragment.json')),
    cli('import', 'scenarios/templates/observed.csv', '--kind', 'kpis'),
    cli('run', 'scenarios/sample-city.json', '--customers', '5000', '--months', '2', '--replications', '2', '--workers', '2', '--out', join(dir, 'run')),
    cli('import', UNCLOSED, '--kind', 'outlets'),
    cli('import', 'test/fixtures/io/outlets-big5.csv', '--kind', 'outlets'),
    cli('import', 'test/fixtures/io/outlets-shift-jis.csv', '--kind', 'outlets'),
  ]);
}, 180_000);

describe('channel-lab import', () => {
  it('prints the detected encoding, the rows and how the Chinese headers were read', () => {
    expect(gbk.code).toBe(0);
    expect(gbk.stdout).toMatch(/^scenarios\/templates\/outlets-gbk\.csv: GBK, 340 rows, read in \d+ ms\nread 340 rows from 341 lines \(1 header\)\n/);
    expect(gbk.stdout).toContain('网点编码 → id, 网点名称 → name, 类型 → kind, 经度 → lon, 纬度 → lat');
    expect(gbk.stdout).toContain('所属区域 (kept)');
    expect(gbk.stdout).toMatch(/340 outlets \(40 own, 300 partner\) over \d+ × \d+ km: ok/);
  });

  it('lists every problem as file:row:column on stderr and exits 2', () => {
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('10 problems; nothing imported');
    const lines = broken.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.map((l) => /^channel-lab: test\/fixtures\/io\/outlets-broken\.csv:(\d+):(\d+): /.exec(l)?.slice(1).map(Number))).toEqual([[3, 4], [4, 1], [5, 10], [6, 6], [7, 3], [8, 5], [9, 10], [11, 5], [12, 7], [14, 4]]);
  });

  it('an unclosed quote in row 2 of a 40-row file: exit 2, the one problem at file:2:14, nothing imported, 1 row read from 41 lines', () => {
    expect(unclosed.code).toBe(2);
    expect(unclosed.stderr).toBe(`channel-lab: ${UNCLOSED}:2:14: quote opened here is never closed; every later line would be swallowed (lines 2–41 read as one cell)\n`);
    expect(unclosed.stdout).toContain('\nread 1 row from 41 lines (1 header, 39 line breaks inside quoted cells)\n');
    expect(unclosed.stdout).toContain('1 problem; nothing imported');
    expect(unclosed.stdout).not.toMatch(/outlets \(/);
  });

  it('Big5 and Shift_JIS files: exit 2 naming the encodings tried and the one the file looks like', () => {
    expect(big5.code).toBe(2);
    expect(big5.stderr).toMatch(/^channel-lab: test\/fixtures\/io\/outlets-big5\.csv: neither UTF-8 nor GBK text: tried UTF-8 .*, GBK .*, Big5 .*, Shift_JIS \(invalid\); it looks like Big5 \(traditional Chinese\); open it and save it as UTF-8 .*\n$/);
    expect(shiftJis.code).toBe(2);
    expect(shiftJis.stderr).toMatch(/^channel-lab: test\/fixtures\/io\/outlets-shift-jis\.csv: neither UTF-8 nor GBK text: tried UTF-8 .*, GBK .*, Big5 \(invalid\), Shift_JIS .*; it looks like Shift_JIS \(Japanese\); .*\n$/);
    expect(big5.stdout).toContain('read 0 rows: the file could not be decoded');
  });

  it('writes a districts fragment that is a valid scenario with outlines', () => {
    expect(geo.code).toBe(0);
    expect(geo.stdout).toMatch(/30 districts \(6 urban, 8 suburban, 16 rural; 30 with outlines\)/);
    const fragment = JSON.parse(readFileSync(join(dir, 'fragment.json'), 'utf8'));
    expect(fragment.region.districts).toHaveLength(30);
    expect(parseScenario(fragment).ok).toBe(true);
  });

  it('names the option when the kind is wrong', () => {
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toBe('channel-lab: --kind: expected one of outlets, districts, observed, got "kpis"\n');
  });
});

describe('the sample city from the command line', () => {
  it('runs and writes outlets.csv (UTF-8 with BOM) joined back to the imported ids, names and columns', () => {
    expect(run.stderr.split('\n').filter((l) => l && !l.includes('warning:'))).toEqual([]);
    expect(run.code).toBe(0);
    const csv = readFileSync(join(dir, 'run', 'outlets.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFid,name,kind,')).toBe(true);
    const [header, ...rows] = csv.slice(1).trimEnd().split('\r\n');
    expect(header).toMatch(/,efficiencyClass,lon,lat,counters,kiosks,openHours,rentMonthly,staff,services,district,subtype,address$/);
    // the imported outlets, then any latent partner site (L01…) where a partner opened during the run
    const latent = rows.filter((r) => /^L\d+,/.test(r));
    expect(rows.slice(0, 340).filter((r) => /^L\d+,/.test(r))).toEqual([]);
    rows.splice(340);
    expect(rows).toHaveLength(340);
    for (const r of latent) expect(r).toMatch(/^L\d+,[^,]+,partner,/);
    const template = readFileSync(join(ROOT, 'scenarios/templates/outlets.csv'), 'utf8').slice(1).trimEnd().split(/\r?\n/).slice(1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(template.map((r) => r.split(',')[0]));
    expect(rows[0]).toMatch(/^S001,明川中心旗舰店,own,.*,116\.\d+,27\.\d+,14,6,12\.5,120000,\d+,,MC-U01,旗舰店,明川市/);
    const result = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8'));
    expect(result.scenario.region.projection.kind).toBe('azimuthalEqualArea');
    expect(result.outlets.map((o: { id: string }) => o.id)).toEqual([...rows, ...latent].map((r) => r.split(',')[0]));
  });
});
