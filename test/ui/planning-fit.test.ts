import { describe, expect, test } from 'vitest';
import { resolveScenario } from '../../src/model/validate.ts';
import { metricTerm, metricUnit } from '../../src/ui/lib/metricTerms.ts';
import { draftWithValues } from '../../src/ui/lib/draftValues.ts';

const S = resolveScenario({});

describe('observed metrics in the calibration view', () => {
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
