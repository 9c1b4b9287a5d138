/**
 * An import problem names its place as a planner finds it: the file, the spreadsheet row (1-based,
 * the header is row 1) and column (1-based; 0 when the problem belongs to no column, e.g. a missing
 * one), or for GeoJSON the feature (1-based) and the property. Every problem of a file is
 * collected; a file with any problem imports nothing.
 */
export interface ImportProblem {
  file: string;
  /** spreadsheet row, header = 1 (GeoJSON: feature number, 1-based); 0 for the whole file */
  row: number;
  /** spreadsheet column, 1 = A (GeoJSON: property name or "geometry"); 0 for the whole row */
  column: number | string;
  message: string;
  /** GeoJSON: the JSON path of the place when it is finer than the feature and property, e.g. `$.features[3].geometry.coordinates[0][5]` */
  path?: string;
}

/**
 * `file:row:column: message`; GeoJSON places as a JSON path, whole-file problems as `file: message`.
 * Always one line: a line break the file put into a header or key is shown as ↵.
 */
export function formatProblem(p: ImportProblem): string {
  return place(p).replace(/\r\n|\r|\n/g, '↵');
}

function place(p: ImportProblem): string {
  if (p.path !== undefined) return `${p.file}:${p.path}: ${p.message}`;
  if (p.row === 0) return `${p.file}: ${p.message}`;
  if (typeof p.column === 'string') return `${p.file}:$.features[${p.row - 1}]${p.column === 'geometry' ? '.geometry' : `.properties[${JSON.stringify(p.column)}]`}: ${p.message}`;
  return p.column === 0 ? `${p.file}:${p.row}: ${p.message}` : `${p.file}:${p.row}:${p.column}: ${p.message}`;
}

/** Spreadsheet letters of a 1-based column: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let s = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/**
 * The outcome of importing one file: all records, or every problem and no records. `rows` are the
 * records read (CSV: non-blank data rows; GeoJSON: features), `lines` the physical lines of the
 * text (0 when it could not be decoded); an ok result has one record per row.
 */
export type ImportResult<T> =
  | { ok: true; file: string; encoding: string; rows: number; lines: number; tally?: LineTally; records: T[]; columns: ColumnMatch[] }
  | { ok: false; file: string; encoding: string; rows: number; lines: number; tally?: LineTally; problems: ImportProblem[]; columns: ColumnMatch[] };

/** Where the lines of a CSV file went: lines = header + rows + blank + inCells + hint. */
export interface LineTally {
  /** the header row (0 for an empty file) */
  header: number;
  /** blank rows, skipped */
  blank: number;
  /** line breaks inside quoted cells */
  inCells: number;
  /** an Excel "sep=" line */
  hint: number;
}

/** How a header of the file was understood: the field it fills, or kept as an extra column. */
export interface ColumnMatch {
  /** 1-based column (GeoJSON: 0) */
  column: number;
  header: string;
  /** the field it fills, or null for an extra column kept verbatim */
  field: string | null;
}

/** Called now and then during a long import with the share done (0–1), for a progress bar. */
export type OnProgress = (done: number) => void;
