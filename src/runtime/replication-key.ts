/**
 * The identity of one replication and its portable form, shared by the replication cache
 * (cache.ts) and the job queue (pool.queue.ts, queue-worker.ts).
 *
 * key = SHA-256 of the canonical JSON of { model, scenario, seed, replication }, where the
 * scenario is the resolved one (defaults filled in) without `simulation.replications`: how many
 * replications an experiment asks for does not change replication r, so a run of 10 and a run of
 * 20 share their first 10. Canonical JSON sorts object keys, so the key depends on content alone.
 *
 * Results and scenarios travel as JSON that keeps what plain JSON loses (NaN, ±Infinity, −0 are
 * written as {"$n": "NaN"} and the like), gzipped: a result read back is equal, number for number,
 * to the one computed, so a resumed or queued experiment writes the same bytes as a local one.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';

/** The cache and job key of replication `replication` of `scenario` under `model`: 64 hex digits. */
export function replicationKey(scenario: Scenario, replication: number, model: string): string {
  if (!(Number.isInteger(replication) && replication >= 0)) throw new RangeError(`replicationKey: replication must be an integer ≥ 0, got ${replication}`);
  return sha256(canonicalJson({ model, scenario: scenarioIdentity(scenario), seed: scenario.simulation.seed, replication }));
}

/** The hash under which a queue stores a scenario once for all its replications. */
export function scenarioKey(scenario: Scenario): string {
  return sha256(canonicalJson(scenarioIdentity(scenario)));
}

/**
 * JSON with object keys sorted at every level; undefined members left out as JSON.stringify does.
 * Numbers are written by JSON.stringify (shortest round-trip form); NaN, ±Infinity and −0 as tagged objects.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value));
}

/** A value as JSON text that survives NaN, ±Infinity and −0. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** The inverse of encodeJson. */
export function decodeJson<T>(text: string): T {
  return JSON.parse(text, reviver) as T;
}

/** A value as gzipped encodeJson. */
export function encodeValue(value: unknown): Buffer {
  return gzipSync(encodeJson(value), { level: 6 });
}

/**
 * The inverse of encodeValue.
 * @param maxBytes refuse (RangeError) to unpack more than this: a small gzip can unpack to gigabytes
 */
export function decodeValue<T>(buffer: Buffer, maxBytes?: number): T {
  return decodeJson<T>(gunzipSync(buffer, maxBytes === undefined ? {} : { maxOutputLength: maxBytes }).toString('utf8'));
}

export const encodeResult = (r: ReplicationResult): Buffer => encodeValue(r);
export const decodeResult = (b: Buffer): ReplicationResult => decodeValue<ReplicationResult>(b);

// The scenario as far as a single replication sees it.
function scenarioIdentity(s: Scenario): unknown {
  const { replications: _ignored, ...simulation } = s.simulation;
  return { ...s, simulation };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const SPECIAL = '$n';

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0 && 1 / v < 0) return '-0';
  return null;
}

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number') {
    const tag = special(v);
    return tag === null ? v : { [SPECIAL]: tag };
  }
  return v;
}

function reviver(_key: string, v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const tag = o[SPECIAL];
    if (typeof tag === 'string' && Object.keys(o).length === 1) return Number(tag);
  }
  return v;
}

// A copy with sorted keys and special numbers tagged, ready for JSON.stringify.
function sortedCopy(v: unknown): unknown {
  if (typeof v === 'number') {
    const tag = special(v);
    return tag === null ? v : { [SPECIAL]: tag };
  }
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : sortedCopy(x)));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) {
      if (o[k] !== undefined && typeof o[k] !== 'function') out[k] = sortedCopy(o[k]);
    }
    return out;
  }
  return v;
}
