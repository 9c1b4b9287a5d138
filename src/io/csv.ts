/**
 * Tables from CSV text (RFC 4180 quoting, read strictly by ./records.ts) and the mapping of their
 * headers to the fields an importer wants, in English or Chinese. Columns that fill no field are
 * kept as extra columns, so exports can give them back. Row numbers are spreadsheet rows: the
 * header is row 1, and blank rows still count (they are skipped, not renumbered).
 */
import { columnLetter, type ColumnMatch, type ImportProblem } from './problems.ts';
import { normalizeHeader, parseNumber, quote } from './cells.ts';
import { eachRecord } from './records.ts';

/** A field an importer reads: its key, how messages name it, and the headers that mean it. */
export interface Field {
  key: string;
  /** "longitude 经度": English and Chinese, for messages */
  label: string;
  /** accepted headers, compared after normalizeHeader */
  aliases: readonly string[];
  required?: boolean;
}

export interface Table {
  header: string[];
  /** data rows; rows[i] is spreadsheet row i + 2 */
  rows: string[][];
}

/** Split CSV text (comma, or tab for Excel's "Unicode text") into a header and data rows. */
export function parseTable(text: string): Table {
  const all: string[][] = [];
  eachRow(text, (r) => { all.push(r); });
  return { header: (all[0] ?? []).map((h) => h.trim()), rows: all.slice(1) };
}

/** How a CSV text is laid out: its delimiter, and where its records start. */
export interface CsvDialect {
  delimiter: string;
  /** offset of the header: past an Excel "sep=;" hint line (Excel hides it, so the header stays row 1) */
  start: number;
  /** lines of the hint (0 or 1) */
  hintLines: number;
}

/**
 * The delimiter is a comma, or a tab when the header line has more tabs than commas (Excel's
 * "Unicode text"), or what an Excel "sep=;" hint line says.
 */
