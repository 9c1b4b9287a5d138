/**
 * Malformed queue jobs (test/fuzz/corpus/jobs/*.json) pushed onto a real BullMQ queue on a real
 * redis-server and served by a real `channel-lab worker` process: every one fails at once (no
 * retry), with a reason naming the JSON path and what was expected and no JavaScript error text;
 * the worker stays alive and serves a good job afterwards; and a submitter whose job is refused
 * gets an InputError (exit 2 in the CLI), not an internal error.
 *
 * A corpus file is one job:
 * - `about`: what is wrong with it;
 * - the job's data: `data` (any JSON; the strings "$MODEL" and "$SCENARIO" become the worker's
 *   model version and the hash the scenario is stored under), or `dataText`, raw text stored as
 *   the job's data in Redis, where BullMQ keeps JSON;
 * - the scenario stored for it: `scenario` (any JSON, stored as the submitter stores one: gzipped),
 *   `scenarioText` (raw bytes, not gzipped), `scenarioGzipText` (gzipped text that is not JSON) or
 *   `scenarioGzipRepeat` {text, times} (gzipped repetition: a small blob that unpacks huge); none
 *   of these: nothing stored;
 * - `expect`: a regular expression the failure reason must match after `refused: job <id>: `.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { createQueuePool } from '../../src/runtime/pool.queue.ts';
import { KEY_PREFIX, REFUSED, queueName, resultKey, scenarioStoreKey } from '../../src/runtime/queue-redis.ts';
import { canonicalJson, decodeResult, encodeValue, replicationKey, scenarioKey } from '../../src/runtime/replication-key.ts';
import { MODEL, ROOT, cli, startRedis, stopAll, type Child } from '../helpers/processes.ts';

const CORPUS = join(ROOT, 'test/fuzz/corpus/jobs');

interface CorpusJob {
  about: string;
  data?: unknown;
  dataText?: string;
  scenario?: unknown;
  scenarioText?: string;
  scenarioGzipText?: string;
  scenarioGzipRepeat?: { text: string; times: number };
  expect: string;
}

const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, job: JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as CorpusJob }));

// What JavaScript says when it fails, rather than what the job got wrong.
const RAW_ERROR = /TypeError|SyntaxError|RangeError|ReferenceError|Cannot read propert|is not a function|is not iterable|\bundefined\b|\[object Object\]|\n\s+at /;

let redis: Awaited<ReturnType<typeof startRedis>>;
let worker: Child;
let client: Redis;
let queue: Queue;

beforeAll(async () => {
  redis = await startRedis();
  worker = cli('worker', '--queue', redis.url, '--concurrency', '1');
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  queue = new Queue(queueName(MODEL), { connection: client, prefix: KEY_PREFIX });
  await worker.waitFor(/serving queue/, 30_000);
}, 60_000);

afterAll(async () => {
  await queue?.close();
  client?.disconnect();
  await stopAll();
}, 30_000);

/** Store the corpus job's scenario as it asks; the hash it is under. */
async function storeScenario(c: CorpusJob, name: string): Promise<string> {
  let bytes: Buffer | undefined;
  if (c.scenario !== undefined) bytes = encodeValue(c.scenario);
  else if (c.scenarioText !== undefined) bytes = Buffer.from(c.scenarioText);
  else if (c.scenarioGzipText !== undefined) bytes = gzipSync(c.scenarioGzipText);
  else if (c.scenarioGzipRepeat) bytes = gzipSync(Buffer.alloc(c.scenarioGzipRepeat.times, c.scenarioGzipRepeat.text), { level: 9 });
  const hash = createHash('sha256').update(`fuzz scenario ${name} ${c.scenario !== undefined ? canonicalJson(c.scenario) : ''}`).digest('hex');
  if (bytes) await client.set(scenarioStoreKey(hash), bytes, 'EX', 3600);
  return hash;
}

const substitute = (v: unknown, hash: string): unknown => {
  if (v === '$MODEL') return MODEL;
  if (v === '$SCENARIO') return hash;
  if (Array.isArray(v)) return v.map((x) => substitute(x, hash));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, hash)]));
  return v;
};

