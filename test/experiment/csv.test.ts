import { describe, expect, it } from 'vitest';
import { BOM, csvCell, outletsCsv, OUTLET_COLUMNS, seriesCsv, toCsv } from '../../src/experiment/csv.ts';
import { aggregate } from '../../src/experiment/aggregate.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeResult } from '../fixtures/fake-result.ts';

describe('toCsv', () => {
  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const text = toCsv(['a', 'b'], [{ a: 1, b: '城东厅' }]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.slice(1)).toBe('a,b\r\n1,城东厅\r\n');
  });

  it('quotes cells with commas, quotes or line breaks and doubles inner quotes (RFC 4180)', () => {
    expect(csvCell('Agent, "North"')).toBe('"Agent, ""North"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('prefixes text that a spreadsheet would run as a formula with a single quote', () => {
    for (const text of ['=1+1', '+86 10086', '-5', '@SUM(A1)', '\t=x']) expect(csvCell(text)).toBe(`'${text}`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('neutralises the same signs after leading blanks and in their full-width forms (＝ ＋ － ＠), and a leading carriage return', () => {
    for (const text of [' =1+1', '   +86', '\u3000=SUM(A1)', '\u00a0@x', '＝1+1', '＋86 10086', '－5', '＠SUM(A1)', ' ＝x', '\r=x']) {
      expect(csvCell(text), JSON.stringify(text)).toMatch(/^"?'/);
    }
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('＝1+1')).toBe("'＝1+1");
    expect(csvCell('\r=x')).toBe(`"'\r=x"`);
    // text that only holds the signs further on, or starts with another full-width form, is left alone
    for (const text of ['a=b', '城东厅 - 东门', ' plain', '（东区）', '１号店', '５']) expect(csvCell(text)).toBe(text);
  });

  it('writes numbers as numbers, negative ones too, and empty cells for missing or non-finite values', () => {
    expect(csvCell(-961148.5)).toBe('-961148.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('makes header cells formula-safe as well, and accepts {key, header} columns', () => {
    expect(toCsv([{ key: 'x', header: '=x' }], [{ x: 2 }]).slice(1)).toBe("'=x\r\n2\r\n");
  });
});

describe('result CSVs', () => {
  const scenario = resolveScenario({ simulation: { months: 3, replications: 2 } });
  const result = aggregate(scenario, [fakeResult(42, 0, 3), fakeResult(42, 1, 3)]);

  it('series.csv is long format: month, kpi, mean, lo, hi, one row per KPI and month', () => {
    const lines = seriesCsv(result).slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('month,kpi,mean,lo,hi');
    expect(lines).toHaveLength(1 + KPIS.length * 3);
    const [month, kpi, mean] = lines[1].split(',');
    expect([month, kpi, Number(mean)]).toEqual(['1', 'eChannelShare', result.series.eChannelShare[0].mean]);
  });

  it('outlets.csv has every outlet column and neutralises outlet names that look like formulas', () => {
    const text = outletsCsv(result);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(OUTLET_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + result.outlets.length);
    expect(lines[1].startsWith(`S01,"'=HYPERLINK(""x"")",own,`)).toBe(true);
    expect(text).toContain(`P002,'-5,partner,`);
  });
});
