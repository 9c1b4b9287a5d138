import { describe, expect, test } from 'vitest';
import { resolveScenario } from '../../src/model/validate.ts';
import { dataRefs, joinPath } from '../../src/ui/lib/dataFiles.ts';

describe('data-file references', () => {
  test('are listed as written: districts, outlets, observed figures', () => {
    expect(dataRefs(resolveScenario({}))).toEqual([]);
    const s = resolveScenario({ region: { districtsFile: 'templates/d.geojson' }, outlets: { file: 'o.csv' }, observed: { file: './obs.csv' } });
    expect(dataRefs(s)).toEqual(['templates/d.geojson', 'o.csv', './obs.csv']);
  });

  test('resolve against scenarios/ with . and .. steps', () => {
    expect(joinPath('scenarios/', './templates/a.csv')).toBe('scenarios/templates/a.csv');
    expect(joinPath('scenarios/', 'templates/../b.csv')).toBe('scenarios/b.csv');
    expect(joinPath('scenarios/', '../x.csv')).toBe('x.csv');
  });
});
