import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/cli/scenario-file.ts';
import { scaleWorld } from '../../src/model/scale.ts';
import { createModel } from '../../src/model/engine.ts';
import { PeerModel } from '../../src/model/peer/month.ts';

/** The city `bench` times: the default scenario scaled to `customers`. */
const city = (customers: number, months: number, seed = 42) => {
  const s = scaleWorld(loadScenarioFile(fileURLToPath(new URL('../../scenarios/default.json', import.meta.url)), { months }), customers);
  return { ...s, simulation: { ...s.simulation, seed } };
};

describe('peer model: determinism', () => {
  // 8 months: the default scenario's closures (S08, P13, P63) happen in month 7
  const s = city(2000, 8);

  it('gives the same months for the same seed, and other months for another seed', () => {
    const a = new PeerModel(s, 0), b = new PeerModel(s, 0);
    a.tick(8);
    b.tick(3);
    b.tick(5);
    expect(b.monthly).toEqual(a.monthly);
    expect(b.choiceEvents()).toBe(a.choiceEvents());
    expect(a.monthly).toHaveLength(8);
    const other = new PeerModel({ ...s, simulation: { ...s.simulation, seed: 43 } }, 0);
    other.tick(8);
    expect(other.monthly).not.toEqual(a.monthly);
  });

  it('closes the lever\'s outlets in their month and no one reaches them after', () => {
    const m = new PeerModel(s, 0);
    m.tick(8);
    const closed = m.outlets.filter((o) => !o.open).map((o) => o.id).sort();
    expect(closed).toEqual([...s.levers.closures.outlets].sort());
    for (const p of m.patches) for (const r of [...p.own, ...p.kiosk, ...p.partner]) expect(r.outlet.open).toBe(true);
  });
});

describe('peer model against the engine on the same city', () => {
  const CUSTOMERS = 5000, MONTHS = 6;
  const s = city(CUSTOMERS, MONTHS);
  const peer = new PeerModel(s, 0);
  peer.tick(MONTHS);
  const engine = createModel(s, 0);
  engine.tick(MONTHS);
  const e = engine.result().run, p = peer.kpis();

  it('has its five channel-family shares sum to 1 every month', () => {
    for (const m of peer.monthly) {
      expect(m.eChannelShare + m.storeShare + m.partnerShare + m.hotlineShare + m.directShare).toBeCloseTo(1, 12);
    }
  });

  it('simulates every customer each month: customer-months within 1 % of the engine\'s', () => {
    // both start with every agent active; churn and new lines follow the same hazard and market
    let peerCm = 0, engineCm = 0;
    const a = new PeerModel(city(CUSTOMERS, 2), 0), b = createModel(city(CUSTOMERS, 2), 0);
    for (let m = 0; m < 2; m++) {
      peerCm += a.activeCount(); engineCm += b.activeCount();
      a.tick(1); b.tick(1);
    }
    expect(Math.abs(peerCm / engineCm - 1)).toBeLessThan(0.01);
  });

  it('gives KPIs within broad bounds of the engine\'s', () => {
    // About 100,000 transactions over the run, so sampling noise in a share is about 0.2 points
    // (√(0.25/10⁵)); the bounds are for what the peer simplifies (retries without a queue, no
    // referral, no pick-ups, region-wide adoption peers, real-valued habits). Measured when the
    // test was written: e-channel 52.8 % against 50.6 %, store wait 1.8 against 2.4 min, churn
    // 4.6 % against 4.8 %, revenue 1.9 % lower.
    expect(Math.abs(p.eChannelShare - e.eChannelShare)).toBeLessThan(0.1);
    expect(Math.abs(p.storeShare - e.storeShare)).toBeLessThan(0.1);
    expect(Math.abs(p.partnerShare - e.partnerShare)).toBeLessThan(0.1);
    expect(Math.abs(p.hotlineShare - e.hotlineShare)).toBeLessThan(0.1);
    // the same order of magnitude: a third to three times (the queues differ most: the engine's
    // renegers queue again the next day, its VIPs go first)
    expect(p.storeWaitMeanMin / e.storeWaitMeanMin).toBeGreaterThan(1 / 3);
    expect(p.storeWaitMeanMin / e.storeWaitMeanMin).toBeLessThan(3);
    // the same hazard formula but for the contract state, which the peer does not have: about
    // 30,000 customer-months give churn a standard error of 0.12 points; 1 point is for the
    // satisfaction each model's customers end up with, 0.7 for the engine's contract-state factor
    // (prepaid 1.5 out of contract for 69 % of the base, 0.4 in contract for about a quarter, 2 in
    // the two months after one ends: a mean of about 1.15, 0.7 points on 4.6 %)
    expect(Math.abs(p.churnRateMonthly - e.churnRateMonthly)).toBeLessThan(0.017);
    // revenue is the customers' ARPU, drawn alike: 5 % leaves room for churn and new lines; the
    // engine's base also parts from the peer's by about 1.8 points a month (its churn about 1 point
    // higher by the contract state above, its new lines 0.8 points of the base fewer by the nested
    // choice against the competitor, §7.10, where the peer wins the base share moved by subsidy
    // and commission), 6 % on average over the 6 months: 11 % (measured when the economics came
    // in: 8.2 %, the engine the lower)
    expect(Math.abs(p.revenue / e.revenue - 1)).toBeLessThan(0.11);
    expect(Math.abs(p.channelCost / e.channelCost - 1)).toBeLessThan(0.15);
    expect(Math.abs(p.satisfaction - e.satisfaction)).toBeLessThan(3);
  });
});
