/**
 * What the submitting side (pool.queue.ts) and the serving side (queue-worker.ts) of the BullMQ
 * queue agree on: the URL form, the connection, the queue name and the Redis keys.
 *
 * Layout in Redis (all under the `clab` prefix):
 * - `clab:replications-<model tag>:*`  the BullMQ queue; one job per replication, job id = the
 *   replication key (replication-key.ts), so a replication asked for twice is one job
 * - `clab:scenario:<hash>`      a resolved scenario, stored once for all its replications' jobs
 * - `clab:result:<key>`         a finished replication (gzipped JSON), written by the worker
 *   before the job completes
 * - `clab:experiment:<id>`      what an experiment submitted, for --attach
 * Everything expires after RETAIN_SECONDS. The queue name carries a tag of the model version, so
 * a worker running other engine code never takes a job whose numbers it would compute otherwise.
 */
import type { Redis } from 'ioredis';
import { invalid } from '../experiment/errors.ts';
import { modelTag } from './version.ts';

/** Prefix of every Redis key Channel Lab writes. */
export const KEY_PREFIX = 'clab';

/** How long scenarios, results, experiments and finished jobs stay in Redis: a week. */
export const RETAIN_SECONDS = 7 * 24 * 3600;

/** How long connecting may take before --queue is declared unreachable. */
export const CONNECT_TIMEOUT_MS = 2000;

/** The queue of one model version. */
export const queueName = (model: string): string => `replications-${modelTag(model)}`;
export const resultKey = (key: string): string => `${KEY_PREFIX}:result:${key}`;
export const scenarioStoreKey = (hash: string): string => `${KEY_PREFIX}:scenario:${hash}`;
export const experimentKey = (id: string): string => `${KEY_PREFIX}:experiment:${id}`;
/** A worker's Redis client name, so that a submitter can tell which model versions are served. */
export const workerClientName = (model: string): string => `channel-lab:worker:${modelTag(model)}`;

/** Model tags of the workers connected to Redis now, one entry a worker. */
export async function workerTags(redis: Redis): Promise<string[]> {
  const list = String(await redis.client('LIST'));
  return [...list.matchAll(/\bname=channel-lab:worker:([0-9a-f]{12})\b/g)].map((m) => m[1]);
}

/**
 * Opens the failure reason of a job a worker refused as bad input (queue-job.ts): failed at once,
 * not retried, and reported by the submitter as bad input (exit 2), not as an internal error.
 */
export const REFUSED = 'refused: ';

/** What a job carries: enough to rebuild the replication exactly. */
export interface JobData {
  /** scenarioStoreKey hash of the resolved scenario */
  scenario: string;
  replication: number;
  seed: number;
  /** model version of the submitter (version.ts) */
  model: string;
  /** experiment that first asked for it */
  experiment: string;
}

/**
 * A queue URL, checked: redis://[user:password@]HOST[:PORT][/DB] (rediss:// for TLS).
 * @throws {ExperimentError} `badQueueUrl` saying what is wrong with it
 */
export function parseQueueUrl(url: string): string {
  const bad = (fault: 'form' | 'scheme' | 'host' | 'database', scheme = '') => invalid('queue', 'badQueueUrl', { url, fault, scheme });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('form');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw bad('scheme', u.protocol.replace(/:$/, ''));
  if (!u.hostname) throw bad('host');
  if (u.pathname && u.pathname !== '/' && !/^\/\d+$/.test(u.pathname)) throw bad('database');
  return url;
}

/**
 * A connection to Redis that is known to work: connected and answering PING within
 * CONNECT_TIMEOUT_MS. Afterwards it reconnects on its own when Redis restarts.
 * @throws {ExperimentError} `queueUnreachable` with the reason (connection refused and the like)
 */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  // Loaded here, not with the module: every command reads queue URLs, few talk to Redis, and the
  // client takes a tenth of a second to load (README, Speed).
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null, // BullMQ's blocking calls must wait through reconnects
    connectionName: name,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  // Errors after the first (and after connecting: Redis restarted, network gone) are retried by
  // ioredis; they must not crash the process.
  redis.on('error', () => {});
  let onError!: (e: Error) => void;
  let timer: NodeJS.Timeout | undefined;
  try {
    // The first error, the timeout, or an answer to PING, whichever comes first.
    const failed = new Promise<never>((_, reject) => {
      onError = reject;
      timer = setTimeout(() => reject(new Error('timed out')), CONNECT_TIMEOUT_MS);
    });
    redis.on('error', onError);
    await Promise.race([redis.connect().then(() => redis.ping()), failed]);
  } catch (e) {
    redis.disconnect();
    throw invalid('queue', 'queueUnreachable', { url, reason: reason(e as Error) });
  } finally {
    clearTimeout(timer);
    redis.off('error', onError);
  }
  return redis;
}

// A connection error in a few words.
function reason(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(e.message)) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (/RESP|protocol/i.test(e.message)) return 'something else than Redis answered';
  return e.message.split('\n')[0];
}
