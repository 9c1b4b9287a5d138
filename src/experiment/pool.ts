/**
 * A pool of workers that run replications in parallel, the same in Node (worker_threads,
 * pool.node.ts) and in the browser (Web Workers, pool.browser.ts): this file holds the scheduling
 * and imports neither, so both sides share it.
 *
 * - Results come back in task order, so aggregates do not depend on the number of workers (each
 *   replication's random stream derives from (seed, replication) alone).
 * - Progress is counted in replication-months: the worker reports every simulated month, with
 *   that month's KPI values (provisional figures while the run is on: provisional.ts).
 * - Cancel (an AbortSignal) terminates the busy workers at once and returns the replications
 *   that finished; the batch says it was cancelled.
 * - A replication that throws is reported as `replication 3 (seed 42) failed: …`; its worker is
 *   terminated and replaced, and the batch stops or goes on as the caller chose.
 * - Before a batch starts, its memory is estimated and the batch refused when over the caller's limit.
 */
import { outletIds, type Scenario } from '../model/scenario.ts';
import { AGENT_BYTES, footprint } from '../model/limits.ts';
import { BYTES_PER_CUSTOMER as BYTES_PER_CUSTOMER_STATE } from '../model/customers.ts';
import type { ReplicationResult } from '../model/types.ts';
import { invalid } from './errors.ts';
import type { MonthKpis } from './provisional.ts';

/** What a worker module exposes (workers/replication.api.ts). */
export interface ReplicationApi {
  runReplication(scenario: Scenario, replication: number, onMonth?: OnMonth): ReplicationResult | Promise<ReplicationResult>;
}

/** Told after each simulated month (1-based), with the month's KPI values where the worker sends them. */
export type OnMonth = (month: number, kpis?: MonthKpis) => void;

/** One live worker as the pool sees it. */
export interface WorkerHandle {
  /** run one replication; onMonth is called after each simulated month */
  run(scenario: Scenario, replication: number, onMonth: OnMonth): Promise<ReplicationResult>;
  /** settles when the worker dies by itself (crash, out of memory), with the reason */
  readonly exited: Promise<Error>;
  /** stop the worker now, whatever it is doing */
  terminate(): Promise<void>;
}

/** Starts workers of one kind. */
export interface WorkerFactory {
  spawn(): WorkerHandle;
  /** pool size when the caller does not choose: the cores */
  defaultSize: number;
  /** threads (each with a whole copy of the model) one worker runs a replication on; default 1 */
  threadsPerWorker?: number;
}

/** One replication to run. */
export interface Task {
  scenario: Scenario;
  replication: number;
}

export interface Progress {
  /** replication-months simulated so far */
  monthsDone: number;
  monthsTotal: number;
  replicationsDone: number;
  replicationsTotal: number;
  /**
   * replications on a worker now, by replication index, with the months they have simulated (0
   * while the worker builds the region and its customers, which takes a minute for millions)
   */
  running?: Array<{ replication: number; month: number }>;
  /** jobs of this batch by state, when a queue runs it (pool.queue.ts) */
  queue?: { waiting: number; active: number; completed: number; failed: number };
}

export type OnFailure = 'stop' | 'continue';

export interface BatchOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** what a failed replication does to the rest: 'stop' (default) throws, 'continue' records it */
  onFailure?: OnFailure;
  /** told of each failed replication as it happens (also in 'continue' mode) */
  onReplicationError?: (error: ReplicationError) => void;
  /** told of each finished replication as it arrives (before the batch ends), by task index */
  onResult?: (task: number, result: ReplicationResult) => void;
  /** told of each month a worker simulated, with its KPI values (workers that send them) */
  onMonth?: (task: Task, month: number, kpis: MonthKpis) => void;
}

/** A failed replication, by its index in the tasks. */
export interface TaskFailure {
  task: number;
  replication: number;
  seed: number;
  message: string;
}

export interface Batch {
  /** one entry per task, in task order; undefined where it failed or was cancelled */
  results: Array<ReplicationResult | undefined>;
  failures: TaskFailure[];
  /** the signal fired before every task finished */
  cancelled: boolean;
}