export function csvDialect(text: string): CsvDialect {
  const sep = /^sep=([^"\r\n])(\r\n|\r|\n)/.exec(text);
  if (sep) return { delimiter: sep[1], start: sep[0].length, hintLines: 1 };
  return { delimiter: sniffDelimiter(text), start: 0, hintLines: 0 };
}

/** Call `f` with each row of CSV text and its index (0 is the header), without collecting them. */
export function eachRow(text: string, f: (row: string[], index: number) => void): void {
  const d = csvDialect(text);
  eachRecord(d.start > 0 ? text.slice(d.start) : text, d.delimiter, (r) => f(r.cells, r.index));
}

/** Where each field sits in a table, the extra columns, and the header problems. */
export interface HeaderMap {
  /** field key → 0-based column index, -1 when absent */
  index: Record<string, number>;
  /** 0-based indexes of columns that fill no field (kept verbatim) */
  extra: number[];
  columns: ColumnMatch[];
  problems: ImportProblem[];
}

/**
 * Match a header row to fields. Problems: a required field with no column (row 1, column 0); two
 * columns meaning the same field, or two extra columns of the same header (at the second one).
 */
export function mapHeader(file: string, header: readonly string[], fields: readonly Field[]): HeaderMap {
  const lookup = new Map<string, Field>();
  for (const f of fields) for (const a of [f.key, ...f.aliases]) lookup.set(normalizeHeader(a), f);
  const index: Record<string, number> = Object.fromEntries(fields.map((f) => [f.key, -1]));
  const extra: number[] = [];
  const columns: ColumnMatch[] = [];
  const problems: ImportProblem[] = [];
  const extraAt = new Map<string, number>();
  header.forEach((h, i) => {
    const f = lookup.get(normalizeHeader(h));
    if (!f) {
      // extra columns are kept by their header, so a second one of the same name would overwrite the first
      const first = extraAt.get(h);
      if (h === '__proto__') problems.push({ file, row: 1, column: i + 1, message: `column ${columnLetter(i + 1)}: the header "__proto__" cannot name a kept column; rename it` });
      else if (first !== undefined) problems.push({ file, row: 1, column: i + 1, message: `column ${columnLetter(i + 1)} has the same header ${quote(h)} as column ${columnLetter(first + 1)}; rename one (both are kept as extra columns by their header)` });
      else if (h !== '') {
        extraAt.set(h, i);
        extra.push(i);
      }
      columns.push({ column: i + 1, header: h, field: null });
    } else if (index[f.key] >= 0) {
      const first = index[f.key];
      problems.push({ file, row: 1, column: i + 1, message: `column ${columnLetter(i + 1)} ${quote(h)} means the same as column ${columnLetter(first + 1)} ${quote(header[first])} (${f.label}); keep one` });
      columns.push({ column: i + 1, header: h, field: null });
    } else {
      index[f.key] = i;
      columns.push({ column: i + 1, header: h, field: f.key });
    }
  });
  for (const f of fields) {
    if (f.required && index[f.key] < 0) {
      problems.push({ file, row: 1, column: 0, message: `missing column ${f.label}; accepted headers: ${[...new Set([f.key, ...f.aliases])].join(', ')}` });
    }
  }
  return { index, extra, columns, problems };
}

/** A data row is blank when every cell is empty (Excel writes ",,,," for formatted empty rows). */
export function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

/** Where a field's cell is, for a problem: row, column, and the header as the file wrote it. */
export interface CellPlace { row: number; column: number | string; header: string }

/**
 * Reads one record's cells by field key and collects its problems with their row and column.
 * One reader serves a whole file (CSV rows or GeoJSON features): `at` moves it to the next record.
 * A field whose column is missing reads as empty and is never reported again per row (the missing
 * column is reported once, at the header).
 */
export class CellReader {
  private raw: (key: string) => string | null = () => null;
  private where: (key: string) => CellPlace = () => ({ row: 0, column: 0, header: '' });
  constructor(readonly file: string, readonly fields: Readonly<Record<string, Field>>, readonly problems: ImportProblem[]) {}

  /** Point the reader at a record: raw(key) is the cell's text, or null when there is no such column. */
  at(raw: (key: string) => string | null, where: (key: string) => CellPlace): this {
    this.raw = raw;
    this.where = where;
    return this;
  }

  /** Whether the file has the field at all. */
  has(key: string): boolean {
    return this.raw(key) !== null;
  }

  /** The trimmed text of a field ('' when absent or empty). */
  text(key: string): string {
    return (this.raw(key) ?? '').trim();
  }

  /** Record a problem at a field's cell; the message is prefixed with the header as written. */
  fail(key: string, message: string): undefined {
    const w = this.where(key);
    this.problems.push({ file: this.file, row: w.row, column: w.column, message: `${w.header || this.fields[key].label}: ${message}` });
    return undefined;
  }

  /** Non-empty text of a required field. */
  required(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const t = this.text(key);
    return t === '' ? this.fail(key, `empty; expected ${this.fields[key].label}`) : t;
  }

  /**
   * A number in [min, max] (an integer when `integer`); undefined when empty and not required, or
   * when bad (the problem is recorded).
   */
  number(key: string, o: { min: number; max: number; integer?: boolean; required?: boolean; percent?: boolean; parse?: (raw: string) => number | null }): number | undefined {
    if (!this.has(key)) return undefined;
    const t = this.text(key);
    if (t === '') return o.required ? this.fail(key, `empty; expected ${this.fields[key].label}`) : undefined;
    const v = (o.parse ?? ((s: string) => parseNumber(s, o.percent)))(t);
    const what = o.integer ? 'an integer' : 'a number';
    if (v === null || !Number.isFinite(v)) return this.fail(key, `expected ${what}, got ${quote(t)}`);
    if ((o.integer && !Number.isInteger(v)) || v < o.min || v > o.max) return this.fail(key, `expected ${what} from ${o.min} to ${o.max}, got ${quote(t)}`);
    return v;
  }
}

/** Fields by key. */
export function byKey(fields: readonly Field[]): Record<string, Field> {
  return Object.fromEntries(fields.map((f) => [f.key, f]));
}

// The delimiter of the header line: a tab when it has more tabs than commas (Excel "Unicode text").
function sniffDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const first = end < 0 ? text : text.slice(0, end);
  const tabs = first.split('\t').length, commas = first.split(',').length;
  return tabs > commas ? '\t' : ',';
}
