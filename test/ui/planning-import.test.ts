import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { resolveScenario } from '../../src/model/validate.ts';
import { importDataFile } from '../../src/io/import-file.ts';
import { parseScenario } from '../../src/model/validate.ts';
import { firstLineOf, guessKind, linesRead } from '../../src/ui/lib/dataImport.ts';
import { formatNumber } from '../../src/ui/i18n/format.ts';
import { translate, type Locale } from '../../src/ui/i18n/messages.ts';
import { applyImport, existingDistricts, existingOutlets, placeImports, SCENARIO_OUTLETS } from '../../src/ui/lib/placement.ts';

const file = (name: string) => new Uint8Array(readFileSync(new URL(`../../scenarios/templates/${name}`, import.meta.url)));
const DEFAULT_JSON = JSON.parse(readFileSync(new URL('../../scenarios/default.json', import.meta.url), 'utf8'));
const DEFAULT = resolveScenario(DEFAULT_JSON);

function parsed<K extends 'outlets' | 'districts' | 'observed'>(kind: K, name: string) {
  const r = importDataFile(kind, file(name), name, { services: DEFAULT.services });
  if (!r.ok) throw new Error(`${name}: ${r.problems.length} problems`);
  return r;
}

describe('which kind a dropped file is', () => {
  test('GeoJSON is districts; then the name; then the header', () => {
    expect(guessKind('city.geojson', '{')).toBe('districts');
    expect(guessKind('网点清单.csv', 'a,b')).toBe('outlets');
    expect(guessKind('observed-2009.csv', 'x')).toBe('observed');
    expect(guessKind('districts.csv', 'x')).toBe('districts');
    expect(guessKind('export.csv', '\uFEFFmetric,value,weight')).toBe('observed');
    expect(guessKind('export.csv', '编号,名称,类型,经度,纬度,面积（km2）,人口')).toBe('districts');
    expect(guessKind('export.csv', 'id,name,kind,longitude,latitude')).toBe('outlets');
  });

  test('the first line reads from UTF-8 or GBK bytes alike', () => {
    expect(firstLineOf(file('outlets-gbk.csv'))).toMatch(/^网点编码,网点名称,类型,经度,纬度/);
    expect(firstLineOf(file('outlets.csv')).replace(/^\uFEFF/, '')).toMatch(/^id,name,kind/);
    // a character cut by the 4 KB slice is not an error
    const long = new TextEncoder().encode('指标' + '中'.repeat(5000));
    expect(firstLineOf(long).startsWith('指标中')).toBe(true);
  });
});

