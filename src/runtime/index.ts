/**
 * The Node side of running experiments: worker_threads and queue pools, the replication cache,
 * output files. Re-exports only; the workbench takes the browser-safe part from ./browser.ts.
 */
export * from './errors.ts';
export * from './files.ts';
export * from './cache.ts';
export * from './replication-key.ts';
export * from './version.ts';
export * from './pool.node.ts';
export * from './pool.queue.ts';
export * from './queue-redis.ts';
export * from './queue-job.ts';
export * from './queue-worker.ts';
export * from './session-pool.ts';
export * from './pool.browser.ts';
