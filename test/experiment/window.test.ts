import { describe, expect, it } from 'vitest';
import { kpiSummaries, ONE_REPLICATION } from '../../src/experiment/aggregate.ts';
import { summarize } from '../../src/experiment/stats.ts';
import { changeMonth, windowKpis } from '../../src/experiment/window.ts';
import { runReplication } from '../../src/model/engine.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { resolveScenario } from '../../src/model/validate.ts';

// A real, small city: 600 agents for 6 months, two own stores closed from month 3.
const scenario = resolveScenario({ simulation: { months: 6, agents: 600, replications: 3, seed: 5 }, levers: { closures: { outlets: ['S01', 'S02'], fromMonth: 3 } } });
const reps = [0, 1, 2].map((r) => runReplication(scenario, r));

describe('windowKpis', () => {
  it('over every month gives the run values of kpiSummaries, to the last bit', () => {
    expect(windowKpis(reps, 1, 6).kpis).toEqual(kpiSummaries(reps));
  });

  it('summarises each replication’s mean over the window, over replications', () => {
    const w = windowKpis(reps, 3, 6);
    expect(w).toMatchObject({ from: 3, to: 6, replications: 3 });
    const perRep = reps.map((r) => r.monthly.netContribution.slice(2, 6).reduce((a, b) => a + b, 0) / 4);
    const s = summarize(perRep);
    expect(w.kpis.netContribution).toEqual({ mean: s.mean, sd: s.sd, ci95: s.ci95, unit: 'CNY/month' });
    expect(Object.keys(w.kpis)).toEqual([...KPIS]);
    // a window differs from the whole run where the months differ
    expect(w.kpis.storeShare.mean).not.toBe(windowKpis(reps, 1, 6).kpis.storeShare.mean);
  });

  it('from one replication: the window mean without sd or interval, saying why, as for the whole run', () => {
    const w = windowKpis(reps.slice(0, 1), 3, 6);
    const mean = reps[0].monthly.netContribution.slice(2, 6).reduce((a, b) => a + b, 0) / 4;
    expect(w.kpis.netContribution).toEqual({ mean, sd: null, ci95: null, unit: 'CNY/month', interval: ONE_REPLICATION });
  });

  it('refuses an empty window, one beyond the run, and no replications', () => {
    expect(() => windowKpis([], 1, 2)).toThrow(/at least one replication/);
    expect(() => windowKpis(reps, 4, 3)).toThrow(/1 ≤ from ≤ to, got 4…3/);
    expect(() => windowKpis(reps, 0, 3)).toThrow(RangeError);
    expect(() => windowKpis(reps, 2, 7)).toThrow(/ran 6 months, the window ends at month 7/);
  });
});

describe('changeMonth', () => {
  it('is the closures’ first month when outlets close after month 1 and within the run', () => {
    expect(changeMonth(scenario)).toBe(3);
    const at = (outlets: string[], fromMonth: number) => changeMonth(resolveScenario({ simulation: { months: 6 }, levers: { closures: { outlets, fromMonth } } }));
    expect(at([], 3)).toBeNull();
    expect(at(['S01'], 1)).toBeNull();
    expect(at(['S01'], 7)).toBeNull();
    expect(at(['S01'], 6)).toBe(6);
  });
});
