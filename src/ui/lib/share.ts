/**
 * A scenario as a link: the JSON, deflated (CompressionStream) and base64url-encoded, in the
 * URL's hash (#scenario=…), so it never reaches a server. A link is untrusted input, read like a
 * file: its length is checked before anything is decoded, the inflated size is capped while
 * inflating (a few kilobytes of deflate can unpack to hundreds of megabytes), then the text is
 * parsed and validated with the scenario schema the CLI's `validate` uses. Every refusal says why;
 * schema problems carry their JSON paths.
 */
import { jsonPath, parseScenario, type Problem, startOutletIds, type Scenario } from '../../model/index.ts';
import { getAt, type Path } from './paths.ts';

export const HASH_KEY = 'scenario';

/**
 * Longest #scenario= value accepted, in characters; checked before anything is decoded. The
 * largest bundled scenario as a link is the sample city with its data files read in (340 outlets
 * and 30 district outlines inline, as a data import leaves a draft): 36,772 characters; a city
 * ten times its size (3,400 outlets) measured about 187,000. 512 KiB leaves room for about 9,000
 * outlets, stays under Chromium's 2 MB limit on a URL, and refuses the 531 KB link that inflated
 * to 400 MB before this limit existed.
 */
export const MAX_LINK_CHARS = 512 * 1024;

/**
 * Most bytes a link may inflate to, enforced while inflating. Real scenario JSON deflates 3.3 : 1
 * (every default written out) to 6.8 : 1 (the 3,400-outlet city), so a link of MAX_LINK_CHARS
 * (384 KiB deflated) holds at most about 2.7 MB of real JSON; deflate itself reaches 1,032 : 1.
 */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

/**
 * Compressed bytes handed to the inflater at a time. Chromium inflates a written chunk whole before
 * the reader can stop it (a 200 MiB bomb written at once took 574 ms and 213 MB of heap to stop;
 * in 1 KiB slices, 26 ms); one slice inflates to at most about 1 MiB (deflate's 1,032 : 1), so a
 * refused link never holds more than MAX_JSON_BYTES plus that.
 */
export const FEED_BYTES = 1024;

/** Why a link was not opened. */
export type Refusal =
  | { reason: 'tooLong'; chars: number }
  | { reason: 'tooLarge' }
  | { reason: 'damaged' }
  | { reason: 'notJson' }
  | { reason: 'invalid'; problems: Problem[] };

export type Decoded = { ok: true; value: unknown; scenario: Scenario } | ({ ok: false } & Refusal);

/** The hash fragment (without '#') that carries json. */
export async function encodeScenario(json: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  const packed = new Uint8Array(await new Response(out).arrayBuffer());
  return `${HASH_KEY}=${toBase64Url(packed)}`;
}

/** The scenario in a hash fragment, or null when the hash carries none. */
export function scenarioParam(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(HASH_KEY);
}

/** Decode and validate a #scenario= value: the value as written, and the scenario it resolves to. */
export async function decodeScenario(param: string): Promise<Decoded> {
  if (param.length > MAX_LINK_CHARS) return { ok: false, reason: 'tooLong', chars: param.length };
  let packed: Uint8Array<ArrayBuffer>;
  try {
    packed = fromBase64Url(param);
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  const inflated = await inflateCapped(packed, MAX_JSON_BYTES);
  if (!inflated.ok) return { ok: false, reason: inflated.reason };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'notJson' };
  }
  const parsed = parseScenario(value);
  return parsed.ok ? { ok: true, value, scenario: parsed.scenario } : { ok: false, reason: 'invalid', problems: parsed.problems };
}

export type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'damaged' } | { ok: false; reason: 'tooLarge'; inflated: number };

/**
 * Inflate zlib-wrapped deflate, giving up as soon as the output passes cap bytes. The input is fed
 * in FEED_BYTES slices and the output read as it comes, so a bomb stops near the cap instead of
 * being unpacked whole. `inflated` is how far it got when it stopped.
 */
export async function inflateCapped(packed: Uint8Array<ArrayBuffer>, cap: number): Promise<Inflated> {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // A damaged stream errors both sides; the reader's error is the one reported.
  const feeding = (async () => {
    for (let i = 0; i < packed.length; i += FEED_BYTES) await writer.write(packed.subarray(i, i + FEED_BYTES));
    await writer.close();
  })();
  feeding.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > cap) {
        await reader.cancel();
        return { ok: false, reason: 'tooLarge', inflated: size };
      }
      chunks.push(value);
    }
    await feeding;
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes };
}

/**
 * A value that differs from the schema's default, for the confirmation before opening a link, at
 * its JSON path without the leading $ (simulation.months): a value and its default, or a list by
 * its length (two lists of 17 services can differ).
 */
export type Change = { path: string; value: string; default: string } | { path: string; items: number };

/** What a shared scenario is, in a few figures, before the user opens it. */
export interface SharedSummary {
  name: string | null;
  customers: number;
  months: number;
  replications: number;
  /** outlets listed or generated; null when they come from a data file */
  outlets: number | null;
  outletsFile: string | null;
  services: number;
  /** values as written that differ from the defaults, name and description aside */
  changes: Change[];
}

const DEFAULTS = parseScenario({});
const NOT_CHANGES = new Set(['$schema', 'name', 'description']);

/** The summary of a decoded link: json as written, scenario its resolved form. */
export function sharedSummary(json: unknown, scenario: Scenario): SharedSummary {
  const name = getAt(json, ['name']);
  const changes: Change[] = [];
  const defaults = DEFAULTS.ok ? DEFAULTS.scenario : undefined;
  for (const path of leafPaths(json)) {
    if (NOT_CHANGES.has(String(path[0]))) continue;
    const value = getAt(scenario, path);
    const fallback = getAt(defaults, path);
    if (JSON.stringify(value) === JSON.stringify(fallback)) continue;
    const at = jsonPath(path).replace(/^\$\.?/, '');
    changes.push(Array.isArray(value) ? { path: at, items: value.length } : { path: at, value: shortValue(value), default: shortValue(fallback) });
  }
  return {
    name: typeof name === 'string' && name.trim() ? name : null,
    customers: scenario.simulation.customers,
    months: scenario.simulation.months,
    replications: scenario.simulation.replications,
    outlets: scenario.outlets.file === undefined ? startOutletIds(scenario).length : null,
    outletsFile: scenario.outlets.file ?? null,
    services: scenario.services.length,
    changes,
  };
}

// Paths to the values written in json: objects are walked, a list counts as one value.
function leafPaths(json: unknown, at: Path = []): Path[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return at.length > 0 ? [at] : [];
  return Object.entries(json).flatMap(([k, v]) => leafPaths(v, [...at, k]));
}

function shortValue(v: unknown): string {
  if (v === undefined) return '–';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @throws {Error} on characters outside the base64url alphabet */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('fromBase64Url: invalid character');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
