import { describe, expect, it } from 'vitest';
import { classShares, importObservedMetrics, measuredByMonth, metricValues, metricValuesOver, observedMetrics, parseMetric, resolveSubCompositions, type ObservedMetric } from '../../src/experiment/observed.ts';
import { formatProblem } from '../../src/io/problems.ts';
import { CHANNELS, CH } from '../../src/model/domain.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeResult } from '../fixtures/fake-result.ts';

const scenario = resolveScenario({});
const noPartners = resolveScenario({ outlets: { generate: { partners: 0 } } });

describe('parseMetric', () => {
  it('reads each form of metric name, a mix with its service\'s row', () => {
    expect(parseMetric('churnRateMonthly', scenario)).toEqual({ kind: 'kpi', kpi: 'churnRateMonthly' });
    expect(parseMetric('share:app', scenario)).toEqual({ kind: 'share', channel: 'app' });
    expect(parseMetric('mix:web:dataService', scenario)).toMatchObject({ kind: 'mix', channel: 'web', service: 'dataService', serviceIndex: 8, within: false });
    expect(parseMetric('mix:web:topUp/*', scenario)).toMatchObject({ kind: 'mix', service: 'topUp', within: true });
    expect(parseMetric('outletClass:mid', scenario)).toEqual({ kind: 'outletClass', efficiencyClass: 'mid' });
  });

  it('names what the scenario lacks: the service, the channel that carries it, partner outlets to classify', () => {
    expect(() => parseMetric('mix:web:gprs', scenario)).toThrow(/unknown service "gprs" .*balanceQuery/);
    expect(() => parseMetric('mix:web:simReplace', scenario)).toThrow(/simReplace is not carried by channel web/);
    expect(() => parseMetric('outletClass:low', noPartners)).toThrow(/^outletClass:low: the scenario has no partner outlets to classify$/);
  });
});

