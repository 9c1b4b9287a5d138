/**
 * A pool whose workers are other processes, on this machine or any other: each replication of a
 * batch becomes a BullMQ job on Redis, served by `channel-lab worker` (queue-worker.ts), and its
 * result comes back through Redis. Same promise as the worker-thread pool (pool.ts): results in
 * task order, so the numbers are those of a local run with the same seed.
 *
 * - Job id = the replication key: a replication is one job however often it is asked for, a
 *   retried job still delivers once, and a batch submitted again (the same command run again, or
 *   --attach) finds the jobs already done, running or waiting and only waits for the rest.
 * - The experiment id (printed at the start) is a digest of the first batch's keys: the same
 *   command gives the same id, and `--attach ID` checks that it is re-attaching to that one.
 * - Progress comes from the queue's events (active, progress, completed, failed, stalled), with a
 *   slow sweep over the jobs' states behind them in case an event was missed.
 * - A job that failed all its attempts is reported with its seed and replication; 'stop' ends the
 *   batch (and withdraws its jobs still waiting), 'continue' leaves it out. A job a worker refused
 *   as bad input (queue-job.ts) ends the batch either way, as an InputError (exit 2).
 * - Cancel (Ctrl-C) detaches: the jobs go on running on the workers, ready for a re-attach.
 */
