import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReplicationCache } from '../../src/runtime/cache.ts';
import { canonicalJson, decodeValue, encodeValue, replicationKey, scenarioKey } from '../../src/runtime/replication-key.ts';
import { modelVersion } from '../../src/runtime/version.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeResult } from '../fixtures/fake-result.ts';

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
