import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importObserved, readHoldOut, readMetric, valueProblem } from '../../src/io/observed.ts';
import { formatProblem } from '../../src/io/problems.ts';

// the figures docs/CALIBRATION.md §2.1 holds out of the 2009 calibration: seed 004's partner classes
const HELD_OUT_2009 = ['outletClass:low', 'outletClass:mid', 'outletClass:high'];
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));
const bytes = (text: string) => new TextEncoder().encode(text);
const problemsOf = (text: string | Uint8Array) => {
  const r = importObserved(text, 'obs.csv');
  return r.ok ? [] : r.problems.map(formatProblem);
};
const recordsOf = (text: string | Uint8Array) => {
  const r = importObserved(text, 'obs.csv');
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.records;
};

describe('importObserved', () => {
  it('imports the template: KPI names, share:<channel>, percentages, weights', () => {
    const r = importObserved(read('scenarios/templates/observed.csv'), 'observed.csv');
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    expect(r.encoding).toBe('UTF-8');
    expect(r.records.map(({ metric, value, weight }) => [metric, value, weight])).toEqual([
      ['churnRateMonthly', 0.028, 2], ['eChannelShare', 0.41, 1], ['storeShare', 0.22, 1], ['partnerShare', 0.14, 1],
      ['storeWaitMeanMin', 14.5, 1], ['hotlineServiceLevel', 0.82, 1], ['share:app', 0.16, 0.5], ['satisfaction', 74, 0.5],
    ]);
  });

  it('reads Chinese metric names and headers; the weight defaults to 1', () => {
    const r = importObserved('指标,数值\n月离网率,6.02%\n占比:掌上营业厅,0.2\nSHARE:Web,0.1\n', 'o.csv');
    expect(r.ok && r.records.map(({ metric, value, weight }) => [metric, value, weight])).toEqual([['churnRateMonthly', 0.0602, 1], ['share:app', 0.2, 1], ['share:web', 0.1, 1]]);
  });

  it('reads a BOM, CRLF, extra columns (kept with their row) and GBK text', () => {
    const recs = recordsOf(bytes('\uFEFFmetric,value,weight,source\r\nchurnRateMonthly,6.02%,2,seed 002\r\nshare:app,0.04,,\r\n'));
    expect(recs.map((r) => [r.metric, r.value, r.weight, r.row])).toEqual([['churnRateMonthly', 0.0602, 2, 2], ['share:app', 0.04, 1, 3]]);
    expect(recs[0].extra).toEqual({ source: 'seed 002' });
    expect(recs[1].extra).toBeUndefined();
    // "指标,观测值\nchurnRateMonthly,0.06\n" in GBK (Excel on a Chinese Windows machine)
    const gbk = new Uint8Array([0xd6, 0xb8, 0xb1, 0xea, 0x2c, 0xb9, 0xdb, 0xb2, 0xe2, 0xd6, 0xb5, 0x0a, ...bytes('churnRateMonthly,0.06\n')]);
    expect(recordsOf(gbk)[0]).toMatchObject({ metric: 'churnRateMonthly', value: 0.06 });
  });

  it('observed-broken.csv: unknown metric, share above 1, metric twice, bad number, negative weight, unknown channel', () => {
    const r = importObserved(read('test/fixtures/io/observed-broken.csv'), 'b.csv');
    if (r.ok) throw new Error('expected problems');
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([[3, 1], [4, 2], [5, 1], [6, 2], [7, 3], [8, 1]]);
    expect(r.problems[1].message).toBe('数值: eChannelShare is a share: expected 0 to 1 or a percentage (0.38 or 38%), got "140%"');
    expect(r.problems[2].message).toBe('指标: churnRateMonthly observed twice (first at row 2)');
  });

  it('reports every problem as file:row:column: message', () => {
    const text = [
      'metric,value,weight',
      'churnRate,0.06,1', // row 2: unknown metric
      'share:app,abc,1', // row 3: bad number
      'share:web,1.5,1', // row 4: share out of range
      'share:sms,0,1', // row 5: a 0 to fit
      'share:ivr,0.1,-1', // row 6: negative weight
      'share:app,0.2,1', // row 7: duplicate
      'share:ussd,,1', // row 8: empty value
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^obs\.csv:2:1: metric: unknown metric "churnRate"; expected a KPI name, share:<channel>/),
      expect.stringMatching(/^obs\.csv:3:2: value: expected a number.*"abc"/),
      'obs.csv:4:2: value: share:web is a share: expected 0 to 1 or a percentage (0.38 or 38%), got "1.5"',
      'obs.csv:5:2: value: share:sms is 0 with weight 1: a fit compares relative errors and cannot divide by 0; give it weight 0 to report it without fitting',
      'obs.csv:6:3: weight: expected a number from 0 to 1000000, got "-1"',
      'obs.csv:7:1: metric: share:app observed twice (first at row 3)',
      expect.stringMatching(/^obs\.csv:8:2: value: empty; expected value /),
    ]);
  });

  it('a 0 is a legitimate observation when it is only reported (weight 0)', () => {
    expect(recordsOf('metric,value,weight\nshare:accountManager,0,0\nchurnRateMonthly,0%,0\n').map((r) => [r.metric, r.value, r.weight])).toEqual([
      ['share:accountManager', 0, 0], ['churnRateMonthly', 0, 0],
    ]);
  });

  it('reports a missing column at the header and an empty file', () => {
    expect(problemsOf('metric,weight\nchurnRateMonthly,1\n')).toEqual([expect.stringMatching(/^obs\.csv:1: missing column value .*; accepted headers: value, observed/)]);
    expect(problemsOf('')).toEqual([expect.stringMatching(/^obs\.csv: empty/)]);
    expect(problemsOf('metric,value\n')).toEqual(['obs.csv: no data rows below the header']);
  });
});

