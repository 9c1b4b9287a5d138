import { describe, expect, it } from 'vitest';
import { managerAvailability } from '../../src/model/accountManagers.ts';
import { smallScenario } from './month.ts';

describe('account-manager availability', () => {
  const at = (strictness: number) => smallScenario({ accountManagers: { managers: 10, visitsPerManagerMonth: 100 }, choice: { directCapacityStrictness: strictness } });

  it('is 1 up to capacity (managers × visits), then 1 − σ + σ·capacity/demand', () => {
    const s = at(0.6);
    expect(managerAvailability(s, 0)).toBe(1);
    expect(managerAvailability(s, 1000)).toBe(1);
    expect(managerAvailability(s, 4000)).toBeCloseTo(1 - 0.6 + 0.6 * 0.25, 15);
  });

  it('is continuous at capacity, falls with demand, and is the served share at σ = 1; σ = 0 never binds', () => {
    const s = at(1);
    expect(managerAvailability(s, 1000 * (1 + 1e-12))).toBeCloseTo(1, 10);
    let last = 1;
    for (const d of [1500, 2000, 5000, 1e6]) {
      const a = managerAvailability(s, d);
      expect(a).toBeCloseTo(1000 / d, 15);
      expect(a).toBeLessThan(last);
      last = a;
    }
    expect(managerAvailability(at(0), 1e9)).toBe(1);
  });
});
