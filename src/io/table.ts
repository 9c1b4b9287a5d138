/**
 * The common path of every CSV importer: decode, split into records, map the header, check each
 * record's shape, read each non-blank row into a record, and return all records or every problem
 * (never a part). Every physical line is accounted for: the header, the rows read, blank rows,
 * line breaks inside quoted cells and an Excel "sep=" line add up to the lines of the file.
 */
import { decodeText, ENCODING_LABEL } from './decode.ts';
import { byKey, CellReader, csvDialect, isBlank, mapHeader, type Field, type HeaderMap } from './csv.ts';
import { quote } from './cells.ts';
import { columnLetter, type ColumnMatch, type ImportProblem, type ImportResult, type LineTally, type OnProgress } from './problems.ts';
import { countLines, eachRecord, type CsvRecord } from './records.ts';

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
    if (!d.ok) return { ok: false, file, encoding: 'unknown', rows: 0, lines: 0, columns: [], problems: [{ file, row: 0, column: 0, message: d.message }] };
    text = d.text;
    encoding = ENCODING_LABEL[d.encoding];
  }
  const lines = countLines(text);
  const dialect = csvDialect(text);
  const tally: LineTally = { header: 0, blank: 0, inCells: 0, hint: dialect.hintLines };
  // Records are read one at a time (a large file is never held twice as rows).
  let map: HeaderMap | undefined;
  let header: string[] = [];
  let shape: Shape | undefined;
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
  // A problem of the record at `row`; its physical line is named too when it is not the row (after
  // a multi-line cell or a sep= line) and the message does not say it already.
  const place = (column: number, message: string, line: number) => {
    const said = line === row || new RegExp(`\\blines? ${line}\\b`).test(message);
    problems.push({ file, row, column, message: said ? message : `${message} (line ${line})` });
  };
  eachRecord(dialect.start > 0 ? text.slice(dialect.start) : text, dialect.delimiter, (r) => {
    tally.inCells += r.breaks;
    row = r.index + 1;
    if (r.index === 0) {
      tally.header = 1;
      if (r.anomaly) place(r.anomaly.column, r.anomaly.message, r.anomaly.line);
      header = r.cells.map((h) => h.trim());
      map = mapHeader(file, header, fields);
      problems.push(...map.problems);
      shape = shapeOf(header, fields, map);
      reader = new CellReader(file, byKey(fields), problems).at(raw, where);
      return;
    }
    if (o.onProgress && r.index % 5000 === 0) o.onProgress(Math.min(0.99, r.line / lines));
    if (!r.anomaly && isBlank(r.cells)) {
      tally.blank++;
      return;
    }
    dataRows++;
    // A row whose quoting or shape is wrong is not read: its cells are not where the header says.
    if (r.anomaly) return place(r.anomaly.column, r.anomaly.message, r.anomaly.line);
    const misfit = shapeProblem(r, shape!) ?? (r.breaks > 0 ? swallowedRows(r, shape!, dialect.delimiter) : undefined);
    if (misfit) return place(misfit.column, misfit.message, r.line);
    cells = r.cells;
    let extra: Record<string, string> | undefined;
    for (const c of map!.extra) {
      const v = (cells[c] ?? '').trim();
      if (v !== '') (extra ??= {})[header[c]] = v;
    }
    const rec = readRow({ reader: reader!, row, extra, column });
    if (rec !== undefined) records.push(rec);
  }, 1 + dialect.hintLines);
  const counts = { rows: dataRows, lines, tally };
  if (!map || header.every((h) => h === '')) return { ok: false, file, encoding, ...counts, columns: [], problems: [{ file, row: 0, column: 0, message: 'empty: expected a header row and data rows' }] };
  const columns: ColumnMatch[] = map.columns;
  if (dataRows === 0) problems.push({ file, row: 0, column: 0, message: 'no data rows below the header' });
  o.finish?.(records, problems, column);
  o.onProgress?.(1);
  return problems.length > 0
    ? { ok: false, file, encoding, ...counts, columns, problems }
    : { ok: true, file, encoding, ...counts, columns, records };
}

// What a record's cells are checked against: the header's cells, how many of them are named, and
// the columns of required fields with their labels.
interface Shape {
  header: readonly string[];
  named: number;
  required: Array<{ index: number; label: string }>;
}

function shapeOf(header: readonly string[], fields: readonly Field[], map: HeaderMap): Shape {
  let named = header.length;
  while (named > 0 && header[named - 1] === '') named--;
  const required = fields.filter((f) => f.required && map.index[f.key] >= 0).map((f) => ({ index: map.index[f.key], label: f.label }));
  return { header, named, required };
}

/**
 * A quoted cell whose later lines hold as many delimiters as a row: a quote left open that a quote
 * further down happened to close in the same column, so the row count and the cell count look
 * right while the rows in between are swallowed into one cell.
 */
function swallowedRows(r: CsvRecord, s: Shape, delimiter: string): { column: number; message: string } | undefined {
  const enough = Math.max(2, s.named - 1);
  let line = r.line;
  for (let c = 0; c < r.cells.length; c++) {
    const parts = r.cells[c].split(/\r\n|\r|\n/);
    for (let k = 1; k < parts.length; k++) {
      const n = parts[k].split(delimiter).length - 1;
      if (n >= enough) return { column: c + 1, message: `quoted cell over lines ${line}–${line + parts.length - 1}, whose line ${line + k} holds ${n} delimiters like a row of its own: is a quote left open? every line in between would be swallowed` };
    }
    line += parts.length - 1;
  }
  return undefined;
}

/**
 * A record's cells against the header. A non-empty cell under no header (past the last column, or
 * under an empty header cell) is data that would be lost. A short record is read with its missing
 * cells empty, because some spreadsheet versions and exporters leave out trailing empty cells,
 * unless a required column is among the missing: then a record was split (a line break in an
 * unquoted cell) or delimiters went missing.
 */
function shapeProblem(r: CsvRecord, s: Shape): { column: number; message: string } | undefined {
  const cells = r.cells;
  const spans = r.breaks > 0 ? `; this row runs over lines ${r.line}–${r.line + r.breaks} through a quoted cell: is a quote never closed?` : '';
  for (let c = 0; c < cells.length; c++) {
    if ((c < s.named && s.header[c] !== '') || cells[c].trim() === '') continue;
    const letter = columnLetter(c + 1);
    return c >= s.named
      ? { column: c + 1, message: `${cells.length} cells where the header has ${s.named} columns: ${quote(cells[c])} in column ${letter} has no header and would be lost; quote a cell that contains the delimiter, or give the column a header${spans}` }
      : { column: c + 1, message: `column ${letter} has no header, so ${quote(cells[c])} would be lost; give the column a header (it is then kept as an extra column) or empty it${spans}` };
  }
  const missing = s.required.filter((f) => f.index >= cells.length);
  if (missing.length === 0) return undefined;
  return { column: cells.length + 1, message: `${cells.length} cell${cells.length === 1 ? '' : 's'} where the header has ${s.named} columns: no cell for ${missing.map((f) => f.label).join(', ')}; is the row split by a line break in an unquoted cell, or are delimiters missing?` };
}
