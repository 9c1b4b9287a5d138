/**
 * Test-only stand-in for src/runtime/pool.node.ts inside the fuzz child (child.mjs maps the one to
 * the other): replications run on the child's own thread, one at a time, through the same pool
 * (createPool: scheduling, the memory check, failure reporting) as the real one. Why: a worker
 * thread loads tsx and the engine afresh, about 1 s a case, which would make a few hundred cases
 * take many minutes; what the fuzzer looks at (input checks, the engine, the writers) is the same
 * code either way. test/cli/run.test.ts covers the real worker threads.
 */
import { createPool, inProcessFactory, type Pool } from '../../src/experiment/pool.ts';
import { replicationApi } from '../../workers/replication.api.ts';

export function createNodePool(options: { workers?: number; memoryLimitBytes?: number } = {}): Pool {
  return createPool({ factory: inProcessFactory(replicationApi), size: options.workers ?? 1, memoryLimitBytes: options.memoryLimitBytes });
}
