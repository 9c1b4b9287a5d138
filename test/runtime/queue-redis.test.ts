/**
 * Experiments on a BullMQ queue with a real redis-server on a loopback port and real
 * `channel-lab worker` processes: the same CSV as locally, every replication delivered once even
 * when a worker is killed mid-job, failures reported with seed and replication, detach and
 * re-attach, and an unreachable URL refused at once.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/experiment/csv.ts';
import { cachedRunner, createReplicationCache } from '../../src/runtime/cache.ts';
import { createQueuePool, type QueuePool } from '../../src/runtime/pool.queue.ts';
import { createPool, inProcessFactory, ReplicationError, type Task } from '../../src/experiment/pool.ts';
import { serveQueue, type Server } from '../../src/runtime/queue-worker.ts';
import { sweep } from '../../src/experiment/runner.ts';
import { modelVersion } from '../../src/runtime/version.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { loadScenarioFile } from '../../src/cli/scenario-file.ts';
import { fakeRun } from '../fixtures/fake-result.ts';
import { ROOT, cli, freePort, startRedis, stopAll, type Child } from '../helpers/processes.ts';

const SCENARIO = join(ROOT, 'scenarios/default.json');
// Small: 2 points × 2 replications of a tenth of a second or so each.
const SMALL = ['--set', 'levers.diversion.floorGuide=0.1,0.5', '--customers', '2000', '--months', '2', '--replications', '2'];
// Larger jobs (a second or more each), so that a worker can be killed in the middle of one.
const KILL = { floorGuide: [0.1, 0.3, 0.5], customers: 8000, months: 4, replications: 2 };

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-queue-'));
let redis: Awaited<ReturnType<typeof startRedis>>;
let workers: Child[] = [];
let localSmall: Child;
let localKill: Child;

beforeAll(async () => {
  redis = await startRedis();
  // Two worker processes with a short stall timeout, and the local reference sweeps alongside.
  workers = [1, 2].map(() => cli('worker', '--queue', redis.url, '--concurrency', '1', '--stalled-after', '2', '--verbose'));
  localSmall = cli('sweep', SCENARIO, ...SMALL, '--workers', '1', '--out', join(dir, 'local-small', 'out'));
  localKill = cli('sweep', SCENARIO, '--set', `levers.diversion.floorGuide=${KILL.floorGuide.join(',')}`, '--customers', String(KILL.customers),
    '--months', String(KILL.months), '--replications', String(KILL.replications), '--workers', '1', '--out', join(dir, 'local-kill', 'out'));
  await Promise.all(workers.map((w) => w.waitFor(/serving queue/, 30_000)));
}, 60_000);

afterAll(async () => {
  await stopAll(); // workers, submitters, redis-server: none survives, pass or fail
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

const doneLines = (w: Child) => w.stderr().split('\n').filter((l) => /: done [0-9a-f]{12}:/.test(l));

describe('channel-lab sweep --queue with two worker processes', () => {
  it('writes the same sweep.csv as the local sweep with the same seed', async () => {
    const queued = cli('sweep', SCENARIO, ...SMALL, '--queue', redis.url, '--out', join(dir, 'queued-small', 'out'));
    expect(await queued.exited).toBe(0);
    expect(await localSmall.exited).toBe(0);
    expect(queued.stderr()).toMatch(/^channel-lab: experiment (e[0-9a-f]{11}) on redis:\/\/127\.0\.0\.1:\d+ \(queue replications-[0-9a-f]{12}\); Ctrl-C detaches, the same command with --attach \1 re-attaches\nchannel-lab: experiment \1: 4 replications as 4 jobs\n/m);
    const csv = readFileSync(join(dir, 'queued-small', 'out', 'sweep.csv'), 'utf8');
    expect(csv).toBe(readFileSync(join(dir, 'local-small', 'out', 'sweep.csv'), 'utf8'));
    // Each of the 4 jobs ran once, on one worker or the other, and the submitter stored each result.
    expect(workers.flatMap(doneLines)).toHaveLength(4);
    expect(readdirSync(join(dir, 'queued-small', '.channel-lab-cache'), { recursive: true }).filter((f) => String(f).endsWith('.json.gz'))).toHaveLength(4);
  }, 60_000);

  it('delivers every replication exactly once and the same numbers when a worker is killed mid-job', async () => {
    const base = loadScenarioFile(SCENARIO, { customers: KILL.customers, months: KILL.months, replications: KILL.replications });
    const pool = await createQueuePool({ url: redis.url, model: modelVersion(), size: 2, sweepMs: 500, log: () => {} });
    const deliveries = new Map<number, number>();
    // Count deliveries per task on their way from the queue to the sweep.
    const counting = {
      size: pool.size,
      run: (tasks: readonly Task[], opts: Parameters<QueuePool['run']>[1] = {}) => pool.run(tasks, {
        ...opts,
        onResult: (i, r) => { deliveries.set(i, (deliveries.get(i) ?? 0) + 1); opts.onResult?.(i, r); },
      }),
    };
    const [victim, survivor] = workers;
    const before = doneLines(survivor).length;
    try {
      const running = sweep(base, { pool: counting, grid: [{ path: 'levers.diversion.floorGuide', values: KILL.floorGuide }] });
      // The victim has started a job it will not finish.
      const started = victim.stderr().length;
      await victim.waitFor(/: start [0-9a-f]{12}:/, 30_000, started);
      const job = /: start ([0-9a-f]{12}):/.exec(victim.stderr().slice(started))![1];
      victim.process.kill('SIGKILL');
      const result = await running;
      expect(await localKill.exited).toBe(0);
      expect(toCsv(result.columns, result.rows)).toBe(readFileSync(join(dir, 'local-kill', 'out', 'sweep.csv'), 'utf8'));
      const tasks = KILL.floorGuide.length * KILL.replications;
      expect([...deliveries.keys()].sort()).toEqual(Array.from({ length: tasks }, (_, i) => i));
      expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
      // The killed worker's job was taken back from the dead worker and done by the other one.
      expect(doneLines(survivor).slice(before).join('\n')).toContain(`done ${job}:`);
    } finally {
      await pool.close();
    }
  }, 90_000);

  it('exits 2 with one line when the --queue URL cannot be reached', async () => {
    const port = await freePort(); // nobody listens there
    const started = Date.now();
    const r = cli('run', SCENARIO, '--customers', '1000', '--months', '1', '--queue', `redis://127.0.0.1:${port}`, '--out', join(dir, 'nowhere'));
    expect(await r.exited).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.stderr()).toBe(`channel-lab: --queue: expected Redis answering at redis://127.0.0.1:${port}, got connection refused\n`);
    const bad = cli('worker', '--queue', 'http://127.0.0.1:6379');
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toBe('channel-lab: --queue: expected redis://HOST:PORT, got "http://127.0.0.1:6379" (the scheme http)\n');
  }, 30_000);
});

describe('the queue pool with an in-process worker (fake replications)', () => {
  // A model of its own, so that these jobs go to a queue that the worker processes above do not serve.
  const model = `${modelVersion()}-test-fake`;
  const scenario = resolveScenario({ simulation: { months: 3, seed: 42 } });
  const tasks = (n: number): Task[] => Array.from({ length: n }, (_, r) => ({ scenario, replication: r }));
  let server: Server | undefined;
  afterAll(async () => server?.close(true));

  async function serve(run: (s: typeof scenario, r: number) => ReturnType<typeof fakeRun>): Promise<Server> {
    await server?.close(true);
    const fake = createPool({ factory: inProcessFactory({ runReplication: run }), size: 2 });
    server = await serveQueue({ url: redis.url, model, concurrency: 2, pool: fake, stalledAfterS: 2, log: () => {} });
    return server;
  }

  it('reports a job that failed every attempt with its seed and replication; stop or continue as asked', async () => {
    await serve((s, r) => {
      if (r === 1) throw new Error('engine exploded');
      return fakeRun(s, r);
    });
    const pool = await createQueuePool({ url: redis.url, model, size: 2, attempts: 2, sweepMs: 500, log: () => {} });
    try {
      const told: string[] = [];
      const batch = await pool.run(tasks(3), { onFailure: 'continue', onReplicationError: (e) => told.push(e.message) });
      expect(batch.results.map((r) => r?.replication)).toEqual([0, undefined, 2]);
      expect(batch.failures).toEqual([{ task: 1, replication: 1, seed: 42, message: expect.stringContaining('engine exploded') }]);
      expect(told).toEqual([expect.stringMatching(/^replication 1 \(seed 42\) failed: .*engine exploded/)]);
      const stopped = await pool.run(tasks(3).map((t) => ({ ...t, replication: t.replication + 10 })).concat(tasks(2)), { onFailure: 'stop' }).catch((e: unknown) => e);
      expect(stopped).toBeInstanceOf(ReplicationError);
      expect((stopped as ReplicationError).message).toMatch(/^replication 1 \(seed 42\) failed: .*engine exploded/);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('detaches on cancel, leaving the jobs to the workers, and re-attaches by id without computing anything twice', async () => {
    const computed = new Map<number, number>();
    await serve((s, r) => {
      computed.set(r, (computed.get(r) ?? 0) + 1);
      const until = Date.now() + 150; // a replication takes 150 ms
      while (Date.now() < until);
      return fakeRun(s, r);
    });
    const lines: string[] = [];
    // As the CLI does: results collected go to the local cache, which a re-attach reads.
    const cache = createReplicationCache(join(dir, 'attach-cache'));
    const cached = async (attach: string | undefined) => {
      const queue = await createQueuePool({ url: redis.url, model, size: 2, attach, sweepMs: 300, log: (l) => lines.push(l) });
      return cachedRunner(queue, { cache, model, read: attach !== undefined, beforeBatch: (tasks) => queue.identify(tasks) });
    };
    const first = await cached(undefined);
    const abort = new AbortController();
    let id: string | undefined;
    try {
      const batch = await first.run(tasks(12).map((t) => ({ ...t, replication: t.replication + 100 })), {
        signal: abort.signal,
        onResult: () => abort.abort(),
      });
      expect(batch.cancelled).toBe(true);
      expect(batch.results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
      expect(batch.results.filter(Boolean).length).toBeLessThan(12);
      id = lines.map((l) => /^experiment (e[0-9a-f]{11}) on redis:/.exec(l)?.[1]).find(Boolean);
      expect(id).toBeDefined();
      expect(lines.join('\n')).toMatch(new RegExp(`experiment ${id}: detached; \\d+ jobs? stays? with the workers; re-attach with the same command and --attach ${id}`));
    } finally {
      await first.close();
    }
    const again = await cached(id);
    try {
      const seen = new Map<number, number>();
      const batch = await again.run(tasks(12).map((t) => ({ ...t, replication: t.replication + 100 })), {
        onResult: (i) => seen.set(i, (seen.get(i) ?? 0) + 1),
      });
      expect(batch.results.map((r) => r?.replication)).toEqual(Array.from({ length: 12 }, (_, i) => 100 + i));
      expect([...seen.values()]).toEqual(new Array(12).fill(1));
      expect(again.counts.hits).toBeGreaterThanOrEqual(1); // collected before the detach, read back from the cache
      expect([...computed.values()].every((n) => n === 1)).toBe(true);
      expect(computed.size).toBe(12);
      expect(lines.join('\n')).toContain(`experiment ${id}: re-attached`);
    } finally {
      await again.close();
    }
    const wrong = await createQueuePool({ url: redis.url, model, size: 2, attach: 'e00000000000', log: () => {} });
    try {
      await expect(wrong.run(tasks(2))).rejects.toThrow(/^expected this command's experiment e[0-9a-f]{11} \(.*\), got e00000000000$/);
    } finally {
      await wrong.close();
    }
  }, 30_000);
});