describe('metricValues', () => {
  const reps = [fakeResult(1, 0, 3), fakeResult(1, 1, 3)];

  it('share:<channel> is the channel share of completed transactions, and the shares sum to 1', () => {
    // fake transactions are 100·(i + 1) for channel i: share of app (index 3) = 400 / 5500
    expect(metricValues({ kind: 'share', channel: 'app' }, reps)).toEqual([400 / 5500, 400 / 5500]);
    const total = CHANNELS.reduce((a, c) => a + metricValues({ kind: 'share', channel: c }, reps)[0], 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('mix:<channel>:<service> divides by the channel column, or by the named services only', () => {
    const r = { ...reps[0], serviceChannel: [[0, 0, 6], [0, 0, 3], [0, 0, 1]] };
    const web = CH.web;
    expect(web).toBe(2);
    expect(metricValues({ kind: 'mix', channel: 'web', service: 'a', serviceIndex: 0, within: false }, [r])).toEqual([0.6]);
    expect(metricValues({ kind: 'mix', channel: 'web', service: 'a', serviceIndex: 0, within: true, among: [0, 1] }, [r])).toEqual([6 / 9]);
    expect(metricValues({ kind: 'mix', channel: 'ownStore', service: 'a', serviceIndex: 0, within: false }, [r])).toEqual([0]);
  });

  it('outletClass shares classify open partner outlets only and sum to 1', () => {
    // P001: 10 lines → low; P002: 40 lines, revenue 30,000 below the open partners' mean 40,000 → mid; P003 closed.
    expect(classShares(reps[0])).toEqual({ low: 0.5, mid: 0.5, high: 0 });
    expect(metricValues({ kind: 'outletClass', efficiencyClass: 'low' }, reps)).toEqual([0.5, 0.5]);
  });

  it('a KPI is its run value in each replication', () => {
    expect(metricValues({ kind: 'kpi', kpi: 'satisfaction' }, reps)).toEqual(reps.map((r) => r.run.satisfaction));
  });

  it('a ratio of two KPIs is the ratio of their sums over the months', () => {
    const r = { ...reps[0], monthly: { ...reps[0].monthly, channelCost: [10, 20, 30], revenue: [100, 100, 400] } };
    expect(metricValues(parseMetric('channelCost/revenue', scenario), [r])).toEqual([60 / 600]);
    expect(metricValuesOver(parseMetric('channelCost/revenue', scenario), [r], { from: 2, to: 3 })).toEqual([50 / 500]);
    expect(measuredByMonth(parseMetric('channelCost/revenue', scenario))).toBe(true);
  });
});

describe('resolveSubCompositions', () => {
  it('rescales the /* rows of a channel to sum to 1 and keeps the published values', () => {
    const m = (metric: string, value: number): ObservedMetric => ({ metric, spec: parseMetric(metric, scenario), value, weight: 1 });
    const out = resolveSubCompositions([m('mix:web:dataService/*', 0.3), m('mix:web:balanceQuery/*', 0.2), m('churnRateMonthly', 0.06)]);
    expect(out.map((x) => x.value)).toEqual([0.6, 0.4, 0.06]);
    expect(out[0].published).toBe(0.3);
    expect(out[0].spec).toMatchObject({ among: [8, 0] });
    expect(() => resolveSubCompositions([m('mix:web:dataService/*', 0.3)])).toThrow(/at least two services/);
  });
});

describe('observedMetrics', () => {
  it('reads a scenario\'s figures as the calibration reads its CSV: aliases canonical, /* rows rescaled within their group', () => {
    const r = observedMetrics(scenario, [{ metric: '月离网率', value: 0.06 }, { metric: 'mix:web:balanceQuery/*', value: 0.3 }, { metric: 'mix:web:billQuery/*', value: 0.1, weight: 0.5 }], 's.json');
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    expect(r.metrics.map((m) => [m.metric, m.weight])).toEqual([['churnRateMonthly', 1], ['mix:web:balanceQuery/*', 1], ['mix:web:billQuery/*', 0.5]]);
    expect(r.metrics[1].value).toBeCloseTo(0.75, 12);
    expect(r.metrics[1].published).toBe(0.3);
    const index = (name: string) => (parseMetric(name, scenario) as { serviceIndex: number }).serviceIndex;
    expect(r.metrics[1].spec).toMatchObject({ kind: 'mix', within: true, among: [index('mix:web:balanceQuery'), index('mix:web:billQuery')] });
  });

  it('names each bad figure by its JSON path: unknown name, a value the grammar refuses, a metric twice', () => {
    const r = observedMetrics(scenario, [
      { metric: 'share:teleport', value: 0.1 },
      { metric: 'share:app', value: 0 },
      { metric: 'share:web', value: 1.2, weight: 0 },
      { metric: 'churnRateMonthly', value: 0.05 },
      { metric: '月离网率', value: 0.06 },
      { metric: 'share:accountManager', value: 0, weight: 0 },
    ], 's.json');
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^s\.json:observed\.figures\[0\]\.metric: unknown channel "teleport"/),
      's.json:observed.figures[1].value: share:app is 0 with weight 1: a fit compares relative errors and cannot divide by 0; give it weight 0 to report it without fitting',
      's.json:observed.figures[2].value: share:web is a share: expected 0 to 1 or a percentage (0.38 or 38%), got 1.2',
      's.json:observed.figures[4].metric: churnRateMonthly observed twice (first at observed.figures[3])',
    ]);
  });

  it('refuses a lone /* row: a sub-composition of one service is 1 by construction', () => {
    const r = observedMetrics(scenario, [{ metric: 'mix:web:topUp/*', value: 0.02 }], 's.json');
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([expect.stringMatching(/^s\.json: mix:web:…\/\* needs at least two services/)]);
  });
});

describe('importObservedMetrics', () => {
  it('reads a CSV with the io reader and keeps rows and extra columns with the metrics', () => {
    const r = importObservedMetrics('metric,value,weight,source\nchurnRateMonthly,6.02%,2,seed 002\noutletClass:low,0.45,1,\n', 'obs.csv', scenario);
    if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
    expect(r.records.map((m) => [m.metric, m.value, m.weight, m.row, m.extra])).toEqual([
      ['churnRateMonthly', 0.0602, 2, 2, { source: 'seed 002' }], ['outletClass:low', 0.45, 1, 3, undefined],
    ]);
  });

  it('names the row of a figure this scenario cannot measure, and the file for the reader\'s problems', () => {
    const noPartner = importObservedMetrics('metric,value\nchurnRateMonthly,0.06\noutletClass:low,0.45\n', 'obs.csv', noPartners);
    expect(noPartner.ok ? [] : noPartner.problems.map(formatProblem)).toEqual(['obs.csv:3: outletClass:low: the scenario has no partner outlets to classify']);
    const unknown = importObservedMetrics('metric,value\nmix:web:gprs,0.1\n', 'obs.csv', scenario);
    expect(unknown.ok ? [] : unknown.problems.map(formatProblem)).toEqual([expect.stringMatching(/^obs\.csv:2:1: metric: unknown service "gprs"/)]);
  });
});

