import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  decodeScenario, encodeScenario, FEED_BYTES, fromBase64Url, inflateCapped, MAX_JSON_BYTES, MAX_LINK_CHARS,
  scenarioParam, sharedSummary, toBase64Url,
} from '../../src/ui/lib/share.ts';
import { parseScenario } from '../../src/model/validate.ts';
import { resolveDataFiles } from '../../src/io/references.ts';
import { bombParam } from '../fixtures/share-bomb.ts';

const SCENARIOS = join(import.meta.dirname, '../../scenarios');
/** deflate's largest expansion: 258 bytes from a 2-bit code of a length-258 match, 1,032 : 1 */
const DEFLATE_MAX_RATIO = 1032;

describe('scenario links', () => {
  test('a scenario survives the round trip through the URL hash', async () => {
    const json = { name: '分流试点 Diversion pilot', levers: { closures: { outlets: ['S01', 'P02'] } }, simulation: { months: 12 } };
    const fragment = await encodeScenario(json);
    expect(fragment).toMatch(/^scenario=[A-Za-z0-9_-]+$/);
    const decoded = await decodeScenario(scenarioParam('#' + fragment)!);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.value).toEqual(json);
      expect(decoded.scenario.simulation.months).toBe(12);
    }
  });

  test('the bomb helper makes a real stream: 3 MiB of spaces, checksum included', async () => {
    const inflated = await inflateCapped(fromBase64Url(bombParam(3)), 4 << 20);
    expect(inflated.ok).toBe(true);
    if (inflated.ok) {
      expect(inflated.bytes.length).toBe(3 << 20);
      expect(inflated.bytes.every((c) => c === 0x20)).toBe(true);
    }
  });

  test('a link longer than the limit is refused before it is decoded: the 400 MiB bomb', async () => {
    const param = bombParam(400);
    expect(param.length).toBeGreaterThan(MAX_LINK_CHARS);
    expect(await decodeScenario(param)).toEqual({ ok: false, reason: 'tooLong', chars: param.length });
    // Not even base64-checked: '%' would make a shorter link 'damaged'.
    expect(await decodeScenario('%'.repeat(MAX_LINK_CHARS + 1))).toMatchObject({ reason: 'tooLong' });
    expect(await decodeScenario('%'.repeat(MAX_LINK_CHARS))).toMatchObject({ reason: 'damaged' });
  });

  test('a short link that inflates past the cap is refused, and inflating stops near the cap', async () => {
    const param = bombParam(100);
    expect(param.length).toBeLessThan(MAX_LINK_CHARS);
    expect(await decodeScenario(param)).toEqual({ ok: false, reason: 'tooLarge' });
    const inflated = await inflateCapped(fromBase64Url(param), MAX_JSON_BYTES);
    expect(inflated).toMatchObject({ ok: false, reason: 'tooLarge' });
    if (!inflated.ok && inflated.reason === 'tooLarge') {
      expect(inflated.inflated).toBeGreaterThan(MAX_JSON_BYTES);
      expect(inflated.inflated).toBeLessThanOrEqual(MAX_JSON_BYTES + FEED_BYTES * DEFLATE_MAX_RATIO);
    }
  });

  test('the cap counts inflated bytes exactly: a scenario of n bytes passes a cap of n, not n − 1', async () => {
    const text = JSON.stringify({ name: 'cap', description: 'x'.repeat(5000) });
    const packed = new Uint8Array(deflateSync(Buffer.from(text)));
    expect((await inflateCapped(packed, text.length)).ok).toBe(true);
    expect(await inflateCapped(packed, text.length - 1)).toMatchObject({ ok: false, reason: 'tooLarge' });
  });

  test('a scenario that breaks the schema is refused with the JSON path of each problem', async () => {
    const decoded = await decodeScenario(scenarioParam('#' + (await encodeScenario({ simulation: { months: 0 }, outlets: { generate: { ownStores: -1 } } })))!);
    expect(decoded).toMatchObject({ ok: false, reason: 'invalid' });
    if (!decoded.ok && decoded.reason === 'invalid') {
      expect(decoded.problems.map((p) => p.path).sort()).toEqual(['$.outlets.generate.ownStores', '$.simulation.months']);
      expect(decoded.problems.find((p) => p.path === '$.simulation.months')!.message).toMatch(/expected at least 1 month, got 0/);
    }
  });

  test('a damaged link, or one that does not hold JSON, says which', async () => {
    const good = (await encodeScenario({})).slice('scenario='.length);
    for (const bad of ['%%%', 'AAAA', good.slice(0, -6)]) expect(await decodeScenario(bad), bad).toEqual({ ok: false, reason: 'damaged' });
    expect(await decodeScenario(toBase64Url(deflateSync(Buffer.from('{"name": ')))), 'cut JSON').toEqual({ ok: false, reason: 'notJson' });
    expect(await decodeScenario(toBase64Url(deflateSync(Buffer.from([0xff, 0xfe, 0x7b])))), 'not UTF-8').toEqual({ ok: false, reason: 'damaged' });
  });

  test('every bundled scenario, its data files read in, makes a link far inside both limits', async () => {
    const files = [
      ...readdirSync(SCENARIOS).filter((f) => f.endsWith('.json') && f !== 'schema.json'),
      ...readdirSync(join(SCENARIOS, 'lessons')).map((f) => `lessons/${f}`),
    ];
    let largest = { file: '', chars: 0, bytes: 0 };
    for (const file of files) {
      const path = join(SCENARIOS, file);
      const parsed = parseScenario(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.ok) throw new Error(`${file}: ${parsed.problems[0].message}`);
      const resolved = resolveDataFiles(parsed.scenario, { read: (ref) => readFileSync(join(dirname(path), ref)), name: (ref) => ref });
      if (!resolved.ok) throw new Error(`${file}: ${resolved.problems[0].message}`);
      const param = (await encodeScenario(resolved.scenario)).slice('scenario='.length);
      const bytes = new TextEncoder().encode(JSON.stringify(resolved.scenario)).length;
      if (param.length > largest.chars) largest = { file, chars: param.length, bytes };
      expect((await decodeScenario(param)).ok, file).toBe(true);
    }
    // The sample city with its 340 outlets and 30 district outlines: about 37,000 characters.
    expect(largest.file).toBe('sample-city.json');
    expect(largest.chars).toBeLessThan(MAX_LINK_CHARS / 10);
    expect(largest.bytes).toBeLessThan(MAX_JSON_BYTES / 50);
  });

  test('no hash, no scenario', () => {
    expect(scenarioParam('')).toBeNull();
    expect(scenarioParam('#results')).toBeNull();
  });

  test('base64url round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...fromBase64Url(toBase64Url(all))]).toEqual([...all]);
    expect(toBase64Url(all)).not.toMatch(/[+/=]/);
  });
});

