/**
 * CSV that Channel Lab writes (../shared/CONTRACTS.md): UTF-8 with a byte-order mark so that Excel
 * opens Chinese text correctly, RFC 4180 quoting and CRLF line ends, and formula safety: a text
 * cell that a spreadsheet would run as a formula is prefixed with a single quote (OWASP's
 * CSV-injection advice): one that begins with =, +, - or @, or a tab or carriage return, also
 * after leading blanks (spreadsheets trim them before reading a formula) and in the full-width
 * forms ＝ ＋ － ＠ that a Chinese input method types (spreadsheets read them as the ASCII signs).
 * Numbers are written as numbers, negative ones included. Pure string functions: the CLI writes
 * them to files, the browser offers them as downloads.
 */
import { KPIS } from '../model/kpis.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ExperimentResult } from './aggregate.ts';
import { joinImportedOutlets } from './outlets-join.ts';

/** The byte-order mark that starts every file. */
export const BOM = '\uFEFF';

/** A column: the key read from each row and the header written for it. */
export type Column = string | { key: string; header: string };

/** Cells a row may hold; null, undefined and non-finite numbers are written empty. */
export type Cell = string | number | boolean | null | undefined;

/**
 * Rows of objects as CSV text: BOM, a header line, one line per row, CRLF line ends.
 * @example toCsv(['id', 'revenue'], [{ id: '=cmd', revenue: -3 }]) // "\uFEFFid,revenue\r\n'=cmd,-3\r\n"
 */
export function toCsv(columns: readonly Column[], rows: readonly Record<string, Cell>[]): string {
  const keys = columns.map((c) => (typeof c === 'string' ? c : c.key));
  const headers = columns.map((c) => (typeof c === 'string' ? c : c.header));
  const lines = [headers.map(textCell).join(',')];
  for (const row of rows) lines.push(keys.map((k) => csvCell(row[k])).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** One cell: numbers as numbers, text made formula-safe and quoted when needed. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return textCell(value);
}

/** series.csv: one row per KPI and month (long format): month, kpi, mean, lo, hi. */
export function seriesCsv(result: Pick<ExperimentResult, 'series'>): string {
  const rows: Record<string, Cell>[] = [];
  for (const kpi of KPIS) {
    for (const p of result.series[kpi] ?? []) rows.push({ month: p.month, kpi, mean: p.mean, lo: p.lo, hi: p.hi });
  }
  return toCsv(['month', 'kpi', 'mean', 'lo', 'hi'], rows);
}

/** Columns of outlets.csv, in the order of the outlet objects in result.json. */
export const OUTLET_COLUMNS = [
  'id', 'name', 'kind', 'x', 'y', 'open', 'transactions', 'newLines', 'revenue', 'cost',
  'waitMeanMin', 'waitP90Min', 'utilization', 'efficiencyClass',
] as const;

/**
 * outlets.csv: one row per outlet with every figure of result.json's outlets, then, when the
 * scenario's outlets were imported, their imported columns (./outlets-join.ts).
 */
export function outletsCsv(result: Pick<ExperimentResult, 'outlets'> & { scenario?: Pick<Scenario, 'outlets'> }): string {
  const joined = joinImportedOutlets(result.outlets, result.scenario, OUTLET_COLUMNS);
  return toCsv([...OUTLET_COLUMNS, ...joined.columns], joined.rows as unknown as Record<string, Cell>[]);
}

// What starts a formula: a tab or carriage return, or after any blanks (full-width U+3000 too) one
// of = + - @ or their full-width forms U+FF1D U+FF0B U+FF0D U+FF20.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

// Text cell: neutralise formula triggers, then quote when the text holds a comma, quote or line
// break (RFC 4180 §2.6–2.7: enclose in double quotes, double any inner quote).
function textCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
