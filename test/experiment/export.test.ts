import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/experiment/aggregate.ts';
import { BOM, OUTLET_COLUMNS, outletsCsv } from '../../src/experiment/csv.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { FAKE_OUTLETS, fakeResult } from '../fixtures/fake-result.ts';

// The fake replications' outlets, as if imported: lon/lat, some inputs, and the planner's own columns.
const list = FAKE_OUTLETS.map((o, i) => ({
  id: o.id, name: o.name, kind: o.kind, x: o.x, y: o.y, lon: 117 + i / 100, lat: 27.5,
  ...(o.kind === 'own' ? { counters: 4, rentMonthly: 30000 } : { services: ['topUp', 'inquiry'] }),
  extra: { 所属区域: i === 1 ? '=cmd|"/c calc"!A1' : 'MC-U01', 地址: i === 2 ? '@SUM(A1)' : '人民路1号', name: 'dup header' },
}));
const scenario = resolveScenario({ simulation: { months: 3 }, outlets: { list } });
const result = aggregate(scenario, [fakeResult(42, 0, 3), fakeResult(42, 1, 3)]);
const lines = outletsCsv(result).slice(BOM.length).trimEnd().split('\r\n');

describe('outlets.csv joined back to imported outlets', () => {
  it('is UTF-8 with a BOM and keeps the result columns first', () => {
    expect(outletsCsv(result).startsWith(BOM)).toBe(true);
    expect(lines[0].startsWith(OUTLET_COLUMNS.join(',') + ',')).toBe(true);
  });

  it('adds the imported inputs, then the file\'s own columns under their headers (a clash renamed)', () => {
    expect(lines[0].slice(OUTLET_COLUMNS.join(',').length + 1)).toBe('lon,lat,counters,rentMonthly,services,所属区域,地址,name (imported)');
    const own = lines[1].split(',');
    expect(own[0]).toBe('S01');
    expect(own.slice(-8, -3)).toEqual(['117', '27.5', '4', '30000', '']);
    expect(lines[3]).toMatch(/^P001,"Agent, ""North""",partner,.*,117\.02,27\.5,,,topUp;inquiry,MC-U01,'@SUM\(A1\),dup header$/);
  });

  it('is formula-safe in the imported text columns as in the result ones', () => {
    expect(lines[2]).toContain(`,"'=cmd|""/c calc""!A1",`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines.some((l) => /,=|,@|,\+/.test(l.replace(/"[^"]*"/g, '')))).toBe(false);
  });

  it('leaves a scenario without imported outlets as before', () => {
    const plain = aggregate(resolveScenario({ simulation: { months: 3 } }), [fakeResult(42, 0, 3)]);
    expect(outletsCsv(plain).slice(BOM.length).split('\r\n')[0]).toBe(OUTLET_COLUMNS.join(','));
  });
});
