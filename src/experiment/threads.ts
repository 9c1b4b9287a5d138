/**
 * One replication on several threads (docs/ARCHITECTURE.md): every thread holds the whole model
 * and runs the month's serial parts itself; the needs of the month, the hot loop, and the
 * settling after the queue days (completions, churn) are split into the model's blocks
 * (src/model/blocks.ts), thread t serving a contiguous share of them. After its blocks a thread
 * posts what they produced; this coordinator hands each thread the other threads' blocks; every
 * thread merges all blocks in block order and goes on (twice a month). The numbers are therefore
 * those of one thread, whatever the number of threads (up to BLOCKS): each customer draws its own
 * random numbers, and the blocks, not the threads, fix the order of the sums.
 *
 * The thread's side is workers/replication-thread.ts; the Node and browser entries start it, and
 * src/runtime/threads.node.ts and pool.browser.ts spawn it. Messages:
 *   to a thread    { kind: 'start', scenario, replication, thread, threads } · { kind: 'blocks', outputs }
 *   from a thread  { kind: 'ready' } (model built) · { kind: 'blocks', outputs }
 *                  · { kind: 'month', month, kpis, active, events, phaseMs } (thread 0: the month's
 *                  KPIs, customers active at its start, choice events and phase times so far)
 *                  · { kind: 'result', result } (thread 0) · { kind: 'done' } · { kind: 'error', message }
 */
import { BLOCKS, transferables, type BlockOutput } from '../model/blocks.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';
import type { MonthKpis } from './provisional.ts';
import type { Pool, Task, WorkerFactory, WorkerHandle } from './pool.ts';
import { agentsOf } from '../model/scenario.ts';
import { ExperimentError } from './errors.ts';

export type ToThread =
  | { kind: 'start'; scenario: Scenario; replication: number; thread: number; threads: number }
  | { kind: 'blocks'; outputs: BlockOutput[] };
export type FromThread =
  | { kind: 'blocks'; outputs: BlockOutput[] }
  | { kind: 'ready' }
  | { kind: 'month'; month: number; kpis: MonthKpis; active: number; events: number; phaseMs: Record<string, number> }
  | { kind: 'result'; result: ReplicationResult }
  | { kind: 'done' }
  | { kind: 'error'; message: string };

/** The blocks thread t of `threads` serves: a contiguous share, so each thread walks its customers in order. */
export function blocksOf(t: number, threads: number): number[] {
  const lo = Math.floor((t * BLOCKS) / threads), hi = Math.floor(((t + 1) * BLOCKS) / threads);
  return Array.from({ length: hi - lo }, (_, k) => lo + k);
}

/** One thread as the coordinator sees it (a worker_thread or a Web Worker). */
export interface ThreadPort {
  post(message: ToThread, transfer?: ArrayBuffer[]): void;
  /** every message from the thread */
  onMessage(fn: (message: FromThread) => void): void;
  /** settles when the thread dies by itself, with the reason */
  readonly exited: Promise<Error>;
  terminate(): Promise<void>;
}

/** Most threads a replication can use: one per block. */
export const MAX_THREADS = BLOCKS;

/** The messages of thread 0 after each month. */
export type MonthMessage = FromThread & { kind: 'month' };

/** Threads that run replications one at a time (the coordinator's side). */
export interface SplitRunner {
  run(scenario: Scenario, replication: number, onMonth: (m: MonthMessage) => void, onReady?: () => void): Promise<ReplicationResult>;
}

/** A coordinator over `ports`, one per thread. */
export function splitRunner(ports: readonly ThreadPort[]): SplitRunner {
  let current: ((t: number, m: FromThread) => void) | undefined;
  ports.forEach((p, t) => p.onMessage((m) => current?.(t, m)));
  return {
    run: (scenario, replication, onMonth, onReady) => new Promise<ReplicationResult>((resolve, reject) => {
      const T = ports.length;
      let pending: (BlockOutput[] | undefined)[] = new Array(T).fill(undefined), got = 0, done = 0, ready = 0;
      let result: ReplicationResult | undefined;
      const finish = () => {
        if (result && done === T) { current = undefined; resolve(result); }
      };
      current = (t, m) => {
        if (m.kind === 'error') { current = undefined; reject(new Error(m.message)); return; }
        if (m.kind === 'ready') { if (++ready === T) onReady?.(); return; }
        if (m.kind === 'month') { onMonth(m); return; }
        if (m.kind === 'result') { result = m.result; done++; finish(); return; }
        if (m.kind === 'done') { done++; finish(); return; }
        pending[t] = m.outputs;
        if (++got < T) return;
        const all = pending as BlockOutput[][];
        pending = new Array(T).fill(undefined); got = 0;
        ports.forEach((p, u) => {
          const others = all.filter((_, v) => v !== u).flat();
          // with two threads each output has one reader: hand its buffers over instead of copying
          p.post({ kind: 'blocks', outputs: others }, T === 2 ? others.flatMap(transferables) : undefined);
        });
      };
      ports.forEach((p, t) => p.post({ kind: 'start', scenario, replication, thread: t, threads: T }));
    }),
  };
}

