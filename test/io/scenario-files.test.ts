import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.ts';
import { loadScenarioFile, loadScenarioWithData } from '../../src/cli/scenario-file.ts';
import { planeProjection } from '../../src/io/plane.ts';
import { resolveDataFiles } from '../../src/io/references.ts';
import { buildRegion, cellCentre } from '../../src/model/region.ts';
import { parseScenario, resolveScenario } from '../../src/model/validate.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const TEMPLATES = join(ROOT, 'scenarios/templates');
const dir = mkdtempSync(join(tmpdir(), 'channel-lab-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const scenarioFile = (name: string, json: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(json));
  return f;
};
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('a scenario with data files', () => {
  const { scenario: s, data } = loadScenarioWithData(join(ROOT, 'scenarios/sample-city.json'));

  it('reads each referenced file relative to the scenario and says what it read', () => {
    expect(data.map((d) => [d.kind, d.ref, d.encoding, d.rows, d.lines])).toEqual([
      ['districts', 'templates/districts.geojson', 'UTF-8', 30, 32],
      ['outlets', 'templates/outlets.csv', 'UTF-8 with BOM', 340, 341],
      ['observed', 'templates/observed.csv', 'UTF-8', 8, 9],
    ]);
  });

  it('fills districts, outlets, observed figures and the region\'s size, and drops the file references', () => {
    expect(s.region.districts).toHaveLength(30);
    expect(s.outlets.list).toHaveLength(340);
    expect(s.observed.figures).toHaveLength(8);
    expect(s.region.districtsFile).toBeUndefined();
    expect(s.outlets.file).toBeUndefined();
    expect(s.observed.file).toBeUndefined();
    for (const o of s.outlets.list) {
      expect(o.x).toBeGreaterThan(0);
      expect(o.x).toBeLessThan(s.region.widthKm);
      expect(o.y).toBeGreaterThan(0);
      expect(o.y).toBeLessThan(s.region.heightKm);
    }
    // the resolved scenario is a valid scenario on its own (result.json can be re-run)
    expect(parseScenario(JSON.parse(JSON.stringify(s))).ok).toBe(true);
  });

  it('keeps lon/lat, which the stored projection maps to the same km', () => {
    const p = planeProjection(s.region.projection!);
    for (const o of s.outlets.list.slice(0, 20)) {
      const [x, y] = p.forward([o.lon!, o.lat!]);
      expect(x).toBeCloseTo(o.x, 3);
      expect(y).toBeCloseTo(o.y, 3);
    }
  });

  it('builds a region whose people live inside the district outlines, each district holding its population share', () => {
    const r = buildRegion(s);
    let total = 0;
    for (const w of r.cellWeight) total += w;
    expect(total).toBeCloseTo(1, 12);
    // cells owned by a district hold about its share of the population (borders blur it a little)
    const byDistrict = new Float64Array(r.districts.length);
    r.cellWeight.forEach((w, k) => { byDistrict[r.cellDistrict[k]] += w; });
    const pop = r.districts.reduce((a, d) => a + d.population, 0);
    r.districts.forEach((d, i) => expect(Math.abs(byDistrict[i] - d.population / pop)).toBeLessThan(0.1 * d.population / pop + 0.002));
    // a cell in the middle of the enclave belongs to the enclave's owner, not to its host
    // MC-R06's MultiPolygon has an island inside MC-R03, whose outline has the matching hole
    const owner = r.districts.findIndex((d) => d.id === 'MC-R06'), host = r.districts.findIndex((d) => d.id === 'MC-R03');
    expect(r.districts[owner].boundary).toHaveLength(2);
    expect(r.districts[host].boundary).toHaveLength(2);
    const island = r.districts[owner].boundary![1];
    const cx = island.reduce((a, p) => a + p[0], 0) / island.length, cy = island.reduce((a, p) => a + p[1], 0) / island.length;
    const k = Math.floor(cy / r.cellKm) * r.cols + Math.floor(cx / r.cellKm);
    expect(cellCentre(r, k)[0]).toBeCloseTo(Math.floor(cx) + 0.5, 9);
    expect(r.cellDistrict[k]).toBe(owner);
  });

  it('lets closures name imported outlets, and reports unknown ones after reading the files', () => {
    const ok = loadScenarioFile(scenarioFile('close.json', { outlets: { file: join(TEMPLATES, 'outlets-gbk.csv') }, levers: { closures: { outlets: ['S003', 'P120'] } } }));
    expect(ok.levers.closures.outlets).toEqual(['S003', 'P120']);
    expect(ok.outlets.list.find((o) => o.id === 'S003')!.extra).toHaveProperty('渠道细类');
    const bad = problemsOf(() => loadScenarioFile(scenarioFile('close-bad.json', { outlets: { file: join(TEMPLATES, 'outlets.csv') }, levers: { closures: { outlets: ['S999'] } } })));
    expect(bad).toEqual([expect.stringMatching(/close-bad\.json: \$\.levers\.closures\.outlets\[0\]: unknown outlet "S999".*after reading its data files/)]);
  });
});

describe('problems in data files', () => {
  it('are reported as file:row:column lines, all of them, relative to the working directory', () => {
    const lines = problemsOf(() => loadScenarioFile(join(ROOT, 'test/fixtures/io/scenario-broken-outlets.json')));
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('test/fixtures/io/outlets-broken.csv:3:4: longitude: out of range: expected a longitude from -180 to 180, got 200');
    expect(lines[1]).toBe('test/fixtures/io/outlets-broken.csv:4:1: id: duplicate id "P1" (first at row 2)');
  });

  it('an unclosed quote or a Big5 file referenced by a scenario: named, and nothing of the scenario read', () => {
    writeFileSync(join(dir, 'unclosed.csv'), 'id,kind,lon,lat,address\nA,own,117.1,27.1,"x\nB,own,117.2,27.2,y\n');
    writeFileSync(join(dir, 'big5.csv'), readFileSync(join(ROOT, 'test/fixtures/io/outlets-big5.csv')));
    const unclosed = problemsOf(() => loadScenarioFile(scenarioFile('unclosed.json', { outlets: { file: 'unclosed.csv' } })));
    expect(unclosed).toEqual([expect.stringMatching(/unclosed\.csv:2:5: quote opened here is never closed; every later line would be swallowed \(lines 2–3 read as one cell\)$/)]);
    const big5 = problemsOf(() => loadScenarioFile(scenarioFile('big5.json', { outlets: { file: 'big5.csv' } })));
    expect(big5).toEqual([expect.stringMatching(/big5\.csv: neither UTF-8 nor GBK text: tried .*; it looks like Big5/)]);
  });

  it('a missing file is named; the other files are still checked', () => {
    expect(problemsOf(() => loadScenarioFile(join(ROOT, 'test/fixtures/io/scenario-missing-file.json')))).toEqual(['test/fixtures/io/no-such-districts.geojson: cannot read (no such file)']);
  });

  it('a file and a list of the same thing is a schema problem', () => {
    const f = scenarioFile('both.json', { outlets: { file: 'x.csv', list: [{ id: 'a', kind: 'own', x: 1, y: 1 }] } });
    expect(problemsOf(() => loadScenarioFile(f))).toEqual([`${f}: $.outlets.file: give outlets.file or outlets.list, not both`]);
  });

  it('a region too large for the grid asks for a coarser cell', () => {
    const csv = join(dir, 'wide.csv');
    writeFileSync(csv, 'id,kind,lon,lat\nA,own,110,25\nB,own,112.9,27.9\n');
    const lines = problemsOf(() => loadScenarioFile(scenarioFile('wide.json', { outlets: { file: 'wide.csv' } })));
    expect(lines).toEqual([expect.stringMatching(/wide\.csv: the data spans \d+ × \d+ km, \d+ grid cells of 1 km; at most 65535: set region\.cellKm to [\d.]+ or more$/)]);
    expect(loadScenarioFile(scenarioFile('wide2.json', { region: { cellKm: 2 }, outlets: { file: 'wide.csv' } })).region.widthKm).toBeGreaterThan(290);
  });
});

describe('resolveDataFiles without a disk (as in a Web Worker)', () => {
  it('reads the bytes it is handed, reports progress per file, and leaves the scenario alone on a problem', () => {
    const files: Record<string, Uint8Array> = {
      'o.csv': readFileSync(join(TEMPLATES, 'outlets-gbk.csv')),
      'd.geojson': readFileSync(join(TEMPLATES, 'districts.geojson')),
    };
    const s = resolveScenario({ region: { districtsFile: 'd.geojson' }, outlets: { file: 'o.csv' } });
    const seen: Record<string, number[]> = {};
    const r = resolveDataFiles(s, { read: (ref) => files[ref], name: (ref) => `dropped/${ref}`, progress: (ref, x) => (seen[ref] ??= []).push(x) });
    expect(r.ok && r.scenario.outlets.list.length).toBe(340);
    expect(r.reports.map((x) => [x.file, x.encoding])).toEqual([['dropped/d.geojson', 'UTF-8'], ['dropped/o.csv', 'GBK']]);
    expect(seen['o.csv'].at(-1)).toBe(1);
    expect(seen['d.geojson'].at(-1)).toBe(1);
    files['o.csv'] = new TextEncoder().encode('id,kind,lon,lat\nA,own,117,95\n');
    const bad = resolveDataFiles(s, { read: (ref) => files[ref], name: (ref) => ref });
    expect(bad.ok ? [] : bad.problems.map((p) => [p.file, p.row, p.column])).toEqual([['o.csv', 2, 4]]);
    expect(s.outlets.list).toEqual([]);
    expect(s.outlets.file).toBe('o.csv');
  });
});