describe('the confirmation before a shared scenario opens', () => {
  test('names the size and lists what differs from the defaults, name and description aside', () => {
    const json = { $schema: './schema.json', name: '试点 Pilot', description: 'd', simulation: { months: 12, seed: 42 }, levers: { closures: { outlets: ['S01'] } } };
    const parsed = parseScenario(json);
    if (!parsed.ok) throw new Error('fixture');
    const s = sharedSummary(json, parsed.scenario);
    expect(s).toMatchObject({ name: '试点 Pilot', months: 12, customers: parsed.scenario.simulation.customers, outletsFile: null });
    expect(s.outlets).toBe(parsed.scenario.outlets.generate.ownStores + parsed.scenario.outlets.generate.partners);
    // seed 42 is the default: written, but no change.
    expect(s.changes.map((c) => c.path)).toEqual(['simulation.months', 'levers.closures.outlets']);
    expect(s.changes).toEqual([{ path: 'simulation.months', value: '12', default: '24' }, { path: 'levers.closures.outlets', items: 1 }]);
  });

  test('outlets read from a data file are named by the file, not counted', () => {
    const json = JSON.parse(readFileSync(join(SCENARIOS, 'sample-city.json'), 'utf8')) as unknown;
    const parsed = parseScenario(json);
    if (!parsed.ok) throw new Error('fixture');
    expect(sharedSummary(json, parsed.scenario)).toMatchObject({ outlets: null, outletsFile: 'templates/outlets.csv', name: expect.stringContaining('明川市') });
  });
});