/** A job's final state and what Redis holds of it, read raw: BullMQ's own reader chokes on non-JSON data. */
async function settled(id: string, ms = 30_000): Promise<{ state: string; failedReason?: string; attemptsMade: number }> {
  const until = Date.now() + ms;
  for (;;) {
    const state = await queue.getJobState(id);
    if (state === 'failed' || state === 'completed') {
      const h = await client.hgetall(`${KEY_PREFIX}:${queueName(MODEL)}:${id}`);
      return { state, failedReason: h.failedReason, attemptsMade: Number(h.atm ?? h.attemptsMade ?? 0) };
    }
    if (Date.now() > until) throw new Error(`job ${id.slice(0, 12)} still ${state} after ${ms} ms; worker said: ${worker.stderr().trim().split('\n').slice(-3).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a channel-lab worker given malformed jobs', () => {
  it('has a corpus to run', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
  });

  it.each(corpus)('$file: fails at once with the JSON path, no retry, no JavaScript error text', async ({ file, job: c }) => {
    const id = createHash('sha256').update(`fuzz job ${file}`).digest('hex');
    const hash = await storeScenario(c, file);
    const options = { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 100 }, removeOnComplete: false, removeOnFail: false } as const;
    if (c.dataText !== undefined) {
      // BullMQ writes JSON: the raw text goes into the job's hash while the job is still delayed.
      await queue.add('replication', {}, { ...options, delay: 1500 });
      await client.hset(`${KEY_PREFIX}:${queueName(MODEL)}:${id}`, 'data', c.dataText);
    } else {
      await queue.add('replication', substitute(c.data, hash), options);
    }
    const job = await settled(id);
    expect(job.state).toBe('failed');
    const reason = job.failedReason ?? '';
    const prefix = `${REFUSED}job ${id.slice(0, 12)}: `;
    expect(reason.startsWith(prefix), reason).toBe(true);
    expect(reason.slice(prefix.length)).toMatch(new RegExp(c.expect));
    expect(reason).not.toMatch(RAW_ERROR);
    expect(reason.length).toBeLessThan(1000);
    expect(job.attemptsMade).toBe(1); // refused for good: the same input would fail again
    expect(worker.process.exitCode).toBeNull();
  }, 40_000);

  it('logs each refusal on one line, never a stack trace, and serves a good job afterwards', async () => {
    const lines = worker.stderr().split('\n').filter((l) => / failed \(attempt 1 of 3\): refused: job [0-9a-f]{12}: /.test(l));
    expect(lines).toHaveLength(corpus.length);
    expect(worker.stderr()).not.toMatch(/\n\s+at |TypeError|SyntaxError|RangeError/);
    const scenario = resolveScenario({ simulation: { customers: 1000, months: 1, seed: 42 } });
    await client.set(scenarioStoreKey(scenarioKey(scenario)), encodeValue(scenario), 'EX', 3600);
    const key = replicationKey(scenario, 0, MODEL);
    await queue.add('replication', { scenario: scenarioKey(scenario), replication: 0, seed: 42, model: MODEL, experiment: 'e00000000042' }, { jobId: key, attempts: 1 });
    expect((await settled(key, 60_000)).state).toBe('completed');
    const result = decodeResult((await client.getBuffer(resultKey(key)))!);
    expect(result).toMatchObject({ replication: 0, seed: 42 });
  }, 90_000);
});

describe('a submitter whose job a worker refuses', () => {
  it('gets an InputError naming the replication, the seed and the JSON path (exit 2 in the CLI)', async () => {
    // The CLI validates before it submits; a submitter that does not (or another Channel Lab
    // build) is what the worker's check is for.
    const valid = resolveScenario({ simulation: { customers: 1000, months: 1, seed: 42 } });
    const scenario = { ...valid, simulation: { ...valid.simulation, months: 999 } };
    const pool = await createQueuePool({ url: redis.url, model: MODEL, size: 1, sweepMs: 300, log: () => {} });
    try {
      const error = await pool.run([{ scenario, replication: 0 }], { onFailure: 'continue' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(new RegExp(`^--queue ${redis.url}: a worker refused replication 0 \\(seed 42\\) as bad input: job [0-9a-f]{12}: stored scenario [0-9a-f]{12}…: \\$\\.simulation\\.months: expected at most 240 months, got 999$`));
    } finally {
      await pool.close();
    }
  }, 30_000);
});
