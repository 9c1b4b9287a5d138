/** See prebuild.mjs. */
export function ensureBuilt(): Promise<Record<'cli' | 'replication.node-worker' | 'replication-thread.node-worker', string>>;