/** Runs batches of replications; the pool below, or anything else that keeps the same promise. */
export interface ReplicationRunner {
  readonly size: number;
  run(tasks: readonly Task[], options?: BatchOptions): Promise<Batch>;
}

export interface Pool extends ReplicationRunner {
  /** workers alive now */
  readonly live: number;
  /** terminate every worker; the pool may be used again afterwards (workers start on demand) */
  close(): Promise<void>;
}

export interface PoolOptions {
  factory: WorkerFactory;
  /** number of workers (default: factory.defaultSize) */
  size?: number;
  /** refuse batches whose estimate (estimateMemoryBytes) exceeds this many bytes */
  memoryLimitBytes?: number;
}

/** A replication that threw: names the replication index and the seed that reproduce it. */
export class ReplicationError extends Error {
  readonly replication: number;
  readonly seed: number;
  /** replications of the batch that did finish (task order) */
  readonly batch?: Batch;
  constructor(replication: number, seed: number, cause: unknown, batch?: Batch) {
    super(`replication ${replication} (seed ${seed}) failed: ${messageOf(cause)}`, { cause });
    this.name = 'ReplicationError';
    this.replication = replication;
    this.seed = seed;
    this.batch = batch;
  }
}

/** An experiment cancelled before any replication finished: nothing to report. */
export class AbortedError extends Error {
  constructor(message = 'cancelled before any replication finished') {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * Memory budget per customer of one replication in flight, in bytes: the engine keeps customers
 * as struct-of-arrays typed arrays and targets at most 64 B a customer in all, the customer state
 * itself (src/model/customers.ts) plus event buffers and room for new lines.
 */
export const BYTES_PER_CUSTOMER = AGENT_BYTES;

/**
 * Fixed cost of one worker besides its customers, in bytes: a JavaScript isolate with the engine
 * loaded, the region grid and outlet tables (measured at 10–20 MB in Node 20 and Chromium).
 */
export const WORKER_OVERHEAD_BYTES = 24 * 1024 * 1024;

/**
 * Estimated memory of a batch: (BYTES_PER_CUSTOMER × customers + otherBytes + WORKER_OVERHEAD_BYTES)
 * × replications in flight, where customers are the agents simulated at their peak and otherBytes
 * the rest of a replication (queues, grid, outlets: src/model/limits.ts).
 */
export function estimateMemoryBytes(customers: number, inFlight: number, otherBytes = 0): number {
  return (BYTES_PER_CUSTOMER * customers + otherBytes + WORKER_OVERHEAD_BYTES) * inFlight;
}

/**
 * Refuse a batch that would not fit in limitBytes, saying how many replications in flight would
 * (a problem of the workers), or how many customers one replication may have (of the customers).
 * @throws {ExperimentError} naming customers, replications in flight, the estimate and the limit
 */
export function checkMemory(customers: number, inFlight: number, limitBytes: number, otherBytes = 0): void {
  const needBytes = estimateMemoryBytes(customers, inFlight, otherBytes);
  if (needBytes <= limitBytes) return;
  const fits = Math.floor(limitBytes / estimateMemoryBytes(customers, 1, otherBytes));
  if (fits < 1) {
    throw invalid('customers', 'tooManyCustomers', { customers, maxCustomers: Math.max(0, Math.floor((limitBytes - WORKER_OVERHEAD_BYTES - otherBytes) / BYTES_PER_CUSTOMER)), limitBytes });
  }
  throw invalid('workers', 'tooManyInFlight', { customers, inFlight, fits, needBytes, limitBytes, customerBytes: BYTES_PER_CUSTOMER, workerBytes: WORKER_OVERHEAD_BYTES });
}

/**
 * The largest replication of a batch by src/model/limits.ts's estimate: customer agents at their
 * peak and the rest (queue arrivals, grid, outlets), each scenario estimated once.
 */
export function largestFootprint(tasks: readonly Task[]): { customers: number; otherBytes: number } {
  let best = { customers: 0, otherBytes: 0, bytes: -1 };
  const seen = new Set<Scenario>();
  for (const { scenario } of tasks) {
    if (seen.has(scenario)) continue;
    seen.add(scenario);
    const f = footprint(scenario, outletIds(scenario).length);
    const rest = f.bytes - f.peakAgents * BYTES_PER_CUSTOMER;
    if (f.bytes > best.bytes) best = { customers: f.peakAgents, otherBytes: rest, bytes: f.bytes };
  }
  return { customers: best.customers, otherBytes: best.otherBytes };
}

/** A pool of `size` workers from `factory`, started on demand and reused across batches. */
export function createPool(options: PoolOptions): Pool {
  const { factory } = options;
  const size = options.size ?? factory.defaultSize;
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`createPool requires a size of at least 1, got ${size}`);
  const idle: WorkerHandle[] = [];
  const all = new Set<WorkerHandle>();
  const waiting: Array<(w: WorkerHandle) => void> = [];
  // Why each worker died, once it has; and who to tell while it runs a task. One listener a worker
  // (not one a task), so long sweeps do not pile reactions onto the pending `exited` promise.
  const died = new Map<WorkerHandle, Error>();
  const onDeath = new Map<WorkerHandle, (error: Error) => void>();

  function spawn(): WorkerHandle {
    const w = factory.spawn();
    all.add(w);
    void w.exited.then((error) => {
      if (!all.has(w)) return; // terminated on purpose
      died.set(w, error);
      onDeath.get(w)?.(error);
    });
    return w;
  }

  // A worker for one task: an idle one, a new one while under size, or the next one released.
  function acquire(): Promise<WorkerHandle> {
    const w = idle.pop();
    if (w) return Promise.resolve(w);
    if (all.size < size) return Promise.resolve(spawn());
    return new Promise((resolve) => waiting.push(resolve));
  }

  // One task on one worker: its result, its error, or the worker's death, whichever comes first.
  type Outcome = { kind: 'done'; value: ReplicationResult } | { kind: 'failed'; error: unknown };
  function runOn(w: WorkerHandle, task: Task, onMonth: OnMonth): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const dead = died.get(w);
      if (dead) return resolve({ kind: 'failed', error: dead });
      onDeath.set(w, (error) => resolve({ kind: 'failed', error }));
      w.run(task.scenario, task.replication, onMonth).then(
        (value) => resolve({ kind: 'done', value }),
        (error: unknown) => resolve({ kind: 'failed', error }),
      );
    }).finally(() => onDeath.delete(w));
  }

  function release(w: WorkerHandle): void {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  }

  // Terminate a worker and let a waiter start a replacement in its place.
  async function discard(w: WorkerHandle): Promise<void> {
    all.delete(w);
    died.delete(w);
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
    await w.terminate();
    const next = waiting.shift();
    if (next) void acquire().then(next);
  }

  async function run(tasks: readonly Task[], opts: BatchOptions = {}): Promise<Batch> {
    const onFailure = opts.onFailure ?? 'stop';
    const results: Array<ReplicationResult | undefined> = new Array(tasks.length).fill(undefined);
    const failures: TaskFailure[] = [];
    if (tasks.length === 0) return { results, failures, cancelled: false };
    const inFlight = Math.min(size, tasks.length);
    // before any worker starts, so nothing is allocated for a batch that cannot fit
    if (options.memoryLimitBytes !== undefined) {
      const largest = largestFootprint(tasks);
      // a replication on T threads: T whole models, and each thread's two outboxes, of which its
      // own blocks' slots are written (blocks.ts Outbox): one customer state a customer in all
      const threads = factory.threadsPerWorker ?? 1;
      const outboxes = threads > 1 ? largest.customers * BYTES_PER_CUSTOMER_STATE : 0;
      checkMemory(largest.customers, inFlight * threads, options.memoryLimitBytes, largest.otherBytes + outboxes / threads);
    }

    const monthsDone = new Array<number>(tasks.length).fill(0);
    const monthsTotal = tasks.reduce((a, t) => a + t.scenario.simulation.months, 0);
    let monthsSum = 0;
    let replicationsDone = 0;
    // Tasks on a worker now, in the order they started.
    const busy = new Set<number>();
    const report = () => opts.onProgress?.({
      monthsDone: monthsSum, monthsTotal, replicationsDone, replicationsTotal: tasks.length,
      running: [...busy].map((i) => ({ replication: tasks[i].replication, month: monthsDone[i] })),
    });
    const advance = (i: number, month: number) => {
      const m = Math.min(month, tasks[i].scenario.simulation.months);
      if (m <= monthsDone[i]) return;
      monthsSum += m - monthsDone[i];
      monthsDone[i] = m;
      report();
    };

    // `stop` settles when the batch must end early: the caller's signal, or a failure in 'stop' mode.
    let stopping: 'cancel' | 'failure' | null = null;
    let firstError: ReplicationError | undefined;
    let stopNow!: () => void;
    const stop = new Promise<'stop'>((resolve) => (stopNow = () => resolve('stop')));
    const onAbort = () => {
      stopping ??= 'cancel';
      stopNow();
    };
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    let next = 0;
    const lane = async () => {
      while (!stopping && next < tasks.length) {
        const i = next++;
        const task = tasks[i];
        const acquiring = acquire();
        const w = await Promise.race([acquiring, stop]);
        if (w === 'stop') {
          // The worker promised to us may still arrive: hand it back when it does.
          void acquiring.then(release);
          return;
        }
        if (stopping) {
          release(w);
          return;
        }
        busy.add(i);
        report();
        const onMonth: OnMonth = (m, kpis) => {
          advance(i, m);
          if (kpis) opts.onMonth?.(task, m, kpis);
        };
        const outcome = await Promise.race([runOn(w, task, onMonth), stop]);
        busy.delete(i);
        if (outcome === 'stop') {
          await discard(w);
          return;
        }
        if (outcome.kind === 'done') {
          results[i] = outcome.value;
          opts.onResult?.(i, outcome.value);
          advance(i, task.scenario.simulation.months);
          replicationsDone++;
          report();
          release(w);
          continue;
        }
        const seed = task.scenario.simulation.seed;
        const error = new ReplicationError(task.replication, seed, outcome.error);
        failures.push({ task: i, replication: task.replication, seed, message: messageOf(outcome.error) });
        opts.onReplicationError?.(error);
        await discard(w);
        if (onFailure === 'stop') {
          if (!stopping) {
            stopping = 'failure';
            firstError = error;
            stopNow();
          }
          return;
        }
        advance(i, task.scenario.simulation.months);
      }
    };
    try {
      await Promise.all(Array.from({ length: inFlight }, lane));
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
    // Cancel leaves no worker behind: the busy ones were terminated above, the idle ones go now.
    if (stopping === 'cancel') await Promise.all(idle.splice(0).map((w) => discard(w)));
    const batch: Batch = { results, failures, cancelled: stopping === 'cancel' };
    if (stopping === 'failure' && firstError) throw new ReplicationError(firstError.replication, firstError.seed, firstError.cause, batch);
    return batch;
  }

  return {
    size,
    get live() {
      return all.size;
    },
    run,
    async close() {
      const workers = [...all];
      all.clear();
      died.clear();
      idle.length = 0;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Workers that are not workers: replications run on the calling thread, one at a time. For tests
 * and tiny runs; cancel takes effect between replications only, since nothing can interrupt a
 * synchronous run.
 */
export function inProcessFactory(api: ReplicationApi): WorkerFactory {
  return {
    defaultSize: 1,
    spawn() {
      return {
        run: async (scenario, replication, onMonth) => {
          await Promise.resolve(); // let an abort already queued take effect first
          return api.runReplication(scenario, replication, onMonth);
        },
        exited: new Promise<Error>(() => {}),
        terminate: async () => {},
      };
    },
  };
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
