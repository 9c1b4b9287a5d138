import { describe, expect, test } from 'vitest';
import { comparable, runSizeOf, type RunSize } from '../../src/experiment/comparable.ts';

const size = (patch: Partial<RunSize> = {}): RunSize => ({ customers: 100_000, agents: 2_000, months: 2, replications: 3, seed: 42, replicationIds: [0, 1, 2], modelVersion: '0.1.0+m1', ...patch });

describe('comparable: why two runs cannot be compared fairly', () => {
  test('runs alike in every respect have no problem', () => {
    expect(comparable(size(), size())).toEqual([]);
  });

  test('2 months × 2,000 agents against 12 months × 20,000 agents: two problems, with both values', () => {
    expect(comparable(size(), size({ months: 12, agents: 20_000 }))).toEqual([
      { code: 'agents', base: 2_000, other: 20_000 },
      { code: 'months', base: 2, other: 12 },
    ]);
  });

  test('subscribers, seed and model version each count', () => {
    expect(comparable(size(), size({ customers: 50_000, seed: 7, modelVersion: '0.2.0+m2' })).map((p) => p.code)).toEqual(['customers', 'seed', 'modelVersion']);
  });

  test('a model version counts only when both runs recorded one', () => {
    expect(comparable(size({ modelVersion: null }), size({ modelVersion: '9.9.9' }))).toEqual([]);
    expect(comparable(size({ modelVersion: undefined }), size())).toEqual([]);
  });

  test('different replication counts say how many pair on the same seed', () => {
    expect(comparable(size({ replications: 10, replicationIds: [...Array(10).keys()] }), size())).toEqual([
      { code: 'replications', base: 10, other: 3, common: 3 },
    ]);
    // on other seeds nothing pairs: the common count would mislead
    expect(comparable(size({ replications: 10, replicationIds: [...Array(10).keys()] }), size({ seed: 1 }))[0]).toEqual({ code: 'replications', base: 10, other: 3 });
  });

  test('as many replications, but other indices (a cancelled run resumed): the seed policy differs', () => {
    expect(comparable(size({ replicationIds: [0, 1, 2] }), size({ replicationIds: [0, 1, 4] }))).toEqual([
      { code: 'seedPolicy', base: '0–2', other: '0, 1, 4', common: 2 },
    ]);
  });

  test('runSizeOf reads a result.json object: replications done, not asked for', () => {
    const r = { customers: 100_000, agents: 800, months: 3, replicationsDone: 2, seed: 42 };
    expect(runSizeOf(r, { modelVersion: 'v' })).toEqual({ customers: 100_000, agents: 800, months: 3, replications: 2, seed: 42, modelVersion: 'v' });
  });
});
