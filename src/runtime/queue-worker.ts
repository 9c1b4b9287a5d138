/**
 * The serving side of the queue (`channel-lab worker`): a BullMQ worker that takes replication
 * jobs (pool.queue.ts) and runs them on a pool of worker threads, `concurrency` at a time.
 *
 * A job is rebuilt from its data (scenario hash, replication index, seed, model), each part
 * checked (queue-job.ts: the shape, the ranges, the stored scenario against the schema and
 * cross-references of `validate`), and checked against its id, which is the replication key: a
 * worker whose engine differs from the submitter's would compute other numbers, so it refuses the
 * job instead (and never sees it in the first place, the queue name carrying the model version).
 * A refused job fails at once, not retried, with a reason naming the JSON path; data that is not
 * even JSON is refused the same way, and the worker goes on serving. The result is stored in
 * Redis before the job completes, so a completed job always has its result.
 *
 * The engine runs in worker threads, never on this thread, which stays free to renew the jobs'
 * locks: a worker that dies (killed, machine gone) stops renewing them, and after `stalledAfterS`
 * another worker's stalled-job check puts its jobs back in the queue for someone else.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job, type JobJson } from 'bullmq';
import type { Scenario } from '../model/scenario.ts';
import { ReplicationError, type Pool } from '../experiment/pool.ts';
import { encodeResult, replicationKey } from './replication-key.ts';
import { JobRefused, checkJobData, checkSeed, checkStoredScenario } from './queue-job.ts';
import { KEY_PREFIX, REFUSED, RETAIN_SECONDS, connectRedis, queueName, resultKey, scenarioStoreKey, workerClientName, type JobData } from './queue-redis.ts';

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
    const scenario = checkStoredScenario(hash, await redis.getBuffer(scenarioStoreKey(hash)));
    if (scenarios.size >= SCENARIO_MEMORY) scenarios.delete(scenarios.keys().next().value!);
    scenarios.set(hash, scenario);
    return scenario;
  }

  async function processJob(job: Job<unknown>): Promise<{ ms: number; bytes: number }> {
    let d: JobData;
    let scenario: Scenario;
    try {
      if (unreadable.has(job)) throw new JobRefused(`$: expected JSON job data, got ${unreadable.get(job)!.length} characters that are not JSON`);
      d = checkJobData(job.data, model);
      scenario = await scenarioOf(d.scenario);
      checkSeed(d.scenario, scenario, d.seed);
      if (replicationKey(scenario, d.replication, model) !== job.id) throw new JobRefused(`job id: expected the key of its scenario, replication ${d.replication} and model; the job or its stored scenario was altered`);
    } catch (e) {
      if (e instanceof JobRefused) throw new UnrecoverableError(`${REFUSED}job ${String(job.id).slice(0, 12)}: ${e.message}`);
      throw e;
    }
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
  // Jobs whose data did not parse as JSON, with the raw text: refused by processJob.
  const unreadable = new WeakMap<Job<unknown>, string>();
  const worker = new TolerantWorker(unreadable, name, processJob, {
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
    if (options.verbose) log(`start ${String(job.id).slice(0, 12)}: ${describeJob(job)}`);
  });
  worker.on('completed', () => void counts.completed++);
  worker.on('failed', (job, e) => {
    counts.failed++;
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    log(`${describeJob(job)} failed (attempt ${job.attemptsMade} of ${attempts}): ${e.message.split('\n')[0]}`);
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

// A job's replication, seed and experiment as its data tells them, when it has that shape.
function describeJob(job: Job<unknown>): string {
  const d = job.data as Partial<Record<keyof JobData, unknown>> | null;
  if (d && typeof d === 'object' && typeof d.replication === 'number' && typeof d.seed === 'number' && typeof d.experiment === 'string') {
    return `replication ${d.replication} (seed ${d.seed}) of experiment ${d.experiment.slice(0, 12)}`;
  }
  return `job ${String(job.id).slice(0, 12)}`;
}

/**
 * A BullMQ worker that takes jobs whose data is not JSON (written into Redis by something else
 * than Channel Lab) instead of failing inside BullMQ's fetch loop, where the job would stay active
 * until it stalls: such a job gets null data and is remembered, so that processJob refuses it.
 */
class TolerantWorker extends Worker<unknown> {
  constructor(private readonly unreadable: WeakMap<Job<unknown>, string>, ...args: ConstructorParameters<typeof Worker<unknown>>) {
    super(...args);
  }

  protected override createJob(json: JobJson, jobId: string): Job<unknown> {
    try {
      JSON.parse(json.data || '{}');
    } catch {
      const job = super.createJob({ ...json, data: 'null' }, jobId);
      this.unreadable.set(job, json.data);
      return job;
    }
    return super.createJob(json, jobId);
  }
}
