/**
 * Numbers as a person types them on a command line or in a value list: the one grammar of the
 * options (src/cli/options.ts), sweep values (paths.ts parseValue) and ranges LO..HI.
 *
 *   integer  = ["-"] digit+                              e.g. 42, -3
 *   decimal  = integer ["." digit+] [("e"|"E") ["+"|"-"] digit+]   e.g. 0.05, 1e-6, -2.5E3
 *   range    = decimal ".." decimal                       e.g. 0..1, -1.5..2e3
 *
 * JavaScript's Number() reads much more, and reads it silently: "" and " " as 0, "0x10" as 16,
 * "0b1" as 1, " 2 " as 2, "Infinity". None of that is a number anyone meant to type, so none of it
 * is read here. A point needs digits on both sides, so that `0...1` and `1.` are refused rather
 * than guessed (0..0.1? 0..1?).
 */

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const RANGE = /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\.\.(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)$/;

/**
 * An integer written in decimal digits, or NaN.
 * @example parseInteger('42') // 42
 * @example parseInteger('0x10') // NaN
 */
export function parseInteger(text: string): number {
  // + 0 turns "-0" into 0
  return INTEGER.test(text) ? Number(text) + 0 : NaN;
}

/**
 * A finite decimal number, or NaN (an exponent that overflows, 1e999, is NaN too).
 * @example parseDecimal('1e-6') // 0.000001
 * @example parseDecimal('.5') // NaN
 */
export function parseDecimal(text: string): number {
  if (!DECIMAL.test(text)) return NaN;
  const n = Number(text) + 0;
  return Number.isFinite(n) ? n : NaN;
}

/**
 * `LO..HI` as two finite decimal numbers, or null when the text is not of that form. Whether LO
 * is below HI is the experiment's rule (paths.ts checkRange), not the grammar's.
 * @example parseRange('0..1') // { lo: 0, hi: 1 }
 * @example parseRange('0...1') // null
 */
export function parseRange(text: string): { lo: number; hi: number } | null {
  const m = RANGE.exec(text);
  if (!m) return null;
  const lo = parseDecimal(m[1]);
  const hi = parseDecimal(m[2]);
  return Number.isNaN(lo) || Number.isNaN(hi) ? null : { lo, hi };
}
