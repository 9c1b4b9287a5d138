/**
 * Small named normalisers for command-line values, one per kind of value; every command reads its
 * options through them. Each takes the option's name (without the dashes) and the text commander
 * handed over, gives the value (undefined when the option was not given), and throws an InputError
 * that names the option, says what was expected and quotes what was got. Numbers follow the one
 * grammar of src/experiment/number-text.ts: `0x10`, `1e3` for an integer, `" 2 "`, `""` and
 * `Infinity` are refused, never read the way JavaScript's Number() would read them. Blanks around
 * the separators of a compound value (`PATH = v1, v2`, `0 .. 1`) are padding and are dropped.
 */
import { KPIS, type KpiName } from '../model/kpis.ts';
import { parseDecimal, parseInteger, parseRange } from '../experiment/number-text.ts';
import { checkRange } from '../experiment/paths.ts';
import { InputError } from './errors.ts';

/** An integer within [min, max], in decimal digits with an optional leading minus. */
export function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = parseInteger(value);
  if (Number.isNaN(n)) throw new InputError(`--${name}: expected an integer from ${min} to ${max} in decimal digits, got ${quote(value)}`);
  if (n < min || n > max) throw new InputError(`--${name}: expected an integer from ${min} to ${max}, got ${quote(value)}`);
  return n;
}

/** A decimal number within [min, max] (0.02, 1e-6; not .5, 0x10 or Infinity). */
export function numberOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = parseDecimal(value);
  if (Number.isNaN(n)) throw new InputError(`--${name}: expected a decimal number from ${min} to ${max}, got ${quote(value)}`);
  if (n < min || n > max) throw new InputError(`--${name}: expected a number from ${min} to ${max}, got ${quote(value)}`);
  return n;
}

/** A number option that must be given. */
export function requiredNumber(name: string, value: string | undefined, min: number, max: number): number {
  return required(name, numberOption(name, value, min, max), `a number from ${min} to ${max}`);
}

/** A value that must be given: the normaliser's result, or `--NAME: required, EXPECTED`. */
export function required<T>(name: string, value: T | undefined, expected: string): T {
  if (value === undefined) throw new InputError(`--${name}: required, ${expected}`);
  return value;
}

/** A file or directory: any text but an empty or blank one (which would mean the working directory). */
export function pathOption(name: string, value: string | undefined, what: 'a file' | 'a directory'): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new InputError(`--${name}: expected ${what}, got ${quote(value)}`);
  return value;
}

/** One of a few words, exactly. */
export function keywordOption<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`--${name}: expected one of ${allowed.join(', ')}, got ${quote(value)}`);
  return value as T;
}

/** A KPI name of CONTRACTS.md, exactly; a slip of case or blanks gets the name it resembles. */
export function kpiOption(name: string, value: string | undefined): KpiName | undefined {
  if (value === undefined) return undefined;
  if ((KPIS as readonly string[]).includes(value)) return value as KpiName;
  const like = KPIS.find((k) => k.toLowerCase() === value.trim().toLowerCase());
  throw new InputError(`--${name}: expected a KPI, one of ${KPIS.join(', ')}; got ${quote(value)}${like ? ` (did you mean ${like}?)` : ''}`);
}

/** `KEY=VALUE` as its two sides, both non-empty; FORM says the expected shape (`PATH=LO..HI`). */
export function specOption(name: string, spec: string, form: string): [string, string] {
  const i = spec.indexOf('=');
  const key = i < 0 ? '' : spec.slice(0, i).trim();
  const rest = i < 0 ? '' : spec.slice(i + 1).trim();
  if (key === '' || rest === '') throw new InputError(`--${name}: expected ${form}, got ${quote(spec)}`);
  return [key, rest];
}

/** A comma-separated list, each item trimmed; an empty item (`a,,b`, a trailing comma) is refused. */
export function listOption(name: string, text: string, form: string): string[] {
  const items = text.split(',').map((x) => x.trim());
  const empty = items.findIndex((x) => x === '');
  if (empty >= 0) throw new InputError(`--${name}: expected ${form} with no empty item, got ${quote(text)} (item ${empty + 1} of ${items.length} is empty)`);
  return items;
}

/** `PATH=LO..HI` (--vary, --range): a path and two decimal numbers, LO < HI (the experiment's rule for ranges). */
export function rangeOption(name: 'vary' | 'range', spec: string): { path: string; lo: number; hi: number } {
  const [path, text] = specOption(name, spec, 'PATH=LO..HI');
  const range = parseRange(text.replace(/\s*\.\.\s*/, '..'));
  if (!range) throw new InputError(`--${name} ${path}: expected LO..HI, two decimal numbers such as 0..1, got ${quote(text)}`);
  checkRange(name, path, range.lo, range.hi);
  return { path, ...range };
}

/** `KPI=VALUE` (--target): a KPI name and a decimal number. */
export function targetOption(name: string, spec: string): { kpi: KpiName; value: number } {
  const [kpiText, valueText] = specOption(name, spec, 'KPI=VALUE, e.g. diversionRate=0.7');
  const kpi = kpiOption(name, kpiText)!;
  const value = parseDecimal(valueText);
  if (Number.isNaN(value)) throw new InputError(`--${name} ${kpi}: expected a decimal number, got ${quote(valueText)}`);
  return { kpi, value };
}

/** A value as an error message quotes it: in double quotes, control characters escaped. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** The language of a report: zh-CN (the default: the report is for the planners' meeting) or en. */
export function langOption(value: string | undefined): 'zh-CN' | 'en' {
  if (value === undefined) return 'zh-CN';
  if (value === 'zh-CN' || value === 'en') return value;
  throw new InputError(`--lang: expected zh-CN or en, got "${value}"`);
}
