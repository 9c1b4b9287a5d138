import { describe, expect, it } from 'vitest';
import { createCompetitor, meanSubsidy, respond } from '../../src/model/competitor.ts';
import { smallScenario } from './month.ts';

describe('competitor: partial adjustment', () => {
  it('closes the share φ of its gap each month: z_k = target·(1 − (1 − φ)^k), at the status quo it never moves', () => {
    const s = smallScenario({ levers: { subsidy: { handset: { basic: 100, mid: 600, high: 1200 } } }, churn: { priceIndex: 0.9 } });
    const c = createCompetitor(s), phi = s.competitor.adjustment;
    expect(c.subsidyTarget).toBeCloseTo(s.competitor.subsidyMatch * (1 - s.competitor.statusQuoSubsidy / meanSubsidy(s)), 14);
    expect(c.priceTarget).toBeCloseTo(s.competitor.priceMatch * -0.1, 14);
    for (let k = 1; k <= 12; k++) {
      respond(c);
      expect(c.subsidy).toBeCloseTo(c.subsidyTarget * (1 - Math.pow(1 - phi, k)), 12);
      expect(c.price).toBeCloseTo(c.priceTarget * (1 - Math.pow(1 - phi, k)), 12);
    }
    // the default city's subsidy is the status quo: no response
    const d = createCompetitor(smallScenario({ levers: { subsidy: { handset: { basic: 50, mid: 300, high: 600 }, eligibleTiers: ['supreme', 'diamond', 'gold', 'silver'] } } }));
    respond(d);
    expect([d.subsidy, d.price]).toEqual([0, 0]);
  });
});
