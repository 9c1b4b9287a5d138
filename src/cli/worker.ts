/**
 * `channel-lab worker --queue redis://HOST:PORT [--concurrency K]`: serve queued replications
 * (experiment commands run with --queue) on this machine until stopped. Ctrl-C or SIGTERM lets
 * the running replications finish; a second one stops at once, and the dropped jobs go back to
 * the queue for another worker.
 */
import { availableParallelism, totalmem } from 'node:os';
import type { Command } from 'commander';
import { createNodePool } from '../runtime/pool.node.ts';
import { parseQueueUrl } from '../runtime/queue-redis.ts';
import { modelVersion } from '../runtime/version.ts';
import { intOption, numberOption, required } from './options.ts';
import { printError } from './print.ts';

interface WorkerOptionValues {
  queue?: string;
  concurrency?: string;
  stalledAfter?: string;
  verbose?: boolean;
}

/** Share of physical memory the worker's replications may plan to use. */
const MEMORY_SHARE = 0.75;

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('serve queued replications (experiments run with --queue) from a BullMQ queue on Redis until stopped')
    .option('--queue <url>', 'the queue: redis://HOST:PORT')
    .option('--concurrency <k>', 'replications run at once, each on a worker thread (default: the cores)')
    .option('--stalled-after <s>', 'seconds without sign of life before a job of a lost worker is retried by another (default 30)')
    .option('--verbose', 'a line per finished job')
    .action(async (o: WorkerOptionValues) => {
      const url = parseQueueUrl(required('queue', o.queue, 'redis://HOST:PORT'));
      const concurrency = intOption('concurrency', o.concurrency, 1, 1024) ?? availableParallelism();
      const stalledAfterS = numberOption('stalled-after', o.stalledAfter, 1, 3600) ?? 30;
      const log = (line: string) => printError(`channel-lab worker: ${line}\n`);
      const model = modelVersion();
      const pool = createNodePool({ workers: concurrency, memoryLimitBytes: Math.floor(totalmem() * MEMORY_SHARE) });
      let server;
      try {
        // BullMQ loaded by this command alone (a quarter of a second that other commands skip)
        const { serveQueue } = await import('../runtime/queue-worker.ts');
        server = await serveQueue({ url, model, concurrency, pool, stalledAfterS, log, verbose: o.verbose === true });
      } catch (e) {
        await pool.close();
        throw e;
      }
      log(`serving queue ${server.queueName} on ${url}, ${concurrency} at a time (model ${model}); Ctrl-C stops after the running jobs`);
      await new Promise<void>((resolve) => {
        let signals = 0;
        const stop = (signal: NodeJS.Signals) => {
          signals++;
          if (signals === 1) {
            log(`${signal}: finishing the running jobs (again to stop at once; they go back to the queue)`);
            void server.close().then(resolve, resolve);
          } else {
            void server.close(true).then(resolve, resolve);
          }
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      log(`stopped: ${server.counts.completed} jobs done, ${server.counts.failed} failed attempts`);
    });
}
