/**
 * Small named normalisers for command-line values; each throws an InputError naming the option
 * and what was expected.
 */
import { InputError } from './errors.ts';

/** An integer option within [min, max]. */
export function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`--${name}: expected an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** A finite number option within [min, max]. */
export function numberOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InputError(`--${name}: expected a number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** A required number option. */
export function requiredNumber(name: string, value: string | undefined, min: number, max: number): number {
  const n = numberOption(name, value, min, max);
  if (n === undefined) throw new InputError(`--${name}: required`);
  return n;
}

/** The language of a report: zh-CN (the default: the report is for the planners' meeting) or en. */
export function langOption(value: string | undefined): 'zh-CN' | 'en' {
  if (value === undefined) return 'zh-CN';
  if (value === 'zh-CN' || value === 'en') return value;
  throw new InputError(`--lang: expected zh-CN or en, got "${value}"`);
}
