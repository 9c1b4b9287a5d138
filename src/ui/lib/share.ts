/**
 * A scenario as a link: the JSON, deflated (CompressionStream) and base64url-encoded, in the
 * URL's hash (#scenario=…), so it never reaches a server. On load the text is inflated, parsed and
 * validated against the schema; a broken link yields problems with JSON paths, like a bad file.
 */
import { parseScenario, type Problem } from '../../model/validate.ts';

export const HASH_KEY = 'scenario';

export type Decoded = { ok: true; value: unknown } | { ok: false; problems: Problem[] };

/** The hash fragment (without '#') that carries json. */
export async function encodeScenario(json: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  const packed = await pipe(bytes, new CompressionStream('deflate'));
  return `${HASH_KEY}=${toBase64Url(packed)}`;
}

/** The scenario in a hash fragment, or null when the hash carries none. */
export function scenarioParam(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get(HASH_KEY);
}

/** Decode and validate a #scenario= value; every failure is a problem with a JSON path. */
export async function decodeScenario(param: string): Promise<Decoded> {
  let text: string;
  try {
    const raw = await pipe(fromBase64Url(param), new DecompressionStream('deflate'));
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, problems: [{ path: '$', message: 'the link is damaged or incomplete (it does not decompress); copy it again' }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  const parsed = parseScenario(value);
  return parsed.ok ? { ok: true, value } : { ok: false, problems: parsed.problems };
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @throws {Error} on characters outside the base64url alphabet */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('fromBase64Url: invalid character');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
