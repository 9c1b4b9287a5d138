import { describe, expect, test } from 'vitest';
import { CURVE_METRICS, type CurvesResult } from '../../src/experiment/levers/curves.ts';
import { curveExtent, curvePoints, optimumMark, CURVE_METRIC_META } from '../../src/ui/lib/curveSeries.ts';

const est = (mean: number, h = 1) => ({ mean, ci95: [mean - h, mean + h] as [number, number] });
function point(value: number, net: number): CurvesResult['points'][number] {
  const figures = Object.fromEntries(CURVE_METRICS.map((m) => [m, est(value)])) as CurvesResult['points'][number]['figures'];
  figures.netContribution = est(net, 50);
  return { value, figures };
}
const R: Pick<CurvesResult, 'points' | 'optimum'> = {
  points: [point(100, 900), point(0, 800), point(50, 1000)],
  optimum: { kpi: 'netContribution', budget: 5000, value: 50, achieved: est(1000, 50), spend: est(4000), refined: [], neighbours: [{ value: 0, delta: est(200, 20) }, { value: 100, delta: est(100, 20) }], distinguishable: true, tied: [50] },
};

describe('response curves for the chart', () => {
  test('points come in level order with the figure’s mean and interval', () => {
    expect(curvePoints(R, 'netContribution')).toEqual([
      { month: 0, mean: 800, lo: 750, hi: 850 },
      { month: 50, mean: 1000, lo: 950, hi: 1050 },
      { month: 100, mean: 900, lo: 850, hi: 950 },
    ]);
  });

  test('the extent holds every band and the reference, from 0 for non-negative figures, never empty', () => {
    expect(curveExtent(curvePoints(R, 'netContribution'))).toEqual([0, 1050]);
    expect(curveExtent(curvePoints(R, 'netContribution'), 2000)).toEqual([0, 2000]);
    expect(curveExtent([{ month: 0, mean: -5, lo: -6, hi: -4 }])).toEqual([-6, -4]);
    expect(curveExtent([])).toEqual([0, 1]);
    expect(curveExtent([{ month: 0, mean: 0, lo: 0, hi: 0 }])).toEqual([0, 1]);
  });

  test('the optimum mark sits on the curve of whichever figure is shown', () => {
    expect(optimumMark(R, 'netContribution')).toEqual({ value: 50, mean: 1000, kpi: 'netContribution', budget: 5000 });
    expect(optimumMark(R, 'newLines')?.mean).toBe(50);
    expect(optimumMark({ points: R.points }, 'newLines')).toBeNull();
    // a best the noise could reorder is not marked
    expect(optimumMark({ ...R, optimum: { ...R.optimum!, distinguishable: false, tied: [0, 50] } }, 'netContribution')).toBeNull();
  });

  test('every curve figure has a label and a unit', () => {
    for (const m of CURVE_METRICS) expect(CURVE_METRIC_META[m].label).toMatch(/^lvMetric/);
  });
});
