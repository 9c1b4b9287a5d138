import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText, PLAUSIBLE } from '../../src/io/decode.ts';
import { normalizeHeader, parseHours, parseNumber, splitList } from '../../src/io/cells.ts';
import { eachRow, mapHeader, parseTable, type Field } from '../../src/io/csv.ts';
import { columnLetter, formatProblem } from '../../src/io/problems.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const GBK_ZHONGWEN = new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]); // 中文 in GBK

describe('decodeText', () => {
  it('detects UTF-8 with BOM, UTF-8 and GBK, and never returns the BOM', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('编号,id')]))).toEqual({ ok: true, text: '编号,id', encoding: 'utf-8-bom' });
    expect(decodeText(utf8('编号,id'))).toEqual({ ok: true, text: '编号,id', encoding: 'utf-8' });
    expect(decodeText(GBK_ZHONGWEN)).toEqual({ ok: true, text: '中文', encoding: 'gbk' });
  });

  it('reads plain ASCII as UTF-8 (it is both)', () => {
    expect(decodeText(utf8('id,name\r\n'))).toMatchObject({ ok: true, encoding: 'utf-8' });
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x2d, 0x4e, 0x87, 0x65]); // 中文
    expect(decodeText(bytes)).toEqual({ ok: true, text: '中文', encoding: 'utf-16le' });
  });

  it('rejects bytes that are neither UTF-8 nor GBK, and a UTF-8 BOM before invalid bytes', () => {
    expect(decodeText(new Uint8Array([0x41, 0x81, 0x20, 0x42]))).toMatchObject({ ok: false, message: expect.stringMatching(/neither UTF-8 nor GBK/) });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xc3]))).toMatchObject({ ok: false, message: expect.stringMatching(/offset 4/) });
  });

  it('decodes the GBK template to the same text as the UTF-8 one (modulo headers and the kind and services wording)', () => {
    const gbk = decodeText(readFileSync(new URL('../../scenarios/templates/outlets-gbk.csv', import.meta.url)));
    const u8 = decodeText(readFileSync(new URL('../../scenarios/templates/outlets.csv', import.meta.url)));
    expect(gbk).toMatchObject({ ok: true, encoding: 'gbk' });
    expect(u8).toMatchObject({ ok: true, encoding: 'utf-8-bom' });
    if (!gbk.ok || !u8.ok) return;
    const names = (t: string) => parseTable(t).rows.map((r) => r[1]);
    expect(names(gbk.text)).toEqual(names(u8.text));
    expect(names(gbk.text)[0]).toBe('明川中心旗舰店');
  });
});

