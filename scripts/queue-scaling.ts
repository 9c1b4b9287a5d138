/**
 * The measurements behind docs/SCALING.md: replications per minute of the default scenario at a
 * fixed size, locally (worker threads) and through the BullMQ queue with 1, 2 and 4 worker
 * processes; the queue's own cost per job (jobs whose replication takes no time); and what the
 * submitter and a worker spend on each result besides computing it.
 *
 *   npx tsx scripts/queue-scaling.ts [--customers 20000] [--months 12] [--replications 8] [--rounds 3]
 *
 * Starts its own redis-server on a free loopback port and its own workers, and stops them all.
 * Each measurement uses a seed of its own, so no result comes from Redis or a cache. The machine
 * may be shared: every configuration is measured in several rounds (interleaved, each after the
 * 1-minute load average falls below 1.5 or 15 s have passed) and the fastest round is kept, with
 * the load average it ran under.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenarioFile } from '../src/cli/scenario-file.ts';
import { createReplicationCache } from '../src/runtime/cache.ts';
import { createNodePool } from '../src/runtime/pool.node.ts';
import { createQueuePool } from '../src/runtime/pool.queue.ts';
import { createPool, inProcessFactory, type Task } from '../src/experiment/pool.ts';
import { serveQueue } from '../src/runtime/queue-worker.ts';
import { decodeResult, encodeResult } from '../src/runtime/replication-key.ts';
import { modelVersion } from '../src/runtime/version.ts';
import { runReplication } from '../src/model/engine.ts';
import { ROOT, cli, startRedis, stop, stopAll } from '../test/helpers/processes.ts';

const { values } = parseArgs({ options: {
  customers: { type: 'string', default: '20000' }, months: { type: 'string', default: '12' },
  replications: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' }, fake: { type: 'string', default: '400' },
} });
const customers = Number(values.customers), months = Number(values.months), n = Number(values.replications);
const rounds = Number(values.rounds), fakeJobs = Number(values.fake);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const model = modelVersion();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seed = 1000 + (Date.now() % 100_000);
const tasks = (count = n): Task[] => {
  const scenario = loadScenarioFile(`${ROOT}/scenarios/default.json`, { customers, months, seed: seed++ });
  return Array.from({ length: count }, (_, r) => ({ scenario, replication: r }));
};
async function quiet(): Promise<void> {
  for (let waited = 0; loadavg()[0] >= 1.5 && waited < 15_000; waited += 1000) await sleep(1000);
}

interface Best { ms: number; load: string; count: number }
const best = new Map<string, Best>();
const keep = (what: string, ms: number, count: number, under: string) => {
  const b = best.get(what);
  if (!b || ms < b.ms) best.set(what, { ms, load: under, count });
  console.log(`${what}: ${(ms / 1000).toFixed(2)} s for ${count} (load before ${under})`);
};

const redis = await startRedis();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().then(() => redis.stop()).finally(() => process.exit(130)));
}
try {
  console.log(`default scenario, ${customers} agents × ${months} months, ${n} replications a measurement, best of ${rounds}; model ${model}`);
  for (let round = 0; round < rounds; round++) {
    for (const workers of [1, 2]) {
      const pool = createNodePool({ workers });
      await pool.run(tasks(workers)); // warm: threads started, engine compiled
      await quiet();
      const under = load();
      const t0 = performance.now();
      await pool.run(tasks());
      keep(`local, ${workers} worker thread${workers > 1 ? 's' : ''}`, performance.now() - t0, n, under);
      await pool.close();
    }
    for (const k of [1, 2, 4]) {
      const procs = Array.from({ length: k }, () => cli('worker', '--queue', redis.url, '--concurrency', '1', '--verbose'));
      await Promise.all(procs.map((p) => p.waitFor(/serving queue/, 60_000)));
      const pool = await createQueuePool({ url: redis.url, model, size: k, sweepMs: 1000, log: () => {} });
      // Warm every worker: each has started its thread and run the engine once.
      for (let tries = 0; tries < 10 && procs.some((p) => !/: done /.test(p.stderr())); tries++) await pool.run(tasks(k));
      await quiet();
      const under = load();
      const t0 = performance.now();
      await pool.run(tasks());
      keep(`queue, ${k} worker process${k > 1 ? 'es' : ''} × concurrency 1`, performance.now() - t0, n, under);
      await pool.close();
      await Promise.all(procs.map((p) => stop(p, 'SIGTERM', 10_000)));
    }
  }

  // The queue alone: jobs whose replication is a stored result handed back at once.
  const sample = runReplication(loadScenarioFile(`${ROOT}/scenarios/default.json`, { customers, months }), 0);
  for (let round = 0; round < rounds; round++) {
    for (const concurrency of [1, 8]) {
      const fake = createPool({ factory: inProcessFactory({ runReplication: (_s, r) => ({ ...sample, replication: r }) }), size: concurrency });
      const server = await serveQueue({ url: redis.url, model: `${model}-fake`, concurrency, pool: fake, log: () => {} });
      const pool = await createQueuePool({ url: redis.url, model: `${model}-fake`, size: concurrency, sweepMs: 1000, log: () => {} });
      await quiet();
      const under = load();
      const t0 = performance.now();
      await pool.run(tasks(fakeJobs));
      keep(`queue round trip only (no computing), 1 in-process worker × concurrency ${concurrency}`, performance.now() - t0, fakeJobs, under);
      await pool.close();
      await server.close();
    }
  }

  // What the submitter does with each result besides Redis (decode, store in its cache), and the worker (encode).
  const encoded = encodeResult(sample);
  const cache = createReplicationCache(mkdtempSync(join(tmpdir(), 'channel-lab-scaling-')));
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) cache.put(i.toString(16).padStart(64, '0'), decodeResult(encoded));
  const perResult = (performance.now() - t0) / 200;
  rmSync(cache.dir, { recursive: true, force: true });
  const t1 = performance.now();
  for (let i = 0; i < 200; i++) encodeResult(sample);
  const perEncode = (performance.now() - t1) / 200;
  console.log(`\nresult: ${JSON.stringify(sample).length} B as JSON, ${encoded.length} B gzipped; a worker encodes one in ${perEncode.toFixed(2)} ms; the submitter decodes and stores one in ${perResult.toFixed(2)} ms`);

  console.log('\n| what | replications | wall (best) | replications/min | per replication | load average before (1, 5, 15 min) |\n|---|---|---|---|---|---|');
  for (const [what, b] of best) {
    console.log(`| ${what} | ${b.count} | ${(b.ms / 1000).toFixed(2)} s | ${((b.count / b.ms) * 60_000).toFixed(1)} | ${(b.ms / b.count).toFixed(1)} ms | ${b.load} |`);
  }
} finally {
  await stopAll();
  await redis.stop();
}
