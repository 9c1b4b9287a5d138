/**
 * Problems of a stored record (lib/records.ts), worded for the locale: the JSON path inside the
 * record and what was expected there, e.g. `$.result.kpis: expected an object, got text`.
 */
import type { z } from 'zod';
import { jsonPath, type Problem } from '../../model/index.ts';
import { translate, type Locale, type MessageKey } from './messages.ts';

/** zod type names and input kinds → their message. */
export const TYPE_KEY: Record<string, MessageKey> = {
  string: 'typeString',
  number: 'typeNumber',
  int: 'typeInteger',
  boolean: 'typeBoolean',
  object: 'typeObject',
  record: 'typeObject',
  array: 'typeArray',
  tuple: 'typeArray',
  null: 'typeNull',
  undefined: 'typeNothing',
  nothing: 'typeNothing',
};

/** Each issue as a problem at its JSON path. */
export function issueProblems(locale: Locale, issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((i) => ({ path: jsonPath(i.path), message: issueText(locale, i) }));
}

function issueText(locale: Locale, i: z.core.$ZodIssue): string {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const typeName = (name: string) => (TYPE_KEY[name] ? t(TYPE_KEY[name]) : name);
  switch (i.code) {
    case 'invalid_type':
      return t('issueExpectedGot', { expected: typeName(i.expected), got: typeName(kindOf(i.input)) });
    case 'invalid_value':
      return t('issueExpected', { expected: i.values.map((v) => JSON.stringify(v)).join(' | ') });
    case 'invalid_format':
      return t('issueExpected', { expected: i.format === 'starts_with' ? t('typeStartsWith', { prefix: (i as { prefix?: string }).prefix ?? '' }) : i.format });
    case 'invalid_union':
      return t('issueExpected', { expected: t('typeJson') });
    case 'too_small':
      return t('issueExpected', { expected: i.origin === 'array' ? t('typeItemsAtLeast', { n: String(i.minimum) }) : `${i.inclusive ? '≥' : '>'} ${String(i.minimum)}` });
    case 'too_big':
      return t('issueExpected', { expected: i.origin === 'array' ? t('typeItemsAtMost', { n: String(i.maximum) }) : `${i.inclusive ? '≤' : '<'} ${String(i.maximum)}` });
    default:
      return t('issueInvalid');
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
