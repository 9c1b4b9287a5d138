import { describe, expect, test } from 'vitest';
import { changeText, parameterDiff } from '../../src/experiment/parameter-diff.ts';
import { resolveScenario } from '../../src/model/validate.ts';

describe('parameterDiff', () => {
  const base = resolveScenario({ name: 'A', levers: { subsidy: { handset: { high: 600 } }, closures: { outlets: ['S08'] } } });

  test('a scenario against itself, or against a copy with another name, has no change', () => {
    expect(parameterDiff(base, base)).toEqual([]);
    expect(parameterDiff(base, { ...base, name: 'B', description: 'other words' })).toEqual([]);
  });

  test('a value: its dotted path and both values', () => {
    const other = resolveScenario({ name: 'A', levers: { subsidy: { handset: { high: 900 } }, closures: { outlets: ['S08'] } } });
    const diff = parameterDiff(base, other);
    expect(diff).toEqual([{ path: 'levers.subsidy.handset.high', kind: 'value', base: 600, other: 900 }]);
    expect(diff.map(changeText)).toEqual(['levers.subsidy.handset.high: 600 → 900']);
  });

  test('closures as what the other closes and reopens', () => {
    const other = resolveScenario({ name: 'A', levers: { subsidy: { handset: { high: 600 } }, closures: { outlets: ['S03', 'P12'] } } });
    expect(parameterDiff(base, other).map(changeText)).toEqual(['closures: +S03, +P12, −S08']);
  });

  test('lists of items with an id are matched by id and compared field by field', () => {
    const services = base.services.map((s) => (s.id === 'billQuery' ? { ...s, counterMin: s.counterMin + 1 } : s)).filter((s) => s.id !== 'topUp');
    const diff = parameterDiff(base, { ...base, services });
    const bill = base.services.find((s) => s.id === 'billQuery')!;
    expect(diff).toEqual([
      { path: 'services', kind: 'items', added: [], removed: ['topUp'] },
      { path: 'services[billQuery].counterMin', kind: 'value', base: bill.counterMin, other: bill.counterMin + 1 },
    ]);
  });

  test('other lists by their length; a value absent on one side as –; numbers without float noise', () => {
    expect(parameterDiff({ a: [[1, 2]], b: 0.1 + 0.2 }, { a: [[1, 2], [3, 4]], c: true }).map(changeText)).toEqual([
      'a: [1] → [2]',
      'b: 0.3 → –',
      'c: – → true',
    ]);
  });

  test('the same names in another order are a list change, not additions', () => {
    expect(parameterDiff({ t: ['a', 'b'] }, { t: ['b', 'a'] })).toEqual([{ path: 't', kind: 'list', base: 2, other: 2 }]);
  });
});