describe('the metric grammar', () => {
  const services = [{ id: 'dataService', channels: ['web', 'app'] as const }, { id: 'simReplace', channels: ['ownStore'] as const }];

  it('reads mix:<channel>:<service>[/*] and outletClass:, checking the service against its channel', () => {
    const r = importObserved('metric,value\nmix:掌上营业厅:dataService/*,24.4%\nMIX:web:dataService,0.2\noutletClass:LOW,0.45\nmix:web:simReplace,0.1\nmix:web:nothing,0.1\n', 'o.csv', { services });
    if (r.ok) throw new Error('expected problems');
    expect(r.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [5, 1, 'metric: service simReplace is not carried by channel web (services[1].channels: ownStore)'],
      [6, 1, 'metric: unknown service "nothing" in "mix:web:nothing"; expected one of dataService, simReplace'],
    ]);
    const ok = importObserved('metric,value\nmix:掌上营业厅:dataService/*,24.4%\nMIX:web:dataService,0.2\noutletClass:LOW,0.45\n', 'o.csv', { services });
    expect(ok.ok && ok.records.map((x) => [x.metric, x.value])).toEqual([['mix:app:dataService/*', 0.244], ['mix:web:dataService', 0.2], ['outletClass:low', 0.45]]);
  });

  it('reads each form, without case, by Chinese names, with full-width colons', () => {
    expect(readMetric('churnRateMonthly')).toEqual({ kind: 'kpi', kpi: 'churnRateMonthly' });
    expect(readMetric('月离网率')).toEqual({ kind: 'kpi', kpi: 'churnRateMonthly' });
    expect(readMetric('CHURNRATEMONTHLY')).toEqual({ kind: 'kpi', kpi: 'churnRateMonthly' });
    expect(readMetric('占比：网上营业厅')).toEqual({ kind: 'share', channel: 'web' });
    expect(readMetric('mix:web:anyService/*')).toEqual({ kind: 'mix', channel: 'web', service: 'anyService', within: true });
    expect(readMetric('outletClass:LOW')).toEqual({ kind: 'outletClass', efficiencyClass: 'low' });
    expect(readMetric('channelCost / 收入')).toEqual({ kind: 'ratio', numerator: 'channelCost', denominator: 'revenue' });
  });

  it('a ratio of two KPIs: named as written canonically, may be a percentage, any other value taken; an unknown KPI is named', () => {
    const r = importObserved('metric,value\nCHANNELCOST/revenue,18.2%\n', 'o.csv');
    expect(r.ok && r.records.map((x) => [x.metric, x.value])).toEqual([['channelCost/revenue', 0.182]]);
    expect(valueProblem(readMetric('netContribution/revenue'), -0.3, 1, '-0.3')).toBeUndefined();
    expect(() => readMetric('channelCost/income')).toThrow(/^unknown KPI "income" in "channelCost\/income"; expected <kpi>\/<kpi> \(KPIs: eChannelShare, /);
    expect(() => readMetric('cost/revenue')).toThrow(/^unknown KPI "cost" in /);
  });

  it('names what was expected for unknown metrics, channels and classes', () => {
    expect(() => readMetric('churn')).toThrow(/^unknown metric "churn"; expected a KPI name, share:<channel>, mix:<channel>:<service>\[\/\*\], outletClass:low\|mid\|high or <kpi>\/<kpi> \(KPIs: eChannelShare, /);
    expect(() => readMetric('share:wechat')).toThrow(/^unknown channel "wechat" in "share:wechat"; expected one of ownStore, partner/);
    expect(() => readMetric('share:web:x')).toThrow(/^expected share:<channel>, got "share:web:x"/);
    expect(() => readMetric('outletClass:top')).toThrow(/^expected outletClass:low, outletClass:mid or outletClass:high, got "outletClass:top"/);
  });

  it('one value rule: a share lies in [0, 1]; a 0 needs weight 0; other KPIs take any number', () => {
    const share = readMetric('share:app'), kpi = readMetric('netContribution');
    expect(valueProblem(share, 0.2, 1, '0.2')).toBeUndefined();
    expect(valueProblem(share, 0, 0, '0')).toBeUndefined();
    expect(valueProblem(share, 0, 0.5, '0')).toMatch(/^share:app is 0 with weight 0\.5: /);
    expect(valueProblem(share, -0.1, 0, '-0.1')).toMatch(/^share:app is a share: expected 0 to 1/);
    expect(valueProblem(kpi, -2e6, 1, '-2e6')).toBeUndefined();
    expect(valueProblem(kpi, 0, 1, '0')).toMatch(/^netContribution is 0 with weight 1/);
  });

  it('a holdOut column marks figures held out of the fit (yes, 是, true, 1); empty or no fits them; files without it stay valid', () => {
    const records = recordsOf('metric,value,weight,留出,source\nchurnRateMonthly,6.02%,1,,seed 002\nshare:app,0.2,1,yes,x\nshare:web,0.1,1,是,\nshare:sms,0.05,1,NO,\noutletClass:low,0.45,1,１,\n');
    expect(records.map((r) => [r.metric, r.holdOut ?? false])).toEqual([
      ['churnRateMonthly', false], ['share:app', true], ['share:web', true], ['share:sms', false], ['outletClass:low', true],
    ]);
    expect(records[0].extra).toEqual({ source: 'seed 002' });
    expect(recordsOf('metric,value\nchurnRateMonthly,0.06\n')[0]).not.toHaveProperty('holdOut');
  });

  it('a held-out 0 needs no weight 0 (it is never divided by); a holdOut cell that says neither yes nor no is refused at its row and column', () => {
    expect(recordsOf('metric,value,holdOut\nshare:accountManager,0,yes\n')[0]).toMatchObject({ value: 0, weight: 1, holdOut: true });
    expect(problemsOf('metric,value,weight,holdOut\nshare:app,0.2,1,maybe\nshare:web,0,1,no\n')).toEqual([
      'obs.csv:2:4: holdOut: expected yes or no (yes, no, true, false, 1, 0, 是, 否; empty: no), got "maybe"',
      expect.stringMatching(/^obs\.csv:3:2: value: share:web is 0 with weight 1: /),
    ]);
    expect(readHoldOut(' Yes ')).toBe(true);
    expect(readHoldOut('否')).toBe(false);
    expect(readHoldOut('2')).toBeUndefined();
  });

  it('the bundled 2009 figures: the web-hall rows sum to the mapped 79.1 % of the hall\'s transactions, and seed 004\'s three partner classes are held out', () => {
    const records = recordsOf(read('scenarios/observed-2009.csv'));
    const web = records.filter((r) => r.metric.startsWith('mix:web:'));
    // seed 003: GPRS service 24.4 + SP query 1.2 + GPRS 1.17 (data), and seven other mapped items
    expect(web.reduce((a, r) => a + r.value, 0)).toBeCloseTo(0.791, 9);
    expect(web.find((r) => r.metric === 'mix:web:dataService/*')?.value).toBe(0.268);
    expect(records.filter((r) => r.holdOut).map((r) => r.metric)).toEqual(HELD_OUT_2009);
  });
});

