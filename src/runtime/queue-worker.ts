/**
 * The serving side of the queue (`channel-lab worker`): a BullMQ worker that takes replication
 * jobs (pool.queue.ts) and runs them on a pool of worker threads, `concurrency` at a time.
 *
 * A job is rebuilt from its data (scenario hash, replication index, seed, model) and checked
 * against its id, which is the replication key: a worker whose engine differs from the
 * submitter's would compute other numbers, so it refuses the job instead (and never sees it in
 * the first place, the queue name carrying the model version). The result is stored in Redis
 * before the job completes, so a completed job always has its result.
 *
 * The engine runs in worker threads, never on this thread, which stays free to renew the jobs'
 * locks: a worker that dies (killed, machine gone) stops renewing them, and after `stalledAfterS`
 * another worker's stalled-job check puts its jobs back in the queue for someone else.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Scenario } from '../model/scenario.ts';
import { ReplicationError, type Pool } from '../experiment/pool.ts';
import { decodeValue, encodeResult, replicationKey } from './replication-key.ts';
import { KEY_PREFIX, RETAIN_SECONDS, connectRedis, queueName, resultKey, scenarioStoreKey, workerClientName, type JobData } from './queue-redis.ts';

export interface ServeOptions {
  /** redis://HOST:PORT, already checked */
  url: string;
  /** this installation's model version (version.ts) */
  model: string;
  /** replications run at once */
  concurrency: number;
  /** runs the replications (a worker-thread pool of `concurrency` threads) */
  pool: Pool;
  /** seconds without a lock renewal before a job counts as stalled and is retried elsewhere (default 30) */
  stalledAfterS?: number;
  /** one line for the log (stderr) */
  log: (line: string) => void;
  /** a line per finished job besides failures */
  verbose?: boolean;
}

export interface Server {
  readonly queueName: string;
  /** jobs completed and failed (attempts) so far */
  readonly counts: { completed: number; failed: number };
  /** stop taking jobs; finish the running ones, or with `force` drop them (they return to the queue) */
  close(force?: boolean): Promise<void>;
}

/** Milliseconds between progress reports of one job. */
const PROGRESS_MS = 500;

/** Scenarios kept in memory by hash: a sweep point's replications arrive together. */
const SCENARIO_MEMORY = 64;

/**
 * Serve the queue of `model` on `url` until close().
 * @throws {ExperimentError} when Redis cannot be reached within 2 s
 */
export async function serveQueue(options: ServeOptions): Promise<Server> {
  const { url, model, pool, log } = options;
  const name = queueName(model);
  const stalledMs = Math.round((options.stalledAfterS ?? 30) * 1000);
  const redis = await connectRedis(url, workerClientName(model));
  const scenarios = new Map<string, Scenario>();
  const counts = { completed: 0, failed: 0 };

  async function scenarioOf(hash: string): Promise<Scenario> {
    const known = scenarios.get(hash);
    if (known) return known;
    const buffer = await redis.getBuffer(scenarioStoreKey(hash));
    if (!buffer) throw new UnrecoverableError(`scenario ${hash.slice(0, 12)} is no longer in Redis (kept a week): submit the experiment again`);
    const scenario = decodeValue<Scenario>(buffer);
    if (scenarios.size >= SCENARIO_MEMORY) scenarios.delete(scenarios.keys().next().value!);
    scenarios.set(hash, scenario);
    return scenario;
  }

  async function processJob(job: Job<JobData>): Promise<{ ms: number; bytes: number }> {
    const d = job.data;
    if (d.model !== model) throw new UnrecoverableError(`job of model ${d.model}; this worker runs ${model}`);
    const scenario = await scenarioOf(d.scenario);
    if (replicationKey(scenario, d.replication, model) !== job.id) throw new UnrecoverableError(`job ${job.id} does not match its scenario and replication ${d.replication}`);
    const started = performance.now();
    // Progress to the submitter's bar, at most every PROGRESS_MS: a Redis write each.
    let sent = 0;
    const batch = await pool.run([{ scenario, replication: d.replication }], {
      onProgress: (p) => {
        const now = performance.now();
        if (p.monthsDone === p.monthsTotal || now - sent < PROGRESS_MS) return;
        sent = now;
        void job.updateProgress(p.monthsDone).catch(() => {});
      },
    }).catch((e: unknown) => {
      // The submitter names the replication and seed itself: pass on only what went wrong.
      throw e instanceof ReplicationError && e.cause instanceof Error ? e.cause : e;
    });
    const result = batch.results[0];
    if (!result) throw new Error(`replication ${d.replication} (seed ${d.seed}) did not finish`);
    const encoded = encodeResult(result);
    await redis.set(resultKey(job.id!), encoded, 'EX', RETAIN_SECONDS);
    const ms = Math.round(performance.now() - started);
    if (options.verbose) log(`done ${job.id!.slice(0, 12)}: replication ${d.replication} (seed ${d.seed}) of experiment ${d.experiment} in ${ms} ms`);
    return { ms, bytes: encoded.length };
  }

  const connection = redis.duplicate({ connectionName: 'channel-lab:worker-jobs' }); // one client a worker keeps the worker name
  connection.on('error', () => {}); // reported through the worker's 'error' event below
  const worker = new Worker<JobData>(name, processJob, {
    connection,
    prefix: KEY_PREFIX,
    concurrency: options.concurrency,
    name: `${hostname()}:${process.pid}`,
    lockDuration: stalledMs,
    stalledInterval: Math.max(500, Math.round(stalledMs / 2)),
    maxStalledCount: 3,
  });
  let lastError = 0;
  worker.on('error', (e) => {
    // Redis gone for a while: say so every 10 s at most; ioredis keeps reconnecting.
    if (Date.now() - lastError < 10_000) return;
    lastError = Date.now();
    log(`queue error: ${e.message.split('\n')[0]}`);
  });
  worker.on('active', (job) => {
    if (options.verbose) log(`start ${job.id!.slice(0, 12)}: replication ${job.data.replication} (seed ${job.data.seed}) of experiment ${job.data.experiment}`);
  });
  worker.on('completed', () => void counts.completed++);
  worker.on('failed', (job, e) => {
    counts.failed++;
    if (!job) return;
    const d = job.data;
    const attempts = job.opts.attempts ?? 1;
    log(`replication ${d.replication} (seed ${d.seed}) of experiment ${d.experiment} failed (attempt ${job.attemptsMade} of ${attempts}): ${e.message.split('\n')[0]}`);
  });
  await worker.waitUntilReady();

  let closing: Promise<void> | undefined;
  return {
    queueName: name,
    counts,
    async close(force = false) {
      if (force) {
        await Promise.allSettled([worker.close(true), pool.close()]);
      } else {
        closing ??= worker.close();
        await closing;
      }
      await pool.close();
      await Promise.allSettled([connection.quit(), redis.quit()]);
    },
  };
}
