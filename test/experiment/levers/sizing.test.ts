import { describe, expect, it } from 'vitest';
import { agentsFor, counterMix, countersFor, hotlineDemand, peakFactor, sizeCapacity, storeDemand, withCapacity } from '../../../src/experiment/levers/sizing.ts';
import { createPool, inProcessFactory, type ReplicationApi } from '../../../src/experiment/pool.ts';
import { erlangCMetrics } from '../../../src/model/erlang.ts';
import { runReplication } from '../../../src/model/engine.ts';
import { buildRegion } from '../../../src/model/region.ts';
import { resolveScenario } from '../../../src/model/validate.ts';

const engine: ReplicationApi = { runReplication: (s, r, onMonth) => runReplication(s, r, { onMonth }) };
const pool = () => createPool({ factory: inProcessFactory(engine), size: 1 });
// 40,000 subscribers as 2,000 agents: the stores carry the city's load through shadow arrivals.
const s = resolveScenario({ simulation: { customers: 40_000, agents: 2_000, months: 3, replications: 2, seed: 42 } });
const runs = [runReplication(s, 0), runReplication(s, 1)];

// P(W ≤ t) under Erlang C, 0 when c servers cannot carry the load.
function withinT(lambdaPerHour: number, sMin: number, c: number, tMin: number): number {
  if (c < 1 || (lambdaPerHour * sMin) / 60 >= c) return 0;
  return erlangCMetrics({ arrivalsPerHour: lambdaPerHour, meanServiceMin: sMin, servers: c, answerWithinS: tMin * 60 }).serviceLevel;
}

describe('peakFactor', () => {
  it('is the peak over the mean of 1 + a·sin(πx): 1 when flat, (1+a)/(1+2a/π) otherwise', () => {
    expect(peakFactor(0)).toBe(1);
    expect(peakFactor(0.8)).toBeCloseTo(1.8 / (1 + 1.6 / Math.PI), 12);
    // numerically: max of the density over its mean on [0, 1]
    const a = 0.5, n = 100_000;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += 1 + a * Math.sin(Math.PI * (k + 0.5) / n);
    expect(peakFactor(a)).toBeCloseTo((1 + a) / (sum / n), 6);
  });
});

describe('counter sizing', () => {
  it('derives each open store\'s counter demand; λ·S agrees with the busy Erlangs the engine measured', () => {
    const mix = counterMix(s, runs);
    expect(mix.counterShare).toBeGreaterThan(0.5);
    expect(mix.counterShare).toBeLessThanOrEqual(1);
    const minutes = s.services.map((x) => x.counterMin);
    expect(mix.meanServiceMin).toBeGreaterThanOrEqual(Math.min(...minutes));
    expect(mix.meanServiceMin).toBeLessThanOrEqual(15);
    const d = storeDemand(s, runs);
    expect(d.length).toBe(buildRegion(s).outlets.filter((o) => o.kind === 'own').length);
    for (const x of d) {
      expect(x.arrivalsPerHour).toBeGreaterThan(0);
      expect(Math.abs(x.loadErlang - x.busyErlang)).toBeLessThan(0.25 * x.busyErlang + 0.1);
    }
  });

  it('returns the minimal counters: c meets the p90 target at the peak rate in the closed form, c − 1 does not', () => {
    const peak = peakFactor(s.stores.peakiness);
    for (const t of [2, 5, 10]) {
      for (const x of storeDemand(s, runs)) {
        const c = countersFor(x, t, peak);
        expect(withinT(x.arrivalsPerHour * peak, x.meanServiceMin, c, t)).toBeGreaterThanOrEqual(0.9);
        expect(withinT(x.arrivalsPerHour * peak, x.meanServiceMin, c - 1, t)).toBeLessThan(0.9);
      }
    }
  });

  it('returns the minimal hotline agents for 85 % within 20 s at the peak rate', () => {
    const peak = peakFactor(s.stores.peakiness);
    const h = hotlineDemand(s, runs);
    expect(h.callsPerHour).toBeGreaterThan(0);
    const c = agentsFor(h, s, peak);
    const sl = (k: number) => withinT(h.callsPerHour * peak, h.ahtMin, k, 20 / 60);
    expect(sl(c)).toBeGreaterThanOrEqual(0.85);
    expect(sl(c - 1)).toBeLessThan(0.85);
  });

  it('writing the generated outlets out as a list changes nothing: same replication, same figures', () => {
    const listed = withCapacity(s, new Map());
    // the latent partner sites are not written out: partners.latentSites makes them again
    expect(listed.outlets.list.map((o) => o.id)).toEqual(buildRegion(s).outlets.filter((o) => !o.latent).map((o) => o.id));
    expect(buildRegion(listed).outlets.map((o) => [o.id, o.x, o.y])).toEqual(buildRegion(s).outlets.map((o) => [o.id, o.x, o.y]));
    expect(runReplication(listed, 0).run).toEqual(runs[0].run);
  });
});

describe('sizeCapacity', () => {
  it('sizes stores and hotline, verifies by simulation, and the stores it sizes meet the target in the verification run', async () => {
    // calls peak less than store visits here: each is sized with its own profile
    const callPeakiness = 0.3;
    const r = await sizeCapacity({ ...s, hotline: { ...s.hotline, peakiness: callPeakiness } }, { pool: pool(), storeP90Min: 8, maxRounds: 2 });
    expect(r.peakFactor).toBeCloseTo(peakFactor(0.8), 12);
    expect(r.hotline.peakFactor).toBeCloseTo(peakFactor(callPeakiness), 12);
    expect(r.hotline.peakCallsPerHour).toBeCloseTo(r.hotline.callsPerHour * peakFactor(callPeakiness), 9);
    expect(r.rounds).toBeGreaterThanOrEqual(1);
    for (const x of r.stores) {
      expect(x.needed).toBeGreaterThanOrEqual(x.closedForm);
      if (x.meets) expect(x.verifiedP90Min.mean).toBeLessThanOrEqual(8);
    }
    expect(r.stores.filter((x) => x.meets).length).toBeGreaterThan(0);
    expect(r.hotline.needed).toBeGreaterThanOrEqual(r.hotline.closedForm);
    expect(r.scenario.hotline.agents).toBe(r.hotline.needed);
    const counters = new Map(r.scenario.outlets.list.map((o) => [o.id, o.counters]));
    for (const x of r.stores) expect(counters.get(x.id)).toBe(x.needed);
  });
});
