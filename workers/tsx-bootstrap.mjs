// Node worker_threads entry for TypeScript workers: Node 20 does not apply `--import tsx` to a
// worker's own entry, so register tsx here, then load the .ts module whose URL is the last argv.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[process.argv.length - 1]);
