/** Web Worker entry of a replication's thread (src/runtime/pool.browser.ts starts it). */
import { threadBody } from './replication-thread.ts';
import type { ToThread } from '../src/experiment/threads.ts';

const scope = self as unknown as { postMessage(m: unknown, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToThread>) => void) | null };
const onMessage = threadBody((m, transfer) => scope.postMessage(m, transfer ?? []));
scope.onmessage = (e) => onMessage(e.data);
