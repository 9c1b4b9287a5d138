import { describe, expect, test } from 'vitest';
import { resolveScenario } from '../../src/model/validate.ts';
import { metricValues, parseMetric } from '../../src/experiment/observed.ts';
import { summarize } from '../../src/experiment/stats.ts';
import { fitOfRuns, metricsOfFigures, metricTerm, metricUnit, withinInterval } from '../../src/ui/lib/fitTable.ts';
import { fakeResult } from '../fixtures/fake-result.ts';
import { draftWithValues } from '../../src/ui/lib/draftValues.ts';

const S = resolveScenario({});
const REPS = [0, 1, 2, 3].map((r) => fakeResult(42, r, 6));

describe('the fit table without optimisation', () => {
  test('each row is the simulated mean over replications with its interval and the relative error', () => {
    const metrics = metricsOfFigures(S, [{ metric: 'churnRateMonthly', value: 20 }, { metric: 'share:app', value: 0.1, weight: 0.5 }]);
    const rows = fitOfRuns(metrics, REPS);
    const churn = summarize(REPS.map((r) => r.run.churnRateMonthly));
    expect(rows[0]).toMatchObject({ metric: 'churnRateMonthly', observed: 20, weight: 1, simulated: churn.mean, ci95: churn.ci95 });
    expect(rows[0].relativeError).toBeCloseTo((churn.mean - 20) / 20, 12);
    // 100·(i+1) transactions in channel i of 10: app (index 3) has 400 of 5,500
    expect(rows[1].simulated).toBeCloseTo(400 / 5500, 12);
    expect(rows[1].weight).toBe(0.5);
    expect(() => fitOfRuns(metrics, [])).toThrow(/at least one replication/);
  });

  test('observed.figures read as the calibration reads its CSV: aliases canonical, /* rows rescaled within their group', () => {
    const m = metricsOfFigures(S, [{ metric: '月离网率', value: 0.06 }, { metric: 'mix:web:balanceQuery/*', value: 0.3 }, { metric: 'mix:web:billQuery/*', value: 0.1 }]);
    expect(m.map((x) => x.metric)).toEqual(['churnRateMonthly', 'mix:web:balanceQuery/*', 'mix:web:billQuery/*']);
    expect(m[1].value).toBeCloseTo(0.75, 12);
    expect(m[1].published).toBe(0.3);
    expect(m[1].spec).toMatchObject({ kind: 'mix', within: true, among: [parseMetric('mix:web:balanceQuery', S), parseMetric('mix:web:billQuery', S)].map((x) => (x as { serviceIndex: number }).serviceIndex) });
    for (const v of metricValues(m[1].spec, REPS)) expect(v).toBeGreaterThanOrEqual(0);
    expect(() => metricsOfFigures(S, [{ metric: 'share:teleport', value: 0.1 }])).toThrow(/observed\.figures\[0\]: unknown channel/);
  });

  test('inside: the observed value lies in the simulated interval', () => {
    expect(withinInterval({ observed: 0.5, ci95: [0.4, 0.6] })).toBe(true);
    expect(withinInterval({ observed: 0.7, ci95: [0.4, 0.6] })).toBe(false);
  });

  test('metrics are named in both languages and formatted in their unit', () => {
    expect(metricTerm('churnRateMonthly')).toEqual({ zh: '月离网率', en: 'Monthly churn' });
    expect(metricTerm('share:app')).toEqual({ zh: '掌上营业厅占比', en: 'App share' });
    expect(metricTerm('mix:web:topUp/*', S.services).en).toBe('Web hall: Top-up / payment (within listed)');
    expect(metricTerm('outletClass:low').zh).toBe('社会渠道效能低占比');
    expect(metricUnit('newLines')).toBe('lines');
    expect(metricUnit('mix:web:topUp')).toBe('share');
  });
});

describe('fitted values into the draft', () => {
  test('plain paths are set where they are; a service path first copies the resolved services list', () => {
    const draft = { name: 'x', churn: { baseMonthly: 0.01 } };
    const next = draftWithValues(draft, [{ path: 'churn.baseMonthly', value: 0.02 }, { path: 'services.2.incidence.youth', value: 0.5 }], S.services) as { churn: { baseMonthly: number }; services: Array<{ id: string; incidence: { youth: number } }> };
    expect(next.churn.baseMonthly).toBe(0.02);
    expect(next.services).toHaveLength(S.services.length);
    expect(next.services[2]).toMatchObject({ id: S.services[2].id, incidence: { youth: 0.5 } });
    expect(next.services[1]).toEqual(S.services[1]);
    expect(draft.churn.baseMonthly).toBe(0.01);
    expect(resolveScenario(next).churn.baseMonthly).toBe(0.02);
  });
});
