import { describe, expect, it } from 'vitest';
import { aggregate, efficiencyClass } from '../../src/experiment/aggregate.ts';
import { summarize } from '../../src/experiment/stats.ts';
import { CHANNELS } from '../../src/model/domain.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeResult } from '../fixtures/fake-result.ts';

const scenario = resolveScenario({ simulation: { months: 4, replications: 3, seed: 9 } });
const reps = [0, 1, 2].map((r) => fakeResult(9, r, 4));

describe('aggregate', () => {
  it('has the result.json contract keys with schemaVersion 1 and the scenario as run', () => {
    const r = aggregate(scenario, reps, { runtimeMs: 12 });
    expect(Object.keys(r).slice(0, 11)).toEqual(['schemaVersion', 'scenario', 'seed', 'replications', 'months', 'customers', 'kpis', 'series', 'channels', 'outlets', 'runtimeMs']);
    expect(r).toMatchObject({ schemaVersion: 1, seed: 9, replications: 3, months: 4, customers: scenario.simulation.customers, runtimeMs: 12, partial: false, replicationsDone: 3 });
    expect(r.scenario).toBe(scenario);
    expect(Object.keys(r.kpis)).toEqual([...KPIS]);
    expect(Object.keys(r.channels)).toEqual([...CHANNELS]);
  });

  it('summarises each KPI over the replications\' run values, with its unit', () => {
    const r = aggregate(scenario, reps);
    const s = summarize(reps.map((x) => x.run.satisfaction));
    expect(r.kpis.satisfaction).toEqual({ mean: s.mean, sd: s.sd, ci95: s.ci95, unit: 'points' });
    expect(r.series.revenue).toHaveLength(4);
    expect(r.series.revenue[2].month).toBe(3);
    const m3 = summarize(reps.map((x) => x.monthly.revenue[2]));
    expect(r.series.revenue[2]).toEqual({ month: 3, mean: m3.mean, lo: m3.ci95[0], hi: m3.ci95[1] });
  });

  it('channel shares sum to 1 and cost per transaction is cost ÷ transactions', () => {
    const r = aggregate(scenario, reps);
    const total = CHANNELS.reduce((a, c) => a + r.channels[c].share, 0);
    expect(total).toBeCloseTo(1, 12);
    expect(r.channels.app).toMatchObject({ family: 'electronic', transactions: 400, costPerTransaction: 0.5 });
    for (const p of CHANNELS.map((c) => r.channelSeries[c][0].share)) expect(p).toBeGreaterThan(0);
    expect(CHANNELS.reduce((a, c) => a + r.channelSeries[c][1].share, 0)).toBeCloseTo(1, 12);
  });

  it('classes outlets by seed 004: low < 20 new lines; mid below the mean revenue of open outlets of its kind; high otherwise', () => {
    const r = aggregate(scenario, reps);
    const cls = Object.fromEntries(r.outlets.map((o) => [o.id, o.efficiencyClass]));
    // own: mean revenue 150k → S01 (200k) high, S02 (100k) mid. Partners open: P001 (low, 10 lines), P002 (30k);
    // the mean over open partners is 40k, so P002 is mid and the closed P003 (90k, 50 lines) high.
    expect(cls).toEqual({ S01: 'high', S02: 'mid', P001: 'low', P002: 'mid', P003: 'high' });
    expect(r.outlets.find((o) => o.id === 'P003')!.open).toBe(false);
    expect(efficiencyClass(19.99, 1e9, 0)).toBe('low');
    expect(efficiencyClass(20, 5, 5)).toBe('high');
  });

  it('does not depend on the order replications arrive in (byte-identical JSON)', () => {
    const a = JSON.stringify(aggregate(scenario, reps));
    const b = JSON.stringify(aggregate(scenario, [reps[2], reps[0], reps[1]]));
    expect(b).toBe(a);
  });

  it('labels a run with fewer replications than asked for as partial, and averages closure flows', () => {
    const r = aggregate(scenario, reps.slice(0, 2), { requested: 3 });
    expect(r).toMatchObject({ partial: true, replicationsDone: 2, replications: 3 });
    expect(r.closureFlows.P003).toEqual({ partner: 0.6, lost: 0.25, app: 0.15 });
    expect(r.handoffs.transactions[0][1]).toBe(0.5);
  });

  it('refuses no replications', () => {
    expect(() => aggregate(scenario, [])).toThrow(/at least one replication/);
  });
});
