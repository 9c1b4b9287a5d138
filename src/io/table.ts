/**
 * The common path of every CSV importer: decode, split into rows, map the header, read each
 * non-blank row into a record, and return all records or every problem (never a part).
 */
import { decodeText, ENCODING_LABEL } from './decode.ts';
import { byKey, CellReader, eachRow, isBlank, mapHeader, type Field, type HeaderMap } from './csv.ts';
import type { ColumnMatch, ImportProblem, ImportResult, OnProgress } from './problems.ts';

/** What a row reader gets: the reader pointed at the row, its spreadsheet row, its extra columns. */
export interface RowContext {
  reader: CellReader;
  /** spreadsheet row (the header is 1) */
  row: number;
  /** extra columns of the row: header → text, empty cells left out */
  extra: Record<string, string> | undefined;
  /** 1-based column of a field, 0 when absent */
  column: (key: string) => number;
}

export interface CsvImportOptions<T> {
  onProgress?: OnProgress;
  /** checks across records once all rows are read (their problems count like the rows') */
  finish?: (records: T[], problems: ImportProblem[], columns: (key: string) => number) => void;
}

/** Bytes (decoded here) or text already decoded. */
export type Input = Uint8Array | string;

/** Decode and read a CSV file into records with `readRow`; all or nothing. */
export function importCsv<T>(input: Input, file: string, fields: readonly Field[], readRow: (c: RowContext) => T | undefined, o: CsvImportOptions<T> = {}): ImportResult<T> {
  let text: string, encoding: string;
  if (typeof input === 'string') {
    text = input.replace(/^\uFEFF/, '');
    encoding = 'text';
  } else {
    const d = decodeText(input);
    if (!d.ok) return { ok: false, file, encoding: 'unknown', rows: 0, columns: [], problems: [{ file, row: 0, column: 0, message: d.message }] };
    text = d.text;
    encoding = ENCODING_LABEL[d.encoding];
  }
  // Rows are read as d3-dsv splits them (its row callback), so a large file is never held twice.
  let map: HeaderMap | undefined;
  let header: string[] = [];
  const problems: ImportProblem[] = [];
  let reader: CellReader | undefined;
  let row = 1, cells: string[] = [], dataRows = 0;
  const raw = (key: string) => {
    const i = map!.index[key];
    return i < 0 ? null : cells[i] ?? '';
  };
  const where = (key: string) => {
    const i = map!.index[key];
    return { row, column: i + 1, header: header[i] ?? '' };
  };
  const column = (key: string) => (map ? map.index[key] + 1 : 0);
  const records: T[] = [];
  // Lines, for progress: rows with quoted line breaks make it an upper bound, which is fine for a bar.
  const expected = o.onProgress ? countLines(text) : 0;
  eachRow(text, (r, i) => {
    if (i === 0) {
      header = r.map((h) => h.trim());
      map = mapHeader(file, header, fields);
      problems.push(...map.problems);
      reader = new CellReader(file, byKey(fields), problems).at(raw, where);
      return;
    }
    cells = r;
    row = i + 1;
    if (o.onProgress && i % 5000 === 0) o.onProgress(Math.min(0.99, i / expected));
    if (isBlank(r)) return;
    dataRows++;
    let extra: Record<string, string> | undefined;
    for (const c of map!.extra) {
      const v = (r[c] ?? '').trim();
      if (v !== '') (extra ??= {})[header[c]] = v;
    }
    const rec = readRow({ reader: reader!, row, extra, column });
    if (rec !== undefined) records.push(rec);
  });
  if (!map || header.every((h) => h === '')) return { ok: false, file, encoding, rows: 0, columns: [], problems: [{ file, row: 0, column: 0, message: 'empty: expected a header row and data rows' }] };
  const columns: ColumnMatch[] = map.columns;
  if (dataRows === 0) problems.push({ file, row: 0, column: 0, message: 'no data rows below the header' });
  o.finish?.(records, problems, column);
  o.onProgress?.(1);
  return problems.length > 0
    ? { ok: false, file, encoding, rows: dataRows, columns, problems }
    : { ok: true, file, encoding, rows: dataRows, columns, records };
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
