/**
 * Dropped files as the data view sees them: which kind each is (outlets, districts or observed
 * figures: by its name, else by its header), and the summary of a parse that the import worker
 * sends back (the records stay in the worker until placed).
 */
import type { DataKind, ColumnMatch, ImportProblem, LineTally } from '../../io/index.ts';

/** What the import worker reports of one parsed file. */
export interface ImportSummary {
  /** the worker's handle on the parsed records (ok only) */
  token: number;
  ok: boolean;
  kind: DataKind;
  file: string;
  /** as detected: utf-8, utf-8-bom, gbk, utf-16le, utf-16be (src/io/decode.ts) */
  encoding: string;
  /** records read: CSV data rows, GeoJSON features */
  rows: number;
  /** physical lines of the file (0 when it could not be decoded) */
  lines: number;
  /** CSV: where the lines went besides the rows */
  tally?: LineTally;
  columns: ColumnMatch[];
  /** every problem, at most MAX_PROBLEMS of them (problemCount has the total) */
  problems: ImportProblem[];
  problemCount: number;
  /** outlets: own stores and partner outlets */
  counts?: { own: number; partner: number };
  ms: number;
}

/** Problems a summary carries at most: a list of a hundred thousand helps no one. */
export const MAX_PROBLEMS = 500;

/** Rows above which a file is not put into the scenario without asking (the editor and map slow down). */
export const LARGE_IMPORT_ROWS = 20_000;

// Header words of each kind (lower case, Chinese and English as the templates accept them).
const OBSERVED_HEADERS = ['metric', 'kpi', '指标', '指标名称', '指标名'];
const DISTRICT_HEADERS = ['area', 'areakm2', '面积', 'population', 'pop', '人口', '用户数', 'adcode', '区县编码', '区域编码'];

/**
 * The kind of a file: GeoJSON is districts; otherwise by its name (outlet/网点, district/区域,
 * observed/观测), else by its first line (a metric column: observed; an area or population column:
 * districts; otherwise outlets).
 */
export function guessKind(name: string, firstLine: string): DataKind {
  const n = name.toLowerCase();
  if (/\.(geo)?json$/.test(n)) return 'districts';
  if (/observ|观测|指标|calibrat/.test(n)) return 'observed';
  if (/district|区域|区县|片区|region/.test(n)) return 'districts';
  if (/outlet|网点|门店|渠道|store/.test(n)) return 'outlets';
  const headers = firstLine.replace(/^\uFEFF/, '').split(/[,\t;]/).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase().replace(/[\s_\-.(（].*$/, ''));
  if (headers.some((h) => OBSERVED_HEADERS.includes(h))) return 'observed';
  if (headers.some((h) => DISTRICT_HEADERS.includes(h))) return 'districts';
  return 'outlets';
}

/** The first line of a file's text for guessKind, from its first bytes (UTF-8 or GBK alike: ASCII headers read either way). */
export function firstLineOf(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 4096);
  let text: string;
  try {
    // stream: a character cut at the end of the slice is not an error
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    try {
      text = new TextDecoder('gbk').decode(head);
    } catch {
      text = '';
    }
  }
  return text.split(/\r?\n/, 1)[0] ?? '';
}

type LinesKey = 'impRowsOfLines' | 'impRowsOfLinesDetail' | 'impLinesSep' | 'impLinesHeader' | 'impLinesBlank' | 'impLinesInCells' | 'impLinesHint';

/**
 * The rows read out of the lines of a file, and where the other lines went (the header, blank rows,
 * line breaks inside quoted cells, a sep= line), so a planner sees that no line was skipped unseen:
 * "read 340 rows from 341 lines (1 header row)", "从 341 行中读取了 340 行数据（表头 1 行）". Empty
 * when there is nothing to say: the file could not be decoded, or it is GeoJSON, whose lines are
 * not records.
 */
export function linesRead(s: Pick<ImportSummary, 'rows' | 'lines' | 'tally'>, t: (key: LinesKey, params?: Record<string, string>) => string, format: (n: number) => string): string {
  if (!s.tally || s.lines === 0) return '';
  const { header, blank, inCells, hint } = s.tally;
  const parts: Array<[LinesKey, number]> = [['impLinesHeader', header], ['impLinesBlank', blank], ['impLinesInCells', inCells], ['impLinesHint', hint]];
  const detail = parts.filter(([, n]) => n > 0).map(([key, n]) => t(key, { n: format(n) })).join(t('impLinesSep'));
  const rows = format(s.rows), lines = format(s.lines);
  return detail ? t('impRowsOfLinesDetail', { rows, lines, detail }) : t('impRowsOfLines', { rows, lines });
}
