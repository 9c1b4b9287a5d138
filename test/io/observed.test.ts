import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importObserved } from '../../src/io/observed.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));

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

  it('observed-broken.csv: unknown metric, share above 1, metric twice, bad number, negative weight, unknown channel', () => {
    const r = importObserved(read('test/fixtures/io/observed-broken.csv'), 'b.csv');
    if (r.ok) throw new Error('expected problems');
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([[3, 1], [4, 2], [5, 1], [6, 2], [7, 3], [8, 1]]);
    expect(r.problems[1].message).toBe('数值: eChannelShare is a share: expected 0 to 1 or a percentage (0.38 or 38%), got "140%"');
    expect(r.problems[2].message).toBe('指标: churnRateMonthly observed twice (first at row 2)');
  });
});

describe('the calibration\'s metric forms', () => {
  const services = [{ id: 'dataService', channels: ['web', 'app'] as const }, { id: 'simReplace', channels: ['ownStore'] as const }];
  it('reads mix:<channel>:<service>[/*] and outletClass:, checking the service against its channel', () => {
    const r = importObserved('metric,value\nmix:掌上营业厅:dataService/*,24.4%\nMIX:web:dataService,0.2\noutletClass:LOW,0.45\nmix:web:simReplace,0.1\nmix:web:nothing,0.1\n', 'o.csv', { services });
    if (r.ok) throw new Error('expected problems');
    expect(r.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [5, 1, 'metric: service simReplace is not carried by channel web'],
      [6, 1, 'metric: unknown service "nothing"; expected one of dataService, simReplace'],
    ]);
    const ok = importObserved('metric,value\nmix:掌上营业厅:dataService/*,24.4%\nMIX:web:dataService,0.2\noutletClass:LOW,0.45\n', 'o.csv', { services });
    expect(ok.ok && ok.records.map((x) => [x.metric, x.value])).toEqual([['mix:app:dataService/*', 0.244], ['mix:web:dataService', 0.2], ['outletClass:low', 0.45]]);
  });
});