describe('placing dropped files into a scenario', () => {
  test('outlets alone: the region and the list are set; the draft loses outlets.file and closures of unknown outlets', () => {
    const o = parsed('outlets', 'outlets-gbk.csv');
    const placed = placeImports(DEFAULT, { outlets: { file: o.file, records: o.records, columns: o.columns } });
    if (!placed.ok) throw new Error('not placed');
    expect(placed.patch.outlets?.list).toHaveLength(340);
    expect(placed.patch.region?.districts).toBeUndefined();
    expect(placed.patch.replaced).toEqual([]);
    const { draft, droppedClosures } = applyImport({ ...DEFAULT_JSON, outlets: { file: 'x.csv' } }, placed.patch);
    expect(droppedClosures).toEqual(['S08', 'P13', 'P63']);
    expect((draft as { outlets: object }).outlets).not.toHaveProperty('file');
    const check = parseScenario(draft);
    expect(check.ok ? [] : check.problems).toEqual([]);
  });

  test('districts dropped onto imported outlets place both together on one projection', () => {
    const o = parsed('outlets', 'outlets.csv');
    const first = placeImports(DEFAULT, { outlets: { file: o.file, records: o.records, columns: o.columns } });
    if (!first.ok) throw new Error('not placed');
    const withOutlets = resolveScenario(applyImport(DEFAULT_JSON, first.patch).draft);
    const d = parsed('districts', 'districts.geojson');
    const second = placeImports(withOutlets, { districts: { file: d.file, records: d.records, columns: d.columns } });
    if (!second.ok) throw new Error('not placed');
    expect(second.patch.replaced).toEqual(['outlets']);
    expect(second.patch.region?.districts).toHaveLength(30);
    expect(second.patch.outlets?.list.map((x) => x.id)).toEqual(withOutlets.outlets.list.map((x) => x.id));
    const s = resolveScenario(applyImport(applyImport(DEFAULT_JSON, first.patch).draft, second.patch).draft);
    for (const x of s.outlets.list) {
      expect(x.x).toBeLessThanOrEqual(s.region.widthKm);
      expect(x.y).toBeLessThanOrEqual(s.region.heightKm);
    }
    expect(s.region.districts.every((x) => x.boundary && x.boundary.length > 0)).toBe(true);
  });

  test('a scenario’s own records go back to lon/lat: outlines through its projection, within metres', () => {
    const d = parsed('districts', 'districts.geojson');
    const placed = placeImports(DEFAULT, { districts: { file: d.file, records: d.records, columns: d.columns } });
    if (!placed.ok) throw new Error('not placed');
    const s = resolveScenario(applyImport(DEFAULT_JSON, placed.patch).draft);
    const back = existingDistricts(s)!;
    expect(back.records).toHaveLength(30);
    const again = placeImports(s, { districts: back });
    if (!again.ok) throw new Error('not placed');
    const a = s.region.districts[0].boundary![0][0], b = again.patch.region!.districts![0].boundary![0][0];
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeLessThan(0.1);
    expect(existingOutlets(resolveScenario({}))).toBeUndefined();
  });

  test('outlets without coordinates are kept, and said to be', () => {
    const kmOnly = resolveScenario({ outlets: { list: [{ id: 'S1', kind: 'own', x: 1, y: 1 }] } });
    const d = parsed('districts', 'districts.csv');
    const placed = placeImports(kmOnly, { districts: { file: d.file, records: d.records, columns: d.columns } });
    expect(placed.ok && placed.patch.unplaced).toEqual(['outlets']);
    expect(placed.ok && placed.patch.outlets).toBeUndefined();
  });

  test('a far-away outlet is a problem at its row; observed figures go in as they are', () => {
    const o = parsed('outlets', 'outlets.csv');
    const far = { ...o.records[0], lon: o.records[0].lon + 20, row: 2 };
    const d = parsed('districts', 'districts.csv');
    const placed = placeImports(DEFAULT, { districts: { file: d.file, records: d.records, columns: d.columns }, outlets: { file: 'o.csv', records: [far, ...o.records.slice(1)], columns: o.columns } });
    expect(placed.ok).toBe(false);
    if (!placed.ok) expect(placed.problems[0]).toMatchObject({ file: 'o.csv', row: 2 });
    const obs = parsed('observed', 'observed.csv');
    const p2 = placeImports(DEFAULT, { observed: { file: obs.file, records: obs.records } });
    expect(p2.ok && p2.patch.observed?.figures.length).toBe(obs.records.length);
    expect(p2.ok && p2.patch.region).toBeUndefined();
    expect(SCENARIO_OUTLETS).toMatch(/outlets\.list/);
  });
});

describe('rows read from lines, as the data view says it', () => {
  const say = (locale: Locale, r: Parameters<typeof linesRead>[0]) => linesRead(r, (key, params) => translate(locale, key, params), (n) => formatNumber(n, locale, 0));

  test('the GBK template: 340 rows from 341 lines, the header the only other line, in Chinese and English', () => {
    const o = parsed('outlets', 'outlets-gbk.csv');
    expect(say('zh-CN', o)).toBe('从 341 行中读取了 340 行数据（表头 1 行）');
    expect(say('en', o)).toBe('read 340 rows from 341 lines (1 header row)');
  });

  test('blank rows, line breaks in quoted cells and a sep= line are named; GeoJSON and undecodable files say nothing', () => {
    const text = ['sep=;', 'id;kind;longitude;latitude;address', 'P1;partner;117.1;27.1;"a', 'b"', '', 'P2;partner;117.2;27.2;c'].join('\n');
    const r = importDataFile('outlets', text, 'o.csv', { services: DEFAULT.services });
    expect(r.ok).toBe(true);
    expect(say('zh-CN', r)).toBe('从 6 行中读取了 2 行数据（表头 1 行，空行 1 行，引号单元格内换行 1 处，sep= 声明 1 行）');
    expect(say('en', r)).toBe('read 2 rows from 6 lines (1 header row, 1 blank, 1 line break(s) inside quoted cells, 1 sep= line)');
    expect(say('en', parsed('districts', 'districts.geojson'))).toBe('');
    expect(say('en', importDataFile('outlets', new Uint8Array(readFileSync(new URL('../fixtures/io/outlets-big5.csv', import.meta.url))), 'b.csv'))).toBe('');
  });
});