describe('held-out figures', () => {
  it('a scenario figure with holdOut: true is held out; a held-out 0 is accepted at any weight', () => {
    const taken = observedMetrics(scenario, [
      { metric: 'churnRateMonthly', value: 0.06 },
      { metric: 'share:accountManager', value: 0, holdOut: true },
      { metric: 'share:app', value: 0.1, holdOut: false },
    ], 'x.json');
    if (!taken.ok) throw new Error(taken.problems.map(formatProblem).join('\n'));
    expect(taken.metrics.map((m) => [m.metric, m.holdOut ?? false, m.weight])).toEqual([['churnRateMonthly', false, 1], ['share:accountManager', true, 1], ['share:app', false, 1]]);
  });

  it('the schema takes holdOut on observed.figures, names a wrong type by its path, and leaves figures without it unchanged', () => {
    const s = resolveScenario({ observed: { figures: [{ metric: 'share:app', value: 0.1, holdOut: true }, { metric: 'churnRateMonthly', value: 0.06 }] } });
    expect(s.observed.figures).toEqual([{ metric: 'share:app', value: 0.1, weight: 1, holdOut: true }, { metric: 'churnRateMonthly', value: 0.06, weight: 1 }]);
    expect(() => resolveScenario({ observed: { figures: [{ metric: 'share:app', value: 0.1, holdOut: 'yes' }] } })).toThrow(/observed\.figures\[0\]\.holdOut/);
  });
});

describe('metricValuesOver: a figure over some months of the run', () => {
  // Three months with known figures: churn 0.03, 0.06, 0.09; app 1, 2, 3 of 10 transactions.
  const rep = (r: number) => {
    const x = fakeResult(1, r, 3);
    const row = (m: number) => CHANNELS.map((c) => (c === 'app' ? m + 1 : c === 'web' ? 9 - m : 0));
    return { ...x, monthly: { ...x.monthly, churnRateMonthly: [0.03, 0.06, 0.09] }, channelMonthly: [0, 1, 2].map(row) };
  };
  const reps = [rep(0), rep(1)];

  it('a KPI is the mean of its months in the span; a share is of the span\'s transactions', () => {
    expect(metricValuesOver({ kind: 'kpi', kpi: 'churnRateMonthly' }, reps, { from: 2, to: 3 })).toEqual([0.075, 0.075]);
    expect(metricValuesOver({ kind: 'kpi', kpi: 'churnRateMonthly' }, reps, { from: 1, to: 1 })).toEqual([0.03, 0.03]);
    // months 2–3: app 2 + 3 of 10 + 10
    expect(metricValuesOver({ kind: 'share', channel: 'app' }, reps, { from: 2, to: 3 })).toEqual([0.25, 0.25]);
  });

  it('over the whole run it is metricValues itself, mix included', () => {
    for (const spec of [{ kind: 'kpi' as const, kpi: 'revenue' as const }, { kind: 'share' as const, channel: 'web' as const }, parseMetric('mix:web:billQuery', scenario), parseMetric('outletClass:low', scenario)]) {
      expect(metricValuesOver(spec, reps, { from: 1, to: 3 })).toEqual(metricValues(spec, reps));
    }
  });

  it('outlet classes: the partners open in the span\'s last month, by their means over its months', () => {
    // FAKE_OUTLETS: P001 10 new lines (low), P002 40 lines with the lower revenue (mid), P003 closed
    expect(metricValuesOver({ kind: 'outletClass', efficiencyClass: 'low' }, reps, { from: 2, to: 3 })).toEqual([0.5, 0.5]);
    const fewer = reps.map((r) => ({ ...r, outletMonths: { ...r.outletMonths, newLines: r.outletMonths.newLines.map((v, k) => (k % 5 === 3 && k >= 5 ? 5 : v)) } }));
    // P002 sells 5 a month from month 2 on: low over months 2–3, as P001
    expect(metricValuesOver({ kind: 'outletClass', efficiencyClass: 'low' }, fewer, { from: 2, to: 3 })).toEqual([1, 1]);
    expect(classShares(fewer[0]).low).toBe(0.5); // the run's own figures are unchanged
  });

  it('a service mix is kept over the whole run only; a span beyond the run or not in whole months is refused', () => {
    const mix = parseMetric('mix:web:billQuery', scenario);
    expect(measuredByMonth(mix)).toBe(false);
    expect(measuredByMonth({ kind: 'kpi', kpi: 'revenue' })).toBe(true);
    expect(() => metricValuesOver(mix, reps, { from: 2, to: 3 })).toThrow(/^mix:web:billQuery: a replication keeps the service mix over the whole run only, not months 2…3$/);
    expect(() => metricValuesOver({ kind: 'kpi', kpi: 'revenue' }, reps, { from: 2, to: 4 })).toThrow(/^replication 0 ran 3 months, the span ends at month 4$/);
    expect(() => metricValuesOver({ kind: 'kpi', kpi: 'revenue' }, reps, { from: 3, to: 2 })).toThrow(/whole months 1 ≤ from ≤ to, got 3…2/);
  });
});

