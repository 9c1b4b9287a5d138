import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOutlets, type ImportedOutlet } from '../../src/io/outlets.ts';
import type { ImportProblem, ImportResult } from '../../src/io/problems.ts';
import { DEFAULT_SERVICES } from '../../src/model/scenario.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));
const services = DEFAULT_SERVICES;
const at = (ps: ImportProblem[]) => ps.map((p) => [p.row, p.column]);
function records(r: ImportResult<ImportedOutlet>): ImportedOutlet[] {
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.row}:${p.column}: ${p.message}`).join('\n'));
  return r.records;
}
function problems(r: ImportResult<ImportedOutlet>): ImportProblem[] {
  if (r.ok) throw new Error('expected problems');
  expect(r).not.toHaveProperty('records'); // all or nothing
  return r.problems;
}

describe('importOutlets: the templates', () => {
  const en = importOutlets(read('scenarios/templates/outlets.csv'), 'outlets.csv', { services });
  const zh = importOutlets(read('scenarios/templates/outlets-gbk.csv'), 'outlets-gbk.csv', { services });

  it('imports the UTF-8 template: 40 own stores and 300 partner outlets with unique ids', () => {
    const rs = records(en);
    expect(en.encoding).toBe('UTF-8 with BOM');
    expect(en.rows).toBe(340);
    expect(rs.filter((o) => o.kind === 'own')).toHaveLength(40);
    expect(rs.filter((o) => o.kind === 'partner')).toHaveLength(300);
    expect(new Set(rs.map((o) => o.id)).size).toBe(340);
    expect(rs[0]).toMatchObject({ row: 2, id: 'S001', name: '明川中心旗舰店', kind: 'own', counters: 14, kiosks: 6, openHours: 12.5, rentMonthly: 120000 });
    expect(rs[0].extra).toEqual({ district: 'MC-U01', subtype: '旗舰店', address: expect.stringMatching(/^明川市/) });
  });

  it('imports the GBK template with Chinese headers to the same outlets and the right Chinese names', () => {
    const rs = records(zh);
    expect(zh.encoding).toBe('GBK');
    expect(rs.map((o) => o.name)).toEqual(records(en).map((o) => o.name));
    expect(rs.find((o) => o.id === 'P001')!.name).toMatch(/[\u4e00-\u9fff]/);
    const strip = ({ extra: _extra, ...o }: ImportedOutlet) => o;
    expect(rs.map(strip)).toEqual(records(en).map(strip));
    expect(rs[0].extra).toEqual({ 所属区域: 'MC-U01', 渠道细类: '旗舰店', 地址: records(en)[0].extra!.address });
  });

  it('maps services offered by id (English file) and by Chinese name (GBK file) to the same ids', () => {
    const express = records(zh).find((o) => o.extra?.渠道细类 === '快递驿站')!;
    expect(express.services).toEqual(['topUp', 'inquiry']);
    expect(records(en).find((o) => o.id === express.id)!.services).toEqual(['topUp', 'inquiry']);
    for (const o of records(zh)) for (const id of o.services ?? []) expect(services.find((s) => s.id === id)!.channels).toContain(o.kind === 'own' ? 'ownStore' : 'partner');
  });

  it('reports progress from 0 to 1, never going back', () => {
    const seen: number[] = [];
    importOutlets(read('scenarios/templates/outlets.csv'), 'outlets.csv', { services, onProgress: (x) => seen.push(x) });
    expect(seen[seen.length - 1]).toBe(1);
    seen.forEach((x, i) => { expect(x).toBeGreaterThanOrEqual(0); if (i > 0) expect(x).toBeGreaterThanOrEqual(seen[i - 1]); });
  });
});

describe('importOutlets: broken files, every problem at its row and column', () => {
  it('outlets-broken.csv: range, duplicate, unknown service, bad number, kind, swapped and missing coordinates', () => {
    const ps = problems(importOutlets(read('test/fixtures/io/outlets-broken.csv'), 'outlets-broken.csv', { services }));
    expect(at(ps)).toEqual([[3, 4], [4, 1], [5, 10], [6, 6], [7, 3], [8, 5], [9, 10], [11, 5], [12, 7], [14, 4]]);
    const msg = ps.map((p) => p.message);
    expect(msg[0]).toBe('longitude: out of range: expected a longitude from -180 to 180, got 200');
    expect(msg[1]).toBe('id: duplicate id "P1" (first at row 2)');
    expect(msg[2]).toMatch(/^services offered: unknown service "teleport"; expected service ids or names of the scenario, e\.g\. balanceQuery \(余额查询\)/);
    expect(msg[3]).toBe('counters: expected an integer, got "three"');
    expect(msg[4]).toBe('kind: unknown kind "shop"; expected own (自营) or partner (社会)');
    expect(msg[5]).toMatch(/^latitude: out of range: .* got 117\.1 \(are the longitude and latitude columns swapped\?\)$/);
    expect(msg[6]).toMatch(/^services offered: simReplace \(补换卡 SIM replacement\) cannot be done at partner outlets/);
    expect(msg[7]).toBe('latitude: empty; expected the latitude in degrees');
    expect(msg[8]).toBe('opening hours: expected a number from 1 to 24, got "25"');
    expect(msg[9]).toMatch(/both 0: the coordinates are probably missing/);
    expect(ps.every((p) => p.file === 'outlets-broken.csv')).toBe(true);
  });

  it('the rows without problems in that file are fine on their own: quoting, time ranges, blank rows', () => {
    const text = readFileSync(new URL('../fixtures/io/outlets-broken.csv', import.meta.url), 'utf8').split(/\r?\n/);
    const good = [text[0], text[1], text[9], text[12], ''].join('\r\n');
    const rs = records(importOutlets(good, 'good.csv', { services }));
    expect(rs.map((o) => [o.row, o.id])).toEqual([[2, 'P1'], [4, 'P11']]);
    expect(rs[1]).toMatchObject({ name: 'name, with comma "quoted"', openHours: 12 });
  });

  it('outlets-missing-columns.csv: missing required columns once at the header, a doubled column, and cell problems below', () => {
    const ps = problems(importOutlets(read('test/fixtures/io/outlets-missing-columns.csv'), 'm.csv', { services }));
    expect(at(ps)).toEqual([[1, 4], [1, 0], [1, 0], [2, 3]]);
    expect(ps[1].message).toMatch(/^missing column kind 类型; accepted headers: kind, type, 类型/);
    expect(ps[2].message).toMatch(/^missing column latitude 纬度/);
    expect(ps[3].message).toBe('经度: expected the longitude in degrees (a number like 117.25), got "east"');
  });

  it('outlets-gbk-broken.csv: a Chinese service name that does not exist is named in Chinese', () => {
    const r = importOutlets(read('test/fixtures/io/outlets-gbk-broken.csv'), 'g.csv', { services });
    expect(r.encoding).toBe('GBK');
    const ps = problems(r);
    expect(at(ps)).toEqual([[3, 6]]);
    expect(ps[0].message).toMatch(/^可办业务: unknown service "开发票"/);
  });

  it('an empty file and a header without rows are problems of the file', () => {
    expect(problems(importOutlets('', 'e.csv')).map((p) => [p.row, p.message])).toEqual([[0, 'empty: expected a header row and data rows']]);
    expect(problems(importOutlets('id,kind,lon,lat\r\n', 'h.csv')).map((p) => [p.row, p.message])).toEqual([[0, 'no data rows below the header']]);
  });
});

describe('importOutlets: nothing lost, every line accounted for', () => {
  const template = readFileSync(new URL('../../scenarios/templates/outlets.csv', import.meta.url), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
  // header and the first 40 outlets of the template, as a planner's 40-row file
  const forty = template.slice(0, 41);

  it('the templates: 340 rows read from 341 lines, the header the only other line', () => {
    const r = importOutlets(read('scenarios/templates/outlets.csv'), 'outlets.csv', { services });
    expect([r.rows, r.lines, r.tally]).toEqual([340, 341, { header: 1, blank: 0, inCells: 0, hint: 0 }]);
  });

  it('an unclosed quote in row 2 of a 40-row file: one problem where the quote opened, nothing imported, 1 row read from 41 lines', () => {
    const cells = forty[1].split(',');
    cells[13] = '"x';
    const text = [forty[0], cells.join(','), ...forty.slice(2)].join('\r\n') + '\r\n';
    const r = importOutlets(text, 'outlets-40.csv', { services });
    const ps = problems(r);
    expect(ps).toEqual([{ file: 'outlets-40.csv', row: 2, column: 14, message: 'quote opened here is never closed; every later line would be swallowed (lines 2–41 read as one cell)' }]);
    expect([r.rows, r.lines, r.tally]).toEqual([1, 41, { header: 1, blank: 0, inCells: 39, hint: 0 }]);
    // without the stray quote the same file imports its 40 outlets
    expect(records(importOutlets(forty.join('\r\n'), 'outlets-40.csv', { services }))).toHaveLength(40);
  });

  it('a quote left open that a stray quote further down closes in the same column: the rows between are named, not swallowed', () => {
    const text = ['id,kind,longitude,latitude,address', 'P1,partner,117.1,27.1,"East Gate', 'P2,partner,117.2,27.2,West Gate', 'P3,partner,117.3,27.3,South 5"', 'P4,partner,117.4,27.4,North'].join('\n');
    const r = importOutlets(text, 'q.csv', { services });
    expect(problems(r).map((p) => [p.row, p.column, p.message])).toEqual([[2, 5, 'quoted cell over lines 2–4, whose line 3 holds 4 delimiters like a row of its own: is a quote left open? every line in between would be swallowed']]);
    expect([r.rows, r.lines]).toEqual([2, 5]);
  });

  it('a cell beyond the header, or under a column without a header, is data lost: a problem at that cell', () => {
    const head = 'id,kind,longitude,latitude';
    const ps = problems(importOutlets([head, 'P1,partner,117.1,27.1', 'P2,partner,117,2,27.2', 'P3,partner,117.3,27.3,,,'].join('\n'), 'x.csv'));
    expect(at(ps)).toEqual([[3, 5]]);
    expect(ps[0].message).toBe('5 cells where the header has 4 columns: "27.2" in column E has no header and would be lost; quote a cell that contains the delimiter, or give the column a header');
    const gap = problems(importOutlets(['id,kind,,longitude,latitude', 'P1,partner,note,117.1,27.1'].join('\n'), 'g.csv'));
    expect(gap.map((p) => [p.row, p.column, p.message])).toEqual([[2, 3, 'column C has no header, so "note" would be lost; give the column a header (it is then kept as an extra column) or empty it']]);
  });

  it('a short row is read with its missing trailing cells empty, unless a required cell is missing', () => {
    const ok = records(importOutlets(['id,kind,longitude,latitude,counters,staff', 'P1,partner,117.1,27.1', 'P2,partner,117.2,27.2,3,4'].join('\n'), 's.csv', { services }));
    expect(ok.map((o) => [o.id, o.counters])).toEqual([['P1', undefined], ['P2', 3]]);
    // a line break typed into an unquoted name splits the record in two
    const r = importOutlets(['id,name,kind,longitude,latitude', 'P1,East', 'Gate,partner,117.1,27.1'].join('\n'), 'split.csv', { services });
    expect(problems(r).map((p) => [p.row, p.column])).toEqual([[2, 3], [3, 5]]);
    expect(problems(r)[0].message).toBe('2 cells where the header has 5 columns: no cell for kind 类型, longitude 经度, latitude 纬度; is the row split by a line break in an unquoted cell, or are delimiters missing?');
  });

  it('blank rows, quoted line breaks and an Excel sep= line are counted; rows keep their spreadsheet numbers', () => {
    const text = ['sep=;', 'id;name;kind;longitude;latitude', 'P1;"East', 'Gate";partner;117.1;27.1', '', ';;;;', 'P2;x;partner;117.2;27.2', ''].join('\r\n');
    const r = importOutlets(text, 'b.csv', { services });
    expect(records(r).map((o) => [o.row, o.name])).toEqual([[2, 'East\r\nGate'], [5, 'x']]);
    expect([r.rows, r.lines, r.tally]).toEqual([2, 7, { header: 1, blank: 2, inCells: 1, hint: 1 }]);
  });

  it('two kept columns of the same header, or one called __proto__, would lose data: problems at the header', () => {
    const ps = problems(importOutlets(['id,kind,longitude,latitude,备注,备注,__proto__', 'P1,partner,117.1,27.1,a,b,c'].join('\n'), 'h.csv'));
    expect(at(ps)).toEqual([[1, 6], [1, 7]]);
    expect(ps[0].message).toBe('column F has the same header "备注" as column E; rename one (both are kept as extra columns by their header)');
  });

  it('a word that is an Object property is not a kind', () => {
    expect(problems(importOutlets(['id,kind,longitude,latitude', 'P1,constructor,117.1,27.1'].join('\n'), 'k.csv')).map((p) => p.message)).toEqual(['kind: unknown kind "constructor"; expected own (自营) or partner (社会)']);
  });
});
