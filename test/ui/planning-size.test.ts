import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { resolveScenario } from '../../src/model/validate.ts';
import { describePath } from '../../src/experiment/paths.ts';
import { DEFAULT_PLAN_SIZE, normalisePlanSize, PLAN_SIZE_LIMITS, sizedScenario } from '../../src/ui/lib/planSize.ts';
import { CURVE_LEVERS, DIVERSION_MEASURES, leverSetting } from '../../src/ui/lib/leverCatalogue.ts';

const DEFAULT = resolveScenario(JSON.parse(readFileSync(new URL('../../scenarios/default.json', import.meta.url), 'utf8')));

describe('planning run size', () => {
  test('normalisePlanSize keeps every field an integer within its bounds, the default where missing', () => {
    expect(normalisePlanSize({})).toEqual(DEFAULT_PLAN_SIZE);
    const s = normalisePlanSize({ agents: 12.4, months: 0, replications: 1e9, seed: Number.NaN });
    expect(s).toEqual({ agents: PLAN_SIZE_LIMITS.agents.min, months: PLAN_SIZE_LIMITS.months.min, replications: PLAN_SIZE_LIMITS.replications.max, seed: DEFAULT_PLAN_SIZE.seed });
  });

  test('sizedScenario sets agents, months, replications and seed, never more agents than subscribers', () => {
    const { scenario } = sizedScenario(DEFAULT, { agents: 1500, months: 12, replications: 3, seed: 7 });
    expect(scenario.simulation).toMatchObject({ agents: 1500, months: 12, replications: 3, seed: 7, customers: DEFAULT.simulation.customers });
    const few = resolveScenario({ simulation: { customers: 1000 } });
    expect(sizedScenario(few, { agents: 5000, months: 12, replications: 3, seed: 1 }).scenario.simulation.agents).toBe(1000);
  });

  test('closures that would start in or after the last month of a short run move to its middle, and say so', () => {
    expect(DEFAULT.levers.closures.fromMonth).toBe(7);
    const short = sizedScenario(DEFAULT, { ...DEFAULT_PLAN_SIZE, months: 6 });
    expect(short.closuresMoved).toEqual({ from: 7, to: 3 });
    expect(short.scenario.levers.closures.fromMonth).toBe(3);
    const long = sizedScenario(DEFAULT, { ...DEFAULT_PLAN_SIZE, months: 12 });
    expect(long.closuresMoved).toBeNull();
    expect(long.scenario.levers.closures.fromMonth).toBe(7);
  });
});

describe('lever catalogue', () => {
  test('every measure and curve lever is a numeric scenario path whose search range lies within the schema', () => {
    for (const l of [...DIVERSION_MEASURES, ...CURVE_LEVERS]) {
      const info = describePath(DEFAULT, l.path, 'vary');
      expect(['number', 'integer'], l.path).toContain(info.type);
      expect(info.type === 'integer', l.path).toBe(l.integer);
      expect(l.lo, l.path).toBeLessThan(l.hi);
      expect(l.lo, l.path).toBeGreaterThanOrEqual(info.minimum ?? -Infinity);
      expect(l.hi, l.path).toBeLessThanOrEqual(info.maximum ?? Infinity);
    }
  });

  test('ids are unique and leverSetting names the known ones when asked for another', () => {
    for (const list of [DIVERSION_MEASURES, CURVE_LEVERS]) expect(new Set(list.map((l) => l.id)).size).toBe(list.length);
    expect(leverSetting(DIVERSION_MEASURES, 'points').path).toBe('levers.diversion.pointsPerEChannel');
    expect(() => leverSetting(CURVE_LEVERS, 'teleport')).toThrow(/unknown "teleport"; expected one of commission\.partner/);
  });
});
