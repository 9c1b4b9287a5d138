/**
 * The replication cache: keys that depend on content alone, values that come back number for
 * number, and entries that are never trusted: a byte edited, an entry cut short, one copied under
 * another key, content edited and packed again, or an entry of another format are each reported
 * and computed again, through the API and through `channel-lab run --resume`.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedRunner, createReplicationCache, ENTRY_FORMAT } from '../../src/runtime/cache.ts';
import { createPool, inProcessFactory } from '../../src/experiment/pool.ts';
import { canonicalJson, decodeValue, encodeValue, replicationKey, scenarioKey } from '../../src/runtime/replication-key.ts';
import { modelVersion } from '../../src/runtime/version.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeResult, fakeRun } from '../fixtures/fake-result.ts';
import { ROOT, cli, stopAll } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-cache-'));
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('replication keys', () => {
  const s = resolveScenario({ simulation: { seed: 42, replications: 10 } });
  const key = replicationKey(s, 3, 'm1');

  it('depend on the scenario, seed, replication and model, not on how many replications were asked for', () => {
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(replicationKey({ ...s, simulation: { ...s.simulation, replications: 20 } }, 3, 'm1')).toBe(key);
    expect(replicationKey(s, 4, 'm1')).not.toBe(key);
    expect(replicationKey(s, 3, 'm2')).not.toBe(key);
    expect(replicationKey({ ...s, simulation: { ...s.simulation, seed: 43 } }, 3, 'm1')).not.toBe(key);
    expect(replicationKey({ ...s, levers: { ...s.levers, diversion: { ...s.levers.diversion, floorGuide: 0.123 } } }, 3, 'm1')).not.toBe(key);
  });

  it('do not depend on the order of object keys', () => {
    const reversed = Object.fromEntries(Object.entries(s).reverse()) as typeof s;
    expect(replicationKey(reversed, 3, 'm1')).toBe(key);
    expect(scenarioKey(reversed)).toBe(scenarioKey(s));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: -0 }] })).toBe('{"a":[{"c":{"$n":"-0"},"d":2}],"b":1}');
  });

  it('name this installation\'s model: package version, MODEL_VERSION and a digest of the engine', () => {
    expect(modelVersion()).toMatch(/^\d+\.\d+\.\d+\+m\d+\.[0-9a-f]{12}$/);
  });
});

describe('stored values', () => {
  it('come back equal number for number, NaN, ±Infinity and −0 included', () => {
    const value = { a: [1.1, NaN, Infinity, -Infinity, -0, 0, 1e-300], b: { c: 'x', $n: 'not special alone' } };
    const back = decodeValue<typeof value>(encodeValue(value));
    expect(back).toEqual(value);
    expect(Object.is(back.a[4], -0)).toBe(true);
    expect(Number.isNaN(back.a[1])).toBe(true);
  });

  it('a cached replication reads back equal, and a write leaves no temporary file', () => {
    const cache = createReplicationCache(join(dir, 'c'));
    const r = fakeResult(42, 1, 3);
    const key = 'ab'.repeat(32);
    expect(cache.read(key)).toEqual({ state: 'absent' });
    cache.put(key, r);
    expect(cache.read(key)).toEqual({ state: 'stored', result: r });
    expect(readdirSync(join(dir, 'c'), { recursive: true }).map(String).sort()).toEqual(['ab', `ab/${key}.json.gz`]);
    expect(() => cache.put('../x', r)).toThrow(RangeError);
  });
});

describe('damaged entries', () => {
  const cache = createReplicationCache(join(dir, 'damaged'));
  const keyA = 'aa'.repeat(32);
  const keyB = 'bb'.repeat(32);
  const fileOf = (key: string) => join(cache.dir, key.slice(0, 2), `${key}.json.gz`);
  const fresh = () => {
    cache.put(keyA, fakeResult(42, 0, 3));
    cache.put(keyB, fakeResult(42, 1, 3));
  };

  it('a byte edited in the file: does not unpack', () => {
    fresh();
    const bytes = readFileSync(fileOf(keyA));
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(fileOf(keyA), bytes);
    expect(cache.read(keyA)).toEqual({ state: 'damaged', file: fileOf(keyA), problem: expect.stringMatching(/^does not unpack: cut short or not written by Channel Lab \(.+\)$/) });
  });

  it('cut short: does not unpack', () => {
    fresh();
    truncateSync(fileOf(keyA), 100);
    expect(cache.read(keyA)).toMatchObject({ state: 'damaged', problem: 'does not unpack: cut short or not written by Channel Lab (unexpected end of file)' });
  });

  it('copied under another key: holds another replication', () => {
    fresh();
    copyFileSync(fileOf(keyB), fileOf(keyA));
    expect(cache.read(keyA)).toMatchObject({ state: 'damaged', problem: 'holds replication bbbbbbbbbbbb…, not this one (copied or renamed from another entry)' });
  });

  it('content edited and packed again: the checksum does not match', () => {
    fresh();
    const text = gunzipSync(readFileSync(fileOf(keyA))).toString('utf8');
    const edited = text.replace(/("replication":)0/, '$17');
    expect(edited).not.toBe(text);
    writeFileSync(fileOf(keyA), gzipSync(edited));
    expect(cache.read(keyA)).toMatchObject({ state: 'damaged', problem: 'checksum does not match its content (edited or damaged)' });
  });

  it('another format (a bare result, as earlier versions wrote): not of this format', () => {
    fresh();
    writeFileSync(fileOf(keyA), encodeValue(fakeResult(42, 0, 3)));
    expect(cache.read(keyA)).toMatchObject({ state: 'damaged', problem: `not of format ${ENTRY_FORMAT} (written by another version, or not a cache entry)` });
  });

  it('a cached runner reports each damaged entry once, computes it again and stores it whole', async () => {
    const scenario = resolveScenario({ simulation: { months: 3, seed: 42 } });
    const runs: number[] = [];
    const pool = createPool({ factory: inProcessFactory({ runReplication: (s, r) => (runs.push(r), fakeRun(s, r)) }), size: 1 });
    const own = createReplicationCache(join(dir, 'runner'));
    const tasks = [0, 1, 2].map((replication) => ({ scenario, replication }));
    const first = await cachedRunner(pool, { cache: own, model: 'm', read: true }).run(tasks);
    const key1 = replicationKey(scenario, 1, 'm');
    truncateSync(join(own.dir, key1.slice(0, 2), `${key1}.json.gz`), 10);
    runs.length = 0;
    const damaged: Array<{ file: string; problem: string }> = [];
    const again = await cachedRunner(pool, { cache: own, model: 'm', read: true, onDamaged: (e) => damaged.push(e) }).run(tasks);
    expect(damaged).toEqual([{ state: 'damaged', file: join(own.dir, key1.slice(0, 2), `${key1}.json.gz`), problem: expect.stringMatching(/^does not unpack/) }]);
    expect(runs).toEqual([1]);
    expect(again.results).toEqual(first.results);
    expect(own.read(key1)).toEqual({ state: 'stored', result: first.results[1] });
    await pool.close();
  });
});

describe('channel-lab run --resume over a tampered cache', () => {
  it('reports each tampered entry on one line, computes it again and writes the result.json of a clean run', async () => {
    const args = ['run', join(ROOT, 'scenarios/default.json'), '--customers', '1000', '--months', '2', '--replications', '4', '--workers', '1'];
    const clean = cli(...args, '--out', join(dir, 'clean', 'out'));
    expect(await clean.exited).toBe(0);
    const cacheDir = join(dir, 'tampered', '.channel-lab-cache');
    cpSync(join(dir, 'clean', '.channel-lab-cache'), cacheDir, { recursive: true });
    const files = readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json.gz')).sort().map((f) => join(cacheDir, f));
    expect(files).toHaveLength(4);
    const [edited, truncated, foreign, intact] = files;
    const bytes = readFileSync(edited);
    bytes[bytes.length - 20] ^= 0xff;
    writeFileSync(edited, bytes);
    truncateSync(truncated, Math.floor(readFileSync(truncated).length / 2));
    copyFileSync(intact, foreign);

    const resumed = cli(...args, '--out', join(dir, 'tampered', 'out'), '--resume');
    expect(await resumed.exited).toBe(0);
    const lines = resumed.stderr().split('\n').filter(Boolean);
    const reported = lines.filter((l) => l.startsWith('channel-lab: replication cache: '));
    expect(reported).toHaveLength(3);
    const about = (file: string) => reported.find((l) => l.startsWith(`channel-lab: replication cache: ${file} `));
    expect(about(edited)).toMatch(/ does not unpack: cut short or not written by Channel Lab \(.+\); computing it again$/);
    expect(about(truncated)).toMatch(/ does not unpack: cut short or not written by Channel Lab \(unexpected end of file\); computing it again$/);
    expect(about(foreign)).toBe(`channel-lab: replication cache: ${foreign} holds replication ${basename(intact).slice(0, 12)}…, not this one (copied or renamed from another entry); computing it again`);
    expect(lines).toContain('channel-lab: --resume: 1 of 4 replications from cache, 3 computed');
    const read = (run: string, f: string) => readFileSync(join(dir, run, 'out', f), 'utf8');
    expect(read('tampered', 'result.json').replace(/"runtimeMs": \d+/, '')).toBe(read('clean', 'result.json').replace(/"runtimeMs": \d+/, ''));
    for (const f of ['series.csv', 'outlets.csv']) expect(read('tampered', f)).toBe(read('clean', f));
    // Stored whole again: the next resume takes all four.
    const again = cli(...args, '--out', join(dir, 'tampered', 'out'), '--resume');
    expect(await again.exited).toBe(0);
    expect(again.stderr()).toBe(`channel-lab: --resume: 4 of 4 replications from cache (${cacheDir})\nchannel-lab: --resume: 4 of 4 replications from cache, 0 computed\n`);
  }, 90_000);
});
