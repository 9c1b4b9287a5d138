import { describe, expect, test } from 'vitest';
import { BUILTIN_DEFAULT, bundledEntries, entryName, forkedJson, newUserId, uniqueName, withName } from '../../src/ui/lib/library.ts';

describe('scenario library', () => {
  test('bundled scenarios: default.json first, the schema left out, file stems as ids', () => {
    const entries = bundledEntries({
      '../../../scenarios/a-test.json': { default: { name: 'A' } },
      '../../../scenarios/schema.json': { default: { type: 'object' } },
      '../../../scenarios/default.json': { default: { name: 'Default' } },
    });
    expect(entries.map((e) => e.id)).toEqual(['bundled:default', 'bundled:a-test']);
    expect(entries.every((e) => e.source === 'bundled')).toBe(true);
  });

  test('with no bundled file there is still a default scenario', () => {
    expect(bundledEntries({})).toEqual([{ id: 'bundled:default', source: 'bundled', json: BUILTIN_DEFAULT, updatedAt: 0 }]);
  });

  test('names: the scenario\'s own, else the id\'s stem', () => {
    expect(entryName({ id: 'user:x', json: { name: '试点' } })).toBe('试点');
    expect(entryName({ id: 'bundled:subsidy-war', json: {} })).toBe('subsidy-war');
  });

  test('copies get a suffix that is not taken, without stacking suffixes', () => {
    expect(uniqueName('Pilot', 'copy', [])).toBe('Pilot (copy)');
    expect(uniqueName('Pilot (copy)', 'copy', ['Pilot (copy)'])).toBe('Pilot (copy 2)');
    expect(uniqueName('试点', '副本', ['试点 (副本)', '试点 (副本 2)'])).toBe('试点 (副本 3)');
  });

  test('user ids are unique', () => {
    expect(newUserId(1000, [])).toBe('user:rs');
    expect(newUserId(1000, ['user:rs', 'user:rs-2'])).toBe('user:rs-3');
  });

  test('a rename sets the scenario\'s name and keeps the rest', () => {
    expect(withName({ name: 'a', simulation: { months: 2 } }, 'b')).toEqual({ name: 'b', simulation: { months: 2 } });
    expect(withName(null, 'b')).toEqual({ name: 'b' });
  });

  test('an edit of a bundled scenario is saved as “… (edited)”, but an edit of its name keeps the name typed', () => {
    const bundled = { name: 'Pilot', simulation: { months: 2 } };
    expect(forkedJson('bundled:pilot', bundled, { ...bundled, simulation: { months: 3 } }, 'edited', ['Pilot'])).toEqual({ name: 'Pilot (edited)', simulation: { months: 3 } });
    // the first keystroke in the name field: "Pilot" → "Pilot 2" stays "Pilot 2", not "Pilot (edited)"
    expect(forkedJson('bundled:pilot', bundled, { ...bundled, name: 'Pilot 2' }, 'edited', ['Pilot'])).toEqual({ name: 'Pilot 2', simulation: { months: 2 } });
    // a name cleared is the user's too (the field shows what they typed)
    expect(forkedJson('bundled:pilot', bundled, { ...bundled, name: '' }, 'edited', ['Pilot'])).toEqual({ name: '', simulation: { months: 2 } });
  });
});
