/** Node worker_threads entry (started by src/runtime/pool.node.ts with tsx loaded). */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { replicationApi } from './replication.api.ts';

if (!parentPort) throw new Error('replication.node-worker.ts must run in a worker thread');
expose(replicationApi, nodeEndpoint(parentPort));
