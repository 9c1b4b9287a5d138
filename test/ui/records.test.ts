import { beforeAll, describe, expect, test } from 'vitest';
import type { RunRecord } from '../../src/ui/lib/runs.ts';
import { sortRuns, sortScenarios, sortSettings, type StoredRecord } from '../../src/ui/lib/records.ts';
import { issueProblems } from '../../src/ui/i18n/issues.ts';
import { smallRunRecord } from '../fixtures/run-record.ts';

/** What db.ts stores: the value after its JSON round trip. */
const stored = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const at = (value: unknown, key: string = (value as { id: string }).id): StoredRecord => ({ key, value });

let run: RunRecord;

beforeAll(() => {
  run = smallRunRecord('run:m1:0', 1_764_000_000_000);
});

describe('stored runs', () => {
  test('a run as the workbench stores it loads, and so does one with a key a later version adds', () => {
    const later = { ...run, id: 'run:m2:1', pinned: true, result: { ...run.result, newFigure: 3 } };
    const sorted = sortRuns([at(run), at(later)]);
    expect(sorted.bad).toEqual([]);
    expect(sorted.good.map((r) => r.id)).toEqual(['run:m1:0', 'run:m2:1']);
    // loaded as stored, not a copy the schema made
    expect(sorted.good[0]).toBe(run);
  });

  test('figures a JSON round trip turned from NaN into null still load', () => {
    const nan = stored({ ...run, result: { ...run.result, kpis: { ...run.result.kpis, storeWaitP90Min: { ...run.result.kpis.storeWaitP90Min, mean: NaN, ci95: [NaN, Infinity] } } } });
    expect(nan.result.kpis.storeWaitP90Min.mean).toBeNull();
    expect(sortRuns([at(nan)]).bad).toEqual([]);
  });

  test('a damaged run is set aside with the JSON path of each problem; the others load', () => {
    const noKpis = { ...run, id: 'run:bad:1', name: '坏记录 Broken', result: { ...run.result, kpis: 'lost' } };
    const noFlag = { ...run, id: 'run:bad:2' } as Partial<RunRecord>;
    delete noFlag.cancelled;
    const badOutlet = { ...run, id: 'run:bad:3', result: { ...run.result, outlets: [{ ...run.result.outlets[0], open: 'yes' }] } };
    const sorted = sortRuns([at(noKpis), at(run), at(noFlag, 'run:bad:2'), at(badOutlet), at(null, 'run:bad:4')]);
    expect(sorted.good.map((r) => r.id)).toEqual(['run:m1:0']);
    expect(sorted.bad.map((b) => [b.key, b.label, b.store])).toEqual([
      ['run:bad:1', '坏记录 Broken', 'runs'], ['run:bad:2', '默认情景 Default', 'runs'], ['run:bad:3', '默认情景 Default', 'runs'], ['run:bad:4', 'run:bad:4', 'runs'],
    ]);
    const first = (i: number) => issueProblems('en', sorted.bad[i].issues)[0];
    expect(first(0)).toEqual({ path: '$.result.kpis', message: 'expected an object, got text' });
    expect(first(1)).toEqual({ path: '$.cancelled', message: 'expected true or false, got nothing' });
    expect(first(2)).toEqual({ path: '$.result.outlets[0].open', message: 'expected true or false, got text' });
    expect(first(3)).toEqual({ path: '$', message: 'expected an object, got an empty value' });
  });
});

describe('stored scenarios', () => {
  const entry = { id: 'user:m1', source: 'user', json: { name: '我的 Mine', simulation: { months: 12 } }, updatedAt: 1_764_000_000_000 };

  test('a draft that breaks the scenario schema is the user’s work in progress: it loads', () => {
    const editing = { ...entry, id: 'user:m2', json: { name: 'half-edited', simulation: { months: 0 } } };
    expect(sortScenarios([at(entry), at(editing)])).toEqual({ good: [entry, editing], bad: [] });
  });

  test('a record that is not a user scenario is set aside', () => {
    const bundledId = { ...entry, id: 'bundled:default' };
    const notJson = { ...entry, id: 'user:m3', json: { name: 'dated', when: new Date(0) } };
    const noTime = { id: 'user:m4', source: 'user', json: {} };
    const sorted = sortScenarios([at(bundledId), at(entry), at(notJson), at(noTime)]);
    expect(sorted.good).toEqual([entry]);
    expect(sorted.bad.map((b) => b.label)).toEqual(['我的 Mine', 'dated', 'user:m4']);
    expect(sorted.bad.map((b) => issueProblems('en', b.issues)[0])).toEqual([
      { path: '$.id', message: 'expected text starting with “user:”' },
      { path: '$.json', message: 'expected JSON data' },
      { path: '$.updatedAt', message: 'expected a number, got nothing' },
    ]);
  });
});

describe('stored settings', () => {
  test('known settings are checked, unknown ones left alone', () => {
    const sorted = sortSettings([at('user:m1', 'activeId'), at('fr', 'locale'), at({ x: 1 }, 'somethingLater')]);
    expect(sorted.good).toEqual({ activeId: 'user:m1' });
    expect(sorted.bad.map((b) => [b.key, b.store])).toEqual([['locale', 'settings']]);
    expect(issueProblems('en', sorted.bad[0].issues)).toEqual([{ path: '$', message: 'expected "zh-CN" | "en"' }]);
  });

  test('problems read in Chinese with no English words left', () => {
    const bad = [...sortSettings([at(42, 'activeId')]).bad, ...sortRuns([at({ ...run, cancelled: 'no' })]).bad, ...sortScenarios([at({ id: 'x', source: 'user', json: {}, updatedAt: 0 })]).bad];
    const messages = bad.flatMap((b) => issueProblems('zh-CN', b.issues)).map((p) => p.message);
    expect(messages).toEqual(['应为文本，实际为数值', '应为是/否（布尔值），实际为文本', '应为以“user:”开头的文本']);
  });
});
