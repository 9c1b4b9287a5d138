import { describe, expect, test } from 'vitest';
import { KPIS } from '../../src/model/kpis.ts';
import { PRACTICAL_THRESHOLDS, practicalVerdict, thresholdAmount, thresholdsWith } from '../../src/experiment/practical.ts';
import { compareRuns, type RunSample } from '../../src/experiment/compare.ts';

const d = (mean: number, lo: number, hi: number, n = 10) => ({ mean, ci95: [lo, hi] as const, n });

describe('practicalVerdict: the equivalence-testing reading of an interval against 0 and ±δ', () => {
  test('the four cases, at δ = 0.5', () => {
    expect(practicalVerdict(d(1.2, 0.8, 1.6), 0.5)).toBe('practical'); // excludes 0, |mean| ≥ δ
    expect(practicalVerdict(d(-0.033, -0.05, -0.016), 0.5)).toBe('negligible'); // significant, yet inside ±δ
    expect(practicalVerdict(d(0.1, -0.3, 0.4), 0.5)).toBe('negligible'); // holds 0, inside ±δ: equivalent
    expect(practicalVerdict(d(0.3, 0.1, 0.7), 0.5)).toBe('significantButSmall'); // excludes 0, mean < δ, reaches past δ
    expect(practicalVerdict(d(0.3, -0.2, 0.8), 0.5)).toBe('inconclusive'); // holds 0 and reaches past δ
  });

  test('a practical effect needs its mean at δ or beyond, not the whole interval', () => {
    expect(practicalVerdict(d(0.6, 0.2, 1.0), 0.5)).toBe('practical');
    expect(practicalVerdict(d(-0.5, -0.9, -0.1), 0.5)).toBe('practical'); // |mean| = δ counts
    expect(practicalVerdict(d(-0.49, -0.9, -0.1), 0.5)).toBe('significantButSmall');
  });

  test('the band edges belong to the band: [−δ, δ] is negligible; δ = 0 leaves only exactly 0 negligible', () => {
    expect(practicalVerdict(d(0, -0.5, 0.5), 0.5)).toBe('negligible');
    expect(practicalVerdict(d(0, 0, 0), 0)).toBe('negligible');
    expect(practicalVerdict(d(0.01, 0.005, 0.015), 0)).toBe('practical');
  });

  test('fewer than two replications, no data or a threshold without a baseline: inconclusive', () => {
    expect(practicalVerdict(d(3, 3, 3, 1), 0.5)).toBe('inconclusive');
    expect(practicalVerdict(d(NaN, NaN, NaN), 0.5)).toBe('inconclusive');
    expect(practicalVerdict(d(3, 2, 4), NaN)).toBe('inconclusive');
    expect(() => practicalVerdict(d(3, 2, 4), -1)).toThrow(/threshold ≥ 0, got -1/);
  });
});

describe('thresholds', () => {
  test('every KPI has a default; shares in absolute points, counts and money relative to the baseline', () => {
    expect(Object.keys(PRACTICAL_THRESHOLDS).sort()).toEqual([...KPIS].sort());
    expect(PRACTICAL_THRESHOLDS.eChannelShare).toEqual({ kind: 'absolute', value: 0.005 });
    expect(PRACTICAL_THRESHOLDS.storeWaitMeanMin).toEqual({ kind: 'absolute', value: 0.1 });
    expect(PRACTICAL_THRESHOLDS.satisfaction).toEqual({ kind: 'absolute', value: 0.5 });
    expect(PRACTICAL_THRESHOLDS.newLines).toEqual({ kind: 'relative', value: 0.01 });
    expect(PRACTICAL_THRESHOLDS.netContribution).toEqual({ kind: 'relative', value: 0.01 });
  });

  test('a relative threshold is a share of the baseline\'s size, whatever its sign', () => {
    expect(thresholdAmount({ kind: 'relative', value: 0.01 }, -2_000_000)).toBe(20_000);
    expect(thresholdAmount({ kind: 'absolute', value: 0.1 }, 99)).toBe(0.1);
  });

  test('user values replace the defaults, keeping each KPI\'s kind; values that are not a number ≥ 0 are ignored', () => {
    const t = thresholdsWith({ satisfaction: 1, revenue: 0.05, storeWaitMeanMin: -1, newLines: NaN });
    expect(t.satisfaction).toEqual({ kind: 'absolute', value: 1 });
    expect(t.revenue).toEqual({ kind: 'relative', value: 0.05 });
    expect(t.storeWaitMeanMin).toEqual(PRACTICAL_THRESHOLDS.storeWaitMeanMin);
    expect(t.newLines).toEqual(PRACTICAL_THRESHOLDS.newLines);
  });
});

describe('compareRuns reads every difference against its threshold', () => {
  // satisfaction 77.55 + a paired shift of −0.033 ± 0.01: significant, of no practical size
  const sample = (shift: number, seed = 1): RunSample => ({
    seed,
    replications: Array.from({ length: 6 }, (_, r) => {
      const run = Object.fromEntries(KPIS.map((k) => [k, 100])) as Record<(typeof KPIS)[number], number>;
      run.satisfaction = 77.55 + r * 0.1 + shift + (r % 2 ? 0.01 : -0.01) * (shift !== 0 ? 1 : 0);
      run.revenue = 9_775_186 + r * 1000 + shift * 3_000_000;
      return { replication: r, run };
    }),
  });

  test('satisfaction −0.033 points is significant but negligible; revenue −1 % of 9.8 M is practical', () => {
    const diffs = new Map(compareRuns(sample(0), sample(-0.033)).map((x) => [x.kpi, x]));
    const s = diffs.get('satisfaction')!;
    expect(s.significant).toBe(true);
    expect(s.mean).toBeCloseTo(-0.033, 10);
    expect(s.threshold).toBe(0.5);
    expect(s.practical).toBe('negligible');
    const r = diffs.get('revenue')!;
    expect(r.threshold).toBeCloseTo(0.01 * (9_775_186 + 2500), 6);
    expect(r.mean).toBeCloseTo(-99_000, 6);
    expect(r.practical).toBe('practical');
  });

  test('a threshold the user sets changes the verdict', () => {
    const diffs = compareRuns(sample(0), sample(-0.033), thresholdsWith({ satisfaction: 0.01 }));
    expect(diffs.find((x) => x.kpi === 'satisfaction')!.practical).toBe('practical');
  });
});
