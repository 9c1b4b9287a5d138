/**
 * The model version that a stored or queued replication belongs to. A replication is a pure
 * function of (resolved scenario, seed, replication index, model), so the model must be part of
 * every cache key and job: a result computed by other engine code is another result.
 *
 * The version is `<package version>+m<MODEL_VERSION>.<digest>`, where the digest is a SHA-256 of
 * the engine's sources (src/model/*.ts). MODEL_VERSION is the deliberate part: bump it when the
 * numbers change for a reason outside src/model (say, the way the experiment layer hands a scenario
 * to the engine). The digest is the safety net: an edit to the engine changes the version even
 * when nobody remembers to bump it, so a worker running other code never serves a submitter's
 * jobs (the queue name carries the version) and a resumed run never reads stale results.
 * CHANNEL_LAB_MODEL_VERSION, when set, is taken as the version instead: for tests whose processes
 * must agree while the sources are being edited around them, and for fleets that deploy one build
 * by other means. Node only (it reads files); the browser has no cache and no queue.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { MODEL_VERSION } from '../experiment/version.ts';

/** Bump when replication results change for a reason the engine's sources do not show (experiment/version.ts). */
export { MODEL_VERSION };

const ROOT = new URL('../../', import.meta.url);

let memo: string | undefined;

/** This installation's model version, e.g. `0.1.0+m1.3f9c2a1b7d40`. */
export function modelVersion(): string {
  if (memo) return memo;
  const pinned = process.env.CHANNEL_LAB_MODEL_VERSION;
  if (pinned) return (memo = pinned);
  const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string };
  memo = `${pkg.version}+m${MODEL_VERSION}.${engineDigest()}`;
  return memo;
}

/** A short tag of a model version, fit for a queue name. */
export function modelTag(version: string): string {
  return createHash('sha256').update(version).digest('hex').slice(0, 12);
}

// SHA-256 over the engine's source files, in name order, each with its name; 12 hex digits.
function engineDigest(): string {
  const dir = new URL('src/model/', ROOT);
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(name).update('\0').update(readFileSync(new URL(name, dir))).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}
