/**
 * Small normalisers for what planners type into spreadsheets: headers in English or Chinese with
 * units in brackets, numbers with thousands separators or full-width digits, percentages.
 */

// Characters that never matter in a header: spaces, underscores, hyphens, dots, slashes, colons.
const HEADER_NOISE = /[\s_\-./·:：,，、]+/g;
// A bracketed unit or note: (km²) （元/月） [h] 【必填】
const HEADER_NOTE = /[([（【［][^)\]）】］]*[)\]）】］]/g;

/** A header reduced to what identifies it: 月租金（元/月） → 月租金, Opening_Hours → openinghours. */
export function normalizeHeader(header: string): string {
  return halfWidth(header).replace(HEADER_NOTE, '').toLowerCase().replace(HEADER_NOISE, '');
}

/** Full-width forms and compatibility characters folded (NFKC), only when there are any. */
export function halfWidth(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(s) ? s.normalize('NFKC') : s;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
// The common case, taken without normalising: 12, -3.5
const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * A number as a spreadsheet cell shows it: "12,000", "１２０００", "¥12000", " 3.5 " and, when
 * `percent`, "45%" (→ 0.45). Null when the text is not a number.
 */
export function parseNumber(raw: string, percent = false): number | null {
  if (PLAIN.test(raw)) return Number(raw);
  let s = halfWidth(raw).trim().replace(/^[¥$]/, '');
  let divisor = 1;
  if (percent && s.endsWith('%')) {
    divisor = 100;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(/(\d),(?=\d{3}(?:\D|$))/g, '$1');
  if (!NUMBER.test(s)) return null;
  return Number(s) / divisor;
}

/**
 * A duration in hours from "10", "10.5" or an opening-time range "9:00-21:00" (9:00~21:00,
 * 09：00至21：00); a range that ends at or before it starts runs past midnight. Null otherwise.
 */
export function parseHours(raw: string): number | null {
  const s = halfWidth(raw).trim();
  const m = /^(\d{1,2}):(\d{2})\s*[-~—–至到]\s*(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return parseNumber(s);
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (start > 24 * 60 || end > 24 * 60) return null;
  return (end > start ? end - start : end + 24 * 60 - start) / 60;
}

/** A list cell split on ; ； 、 | , ，, each item trimmed, empties dropped. */
export function splitList(raw: string): string[] {
  return raw.split(/[;；、|,，]/).map((x) => x.trim()).filter((x) => x !== '');
}

/**
 * The value a cell's word stands for in a table of accepted words (case and full-width forms
 * ignored); own keys only, so "constructor" or "__proto__" in a cell is an unknown word.
 */
export function wordOf<V>(words: Readonly<Record<string, V>>, cell: string): V | undefined {
  const k = halfWidth(cell).toLowerCase();
  return Object.hasOwn(words, k) ? words[k] : undefined;
}

/** Text shortened for a message. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
