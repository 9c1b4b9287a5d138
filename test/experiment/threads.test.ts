/**
 * The pool's choice of threads per replication (src/experiment/threads.ts threadsFor,
 * adaptivePool), with stand-in pools that record what they were given: the real threads are
 * tested in test/cli/threads.test.ts and test/browser/first-kpi.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { adaptivePool, AUTO_THREADS_MIN_AGENTS, AUTO_THREADS_MIN_WORKERS, blocksOf, MAX_THREADS, threadsFor } from '../../src/experiment/threads.ts';
import { invalid } from '../../src/experiment/errors.ts';
import type { Batch, Pool, Task } from '../../src/experiment/pool.ts';
import { resolveScenario } from '../../src/model/validate.ts';

const tasks = (n: number, agents: number): Task[] => {
  const scenario = resolveScenario({ simulation: { customers: agents, months: 1 } });
  return Array.from({ length: n }, (_, replication) => ({ scenario, replication }));
};

function standIn(name: string, log: string[], refuse = false): Pool {
  return {
    size: 1, live: 0,
    run: async (t) => {
      if (refuse) throw invalid('workers', 'tooManyInFlight', { customers: 1, inFlight: 2, fits: 1, needBytes: 2, limitBytes: 1, customerBytes: 1, workerBytes: 1 });
      log.push(`${name}:${t.length}`);
      return { results: [], failures: [], cancelled: false } satisfies Batch;
    },
    close: async () => {},
  };
}

describe('threads per replication', () => {
  it('threadsFor: as asked; else the workers shared out among fewer, large enough replications', () => {
    expect(threadsFor(tasks(1, 1000), 4, 3)).toBe(3);
    expect(threadsFor(tasks(1, AUTO_THREADS_MIN_AGENTS), 4)).toBe(4);
    expect(threadsFor(tasks(2, AUTO_THREADS_MIN_AGENTS), 5)).toBe(2);
    expect(threadsFor(tasks(1, AUTO_THREADS_MIN_AGENTS - 1), 4)).toBe(1);
    expect(threadsFor(tasks(4, AUTO_THREADS_MIN_AGENTS), 4)).toBe(1);
    expect(threadsFor(tasks(1, AUTO_THREADS_MIN_AGENTS), 64)).toBe(MAX_THREADS);
    // on fewer than 4 workers only when asked
    expect(threadsFor(tasks(1, AUTO_THREADS_MIN_AGENTS), AUTO_THREADS_MIN_WORKERS - 1)).toBe(1);
    expect(threadsFor(tasks(1, AUTO_THREADS_MIN_AGENTS), 2, 2)).toBe(2);
  });

  it('blocksOf: contiguous shares covering every block once', () => {
    for (const T of [1, 2, 3, 5, MAX_THREADS]) {
      const all = Array.from({ length: T }, (_, t) => blocksOf(t, T)).flat();
      expect(all).toEqual(Array.from({ length: MAX_THREADS }, (_, b) => b));
    }
  });

  it('adaptivePool: one-thread batches to the plain pool, split ones to the threads\' pool; unasked threads that would not fit give way to one', async () => {
    const log: string[] = [];
    const pool = adaptivePool({ cores: 4, plain: () => standIn('plain', log), split: (T, w) => standIn(`split${T}x${w}`, log) });
    await pool.run(tasks(6, AUTO_THREADS_MIN_AGENTS));
    await pool.run(tasks(1, AUTO_THREADS_MIN_AGENTS));
    expect(log).toEqual(['plain:6', 'split4x1:1']);
    const tight: string[] = [];
    const refusing = adaptivePool({ cores: 4, plain: () => standIn('plain', tight), split: () => standIn('split', tight, true) });
    await refusing.run(tasks(1, AUTO_THREADS_MIN_AGENTS));
    expect(tight).toEqual(['plain:1']);
    // asked for, the refusal stands
    const asked = adaptivePool({ cores: 4, threads: 2, plain: () => standIn('plain', tight), split: () => standIn('split', tight, true) });
    await expect(asked.run(tasks(1, 1000))).rejects.toThrow(/replications in flight/);
  });
});
