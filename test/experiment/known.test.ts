import { describe, expect, test } from 'vitest';
import { runWithKnown } from '../../src/experiment/known.ts';
import { createPool, inProcessFactory, ReplicationError, type Progress } from '../../src/experiment/pool.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeRun } from '../fixtures/fake-result.ts';

const scenario = resolveScenario({ simulation: { months: 3, replications: 6, seed: 4 } });
const tasks = Array.from({ length: 6 }, (_, replication) => ({ scenario, replication }));

describe('runWithKnown', () => {
  test('known replications are not run again; the batch equals a full one, in task order, progress counting them as done', async () => {
    const ran: number[] = [];
    const pool = createPool({ factory: inProcessFactory({ runReplication: (s, r, onMonth) => { ran.push(r); return fakeRun(s, r, onMonth); } }), size: 1 });
    const full = await pool.run(tasks);
    ran.length = 0;
    const kept = new Map([1, 4].map((r) => [r, full.results[r]!]));
    const computed: number[] = [], told: number[] = [];
    let last: Progress | undefined;
    const batch = await runWithKnown(pool, tasks, { onProgress: (p) => (last = p), onResult: (i) => told.push(i) }, {
      known: (i) => kept.get(tasks[i].replication),
      onComputed: (i) => computed.push(i),
    });
    expect(ran.sort()).toEqual([0, 2, 3, 5]);
    expect(batch.results).toEqual(full.results);
    expect(computed.sort()).toEqual([0, 2, 3, 5]);
    expect(told.slice(0, 2)).toEqual([1, 4]); // the known ones first
    expect(last).toMatchObject({ monthsDone: 18, monthsTotal: 18, replicationsDone: 6, replicationsTotal: 6 });
    await pool.close();
  });

  test('a failure names the caller\'s task, not the inner batch\'s', async () => {
    const pool = createPool({ factory: inProcessFactory({ runReplication: (s, r) => { if (r === 5) throw new Error('boom'); return fakeRun(s, r); } }), size: 1 });
    const kept = new Map([0, 1, 2].map((r) => [r, fakeRun(scenario, r)]));
    const batch = await runWithKnown(pool, tasks, { onFailure: 'continue' }, { known: (i) => kept.get(i) });
    expect(batch.failures.map((f) => [f.task, f.replication])).toEqual([[5, 5]]);
    expect(batch.results.filter((r) => r !== undefined)).toHaveLength(5);
    await expect(runWithKnown(pool, tasks, {}, { known: (i) => kept.get(i) })).rejects.toSatisfy((e) => e instanceof ReplicationError && e.batch!.results[0] === kept.get(0));
    await pool.close();
  });
});