import { createHash } from 'node:crypto';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import type { Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';
import { invalid } from '../experiment/errors.ts';
import { InputError } from './errors.ts';
import { ReplicationError, type Batch, type BatchOptions, type Pool, type Progress, type Task, type TaskFailure } from '../experiment/pool.ts';
import { decodeResult, encodeValue, replicationKey, scenarioKey } from './replication-key.ts';
import {
  KEY_PREFIX, REFUSED, RETAIN_SECONDS, connectRedis, experimentKey, queueName, resultKey, scenarioStoreKey, workerTags, type JobData,
} from './queue-redis.ts';
import { modelTag } from './version.ts';

export interface QueuePoolOptions {
  /** redis://HOST:PORT, already checked by parseQueueUrl */
  url: string;
  /** model version (version.ts): part of every key and of the queue name */
  model: string;
  /** the experiment id to re-attach to (--attach) */
  attach?: string;
  /** what the runner takes as the pool size (replications it adds at once under --precision) */
  size: number;
  /** attempts of a job before it counts as failed (default 3) */
  attempts?: number;
  /** milliseconds between sweeps over the jobs' states (default 2000) */
  sweepMs?: number;
  /** one line of news for the user (stderr) */
  log: (line: string) => void;
}

export interface QueuePool extends Pool {
  /** set by the first batch, or by identify() */
  readonly experimentId: string | undefined;
  /**
   * Name the experiment after all the tasks of its first batch, before a cache in front of this
   * pool takes some of them away (the id must not depend on what this machine has stored).
   * @throws {ExperimentError} when the experiment to re-attach to is another, or one the queue does not know
   */
  identify(tasks: readonly Task[]): Promise<string>;
  readonly queueName: string;
}

/** Jobs looked at per sweep, and jobs added per round trip. */
const SWEEP_BATCH = 200;
const ADD_BATCH = 500;
/** Milliseconds between progress reports. */
const REPORT_MS = 200;

/**
 * Connect to the queue and return a pool over it.
 * @throws {ExperimentError} when Redis cannot be reached within 2 s
 */
export async function createQueuePool(options: QueuePoolOptions): Promise<QueuePool> {
  const { url, model, log } = options;
  const attempts = options.attempts ?? 3;
  const sweepMs = options.sweepMs ?? 2000;
  const name = queueName(model);
  const redis = await connectRedis(url, 'channel-lab:submit');
  const eventsConnection = redis.duplicate();
  eventsConnection.on('error', () => {});
  const queue = new Queue<JobData>(name, { connection: redis, prefix: KEY_PREFIX });
  queue.on('error', () => {}); // connection trouble: ioredis reconnects, the sweep catches up
  const events = new QueueEvents(name, { connection: eventsConnection, prefix: KEY_PREFIX });
  events.on('error', () => {});
  await events.waitUntilReady();

  let experimentId: string | undefined;
  let batches = 0;
  const listeners = new Set<(event: QueueEvent) => void>();
  const emit = (event: QueueEvent) => listeners.forEach((l) => l(event));
  events.on('active', ({ jobId }) => emit({ kind: 'active', key: jobId }));
  events.on('progress', ({ jobId, data }) => emit({ kind: 'progress', key: jobId, month: Number(data) || 0 }));
  events.on('completed', ({ jobId }) => emit({ kind: 'completed', key: jobId }));
  events.on('failed', ({ jobId, failedReason }) => emit({ kind: 'failed', key: jobId, reason: failedReason }));
  for (const back of ['stalled', 'waiting', 'delayed'] as const) events.on(back, ({ jobId }: { jobId: string }) => emit({ kind: 'waiting', key: jobId }));
  events.on('removed', ({ jobId }) => emit({ kind: 'removed', key: jobId }));

  const jobOptions = (key: string): JobsOptions => ({
    jobId: key,
    attempts,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: { age: RETAIN_SECONDS },
    removeOnFail: { age: RETAIN_SECONDS },
  });

  // Name the experiment after its first batch, check a re-attach against it, and record it.
  async function begin(keys: readonly string[]): Promise<string> {
    const id = `e${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 11)}`;
    if (options.attach !== undefined) {
      if (options.attach !== id) throw invalid('attach', 'otherExperiment', { id: options.attach, actual: id });
      if (!(await redis.exists(experimentKey(id)))) throw invalid('attach', 'unknownExperiment', { id, url });
    }
    experimentId = id;
    await redis.set(experimentKey(id), JSON.stringify({ id, queue: name, model, replications: keys.length, submitted: new Date().toISOString() }), 'EX', RETAIN_SECONDS);
    log(options.attach
      ? `experiment ${id}: re-attached on ${url} (queue ${name})`
      : `experiment ${id} on ${url} (queue ${name}); Ctrl-C detaches, the same command with --attach ${id} re-attaches`);
    return id;
  }

  async function run(tasks: readonly Task[], opts: BatchOptions = {}): Promise<Batch> {
    const onFailure = opts.onFailure ?? 'stop';
    const results: Array<ReplicationResult | undefined> = new Array(tasks.length).fill(undefined);
    const failures: TaskFailure[] = [];
    if (tasks.length === 0) return { results, failures, cancelled: false };

    // One job per distinct replication; the tasks that want it.
    const hashes = new Map<Scenario, string>();
    const hashOf = (s: Scenario) => hashes.get(s) ?? hashes.set(s, scenarioKey(s)).get(s)!;
    const owners = new Map<string, number[]>();
    const data = new Map<string, JobData>();
    const keys = tasks.map((t, i) => {
      const key = replicationKey(t.scenario, t.replication, model);
      const list = owners.get(key);
      if (list) list.push(i);
      else owners.set(key, [i]);
      return key;
    });
    const firstBatch = batches++ === 0;
    const id = experimentId ?? (await begin(keys));
    for (const [key, [i]] of owners) data.set(key, { scenario: hashOf(tasks[i].scenario), replication: tasks[i].replication, seed: tasks[i].scenario.simulation.seed, model, experiment: id });
    if (firstBatch) log(`experiment ${id}: ${tasks.length} replications as ${owners.size} jobs`);

    // Bookkeeping of this batch: which keys are still owed, which run, how far they got.
    const pending = new Set(owners.keys());
    const active = new Set<string>();
    const monthOf = new Map<string, number>();
    const fetching = new Set<string>();
    const monthsTotal = tasks.reduce((a, t) => a + t.scenario.simulation.months, 0);
    let monthsDelivered = 0;
    let delivered = 0;
    let lastNews = Date.now();
    let settle!: (how: 'done' | 'stop' | 'cancel') => void;
    const settled = new Promise<'done' | 'stop' | 'cancel'>((resolve) => (settle = resolve));
    let firstError: ReplicationError | undefined;
    let refused: InputError | undefined;
    let initialSweep = true;

    // Progress at most every REPORT_MS: counting the owed jobs' states walks all of them.
    let reportTimer: NodeJS.Timeout | undefined;
    const reportSoon = () => {
      if (opts.onProgress && !reportTimer) reportTimer = setTimeout(report, REPORT_MS);
    };
    const report = () => {
      clearTimeout(reportTimer);
      reportTimer = undefined;
      if (!opts.onProgress) return;
      let running = 0;
      for (const key of active) running += Math.min(monthOf.get(key) ?? 0, tasks[owners.get(key)![0]].scenario.simulation.months) * owners.get(key)!.length;
      const waiting = [...pending].reduce((a, k) => a + (active.has(k) ? 0 : owners.get(k)!.length), 0);
      const activeCount = [...active].reduce((a, k) => a + owners.get(k)!.length, 0);
      const progress: Progress = {
        monthsDone: monthsDelivered + running, monthsTotal, replicationsDone: delivered, replicationsTotal: tasks.length,
        queue: { waiting, active: activeCount, completed: delivered, failed: failures.length },
      };
      opts.onProgress(progress);
    };
    const finishIfDone = () => {
      if (pending.size === 0 && fetching.size === 0) settle('done');
    };

    function deliver(key: string, result: ReplicationResult): void {
      if (!pending.delete(key)) return;
      active.delete(key);
      for (const i of owners.get(key)!) {
        results[i] = result;
        opts.onResult?.(i, result);
        delivered++;
        monthsDelivered += tasks[i].scenario.simulation.months;
      }
      lastNews = Date.now();
      reportSoon();
      finishIfDone();
    }

    function fail(key: string, message: string): void {
      if (!pending.delete(key)) return;
      active.delete(key);
      if (message.startsWith(REFUSED)) {
        const task = tasks[owners.get(key)![0]];
        refused ??= new InputError(`--queue ${url}: a worker refused replication ${task.replication} (seed ${task.scenario.simulation.seed}) as bad input: ${message.slice(REFUSED.length)}`);
        settle('stop');
        return;
      }
      for (const i of owners.get(key)!) {
        const { replication } = tasks[i];
        const seed = tasks[i].scenario.simulation.seed;
        failures.push({ task: i, replication, seed, message });
        const error = new ReplicationError(replication, seed, new Error(message));
        opts.onReplicationError?.(error);
        firstError ??= error;
      }
      report();
      if (onFailure === 'stop') settle('stop');
      else finishIfDone();
    }

    // The result of a completed job; a job completed without a stored result is run again.
    async function collect(key: string): Promise<void> {
      if (!pending.has(key) || fetching.has(key)) return;
      fetching.add(key);
      try {
        const buffer = await redis.getBuffer(resultKey(key));
        if (buffer) {
          deliver(key, decodeResult(buffer));
          // Collected (and in the local cache): Redis need not hold it any longer. Another
          // submitter waiting for the same job finds it done without a result and has it rerun.
          void redis.unlink(resultKey(key)).catch(() => {});
        } else {
          await resubmit(key);
        }
      } finally {
        fetching.delete(key);
        finishIfDone();
      }
    }

    async function resubmit(key: string): Promise<void> {
      const job = await queue.getJob(key);
      if (job) await job.remove().catch(() => {});
      await queue.add('replication', data.get(key)!, jobOptions(key));
    }

    // A job removed by someone else (another submitter stopping) is added again if still owed;
    // one removed by resubmit() above is back already, and left alone.
    async function requeue(key: string): Promise<void> {
      if ((await queue.getJobState(key)) === 'unknown' && pending.has(key)) await queue.add('replication', data.get(key)!, jobOptions(key));
    }

    // Where each owed job stands, for a slice of them: the safety net under the events.
    let cursor = 0;
    async function sweep(keys: string[]): Promise<void> {
      await Promise.all(keys.map(async (key) => {
        if (!pending.has(key)) return;
        const state = await queue.getJobState(key);
        if (state === 'completed') return collect(key);
        if (state === 'unknown') return resubmit(key);
        if (state === 'failed') {
          const job = await queue.getJob(key);
          // A job that failed in an earlier session gets a new chance; one failing now is reported.
          if (initialSweep && job) return job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => resubmit(key));
          return fail(key, job?.failedReason || 'failed');
        }
        if (state === 'active') active.add(key);
        else active.delete(key);
      }));
    }

    const listener = (e: QueueEvent) => {
      if (!pending.has(e.key)) {
        return;
      }
      lastNews = Date.now();
      switch (e.kind) {
        case 'active': active.add(e.key); monthOf.set(e.key, 0); break;
        case 'progress': active.add(e.key); monthOf.set(e.key, e.month); break;
        case 'waiting': active.delete(e.key); monthOf.delete(e.key); break;
        case 'completed': void collect(e.key).catch(() => {}); return;
        case 'failed': fail(e.key, e.reason); return;
        case 'removed': void requeue(e.key).catch(() => {}); return;
      }
      reportSoon();
    };

    const onAbort = () => settle('cancel');
    listeners.add(listener);
    if (opts.signal?.aborted) settle('cancel');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    let sweeping = true;
    let warned = false;
    try {
      // Scenarios once (refreshing their expiry), then the jobs; a job already there is kept as it is.
      const stored = redis.pipeline();
      for (const [scenario, hash] of hashes) stored.set(scenarioStoreKey(hash), encodeValue(scenario), 'EX', RETAIN_SECONDS);
      await stored.exec();
      const all = [...owners.keys()];
      // Results already in Redis need no job at all.
      for (let k = 0; k < all.length && !opts.signal?.aborted; k += ADD_BATCH) {
        const chunk = all.slice(k, k + ADD_BATCH);
        const exists = await redis.pipeline(chunk.map((key) => ['exists', resultKey(key)])).exec();
        await Promise.all(chunk.filter((_, j) => exists?.[j]?.[1] === 1).map((key) => collect(key)));
        const toAdd = chunk.filter((key) => pending.has(key) && !fetching.has(key));
        await queue.addBulk(toAdd.map((key) => ({ name: 'replication', data: data.get(key)!, opts: jobOptions(key) })));
        await sweep(toAdd);
      }
      initialSweep = false;
      if (firstBatch && delivered > 0) log(`experiment ${id}: ${delivered} of ${tasks.length} replications already done`);
      report();
      finishIfDone();
      const tick = async () => {
        const owed = [...pending];
        if (owed.length > 0) {
          cursor %= owed.length;
          await sweep(owed.slice(cursor, cursor + SWEEP_BATCH)).catch(() => {});
          cursor += SWEEP_BATCH;
          if (!warned && active.size === 0 && Date.now() - lastNews > 5000 && (await queue.getWorkersCount().catch(() => 1)) === 0) {
            warned = true;
            const others = (await workerTags(redis).catch(() => [])).filter((t) => t !== modelTag(model));
            log(`no worker is serving queue ${name} on ${url} yet: start one with "npx channel-lab worker --queue ${url}"` +
              (others.length ? `; ${others.length} worker${others.length > 1 ? 's' : ''} there run${others.length > 1 ? '' : 's'} other Channel Lab code (model ${[...new Set(others)].join(', ')}, this is ${modelTag(model)}): update them` : ''));
          }
        }
        if (sweeping) timer = setTimeout(() => void tick(), sweepMs);
      };
      timer = setTimeout(() => void tick(), sweepMs);
      const how = await settled;
      report();
      const batch: Batch = { results, failures, cancelled: how === 'cancel' };
      if (how === 'cancel') {
        if (pending.size > 0) log(`experiment ${id}: detached; ${pending.size} job${pending.size === 1 ? '' : 's'} stay${pending.size === 1 ? 's' : ''} with the workers; re-attach with the same command and --attach ${id}`);
      } else if (how === 'stop') {
        const owed = [...pending];
        pending.clear(); // before withdrawing, or their 'removed' events would re-add them
        await withdraw(owed);
        if (refused) throw refused;
        const e = firstError!;
        throw new ReplicationError(e.replication, e.seed, e.cause, batch);
      }
      return batch;
    } finally {
      sweeping = false;
      clearTimeout(timer);
      clearTimeout(reportTimer);
      listeners.delete(listener);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  // Remove jobs nobody waits for any more; running ones cannot be removed and finish unheeded.
  async function withdraw(keys: string[]): Promise<void> {
    await Promise.allSettled(keys.map(async (key) => {
      const job = await queue.getJob(key);
      if (job && (await job.getState()) !== 'active') await job.remove();
    }));
  }

  return {
    size: options.size,
    live: 0,
    queueName: name,
    get experimentId() {
      return experimentId;
    },
    async identify(tasks) {
      return experimentId ?? begin(tasks.map((t) => replicationKey(t.scenario, t.replication, model)));
    },
    run,
    async close() {
      // Politely if Redis answers, at once if it does not (gone mid-experiment).
      const polite = (async () => {
        await events.close().catch(() => {});
        await queue.close().catch(() => {});
        await Promise.allSettled([eventsConnection.quit(), redis.quit()]);
      })();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([polite, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      eventsConnection.disconnect();
      redis.disconnect();
    },
  };
}

type QueueEvent =
  | { kind: 'active' | 'completed' | 'waiting' | 'removed'; key: string }
  | { kind: 'progress'; key: string; month: number }
  | { kind: 'failed'; key: string; reason: string };
