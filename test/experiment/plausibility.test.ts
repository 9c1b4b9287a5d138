import { describe, expect, it } from 'vitest';
import { checkPlausibility, pickReference, type PlausibilityInput } from '../../src/experiment/plausibility.ts';
import { KPIS, KPI_META, type KpiName } from '../../src/model/kpis.ts';
import { resolveScenario } from '../../src/model/validate.ts';

const OUTLETS = ['S01', 'S02', 'S03', 'P01', 'P02', 'P03'];

/** A plausible run of a six-outlet city, with the given KPI means, closed outlets and scenario. */
function run(opts: { kpis?: Partial<Record<KpiName, number>>; closed?: string[]; scenario?: unknown; net?: number[] } = {}): PlausibilityInput {
  const means: Record<KpiName, number> = {
    ...Object.fromEntries(KPIS.map((k) => [k, 1])) as Record<KpiName, number>,
    eChannelShare: 0.3, storeShare: 0.3, partnerShare: 0.3, hotlineShare: 0.05, directShare: 0.05,
    churnRateMonthly: 0.02, storeWaitMeanMin: 6, hotlineServiceLevel: 0.8, satisfaction: 70, netContribution: 1e6,
    ...opts.kpis,
  };
  const scenario = resolveScenario(opts.scenario ?? { simulation: { months: 4 } });
  const closed = opts.closed ?? [];
  return {
    kpis: Object.fromEntries(KPIS.map((k) => [k, { mean: means[k], sd: 0, ci95: [means[k], means[k]], unit: KPI_META[k].unit }])) as PlausibilityInput['kpis'],
    series: { netContribution: (opts.net ?? [1e6, 1e6, 1e6, 1e6]).map((mean, i) => ({ month: i + 1, mean, lo: mean, hi: mean })) } as PlausibilityInput['series'],
    outlets: OUTLETS.map((id) => ({ id, open: !closed.includes(id) })) as PlausibilityInput['outlets'],
    scenario,
    months: scenario.simulation.months,
  };
}
const rules = (w: ReturnType<typeof checkPlausibility>) => w.map((x) => x.rule);

describe('checkPlausibility', () => {
  it('finds nothing to say about a plausible run', () => {
    expect(checkPlausibility(run())).toEqual([]);
  });

  it('closedYetUp: four of six outlets closed and more net contribution than the same city with them open', () => {
    const open = run({ kpis: { netContribution: 1.0e6 } });
    const most = run({ closed: ['S01', 'S02', 'P01', 'P02'], kpis: { netContribution: 1.2e6 } });
    expect(checkPlausibility(most, open)).toEqual([{ rule: 'closedYetUp', values: { closed: 4, outlets: 6, against: 'reference', net: 1.2e6, referenceNet: 1.0e6, referenceOpen: 6 } }]);
    // less than with them open: what one expects
    expect(checkPlausibility(run({ closed: ['S01', 'S02', 'P01', 'P02'], kpis: { netContribution: 0.8e6 } }), open)).toEqual([]);
    // three of six is not most
    expect(checkPlausibility(run({ closed: ['S01', 'S02', 'P01'], kpis: { netContribution: 1.2e6 } }), open)).toEqual([]);
  });

  it('closedYetUp: net contribution higher after the closure month than before it, in the run itself', () => {
    const closed = ['S01', 'S02', 'P01', 'P02'];
    const scenario = { simulation: { months: 4 }, levers: { closures: { outlets: closed, fromMonth: 3 } } };
    const up = run({ closed, scenario, net: [1e6, 1e6, 1.3e6, 1.3e6] });
    expect(checkPlausibility(up)).toEqual([{ rule: 'closedYetUp', values: { closed: 4, outlets: 6, against: 'before', net: 1.3e6, beforeNet: 1e6, fromMonth: 3 } }]);
    expect(checkPlausibility(run({ closed, scenario, net: [1e6, 1e6, 0.7e6, 0.7e6] }))).toEqual([]);
  });

  it('sharesSum: shares that do not split every transaction', () => {
    expect(checkPlausibility(run({ kpis: { directShare: 0.1 } }))).toEqual([{ rule: 'sharesSum', values: { sum: expect.closeTo(1.05, 12) } }]);
    expect(rules(checkPlausibility(run({ kpis: { directShare: 0.054 } })))).toEqual([]);
  });

  it('churnHigh: more than 30 % of the base leaving a month', () => {
    expect(checkPlausibility(run({ kpis: { churnRateMonthly: 0.31 } }))).toEqual([{ rule: 'churnHigh', values: { churn: 0.31, limit: 0.3 } }]);
    expect(checkPlausibility(run({ kpis: { churnRateMonthly: 0.3 } }))).toEqual([]);
  });

  it('waitBeyondPatience: a mean store wait longer than customers wait before leaving', () => {
    const scenario = { simulation: { months: 4 }, stores: { patienceMeanMin: 20 } };
    expect(checkPlausibility(run({ scenario, kpis: { storeWaitMeanMin: 25 } }))).toEqual([{ rule: 'waitBeyondPatience', values: { wait: 25, patience: 20 } }]);
    expect(checkPlausibility(run({ scenario, kpis: { storeWaitMeanMin: 20.5 } }))).toEqual([]);
  });

  it('hotlineNoAgents: a perfect service level from a hotline nobody staffs', () => {
    const scenario = { simulation: { months: 4 }, hotline: { agents: 0 } };
    expect(checkPlausibility(run({ scenario, kpis: { hotlineServiceLevel: 1 } }))).toEqual([{ rule: 'hotlineNoAgents', values: { serviceLevel: 1 } }]);
    expect(checkPlausibility(run({ kpis: { hotlineServiceLevel: 1 } }))).toEqual([]);
  });

  it('satisfactionRange: satisfaction off its 0–100 scale', () => {
    expect(checkPlausibility(run({ kpis: { satisfaction: 101 } }))).toEqual([{ rule: 'satisfactionRange', values: { satisfaction: 101 } }]);
    expect(rules(checkPlausibility(run({ kpis: { satisfaction: -1 } })))).toEqual(['satisfactionRange']);
  });
});

describe('pickReference', () => {
  it('picks the run of the same city with the most outlets open, never one with fewer or another city', () => {
    const me = run({ closed: ['S01', 'S02', 'P01', 'P02'] });
    const some = run({ closed: ['S01'] });
    const all = run();
    const fewer = run({ closed: ['S01', 'S02', 'S03', 'P01', 'P02'] });
    const other = { ...run(), outlets: [{ id: 'X1', open: true }] as PlausibilityInput['outlets'] };
    expect(pickReference(me, [fewer, some, other, all, me])).toBe(all);
    expect(pickReference(me, [fewer, other])).toBeUndefined();
  });
});
