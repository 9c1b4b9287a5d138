import { describe, expect, it } from 'vitest';
import { classShares, metricValues, parseMetric, resolveSubCompositions, type ObservedMetric } from '../../src/experiment/observed.ts';
import { importObservedMetrics as importObserved } from '../../src/experiment/observed-csv.ts';
import { formatProblem } from '../../src/io/problems.ts';
import { CHANNELS, CH } from '../../src/model/domain.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeResult } from '../fixtures/fake-result.ts';

const scenario = resolveScenario({});
const bytes = (text: string) => new TextEncoder().encode(text);
const problemsOf = (text: string | Uint8Array) => {
  const r = importObserved(text, 'obs.csv', scenario);
  return r.ok ? [] : r.problems.map(formatProblem);
};
const recordsOf = (text: string | Uint8Array) => {
  const r = importObserved(text, 'obs.csv', scenario);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.records;
};

describe('parseMetric', () => {
  it('reads each form of metric name', () => {
    expect(parseMetric('churnRateMonthly', scenario)).toEqual({ kind: 'kpi', kpi: 'churnRateMonthly' });
    expect(parseMetric('share:app', scenario)).toEqual({ kind: 'share', channel: 'app' });
    expect(parseMetric('mix:web:dataService', scenario)).toMatchObject({ kind: 'mix', channel: 'web', service: 'dataService', serviceIndex: 8, within: false });
    expect(parseMetric('mix:web:topUp/*', scenario)).toMatchObject({ kind: 'mix', service: 'topUp', within: true });
    expect(parseMetric('outletClass:mid', scenario)).toEqual({ kind: 'outletClass', efficiencyClass: 'mid' });
  });

  it('accepts KPI and channel names without case and by their Chinese names', () => {
    expect(parseMetric('月离网率', scenario)).toEqual({ kind: 'kpi', kpi: 'churnRateMonthly' });
    expect(parseMetric('CHURNRATEMONTHLY', scenario)).toEqual({ kind: 'kpi', kpi: 'churnRateMonthly' });
    expect(parseMetric('占比：网上营业厅', scenario)).toEqual({ kind: 'share', channel: 'web' });
    expect(parseMetric('outletClass:LOW', scenario)).toEqual({ kind: 'outletClass', efficiencyClass: 'low' });
  });

  it('names what was expected for unknown metrics, channels, services and classes', () => {
    expect(() => parseMetric('churn', scenario)).toThrow(/unknown metric "churn"; expected a KPI name, share:<channel>/);
    expect(() => parseMetric('share:wechat', scenario)).toThrow(/unknown channel "wechat" in "share:wechat"; expected one of ownStore, partner/);
    expect(() => parseMetric('mix:web:gprs', scenario)).toThrow(/unknown service "gprs" .*balanceQuery/);
    expect(() => parseMetric('mix:web:simReplace', scenario)).toThrow(/simReplace is not carried by channel web/);
    expect(() => parseMetric('outletClass:top', scenario)).toThrow(/expected outletClass:low, outletClass:mid or outletClass:high/);
    const noPartners = resolveScenario({ outlets: { generate: { partners: 0 } } });
    expect(() => parseMetric('outletClass:low', noPartners)).toThrow(/no partner outlets/);
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

describe('importObserved', () => {
  it('reads metric,value[,weight] with a BOM, CRLF, percentages, extra columns and Chinese headers', () => {
    const recs = recordsOf(bytes('\uFEFFmetric,value,weight,source\r\nchurnRateMonthly,6.02%,2,seed 002\r\nshare:app,0.04,,\r\n'));
    expect(recs.map((r) => [r.metric, r.value, r.weight, r.row])).toEqual([['churnRateMonthly', 0.0602, 2, 2], ['share:app', 0.04, 1, 3]]);
    expect(recs[0].extra).toEqual({ source: 'seed 002' });
    expect(recordsOf('指标,观测值,权重\noutletClass:low,0.45,1\n')[0]).toMatchObject({ metric: 'outletClass:low', value: 0.45 });
  });

  it('reads GBK text (Excel on a Chinese Windows machine)', () => {
    // "指标,观测值\nchurnRateMonthly,0.06\n" in GBK
    const gbk = new Uint8Array([0xd6, 0xb8, 0xb1, 0xea, 0x2c, 0xb9, 0xdb, 0xb2, 0xe2, 0xd6, 0xb5, 0x0a, ...bytes('churnRateMonthly,0.06\n')]);
    expect(recordsOf(gbk)[0]).toMatchObject({ metric: 'churnRateMonthly', value: 0.06 });
  });

  it('reports every problem as file:row:column: message', () => {
    const text = [
      'metric,value,weight',
      'churnRate,0.06,1', // row 2: unknown metric
      'share:app,abc,1', // row 3: bad number
      'share:web,1.5,1', // row 4: share out of range
      'share:sms,0,1', // row 5: zero
      'share:ivr,0.1,-1', // row 6: negative weight
      'share:app,0.2,1', // row 7: duplicate
      'share:ussd,,1', // row 8: empty value
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^obs\.csv:2:1: metric: unknown metric "churnRate"; expected a KPI name/),
      expect.stringMatching(/^obs\.csv:3:2: value: expected a number.*"abc"/),
      expect.stringMatching(/^obs\.csv:4:2: value: share:web is a share; expected a number in \(0, 1\]/),
      expect.stringMatching(/^obs\.csv:5:2: value: share:sms is 0; the fit compares relative errors/),
      'obs.csv:6:3: weight: expected a number from 0 to 1000000, got "-1"',
      'obs.csv:7:1: metric: share:app given twice (first at row 3)',
      expect.stringMatching(/^obs\.csv:8:2: value: empty; expected value /),
    ]);
  });

  it('reports a missing column at the header and an empty file', () => {
    expect(problemsOf('metric,weight\nchurnRateMonthly,1\n')).toEqual([expect.stringMatching(/^obs\.csv:1: missing column value .*; accepted headers: value, observed/)]);
    expect(problemsOf('')).toEqual([expect.stringMatching(/^obs\.csv: empty/)]);
    expect(problemsOf('metric,value\n')).toEqual(['obs.csv: no data rows below the header']);
  });

  it('refuses a file whose every weight is 0, and a lone /* row', () => {
    expect(problemsOf('metric,value,weight\nchurnRateMonthly,0.06,0\n')).toEqual(['obs.csv: every weight is 0: nothing to fit']);
    expect(problemsOf('metric,value\nmix:web:topUp/*,0.02\n')).toEqual([expect.stringMatching(/^obs\.csv: mix:web:…\/\* needs at least two services/)]);
  });
});
