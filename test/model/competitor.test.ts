import { describe, expect, it } from 'vitest';
import { createCompetitor, respond } from '../../src/model/competitor.ts';
import { offerByTier } from '../../src/model/contracts.ts';
import { smallScenario } from './month.ts';

describe('competitor: partial adjustment, band by band', () => {
  it('closes the share φ of its gap each month: x_k = target·(1 − (1 − φ)^k), the target ρ_s·(S_r − S_sq,r) per tier', () => {
    const s = smallScenario({ levers: { subsidy: { handset: { basic: 100, mid: 600, high: 1200 } } }, churn: { priceIndex: 0.9 } });
    const c = createCompetitor(s), phi = s.competitor.adjustment, rho = s.competitor.subsidyMatch;
    const ours = offerByTier(s.levers.subsidy.handset, s.levers.subsidy.eligibleTiers);
    const quo = offerByTier(s.competitor.statusQuoHandset, s.competitor.statusQuoTiers);
    for (let r = 0; r < ours.length; r++) expect(c.subsidyTarget[r]).toBeCloseTo(rho * (ours[r] - quo[r]), 12);
    expect(c.priceTarget).toBeCloseTo(s.competitor.priceMatch * -0.1, 14);
    for (let k = 1; k <= 12; k++) {
      respond(c);
      for (let r = 0; r < ours.length; r++) expect(c.subsidy[r]).toBeCloseTo(c.subsidyTarget[r] * (1 - Math.pow(1 - phi, k)), 10);
      expect(c.price).toBeCloseTo(c.priceTarget * (1 - Math.pow(1 - phi, k)), 12);
    }
  });

  it('answers a move in one band in that band only, never by more than our own move', () => {
    // only the high band (supreme, diamond) moves, from the status quo's 600 to 0
    const s = smallScenario({ levers: { subsidy: { handset: { basic: 50, mid: 300, high: 0 }, eligibleTiers: ['supreme', 'diamond', 'gold', 'silver'] } } });
    const c = createCompetitor(s);
    expect(Array.from(c.subsidyTarget)).toEqual([-300, -300, 0, 0, 0]);
    for (let k = 0; k < 60; k++) respond(c);
    for (const x of c.subsidy) expect(Math.abs(x)).toBeLessThanOrEqual(600 * s.competitor.subsidyMatch + 1e-9);
  });

  it('at the status quo it never moves', () => {
    const d = createCompetitor(smallScenario({ levers: { subsidy: { handset: { basic: 50, mid: 300, high: 600 }, eligibleTiers: ['supreme', 'diamond', 'gold', 'silver'] } } }));
    respond(d);
    expect([...d.subsidy, d.price]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
