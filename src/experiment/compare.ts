/**
 * Differences between two runs, KPI by KPI, against a baseline run: the one comparison behind
 * `channel-lab compare` (compareScenarios in runner.ts, which runs the scenarios first) and the
 * workbench's comparison of finished runs (from the replication-level KPIs kept with each run).
 *
 * Paired (common random numbers): when two runs share a master seed, replication r of each used
 * the same random streams (seed, r), so d_r = other_r − base_r removes most of the noise both
 * share, and the 95 % interval is mean(d) ± t(0.975, n − 1) · sd(d) / √n over the replications
 * both have (Law, Simulation Modeling and Analysis, §10.2). Otherwise (different seeds, or fewer
 * than two replications in common) the runs are independent samples and the interval is Welch's:
 * Δ ± t(0.975, ν) · √(s₁²/n₁ + s₂²/n₂) with the Welch–Satterthwaite ν. A difference is
 * significant when its interval excludes 0 and rests on at least two replications a side.
 * A KPI without data in a replication (NaN: no calls, no visits…) is left out of it; with no data
 * at all the difference is NaN (null in JSON) and not significant.
 *
 * Each difference is also read against the KPI's threshold of practical importance (practical.ts):
 * significant is not the same as large enough to matter.
 */
import { KPIS, KPI_META, type KpiName } from '../model/kpis.ts';
import type { ReplicationResult } from '../model/types.ts';
import { summarize, tQuantile } from './stats.ts';
import { PRACTICAL_THRESHOLDS, practicalVerdict, thresholdAmount, type PracticalVerdict, type Threshold } from './practical.ts';

/** One replication's run-level KPIs. */
export interface ReplicationKpis {
  replication: number;
  run: Record<KpiName, number>;
}

/** What a comparison needs of a run: its master seed and each replication's run-level KPIs. */
export interface RunSample {
  seed: number;
  replications: readonly ReplicationKpis[];
}

export interface KpiDifference {
  kpi: KpiName;
  /** the KPI's mean in each run */
  base: number;
  other: number;
  /** other − base */
  mean: number;
  ci95: [number, number];
  /** replications paired (paired) or the smaller sample (unpaired) */
  n: number;
  paired: boolean;
  /** the interval excludes 0 (and rests on at least two replications a side) */
  significant: boolean;
  /** what a significant difference means for the KPI, when the KPI has a better direction */
  verdict: 'better' | 'worse' | null;
  /** the threshold of practical importance, in the KPI's unit (a relative one times the baseline's mean) */
  threshold: number;
  /** the difference read against 0 and ±threshold */
  practical: PracticalVerdict;
}

/**
 * Every KPI's difference other − base, paired when the runs share their seed, with its practical
 * verdict against `thresholds` (default: PRACTICAL_THRESHOLDS).
 * @throws {RangeError} when either run has no replication
 */
export function compareRuns(base: RunSample, other: RunSample, thresholds: Readonly<Record<KpiName, Threshold>> = PRACTICAL_THRESHOLDS): KpiDifference[] {
  if (base.replications.length === 0 || other.replications.length === 0) throw new RangeError('compareRuns requires at least one replication in each run');
  const byRep = new Map(other.replications.map((r) => [r.replication, r.run]));
  const common = base.seed === other.seed ? base.replications.filter((r) => byRep.has(r.replication)) : [];
  const paired = common.length >= 2;
  return KPIS.map((kpi) => {
    const b = withData(base.replications.map((r) => r.run[kpi]));
    const o = withData(other.replications.map((r) => r.run[kpi]));
    const diff = paired
      ? pairedDifference(withData(common.map((r) => byRep.get(r.replication)![kpi] - r.run[kpi])))
      : welchDifference(b, o);
    // One replication a side estimates no spread: never significant.
    const significant = diff.n >= 2 && (diff.ci95[0] > 0 || diff.ci95[1] < 0);
    const better = KPI_META[kpi].better;
    const verdict = !significant || better === null ? null : (diff.mean > 0) === (better === 'higher') ? 'better' : 'worse';
    const baseMean = mean(b);
    const threshold = thresholdAmount(thresholds[kpi], baseMean);
    return { kpi, base: baseMean, other: mean(o), ...diff, paired, significant, verdict, threshold, practical: practicalVerdict(diff, threshold) };
  });
}

/**
 * Welch's interval for the difference b − a of two independent means (a single value has no
 * spread: [Δ, Δ]; an empty side: NaN).
 */
export function welchDifference(a: readonly number[], b: readonly number[]): { mean: number; ci95: [number, number]; n: number } {
  if (a.length === 0 || b.length === 0) return noDifference();
  const sa = summarize(a), sb = summarize(b);
  const delta = sb.mean - sa.mean;
  const n = Math.min(sa.n, sb.n);
  const va = sa.n > 1 ? sa.sd ** 2 / sa.n : 0;
  const vb = sb.n > 1 ? sb.sd ** 2 / sb.n : 0;
  const se = Math.sqrt(va + vb);
  if (!(se > 0) || sa.n < 2 || sb.n < 2) return { mean: delta, ci95: [delta, delta], n };
  const df = (va + vb) ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1));
  const h = tQuantile(0.975, df) * se;
  return { mean: delta, ci95: [delta - h, delta + h], n };
}

/** The run-level KPIs of each finished replication, in replication order (unfinished ones left out). */
export function replicationKpis(results: ReadonlyArray<ReplicationResult | undefined>): ReplicationKpis[] {
  return results
    .filter((r): r is ReplicationResult => r !== undefined)
    .map((r) => ({ replication: r.replication, run: { ...r.run } }))
    .sort((a, b) => a.replication - b.replication);
}

function pairedDifference(d: number[]): { mean: number; ci95: [number, number]; n: number } {
  if (d.length === 0) return noDifference();
  const s = summarize(d);
  return { mean: s.mean, ci95: s.ci95, n: s.n };
}

// No data to compare: NaN, as result.json has it for an absent KPI.
function noDifference(): { mean: number; ci95: [number, number]; n: number } {
  return { mean: NaN, ci95: [NaN, NaN], n: 0 };
}

// The values with data (a KPI without data in a replication is NaN there).
function withData(v: readonly number[]): number[] {
  return v.filter((x) => !Number.isNaN(x));
}

function mean(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return v.length ? s / v.length : NaN;
}
