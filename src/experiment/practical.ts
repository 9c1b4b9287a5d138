/**
 * Practical significance: is a difference between two runs large enough to matter to a planner,
 * not only distinguishable from zero? Each KPI has a threshold δ of practical importance (the
 * smallest effect a plan would act on), and a difference's 95 % interval [lo, hi] is read against
 * both 0 and ±δ, as in equivalence testing (Schuirmann 1987, two one-sided tests; Lakens,
 * Scheel & Isager 2018, "Equivalence testing for psychological research", Fig. 1):
 *
 *   practical            the interval excludes 0 and |mean| ≥ δ
 *   negligible           the interval lies within [−δ, δ]: any effect is too small to matter,
 *                        even when it excludes 0 (satisfaction −0.033 points [−0.05, −0.02])
 *   significantButSmall  the interval excludes 0 and |mean| < δ, but reaches past ±δ
 *   inconclusive         the interval holds 0 and reaches past ±δ: more replications are needed;
 *                        also with fewer than two replications (no spread estimated) or no data
 *
 * The 95 % interval read against ±δ is TOST at α = 0.025 a side: stricter than the usual 90 %
 * interval, so a "negligible" verdict is conservative.
 *
 * Thresholds are absolute (in the KPI's unit) for shares, minutes and satisfaction points, and
 * relative to the baseline's mean for counts and money, whose size depends on the city.
 */
import { KPIS, type KpiName } from '../model/kpis.ts';

/** A KPI's threshold: an amount in its unit, or a share of the baseline's mean. */
export interface Threshold {
  kind: 'absolute' | 'relative';
  value: number;
}

export type PracticalVerdict = 'practical' | 'negligible' | 'significantButSmall' | 'inconclusive';
export const PRACTICAL_VERDICTS: readonly PracticalVerdict[] = ['practical', 'significantButSmall', 'negligible', 'inconclusive'];

// Why each default is what it is, by the KPI's unit (the figures a planner reports and acts on).
const MIX = 0.005; // half a point of the channel mix: mixes are reported to whole points, and a plan moving less than half of one is not a plan
const WAIT = 0.1; // 6 seconds of counter wait: below anything a customer notices or a store manager staffs for
const MONEY = 0.01; // 1 % of a budget line or of revenue: the resolution of a monthly budget review
const COUNT = 0.01; // 1 % of new lines or handsets: within a month's sales target tolerance

/**
 * The default thresholds, one per KPI.
 * - Channel shares and the diversion rate: 0.005 (half a point; diversion targets are set in
 *   whole points, 70 %).
 * - Hotline service level: 0.01 (one point; it is reported against 85 % in 20 s in whole points).
 * - Abandon rate: 0.002 (a tenth of the default city's 2 %).
 * - Monthly churn: 0.001 (0.1 point a month is 1.2 % of the base in a year, the size of the churn
 *   limits closure plans are held to, 0.002 in docs/LEVERS.md).
 * - Store waits, mean and p90: 0.1 min.
 * - Satisfaction: 0.5 points of 0–100 (survey indices are reported to whole points).
 * - New lines, handsets: 1 % of the baseline; money (spend, cost, revenue, net contribution, cost
 *   per transaction): 1 % of the baseline.
 */
export const PRACTICAL_THRESHOLDS: Readonly<Record<KpiName, Threshold>> = {
  eChannelShare: { kind: 'absolute', value: MIX },
  storeShare: { kind: 'absolute', value: MIX },
  partnerShare: { kind: 'absolute', value: MIX },
  hotlineShare: { kind: 'absolute', value: MIX },
  directShare: { kind: 'absolute', value: MIX },
  diversionRate: { kind: 'absolute', value: MIX },
  storeWaitMeanMin: { kind: 'absolute', value: WAIT },
  storeWaitP90Min: { kind: 'absolute', value: WAIT },
  hotlineServiceLevel: { kind: 'absolute', value: 0.01 },
  abandonRate: { kind: 'absolute', value: 0.002 },
  churnRateMonthly: { kind: 'absolute', value: 0.001 },
  satisfaction: { kind: 'absolute', value: 0.5 },
  newLines: { kind: 'relative', value: COUNT },
  handsetsSold: { kind: 'relative', value: COUNT },
  subsidySpend: { kind: 'relative', value: MONEY },
  commissionSpend: { kind: 'relative', value: MONEY },
  channelCost: { kind: 'relative', value: MONEY },
  costPerTransaction: { kind: 'relative', value: MONEY },
  revenue: { kind: 'relative', value: MONEY },
  netContribution: { kind: 'relative', value: MONEY },
};

/** Threshold values a user set (in each KPI's kind), over the defaults. */
export type ThresholdValues = Partial<Record<KpiName, number>>;

/** The defaults with the user's values put in (a value that is not a finite number ≥ 0 is ignored). */
export function thresholdsWith(values: ThresholdValues = {}): Record<KpiName, Threshold> {
  const out = {} as Record<KpiName, Threshold>;
  for (const k of KPIS) {
    const v = values[k];
    out[k] = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? { kind: PRACTICAL_THRESHOLDS[k].kind, value: v } : PRACTICAL_THRESHOLDS[k];
  }
  return out;
}

/**
 * The threshold as an amount in the KPI's unit: the value itself, or the value times |baseline|
 * for a relative threshold (NaN when the baseline has no data).
 */
export function thresholdAmount(t: Threshold, baseline: number): number {
  return t.kind === 'absolute' ? t.value : t.value * Math.abs(baseline);
}

/** What a verdict reads of a difference. */
export interface DifferenceEstimate {
  mean: number;
  ci95: readonly [number, number];
  /** replications behind the interval */
  n: number;
}

/**
 * The equivalence-testing reading of a difference against a threshold δ ≥ 0 (module comment);
 * inconclusive when δ is NaN (a relative threshold on a baseline without data).
 * @throws {RangeError} for a negative threshold
 */
export function practicalVerdict(d: DifferenceEstimate, threshold: number): PracticalVerdict {
  if (threshold < 0) throw new RangeError(`practicalVerdict requires a threshold ≥ 0, got ${threshold}`);
  const [lo, hi] = d.ci95;
  if (d.n < 2 || ![d.mean, lo, hi, threshold].every(Number.isFinite)) return 'inconclusive';
  const excludesZero = lo > 0 || hi < 0;
  if (excludesZero && Math.abs(d.mean) >= threshold) return 'practical';
  if (lo >= -threshold && hi <= threshold) return 'negligible';
  return excludesZero ? 'significantButSmall' : 'inconclusive';
}
