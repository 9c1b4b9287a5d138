import { afterEach, describe, expect, it } from 'vitest';
import { aggregate } from '../../src/experiment/aggregate.ts';
import { createNodePool, nodeWorkerFactory } from '../../src/runtime/pool.node.ts';
import { checkMemory, createPool, estimateMemoryBytes, ReplicationError, type Pool, type Progress, type ReplicationError as RE, type Task, type WorkerFactory } from '../../src/experiment/pool.ts';
import { ExperimentError } from '../../src/experiment/errors.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import type { ReplicationResult } from '../../src/model/types.ts';
import { KPIS } from '../../src/model/kpis.ts';
import type { MonthKpis } from '../../src/experiment/provisional.ts';

// Test-only worker module with fake results, failure injection and slow months: see the fixture.
const FAKE = new URL('../fixtures/fake-replication.node-worker.ts', import.meta.url);

const tasksOf = (scenario: ReturnType<typeof resolveScenario>, n: number): Task[] =>
  Array.from({ length: n }, (_, r) => ({ scenario, replication: r }));

// A factory that remembers every thread it started and when each one exited.
function tracked(factory: WorkerFactory) {
  const exits: Promise<Error>[] = [];
  return {
    exits,
    factory: { defaultSize: factory.defaultSize, spawn: () => { const w = factory.spawn(); exits.push(w.exited); return w; } },
  };
}

const pools: Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});
function keep(p: Pool): Pool {
  pools.push(p);
  return p;
}

describe('worker pool (Node worker_threads)', () => {
  it('gives the same engine results, in replication order, with 1 and with 2 workers', async () => {
    const scenario = resolveScenario({ simulation: { customers: 2000, months: 3, replications: 4, seed: 11 } });
    const outputs: string[] = [];
    for (const workers of [1, 2]) {
      const pool = keep(createNodePool({ workers }));
      const batch = await pool.run(tasksOf(scenario, 4));
      expect(batch.results.map((r) => r?.replication)).toEqual([0, 1, 2, 3]);
      outputs.push(JSON.stringify(aggregate(scenario, batch.results as ReplicationResult[])));
      await pool.close();
    }
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('the engine\'s worker reports each month with that month\'s KPI values, the ones its result holds', async () => {
    const scenario = resolveScenario({ simulation: { customers: 1500, months: 3, replications: 2, seed: 5 } });
    const pool = keep(createNodePool({ workers: 2 }));
    const told: Array<{ replication: number; month: number; kpis: MonthKpis }> = [];
    const batch = await pool.run(tasksOf(scenario, 2), { onMonth: (task, month, kpis) => told.push({ replication: task.replication, month, kpis }) });
    // Months come in order, each once; the last may arrive after the result (its own message port:
    // provisional.ts takes the result's months then), so each replication told 1…k, k ≥ 1.
    for (const r of [0, 1]) {
      const months = told.filter((t) => t.replication === r).map((t) => t.month);
      expect(months.length).toBeGreaterThanOrEqual(1);
      expect(months).toEqual(Array.from({ length: months.length }, (_, i) => i + 1));
    }
    for (const t of told) {
      const r = batch.results[t.replication]!;
      // NaN (a month without data) crosses postMessage as NaN: toEqual treats NaN as equal to NaN
      expect(t.kpis).toEqual(Object.fromEntries(KPIS.map((k) => [k, r.monthly[k][t.month - 1]])));
    }
  });

  it('reports progress as replication-months, ending at replications × months', async () => {
    const scenario = resolveScenario({ simulation: { months: 5 } });
    const pool = keep(createPool({ factory: nodeWorkerFactory({ entry: FAKE }), size: 2 }));
    const seen: number[] = [];
    await pool.run(tasksOf(scenario, 3), { onProgress: (p) => { seen.push(p.monthsDone); expect(p.monthsTotal).toBe(15); } });
    expect(seen.at(-1)).toBe(15);
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1])).toBe(true);
  });

  it('names the replications on a worker with their month, from month 0 while each sets up', async () => {
    const scenario = resolveScenario({ simulation: { months: 3 } });
    const pool = keep(createPool({ factory: nodeWorkerFactory({ entry: FAKE }), size: 2 }));
    const seen: Array<NonNullable<Progress['running']>> = [];
    await pool.run(tasksOf(scenario, 3), { onProgress: (p) => seen.push(p.running ?? []) });
    for (const r of [0, 1, 2]) {
      const first = seen.find((running) => running.some((e) => e.replication === r));
      expect(first?.find((e) => e.replication === r)?.month, `replication ${r}`).toBe(0);
    }
    expect(Math.max(...seen.map((running) => running.length))).toBe(2);
    expect(seen.flat().every((e) => e.month >= 0 && e.month <= 3)).toBe(true);
    expect(seen.at(-1)).toEqual([]);
  });

  it('cancel terminates every worker within a second and returns the finished replications, labelled cancelled', async () => {
    const scenario = resolveScenario({ simulation: { months: 60 } });
    const t = tracked(nodeWorkerFactory({ entry: FAKE, workerData: { monthMs: 50 } })); // 3 s a replication
    const pool = keep(createPool({ factory: t.factory, size: 2 }));
    const abort = new AbortController();
    let abortedAt = 0;
    const run = pool.run(tasksOf(scenario, 4), {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.monthsDone >= 4 && !abortedAt) {
          abortedAt = performance.now();
          abort.abort();
        }
      },
    });
    const batch = await run;
    const stoppedIn = performance.now() - abortedAt;
    expect(batch.cancelled).toBe(true);
    expect(batch.results.every((r) => r === undefined)).toBe(true);
    expect(stoppedIn).toBeLessThan(1000);
    expect(pool.live).toBe(0);
    // Every thread the pool started has exited.
    const exited = await Promise.race([Promise.all(t.exits).then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
    expect(exited).toBe(true);
    expect(t.exits.length).toBe(2);
  });

  it('a failing replication names its index and seed; with onFailure "continue" the pool replaces the worker and goes on', async () => {
    const scenario = resolveScenario({ simulation: { months: 2, seed: 42 } });
    const t = tracked(nodeWorkerFactory({ entry: FAKE, workerData: { failAt: [3], crashAt: [5] } }));
    const pool = keep(createPool({ factory: t.factory, size: 2 }));
    const errors: RE[] = [];
    const batch = await pool.run(tasksOf(scenario, 8), { onFailure: 'continue', onReplicationError: (e) => errors.push(e) });
    const messages = errors.sort((a, b) => a.replication - b.replication).map((e) => e.message);
    expect(messages[0]).toBe('replication 3 (seed 42) failed: injected failure');
    expect(messages[1]).toBe('replication 5 (seed 42) failed: worker exited unexpectedly (code 3)');
    expect(batch.failures.map((f) => [f.replication, f.seed]).sort()).toEqual([[3, 42], [5, 42]]);
    expect(batch.results.map((r) => r?.replication)).toEqual([0, 1, 2, undefined, 4, undefined, 6, 7]);
    expect(batch.cancelled).toBe(false);
    // Two workers, and a fresh one for each failed worker that a task still waits for: the first
    // failure (replication 3) always has tasks behind it; after the crash (replication 5) the two
    // tasks left may already be on the surviving worker, depending on which finishes first.
    expect(t.exits.length).toBeGreaterThanOrEqual(3);
    expect(t.exits.length).toBeLessThanOrEqual(4);
    expect(pool.live).toBe(t.exits.length - 2);
  });

  it('with onFailure "stop" the batch rejects with the replication and seed, and the pool stays usable', async () => {
    const scenario = resolveScenario({ simulation: { months: 2, seed: 7 } });
    const pool = keep(createPool({ factory: nodeWorkerFactory({ entry: FAKE, workerData: { failAt: [1] } }), size: 2 }));
    const err = await pool.run(tasksOf(scenario, 6), { onFailure: 'stop' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplicationError);
    expect((err as ReplicationError).message).toBe('replication 1 (seed 7) failed: injected failure');
    expect((err as ReplicationError).replication).toBe(1);
    expect((err as ReplicationError).seed).toBe(7);
    expect((err as ReplicationError).batch!.results.filter(Boolean).length).toBeLessThan(6);
    const again = await pool.run([{ scenario, replication: 0 }, { scenario, replication: 2 }]);
    expect(again.results.map((r) => r?.replication)).toEqual([0, 2]);
  });
});