describe('decodeText: files that are neither UTF-8 nor GBK are refused, never misread', () => {
  const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/io/${name}`, import.meta.url)));
  const refused = (bytes: Uint8Array) => {
    const d = decodeText(bytes);
    if (d.ok) throw new Error(`read as ${d.encoding}`);
    return d;
  };

  // outlets-gbk.csv made traditional (ICU Hans-Hant) and saved as Big5
  it('Big5: valid GBK bytes, but only about a third of the decode is common simplified Chinese', () => {
    const d = refused(fixture('outlets-big5.csv'));
    expect(d.message).toMatch(/^neither UTF-8 nor GBK text: tried UTF-8 \(invalid at byte 0\), GBK \((\d+(\.\d)?) % of 13752 characters common simplified Chinese\), Big5 \(99\.9 % of 13752 characters common traditional Chinese\), Shift_JIS \(invalid\); it looks like Big5 \(traditional Chinese\); open it and save it as UTF-8/);
    const gbk = d.tried!.find((t) => t.label === 'GBK')!;
    expect(gbk.plausibility).toBeGreaterThan(0.2);
    expect(gbk.plausibility).toBeLessThan(PLAUSIBLE / 2);
  });

  // 40 invented Tokyo outlets with Japanese headers, saved as Shift_JIS
  it('Shift_JIS: named as Japanese, with every encoding tried', () => {
    const d = refused(fixture('outlets-shift-jis.csv'));
    expect(d.message).toMatch(/tried UTF-8 \(invalid at byte 0\), GBK \(\d+(\.\d)? % of 1008 characters common simplified Chinese\), Big5 \(invalid\), Shift_JIS \(100 % of 1008 characters common Japanese\); it looks like Shift_JIS \(Japanese\)/);
    expect(d.tried!.map((t) => t.label)).toEqual(['GBK', 'Big5', 'Shift_JIS']);
  });

  it('the GBK template and a GBK file of four characters stay GBK', () => {
    expect(decodeText(fixture('outlets-gbk-broken.csv'))).toMatchObject({ ok: true, encoding: 'gbk' });
    expect(decodeText(GBK_ZHONGWEN)).toMatchObject({ ok: true, encoding: 'gbk' });
  });

  it('a workbook renamed to .csv, UTF-16 without a byte-order mark, Latin-1 text', () => {
    expect(refused(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])).message).toMatch(/^an Excel workbook \(\.xlsx\), not a CSV file/);
    const le = new Uint8Array([...'id,kind\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(refused(le).message).toMatch(/^looks like UTF-16LE text without a byte-order mark/);
    expect(refused(new Uint8Array([...'id,kind\n'].flatMap((c) => [0, c.charCodeAt(0)]))).message).toMatch(/^looks like UTF-16BE/);
    // "Zürich,Genève" in Windows-1252: valid GBK pairs, none of them common
    const latin1 = new Uint8Array([...'Z\xfcrich,Gen\xe8ve,M\xfcnchen'].map((c) => c.charCodeAt(0)));
    expect(refused(latin1).message).toMatch(/it looks like none of them/);
  });
});

describe('cells', () => {
  it('normalizeHeader ignores case, spacing, punctuation, full-width forms and bracketed units', () => {
    expect(normalizeHeader('Opening_Hours')).toBe('openinghours');
    expect(normalizeHeader(' opening hours ')).toBe('openinghours');
    expect(normalizeHeader('营业时长（小时）')).toBe('营业时长');
    expect(normalizeHeader('面积(km²)')).toBe('面积');
    expect(normalizeHeader('月租金【元/月】')).toBe('月租金');
    expect(normalizeHeader('ＬＯＮ')).toBe('lon');
  });

  it('parseNumber reads spreadsheet numbers and rejects text', () => {
    expect(parseNumber('12000')).toBe(12000);
    expect(parseNumber('12,000')).toBe(12000);
    expect(parseNumber('1,234,567.5')).toBe(1234567.5);
    expect(parseNumber('１２０００')).toBe(12000);
    expect(parseNumber('¥12000')).toBe(12000);
    expect(parseNumber(' -3.5 ')).toBe(-3.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('38%')).toBeNull();
    expect(parseNumber('38%', true)).toBeCloseTo(0.38, 15);
    for (const bad of ['', 'three', '1.2.3', '12,00', '--1', '1 2']) expect(parseNumber(bad)).toBeNull();
  });

  it('parseHours reads hours or an opening-time range, past midnight too', () => {
    expect(parseHours('10')).toBe(10);
    expect(parseHours('9:00-21:00')).toBe(12);
    expect(parseHours('08：30至18：00')).toBe(9.5);
    expect(parseHours('8:30~21:00')).toBe(12.5);
    expect(parseHours('22:00-06:00')).toBe(8);
    expect(parseHours('9点')).toBeNull();
  });

  it('splitList splits on ASCII and Chinese separators', () => {
    expect(splitList('topUp;inquiry')).toEqual(['topUp', 'inquiry']);
    expect(splitList('充值缴费；业务咨询、购机 | 宽带办理，x')).toEqual(['充值缴费', '业务咨询', '购机', '宽带办理', 'x']);
    expect(splitList(' ; ')).toEqual([]);
  });
});

describe('csv', () => {
  const fields: Field[] = [
    { key: 'id', label: 'id 编号', aliases: ['编号'], required: true },
    { key: 'lon', label: 'longitude 经度', aliases: ['longitude', '经度'], required: true },
    { key: 'name', label: 'name 名称', aliases: ['名称'] },
  ];

  it('eachRow follows RFC 4180 quoting, so rows with quoted line breaks keep their spreadsheet numbers', () => {
    const rows: Array<[string[], number]> = [];
    eachRow('id,name\r\n1,"a\r\nb"\r\n2,"say ""hi"", twice"\r\n', (r, i) => { rows.push([r, i]); });
    expect(rows).toEqual([[['id', 'name'], 0], [['1', 'a\r\nb'], 1], [['2', 'say "hi", twice'], 2]]);
  });

  it('eachRow reads tab-separated text and an Excel sep= line', () => {
    expect(parseTable('id\tname\n1\ta,b\n')).toEqual({ header: ['id', 'name'], rows: [['1', 'a,b']] });
    expect(parseTable('sep=;\nid;name\n1;x\n')).toEqual({ header: ['id', 'name'], rows: [['1', 'x']] });
  });

  it('mapHeader maps English and Chinese headers, keeps the rest, and reports missing and doubled columns', () => {
    const m = mapHeader('f.csv', ['编号', 'Longitude', '备注', '经度'], fields);
    expect(m.index).toEqual({ id: 0, lon: 1, name: -1 });
    expect(m.extra).toEqual([2]);
    expect(m.problems).toEqual([{ file: 'f.csv', row: 1, column: 4, message: 'column D "经度" means the same as column B "Longitude" (longitude 经度); keep one' }]);
    const missing = mapHeader('f.csv', ['名称'], fields).problems;
    expect(missing.map((p) => [p.row, p.column])).toEqual([[1, 0], [1, 0]]);
    expect(missing[1].message).toMatch(/^missing column longitude 经度; accepted headers: lon, longitude, 经度$/);
  });

  it('formatProblem names file:row:column, file:row, a GeoJSON path, or the file', () => {
    expect(formatProblem({ file: 'a.csv', row: 5, column: 3, message: 'm' })).toBe('a.csv:5:3: m');
    expect(formatProblem({ file: 'a.csv', row: 1, column: 0, message: 'm' })).toBe('a.csv:1: m');
    expect(formatProblem({ file: 'a.geojson', row: 3, column: '人口', message: 'm' })).toBe('a.geojson:$.features[2].properties["人口"]: m');
    expect(formatProblem({ file: 'a.geojson', row: 3, column: 'geometry', message: 'm' })).toBe('a.geojson:$.features[2].geometry: m');
    expect(formatProblem({ file: 'a.csv', row: 0, column: 0, message: 'm' })).toBe('a.csv: m');
  });

  it('columnLetter counts like a spreadsheet', () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
