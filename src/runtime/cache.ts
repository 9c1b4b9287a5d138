/**
 * Finished replications kept on disk, so that an interrupted experiment resumes where it stopped
 * and identical inputs are not computed twice.
 *
 * A replication is a pure function of (resolved scenario, seed, replication index, model
 * version); its key (replication-key.ts) names a file `DIR/ab/abcd….json.gz`. Files are written
 * to a temporary name and renamed (files.ts), so a run killed mid-write leaves either the whole
 * result or nothing.
 *
 * Nothing read back is trusted: an entry is gzip of one header line
 * `{"format":"channel-lab/replication@2","key":"<key>","sha256":"<hex>"}` and the result's JSON,
 * where sha256 covers the key and the result's JSON. An entry that does not unpack (cut short), is
 * of another format, holds another key (copied or renamed from another replication) or whose
 * checksum does not match (edited) is reported as damaged and computed again, never used.
 *
 * `cachedRunner` wraps any ReplicationRunner (the worker-thread pool, the queue): every result it
 * sees arrives through `onResult` and is stored at once; with `read`, tasks already stored are
 * answered from disk and only the others reach the inner runner (src/experiment/known.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ReplicationResult } from '../model/types.ts';
import { runWithKnown } from '../experiment/known.ts';
import type { Batch, BatchOptions, Pool, Task } from '../experiment/pool.ts';
import { ensureDirectory, errnoText, writeFileAtomic } from './files.ts';
import { decodeJson, encodeJson, replicationKey } from './replication-key.ts';

/** The entry format this version writes and accepts. */
export const ENTRY_FORMAT = 'channel-lab/replication@2';

/** What a look-up found. */
export type CacheEntry =
  | { state: 'stored'; result: ReplicationResult }
  | { state: 'absent' }
  /** there, but not to be trusted: `problem` says why, in a few words */
  | { state: 'damaged'; file: string; problem: string };

/** Where finished replications live, and what was read and written. */
export interface ReplicationCache {
  readonly dir: string;
  /** the stored result, or why there is none to use */
  read(key: string): CacheEntry;
  /** store a result atomically (temporary file, then rename) */
  put(key: string, result: ReplicationResult): void;
}

/** A cache in directory `dir` (created on the first write). */
export function createReplicationCache(dir: string): ReplicationCache {
  const fileOf = (key: string) => {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new RangeError(`replication cache: expected a 64-hex-digit key, got "${key}"`);
    return join(dir, key.slice(0, 2), `${key}.json.gz`);
  };
  return {
    dir,
    read(key) {
      const file = fileOf(key);
      let buffer: Buffer;
      try {
        buffer = readFileSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
        return { state: 'damaged', file, problem: `cannot be read (${errnoText(e)})` };
      }
      const checked = checkEntry(key, buffer);
      return typeof checked === 'string' ? { state: 'damaged', file, problem: checked } : { state: 'stored', result: checked };
    },
    put(key, result) {
      const file = fileOf(key);
      ensureDirectory(`--cache-dir ${dir}`, join(dir, key.slice(0, 2)));
      // No fsync: an entry torn by a power cut fails its checksum and is computed again.
      writeFileAtomic(file, entryBytes(key, result), { sync: false });
    },
  };
}

/** The bytes of a cache entry: gzip of the header line and the result's JSON. */
export function entryBytes(key: string, result: ReplicationResult): Buffer {
  const body = encodeJson(result);
  const header = JSON.stringify({ format: ENTRY_FORMAT, key, sha256: checksum(key, body) });
  return gzipSync(`${header}\n${body}`, { level: 6 });
}

// The result in an entry, or what is wrong with it.
function checkEntry(key: string, buffer: Buffer): ReplicationResult | string {
  let text: string;
  try {
    text = gunzipSync(buffer).toString('utf8');
  } catch (e) {
    return `does not unpack: cut short or not written by Channel Lab (${(e as Error).message})`;
  }
  const newline = text.indexOf('\n');
  let header: { format?: unknown; key?: unknown; sha256?: unknown };
  try {
    header = JSON.parse(newline < 0 ? text : text.slice(0, newline));
  } catch {
    header = {};
  }
  if (header === null || typeof header !== 'object' || header.format !== ENTRY_FORMAT) return `not of format ${ENTRY_FORMAT} (written by another version, or not a cache entry)`;
  if (header.key !== key) return `holds replication ${String(header.key).slice(0, 12)}…, not this one (copied or renamed from another entry)`;
  const body = text.slice(newline + 1);
  if (header.sha256 !== checksum(key, body)) return 'checksum does not match its content (edited or damaged)';
  return decodeJson<ReplicationResult>(body);
}

function checksum(key: string, body: string): string {
  return createHash('sha256').update(key).update('\n').update(body).digest('hex');
}

export interface CachedRunnerOptions {
  cache: ReplicationCache;
  /** the model version that is part of every key (version.ts) */
  model: string;
  /** answer stored replications from the cache (--resume); without it the cache is only written */
  read: boolean;
  /** called with every task of a batch before the cache is consulted (a queue names its experiment) */
  beforeBatch?: (tasks: readonly Task[]) => Promise<unknown> | void;
  /** told of each batch's cache hits before anything runs */
  onBatch?: (info: { hits: number; total: number }) => void;
  /** a stored entry is not to be trusted (edited, cut short, another key's): it is computed again */
  onDamaged?: (entry: { file: string; problem: string }) => void;
  /** a result could not be stored (disk full, permissions): told once, the experiment goes on */
  onWriteError?: (error: Error) => void;
}

/** Replications taken from the cache and computed, over every batch so far. */
export interface CacheCounts {
  hits: number;
  computed: number;
  batches: number;
}

/** A runner that stores every result, and with `read` answers stored tasks without running them. */
export function cachedRunner(inner: Pool, options: CachedRunnerOptions): Pool & { readonly counts: CacheCounts } {
  const { cache, model } = options;
  const counts: CacheCounts = { hits: 0, computed: 0, batches: 0 };
  let writeFailed = false;

  function store(key: string, result: ReplicationResult): void {
    try {
      cache.put(key, result);
    } catch (e) {
      if (!writeFailed) options.onWriteError?.(e as Error);
      writeFailed = true;
    }
  }

  async function run(tasks: readonly Task[], opts: BatchOptions = {}): Promise<Batch> {
    counts.batches++;
    await options.beforeBatch?.(tasks);
    const keys = tasks.map((t) => replicationKey(t.scenario, t.replication, model));
    const stored = keys.map((key) => {
      if (!options.read) return undefined;
      const entry = cache.read(key);
      if (entry.state === 'damaged') options.onDamaged?.(entry);
      return entry.state === 'stored' ? entry.result : undefined;
    });
    const hits = stored.filter((r) => r !== undefined).length;
    counts.hits += hits;
    options.onBatch?.({ hits, total: tasks.length });
    return runWithKnown(inner, tasks, opts, {
      known: (i) => stored[i],
      onComputed: (i, r) => {
        store(keys[i], r);
        counts.computed++;
      },
    });
  }

  return {
    get size() {
      return inner.size;
    },
    get live() {
      return inner.live;
    },
    counts,
    run,
    close: () => inner.close(),
  };
}
