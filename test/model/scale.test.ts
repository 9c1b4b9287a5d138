import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CHANNELS } from '../../src/model/domain.ts';
import { scaleWorld } from '../../src/model/scale.ts';
import { outletIds } from '../../src/model/scenario.ts';
import { resolveScenario } from '../../src/model/validate.ts';

const defaultCity = () => resolveScenario(JSON.parse(readFileSync(new URL('../../scenarios/default.json', import.meta.url), 'utf8')));

describe('scaleWorld', () => {
  const s = defaultCity();
  const N = s.simulation.customers, g = s.outlets.generate;

  for (const f of [10, 0.37]) {
    it(`× ${f}: outlets, hotline agents, managers and platform costs in proportion (within rounding), agents reset`, () => {
      const t = scaleWorld(s, N * f);
      expect(t.simulation.customers).toBe(N * f);
      expect(t.simulation.agents).toBeNull();
      expect(Math.abs(t.outlets.generate.ownStores - g.ownStores * f)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(t.outlets.generate.partners - g.partners * f)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(t.hotline.agents - s.hotline.agents * f)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(t.accountManagers.managers - s.accountManagers.managers * f)).toBeLessThanOrEqual(0.5);
      for (const c of CHANNELS) expect(t.channels[c].fixedMonthly, c).toBeCloseTo(s.channels[c].fixedMonthly * f, 6);
      // everything per customer stays: the levers, the behaviour
      expect(t.levers.diversion).toEqual(s.levers.diversion);
      expect(t.choice).toEqual(s.choice);
    });
  }

  it('keeps the closed outlets\' numbers with ids padded for the new count, and drops numbers that no longer exist', () => {
    expect(s.levers.closures.outlets).toEqual(['S08', 'P13', 'P63']);
    const big = scaleWorld(s, N * 10);
    expect(big.levers.closures.outlets).toEqual(['S008', 'P013', 'P063']);
    const ids = new Set(outletIds(big));
    for (const id of big.levers.closures.outlets) expect(ids.has(id), id).toBe(true);
    const small = scaleWorld(s, N / 10); // 1 store, 8 partners
    expect(small.outlets.generate).toEqual({ ownStores: 1, partners: 8 });
    expect(small.levers.closures.outlets).toEqual([]);
  });

  it('keeps an explicit outlet list as it is', () => {
    const withList = resolveScenario({ outlets: { list: [{ id: 'A', kind: 'own', x: 3, y: 3 }, { id: 'B', kind: 'partner', x: 5, y: 5 }] } });
    const t = scaleWorld(withList, withList.simulation.customers * 4);
    expect(t.outlets.list).toEqual(withList.outlets.list);
    expect(t.hotline.agents).toBe(Math.max(1, Math.round(withList.hotline.agents * 4)));
  });

  it('refuses a customer count that is not positive, by name', () => {
    expect(() => scaleWorld(s, 0)).toThrow(/scaleWorld: customers must be > 0, got 0/);
    expect(() => scaleWorld(s, Number.NaN)).toThrow(RangeError);
  });
});
