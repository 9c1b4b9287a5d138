/** Node worker_threads entry of a replication's thread (src/runtime/threads.node.ts starts it). */
import { parentPort } from 'node:worker_threads';
import { threadBody } from './replication-thread.ts';
import type { ToThread } from '../src/experiment/threads.ts';

if (!parentPort) throw new Error('replication-thread.node-worker.ts must run in a worker thread');
const port = parentPort;
const onMessage = threadBody((m, transfer) => port.postMessage(m, transfer));
port.on('message', (m: ToThread) => onMessage(m));
