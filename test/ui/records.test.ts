import { beforeAll, describe, expect, test } from 'vitest';
import { resumable, type InflightRun, type RunRecord } from '../../src/ui/lib/runs.ts';
import { sortInflight, sortInflightReplications, sortRuns, sortScenarios, sortSettings, type StoredRecord } from '../../src/ui/lib/records.ts';
import { runReplication } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import type { ReplicationResult } from '../../src/model/types.ts';
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

  test('a run with an absent KPI and one from a single replication (ci95 null, with the reason) loads, its window too', () => {
    const kpis = {
      ...run.result.kpis,
      hotlineServiceLevel: { mean: null, sd: null, ci95: null, unit: 'share', absent: 'no data' },
      revenue: { mean: 1, sd: null, ci95: null, unit: 'CNY/month', interval: 'one replication: no interval' },
    };
    const r = stored({ ...run, result: { ...run.result, kpis }, afterChange: { from: 2, to: 3, replications: 1, kpis } });
    expect(sortRuns([at(r)]).bad).toEqual([]);
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

describe('a run in progress', () => {
  // A real run of a small city, its replications as a worker returns them (structured clone, no JSON).
  const scenario = resolveScenario({ simulation: { agents: 300, months: 2, replications: 3, seed: 7 } });
  const inflight: InflightRun = { id: 'run:m5:0', startedAt: 1_764_000_000_000, name: '进行中 Running', entryId: 'bundled:default', replications: 3, scenario };
  let reps: ReplicationResult[];
  beforeAll(() => {
    reps = [0, 1].map((r) => runReplication(scenario, r));
  });
  const kept = (r: ReplicationResult, runId = inflight.id) => ({ key: [runId, r.replication], value: { runId, replication: r.replication, result: r } });

  test('the run and its finished replications load, NaN figures included', () => {
    expect(sortInflight([at(inflight)])).toEqual({ good: [inflight], bad: [] });
    const withNaN = { ...reps[1], run: { ...reps[1].run, storeWaitP90Min: NaN } };
    const sorted = sortInflightReplications([kept(reps[0]), kept(withNaN)]);
    expect(sorted.bad).toEqual([]);
    expect(sorted.good.map((g) => g.replication)).toEqual([0, 1]);
  });

  test('a damaged replication or run is set aside with the JSON path of its problem', () => {
    const noMonthly = kept({ ...reps[0], monthly: 'lost' } as unknown as ReplicationResult);
    const badOutlet = kept({ ...reps[1], outlets: [{ ...reps[1].outlets[0], kind: 'kiosk' }] } as unknown as ReplicationResult);
    const sorted = sortInflightReplications([noMonthly, badOutlet]);
    expect(sorted.good).toEqual([]);
    expect(sorted.bad.map((b) => [b.store, issueProblems('en', b.issues)[0].path])).toEqual([
      ['inflightReplications', '$.result.monthly'], ['inflightReplications', '$.result.outlets[0].kind'],
    ]);
    const bad = sortInflight([at({ ...inflight, replications: 0 })]).bad;
    expect(bad.map((b) => [b.label, issueProblems('en', b.issues)[0].path])).toEqual([['进行中 Running', '$.replications']]);
  });

  test('a resume folds in only this run’s replications, one per index, within its size', () => {
    const stored = [reps[1], reps[0], reps[0]].map((r) => kept(r).value);
    expect(resumable(inflight, stored).map((r) => r.replication)).toEqual([0, 1]);
    // another run's, one beyond the replications asked for, and one of other months are run again
    const other = kept(reps[0], 'run:other:1').value;
    const beyond = { ...kept(reps[1]).value, replication: 5, result: { ...reps[1], replication: 5 } };
    const shorter = { ...kept(reps[1]).value, result: { ...reps[1], months: 1 } };
    expect(resumable(inflight, [other, beyond, shorter])).toEqual([]);
  });
});
