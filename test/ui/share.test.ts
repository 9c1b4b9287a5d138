import { describe, expect, test } from 'vitest';
import { decodeScenario, encodeScenario, fromBase64Url, scenarioParam, toBase64Url } from '../../src/ui/lib/share.ts';

describe('scenario links', () => {
  test('a scenario survives the round trip through the URL hash', async () => {
    const json = { name: '分流试点 Diversion pilot', levers: { closures: { outlets: ['S01', 'P02'] } }, simulation: { months: 12 } };
    const fragment = await encodeScenario(json);
    expect(fragment).toMatch(/^scenario=[A-Za-z0-9_-]+$/);
    const decoded = await decodeScenario(scenarioParam('#' + fragment)!);
    expect(decoded).toEqual({ ok: true, value: json });
  });

  test('a scenario that breaks the schema is refused with the JSON path of each problem', async () => {
    const decoded = await decodeScenario(scenarioParam('#' + (await encodeScenario({ simulation: { months: 0 } })))!);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problems[0]).toMatchObject({ path: '$.simulation.months' });
  });

  test('a damaged link says so at the root path', async () => {
    for (const bad of ['%%%', 'AAAA', (await encodeScenario({})).slice('scenario='.length, -6)]) {
      const decoded = await decodeScenario(bad);
      expect(decoded.ok, bad).toBe(false);
      if (!decoded.ok) expect(decoded.problems[0].path).toBe('$');
    }
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
