/** Web Worker entry (module worker, started by src/runtime/pool.browser.ts). */
import { expose } from 'comlink';
import { replicationApi } from './replication.api.ts';

expose(replicationApi);