/**
 * A pool worker that runs each replication on `threads` threads from `spawnThread` (started on
 * first use, kept for the next replication). For createPool: it runs replications one at a time.
 */
export function threadedFactory(spawnThread: () => ThreadPort, threads: number, defaultSize: number): WorkerFactory {
  if (!(threads >= 1 && threads <= MAX_THREADS)) throw new RangeError(`threads: expected 1–${MAX_THREADS}, got ${threads}`);
  return {
    defaultSize,
    threadsPerWorker: threads,
    spawn(): WorkerHandle {
      const ports = Array.from({ length: threads }, spawnThread), runner = splitRunner(ports);
      return {
        run: (scenario, replication, onMonth) => runner.run(scenario, replication, (m) => onMonth(m.month, m.kpis)),
        exited: Promise.race(ports.map((p) => p.exited)),
        async terminate() {
          await Promise.all(ports.map((p) => p.terminate()));
        },
      };
    },
  };
}

const isMemoryRefusal = (e: unknown): boolean => e instanceof ExperimentError && e.problems.some((p) => p.code === 'tooManyInFlight' || p.code === 'tooManyCustomers');

/** Agents below which a replication stays on one thread: starting threads would cost more than they save. */
export const AUTO_THREADS_MIN_AGENTS = 50_000;

/**
 * Workers below which a replication is not split unasked. Every thread repeats the month's serial
 * parts (about a third of the work), in step with the others, so on 2 cores a replication split in
 * two measured 1.08–1.16× faster (README Speed) for 1.7 times the CPU and 3.6 times the memory.
 */
export const AUTO_THREADS_MIN_WORKERS = 4;

/**
 * Threads per replication for a batch: `threads` when given; otherwise, with 4 workers or more,
 * when the replications are fewer than the workers and large enough, the workers shared out
 * among them (a single big city gets every core). The numbers do not depend on it.
 */
export function threadsFor(tasks: readonly Task[], workers: number, threads?: number): number {
  if (threads !== undefined) return threads;
  if (tasks.length === 0 || tasks.length >= workers || workers < AUTO_THREADS_MIN_WORKERS) return 1;
  if (Math.max(...tasks.map((t) => agentsOf(t.scenario).agents)) < AUTO_THREADS_MIN_AGENTS) return 1;
  return Math.min(MAX_THREADS, Math.floor(workers / tasks.length));
}

/**
 * A pool that runs each batch on the threads threadsFor gives it: one thread per replication in
 * `plain(workers)`, else in `split(threads, workers)` (made on first use, kept), with the workers
 * cut so that workers × threads stays within the cores unless both were given.
 */
export function adaptivePool(o: {
  workers?: number; threads?: number; cores: number;
  plain: (workers?: number) => Pool; split: (threads: number, workers: number) => Pool;
}): Pool {
  const plain = o.plain(o.workers), split = new Map<number, Pool>();
  const pools = () => [plain, ...split.values()];
  return {
    get size() { return plain.size; },
    get live() { return pools().reduce((a, p) => a + p.live, 0); },
    run(tasks, batch) {
      const T = threadsFor(tasks, o.workers ?? o.cores, o.threads);
      if (T === 1) return plain.run(tasks, batch);
      let pool = split.get(T);
      if (!pool) {
        const workers = o.threads !== undefined && o.workers !== undefined ? o.workers : Math.max(1, Math.floor((o.workers ?? o.cores) / T));
        pool = o.split(T, workers);
        split.set(T, pool);
      }
      // threads the caller did not ask for give way to one thread where their copies would not fit
      // in memory (the pool refuses such a batch before starting anything)
      if (o.threads === undefined) return pool.run(tasks, batch).catch((e: unknown) => (isMemoryRefusal(e) ? plain.run(tasks, batch) : Promise.reject(e)));
      return pool.run(tasks, batch);
    },
    async close() {
      await Promise.all(pools().map((p) => p.close()));
    },
  };
}
