import { describe, expect, test } from 'vitest';
import { getAt, removeAt, setAt } from '../../src/ui/lib/paths.ts';

describe('paths', () => {
  test('setAt returns a new value and leaves the old one untouched', () => {
    const before = { levers: { closures: { outlets: ['S01'] } }, name: 'a' };
    const frozen = JSON.stringify(before);
    const after = setAt(before, ['levers', 'closures', 'outlets', 1], 'P02');
    expect(JSON.stringify(before)).toBe(frozen);
    expect(getAt(after, ['levers', 'closures', 'outlets'])).toEqual(['S01', 'P02']);
    expect(getAt(after, ['name'])).toBe('a');
  });

  test('setAt creates missing objects, and arrays where the key is a number', () => {
    expect(setAt(undefined, ['a', 0, 'b'], 1)).toEqual({ a: [{ b: 1 }] });
  });

  test('setting undefined removes the key, so the schema default applies again', () => {
    const v = setAt({ simulation: { months: 6, seed: 1 } }, ['simulation', 'months'], undefined);
    expect(v).toEqual({ simulation: { seed: 1 } });
    expect('months' in (v as { simulation: object }).simulation).toBe(false);
  });

  test('getAt is undefined past a missing step', () => {
    expect(getAt({ a: 1 }, ['a', 'b', 'c'])).toBeUndefined();
    expect(getAt(null, ['a'])).toBeUndefined();
  });

  test('removeAt drops one array item', () => {
    expect(removeAt({ l: [1, 2, 3] }, ['l', 1])).toEqual({ l: [1, 3] });
    expect(() => removeAt({ l: {} }, ['l', 0])).toThrow(/array item/);
  });
});
