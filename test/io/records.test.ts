import { readFileSync } from 'node:fs';
import { csvParseRows } from 'd3';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/io/decode.ts';
import { countLines, eachRecord, type CsvRecord } from '../../src/io/records.ts';

function records(text: string, delimiter = ','): CsvRecord[] {
  const out: CsvRecord[] = [];
  eachRecord(text, delimiter, (r) => { out.push(r); });
  return out;
}
const cells = (text: string) => records(text).map((r) => r.cells);
const anomalies = (text: string) => records(text).filter((r) => r.anomaly).map((r) => [r.index + 1, r.anomaly!.column, r.anomaly!.line]);
// every physical line is the start of a record or a line break inside one of its quoted cells
const spanned = (text: string) => records(text).reduce((n, r) => n + 1 + r.breaks, 0);

describe('eachRecord: well-formed CSV', () => {
  it('reads the templates exactly as d3-dsv does (RFC 4180 files need no new behaviour)', () => {
    for (const name of ['outlets.csv', 'outlets-gbk.csv', 'districts.csv', 'observed.csv']) {
      const d = decodeText(readFileSync(new URL(`../../scenarios/templates/${name}`, import.meta.url)));
      if (!d.ok) throw new Error(d.message);
      expect(cells(d.text)).toEqual(csvParseRows(d.text));
      expect(records(d.text).every((r) => !r.anomaly)).toBe(true);
    }
  });

  it('takes CRLF, LF and a lone CR as line ends, and a final one adds no record', () => {
    expect(cells('a,b\r\n1,2\n3,4\r5,6')).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
    expect(cells('a\n')).toEqual([['a']]);
    expect(cells('a\n\n')).toEqual([['a'], ['']]);
    expect(cells('a,\n')).toEqual([['a', '']]);
    expect(cells('')).toEqual([]);
  });

  it('keeps quoted delimiters, doubled quotes and line breaks, and counts the breaks', () => {
    const rs = records('id,address\r\n1,"a, b ""c""\r\nd\ne"\r\n2,x\r\n');
    expect(rs.map((r) => r.cells)).toEqual([['id', 'address'], ['1', 'a, b "c"\r\nd\ne'], ['2', 'x']]);
    expect(rs.map((r) => [r.line, r.breaks])).toEqual([[1, 0], [2, 2], [5, 0]]);
    expect(rs.every((r) => !r.anomaly)).toBe(true);
  });

  it('reads another delimiter', () => {
    expect(records('a;b\n"x;y";2', ';').map((r) => r.cells)).toEqual([['a', 'b'], ['x;y', '2']]);
    expect(records('a\tb\n1\t2', '\t').map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
  });
});

describe('eachRecord: anomalies at the row and column where they start', () => {
  it('a quote that is never closed: at the opening quote, with the lines it would swallow', () => {
    const text = 'id,name,address\n1,a,"x\n2,b,y\n3,c,z\n';
    const rs = records(text);
    expect(rs).toHaveLength(2);
    expect(rs[1].anomaly).toEqual({ column: 3, line: 2, message: 'quote opened here is never closed; every later line would be swallowed (lines 2–4 read as one cell)' });
    expect(rs[1].cells).toEqual(['1', 'a', 'x\n2,b,y\n3,c,z']);
    expect(anomalies('id\n"')).toEqual([[2, 1, 2]]);
    expect(anomalies('"id,name\n1,2')).toEqual([[1, 1, 1]]);
  });

  it('a quote closed only on a later line, where text follows it: named where it opened', () => {
    const text = 'id,name,address\n1,a,"x\n2,b,y\n3,"c, d",z\n';
    expect(anomalies(text)).toEqual([[2, 3, 2]]);
    expect(records(text)[1].anomaly!.message).toMatch(/^quote opened here is closed only on line 4, where c follows it/);
  });

  it('text after a closing quote, and a quote inside an unquoted cell', () => {
    expect(anomalies('a,b\n"x"y,2\n')).toEqual([[2, 1, 2]]);
    expect(records('a,b\n"x"y,2\n')[1].cells).toEqual(['xy', '2']);
    expect(anomalies('a,b\n1,5" screen\n')).toEqual([[2, 2, 2]]);
    expect(records('a,b\n1,5" screen\n')[1].anomaly!.message).toBe('a quote inside a cell that is not quoted (5" screen): quote the whole cell and double its quotes ("5"" screen")');
  });

  it('one anomaly a record (the first), later records keep their places', () => {
    expect(anomalies('a,b\n"x"y,"z"w\n1,2\n3,4"\n')).toEqual([[2, 1, 2], [4, 2, 4]]);
  });

  it('a NUL or a byte-order mark inside the text', () => {
    expect(anomalies('a,b\n1,x\u0000y\n')).toEqual([[2, 2, 2]]);
    expect(anomalies('a,b\n1,2\n\uFEFFa,b\n')).toEqual([[3, 1, 3]]);
  });
});

describe('countLines', () => {
  it('counts physical lines: line ends, and a last line without one', () => {
    expect(['', 'a', 'a\n', 'a\r\n', 'a\rb', 'a\n\n', '\n', 'a\r\n\rb'].map(countLines)).toEqual([0, 1, 1, 1, 2, 2, 1, 3]);
  });

  it('equals the lines the records span, whatever the quoting (unclosed quotes included)', () => {
    for (const text of ['id\n1', 'id\n1\n', 'a,"b\r\nc"\r\n', 'a,"b\nc\n', 'a,"b\r', '"\n\n\n', 'x,"y""\n"\rz', '\r\n\r\n"', 'a\n\rb"c\r\n"d\n']) {
      expect(spanned(text), JSON.stringify(text)).toBe(countLines(text));
    }
  });
});