describe('memory estimate', () => {
  it('is bytes per customer × customers, plus a worker\'s overhead, per replication in flight', () => {
    expect(estimateMemoryBytes(1_000_000, 4)).toBe(4 * estimateMemoryBytes(1_000_000, 1));
    expect(estimateMemoryBytes(2_000_000, 1) - estimateMemoryBytes(1_000_000, 1)).toBe(64_000_000);
  });

  it('refuses what does not fit with an input error saying how many workers would', () => {
    const limit = estimateMemoryBytes(1_000_000, 3);
    expect(() => checkMemory(1_000_000, 3, limit)).not.toThrow();
    expect(() => checkMemory(1_000_000, 4, limit)).toThrow(ExperimentError);
    expect(() => checkMemory(1_000_000, 4, limit)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ parameter: 'workers', code: 'tooManyInFlight', values: expect.objectContaining({ fits: 3, inFlight: 4 }) })] }));
    expect(() => checkMemory(1_000_000, 4, limit)).toThrow(/^expected at most 3 replications in flight with 1,000,000 customers, within the memory limit of \d+ MB \(64 B a customer \+ 24 MB a worker\), got 4, about \d+ MB$/);
    // 100 MB less a 24 MB worker leaves 76 MB: 1,245,184 customers at 64 B.
    expect(() => checkMemory(20_000_000, 1, 100 * 1024 ** 2)).toThrow(/^expected at most 1,245,184 customers: even one replication must fit in the memory limit of 100 MB, got 20,000,000$/);
  });

  it('the pool refuses a batch over its limit before starting any worker', async () => {
    let spawned = 0;
    const pool = createPool({
      factory: { defaultSize: 4, spawn: () => { spawned++; throw new Error('must not start'); } },
      size: 4,
      memoryLimitBytes: 256 * 1024 ** 2,
    });
    const scenario = resolveScenario({ simulation: { customers: 5_000_000 } });
    await expect(pool.run(tasksOf(scenario, 8))).rejects.toThrow(ExperimentError);
    expect(spawned).toBe(0);
  });
});
