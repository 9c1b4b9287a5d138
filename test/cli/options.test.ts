import { describe, expect, it } from 'vitest';
import { inputLines } from '../../src/cli/errors.ts';
import { intOption, keywordOption, kpiOption, listOption, numberOption, pathOption, quote, rangeOption, required, specOption, targetOption } from '../../src/cli/options.ts';
import { printable } from '../../src/cli/print.ts';

// The line the command prints for what `f` throws (an InputError, or an ExperimentError worded with its option).
function line(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    const lines = inputLines(e);
    if (lines) return lines.join('\n');
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('option normalisers: each value or one exact line naming the option', () => {
  it('intOption: decimal digits within the bounds; hex, exponents, blanks and "" are not integers', () => {
    expect(intOption('seed', '42', 0, 2 ** 31 - 1)).toBe(42);
    expect(intOption('seed', undefined, 0, 10)).toBeUndefined();
    expect(intOption('shift', '-3', -5, 5)).toBe(-3);
    expect(line(() => intOption('seed', '0x10', 0, 2147483647))).toBe('--seed: expected an integer from 0 to 2147483647 in decimal digits, got "0x10"');
    expect(line(() => intOption('customers', '1e3', 100, 20000000))).toBe('--customers: expected an integer from 100 to 20000000 in decimal digits, got "1e3"');
    expect(line(() => intOption('months', ' 2 ', 1, 240))).toBe('--months: expected an integer from 1 to 240 in decimal digits, got " 2 "');
    expect(line(() => intOption('seed', '', 0, 10))).toBe('--seed: expected an integer from 0 to 10 in decimal digits, got ""');
    expect(line(() => intOption('seed', '-1', 0, 10))).toBe('--seed: expected an integer from 0 to 10, got "-1"');
    expect(line(() => intOption('replications', '0', 1, 10000))).toBe('--replications: expected an integer from 1 to 10000, got "0"');
  });

  it('numberOption: decimal numbers within the bounds', () => {
    expect(numberOption('precision', '0.02', 1e-6, 10)).toBe(0.02);
    expect(numberOption('precision', '1e-3', 1e-6, 10)).toBe(0.001);
    expect(line(() => numberOption('precision', '.02', 1e-6, 10))).toBe('--precision: expected a decimal number from 0.000001 to 10, got ".02"');
    expect(line(() => numberOption('budget', 'Infinity', 0, 1e13))).toBe('--budget: expected a decimal number from 0 to 10000000000000, got "Infinity"');
    expect(line(() => numberOption('precision', '0', 1e-6, 10))).toBe('--precision: expected a number from 0.000001 to 10, got "0"');
  });

  it('required, pathOption, keywordOption', () => {
    expect(line(() => required('servers', undefined, 'an integer from 1 to 100000'))).toBe('--servers: required, an integer from 1 to 100000');
    expect(required('servers', 0, 'x')).toBe(0);
    expect(line(() => pathOption('out', '', 'a directory'))).toBe('--out: expected a directory, got ""');
    expect(line(() => pathOption('cache-dir', '  ', 'a directory'))).toBe('--cache-dir: expected a directory, got "  "');
    expect(pathOption('out', 'results', 'a directory')).toBe('results');
    expect(line(() => keywordOption('kind', 'stores', ['outlets', 'districts']))).toBe('--kind: expected one of outlets, districts, got "stores"');
  });

  it('kpiOption: exact names; a slip of case is named with the KPI it resembles', () => {
    expect(kpiOption('kpi', 'diversionRate')).toBe('diversionRate');
    expect(line(() => kpiOption('kpi', 'diversionrate'))).toMatch(/^--kpi: expected a KPI, one of eChannelShare, .*, netContribution; got "diversionrate" \(did you mean diversionRate\?\)$/);
    expect(line(() => kpiOption('maximise', 'profit'))).toMatch(/; got "profit"$/);
  });

  it('specOption and listOption: both sides of =, and no empty list item (a,,b or a trailing comma)', () => {
    expect(specOption('set', ' a.b = 1,2 ', 'PATH=v1,v2,...')).toEqual(['a.b', '1,2']);
    expect(line(() => specOption('set', '=1', 'PATH=v1,v2,...'))).toBe('--set: expected PATH=v1,v2,..., got "=1"');
    expect(line(() => specOption('set', 'a.b=', 'PATH=v1,v2,...'))).toBe('--set: expected PATH=v1,v2,..., got "a.b="');
    expect(line(() => specOption('set', 'a.b', 'PATH=v1,v2,...'))).toBe('--set: expected PATH=v1,v2,..., got "a.b"');
    expect(listOption('fit', 'a, b ,c', 'PATH,PATH,...')).toEqual(['a', 'b', 'c']);
    expect(line(() => listOption('set a.b', '0,1,', 'v1,v2,...'))).toBe('--set a.b: expected v1,v2,... with no empty item, got "0,1," (item 3 of 3 is empty)');
    expect(line(() => listOption('fit', 'a,,b', 'PATH,PATH,...'))).toBe('--fit: expected PATH,PATH,... with no empty item, got "a,,b" (item 2 of 3 is empty)');
  });

  it('rangeOption: LO..HI, two decimal numbers with LO < HI; every typo named with the option and path', () => {
    expect(rangeOption('range', 'a.b=0..1')).toEqual({ path: 'a.b', lo: 0, hi: 1 });
    expect(rangeOption('vary', 'a.b = -1 .. 2.5')).toEqual({ path: 'a.b', lo: -1, hi: 2.5 });
    for (const bad of ['0...1', '0..', '..1', 'a..b', '0..1..2', '0-1', '0x0..1']) {
      expect(line(() => rangeOption('range', `P=${bad}`))).toBe(`--range P: expected LO..HI, two decimal numbers such as 0..1, got ${JSON.stringify(bad)}`);
    }
    expect(line(() => rangeOption('vary', 'P=1..0'))).toBe('--vary P: expected LO..HI with LO < HI, got 1..0');
    expect(line(() => rangeOption('vary', 'P=1..1'))).toBe('--vary P: expected LO..HI with LO < HI, got 1..1');
    expect(line(() => rangeOption('range', '0..1'))).toBe('--range: expected PATH=LO..HI, got "0..1"');
  });

  it('targetOption: KPI=VALUE, a KPI name and a decimal number', () => {
    expect(targetOption('target', 'diversionRate=0.7')).toEqual({ kpi: 'diversionRate', value: 0.7 });
    expect(line(() => targetOption('target', 'diversionRate=70%'))).toBe('--target diversionRate: expected a decimal number, got "70%"');
    expect(line(() => targetOption('target', 'diversionRate'))).toBe('--target: expected KPI=VALUE, e.g. diversionRate=0.7, got "diversionRate"');
    expect(line(() => targetOption('target', 'nope=1'))).toMatch(/^--target: expected a KPI, one of .*; got "nope"$/);
  });

  it('a value quoted back has its control characters escaped, and prints without them', () => {
    expect(quote('a\u001b[2Jb')).toBe('"a\\u001b[2Jb"');
    expect(printable(line(() => intOption('seed', '\u202e01', 0, 10)))).toBe('--seed: expected an integer from 0 to 10 in decimal digits, got "\\u202e01"');
  });
});
