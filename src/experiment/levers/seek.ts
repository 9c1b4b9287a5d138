/**
 * Goal seeking on one lever: the value x of a numeric parameter in [LO, HI] at which a KPI's
 * expected value reaches a target, f(x) = E[KPI | x] = target.
 *
 * f is only seen through simulation: f̂(x) is the mean over replications 0…n−1, all on common
 * random numbers, so f̂ is one smooth-ish realisation of the model rather than independent noise
 * at every x, and a bracketing root finder works on it directly. The method is regula falsi with
 * the Illinois modification (Dowell & Jarratt 1971: when the same end is kept twice its f is
 * halved, which restores superlinear convergence), safeguarded by bisection when the secant
 * point leaves the bracket and kept xTolerance/2 inside its ends. It starts from LO, HI and the midpoint (one batch), which
 * also checks that f is monotone over the range; the target is out of reach when it lies outside
 * [min f̂, max f̂] over those points (and outside the extreme point's 95 % interval).
 *
 * It stops when the target lies within the 95 % interval of f̂ at the point (more precision is
 * below the noise of n replications), when the bracket is narrower than xTolerance·(HI − LO), or
 * after maxEvaluations lever values. The value reported is always an evaluated point, so its
 * achieved KPI has an interval. Its effects are paired differences against LO (what the measure
 * does at all) and against the scenario as it is (what applying the value changes), simulated
 * with the first batch when no point of it is the scenario's own value.
 */
import { CH } from '../../model/domain.ts';
import { KPIS, type KpiName } from '../../model/kpis.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import { ExperimentError, invalid, problem, type ProblemValues } from '../errors.ts';
import { applyAssignments, describeRange } from '../paths.ts';
import { countersFromRuns } from './sizing.ts';
import { evaluator, halfWidth, kpiEstimate, pairedDelta, type Estimate, type LeverOptions } from './evaluate.ts';

export interface SeekOptions extends LeverOptions {
  kpi: KpiName;
  target: number;
  path: string;
  lo: number;
  hi: number;
  /** stop when the bracket is narrower than this share of HI − LO (default 0.01) */
  xTolerance?: number;
  /** most lever values evaluated, the first three included (default 12) */
  maxEvaluations?: number;
  /** also size each store's counters at LO and at the value for this p90 wait (min) */
  storeP90Min?: number;
}

/** One evaluated lever value. */
export interface SeekPoint {
  value: number;
  mean: number;
  ci95: [number, number];
}

/** KPIs whose change a diversion planner reads: cost, net contribution, queues, satisfaction, churn. */
export const EFFECT_KPIS: readonly KpiName[] = ['channelCost', 'netContribution', 'storeWaitMeanMin', 'storeWaitP90Min', 'satisfaction', 'churnRateMonthly', 'eChannelShare', 'storeShare'];

export interface SeekResult {
  path: string;
  value: number;
  achieved: Estimate;
  /** scenarios simulated (each with `replications` replications) */
  evaluations: number;
  /** lever values over which the target lies within the 95 % band of the KPI (leverInterval) */
  valueCi95: [number, number];
  /** extras beyond the contract */
  kpi: KpiName;
  target: number;
  replications: number;
  seed: number;
  /** why the search stopped */
  stoppedBy: 'ci' | 'interval' | 'evaluations' | 'end';
  /** KPI over the evaluated points, lowest and highest mean */
  reachable: [number, number];
  /** f̂ at LO, mid, HI is monotone (within the intervals of the paired differences) */
  monotone: boolean;
  trace: SeekPoint[];
  /**
   * What the value does compared with LO, paired on CRN: deltas of cost, waits, satisfaction and
   * churn, and the sensitive transactions completed outside own stores (always 0: never diverted).
   */
  effects: {
    against: { value: number };
    deltas: Partial<Record<KpiName, Estimate>>;
    /**
     * What applying the value to the scenario does: the same KPIs' paired differences against the
     * scenario as it is (its own value at the path; null when it leaves the path unset)
     */
    base: { value: number | null; deltas: Partial<Record<KpiName, Estimate>> };
    sensitiveOutsideStores: number;
    /** with storeP90Min: counters each open own store needs at LO and at the value (Erlang C, sizing.ts) */
    counters?: {
      storeP90Min: number;
      stores: Array<{ id: string; counters: number; neededAtLo: number; neededAtValue: number; freed: number }>;
      freed: number;
      staffFreed: number;
    };
  };
  /** the replications at LO, at the value found and of the scenario as it is */
  runs: { atLo: ReplicationResult[]; atValue: ReplicationResult[]; atBase: ReplicationResult[] };
}

/** A target outside the KPI's range over LO..HI, with the range (problem `targetOutOfReach`). */
export class TargetOutOfReachError extends ExperimentError {
  readonly range: [number, number];
  constructor(values: ProblemValues['targetOutOfReach']) {
    super(problem('target', 'targetOutOfReach', values));
    this.name = 'TargetOutOfReachError';
    this.range = [values.min, values.max];
  }
}

/**
 * Find the lever value at which the KPI reaches the target.
 * @throws {ExperimentError} for an unknown KPI, an unknown or non-numeric path, an empty range, or values the schema refuses
 * @throws {TargetOutOfReachError} naming the reachable range [min, max] when the target is out of reach
 */
export async function seek(base: Scenario, o: SeekOptions): Promise<SeekResult> {
  if (!KPIS.includes(o.kpi)) throw invalid('target', 'unknownKpi', { given: o.kpi });
  if (!Number.isFinite(o.target)) throw invalid('target', 'notANumber', { given: String(o.target) });
  const info = describeRange(base, 'vary', o);
  const integer = info.type === 'integer';
  const lo = integer ? Math.ceil(o.lo) : o.lo;
  const hi = integer ? Math.floor(o.hi) : o.hi;
  if (!(lo < hi)) throw invalid('vary', 'rangeIntegers', { lo: o.lo, hi: o.hi }, o.path);
  const scenarioAt = (x: number) => applyAssignments(base, [{ path: o.path, value: x }], 'vary');
  scenarioAt(lo);
  scenarioAt(hi);
  const xTol = (o.xTolerance ?? 0.01) * (hi - lo);
  const maxEval = Math.max(3, o.maxEvaluations ?? 12);

  const ev = evaluator(base, o);
  const runs = new Map<number, ReplicationResult[]>();
  const points = new Map<number, SeekPoint>();
  const current = typeof info.current === 'number' ? info.current : null;
  let atBase: ReplicationResult[] | undefined;
  // The scenario as it is goes with the first batch unless one of its points is its own value.
  const evaluate = async (xs: number[], withBase = false) => {
    const fresh = xs.filter((x) => !runs.has(x));
    const results = await ev.run([...fresh.map(scenarioAt), ...(withBase ? [base] : [])]);
    fresh.forEach((x, i) => {
      runs.set(x, results[i]);
      const e = kpiEstimate(results[i], o.kpi);
      points.set(x, { value: x, mean: e.mean, ci95: e.ci95 });
    });
    if (withBase) atBase = results[fresh.length];
  };
  const mid = integer ? Math.round((lo + hi) / 2) : (lo + hi) / 2;
  const start = [...new Set([lo, mid, hi])];
  await evaluate(start, current === null || !start.includes(current));

  const t = o.target;
  const hits = (p: SeekPoint) => Math.abs(p.mean - t) <= halfWidth(p);
  const sorted = () => [...points.values()].sort((a, b) => a.value - b.value);
  const first = sorted();
  const empty = first.filter((p) => Number.isNaN(p.mean));
  if (empty.length > 0) throw invalid('target', 'noData', { kpi: o.kpi, path: o.path, at: empty.map((p) => p.value) });
  const means = first.map((p) => p.mean);
  const reachable: [number, number] = [Math.min(...means), Math.max(...means)];
  const monotone = isMonotone(first, runs, o.kpi);

  let best: SeekPoint | undefined;
  let stoppedBy: SeekResult['stoppedBy'] = 'ci';
  if (t < reachable[0] || t > reachable[1]) {
    // Outside the range of means: reached only if within the extreme point's interval.
    const extreme = first.find((p) => p.mean === (t < reachable[0] ? reachable[0] : reachable[1]))!;
    if (!hits(extreme)) {
      throw new TargetOutOfReachError({
        kpi: o.kpi, target: t, path: o.path, lo: o.lo, hi: o.hi, min: reachable[0], max: reachable[1],
        replications: ev.replications, at: first.map((p) => p.value),
      });
    }
    best = extreme;
    stoppedBy = 'end';
  } else {
    best = closest(first, t);
    if (!hits(best)) {
      // Bracket: adjacent points on either side of the target.
      let [a, b] = bracket(first, t);
      let keptA = 0, keptB = 0; // Illinois: halve a kept end's residual on its second keep
      let fa = a.mean - t, fb = b.mean - t;
      stoppedBy = 'evaluations';
      while (runs.size < maxEval) {
        if (b.value - a.value <= xTol || (integer && b.value - a.value <= 1)) { stoppedBy = 'interval'; break; }
        let x = a.value - (fa * (b.value - a.value)) / (fb - fa);
        // Safeguards: a point off the bracket (flat or noisy f) gives way to bisection; one hugging
        // an end steps xTolerance/2 inside it, so that the next bracket is small if the root is there.
        const step = xTol / 2;
        if (!Number.isFinite(x) || x <= a.value || x >= b.value) x = (a.value + b.value) / 2;
        else x = Math.min(b.value - step, Math.max(a.value + step, x));
        if (integer) x = Math.min(b.value - 1, Math.max(a.value + 1, Math.round(x)));
        await evaluate([x]);
        const p = points.get(x)!;
        if (Math.abs(p.mean - t) < Math.abs(best.mean - t)) best = p;
        if (hits(p)) { best = p; stoppedBy = 'ci'; break; }
        const fx = p.mean - t;
        if (Math.sign(fx) === Math.sign(fa)) {
          a = p; fa = fx; keptA = 0;
          if (++keptB >= 2) fb /= 2;
        } else {
          b = p; fb = fx; keptB = 0;
          if (++keptA >= 2) fa /= 2;
        }
      }
    }
  }
  const trace = sorted();
  const atLo = runs.get(lo)!, atValue = runs.get(best.value)!;
  atBase ??= runs.get(current!)!;
  const deltas: Partial<Record<KpiName, Estimate>> = {};
  const baseDeltas: Partial<Record<KpiName, Estimate>> = {};
  for (const k of EFFECT_KPIS) {
    deltas[k] = pairedDelta(atLo, atValue, k);
    baseDeltas[k] = pairedDelta(atBase, atValue, k);
  }
  return {
    path: o.path,
    value: best.value,
    achieved: { mean: best.mean, ci95: best.ci95 },
    evaluations: ev.evaluations,
    valueCi95: leverInterval(trace, t, best.value),
    kpi: o.kpi,
    target: t,
    replications: ev.replications,
    seed: ev.seed,
    stoppedBy,
    reachable: [Math.min(...trace.map((p) => p.mean)), Math.max(...trace.map((p) => p.mean))],
    monotone,
    trace,
    effects: {
      against: { value: lo }, deltas, base: { value: current, deltas: baseDeltas }, sensitiveOutsideStores: sensitiveOutsideStores(base, atValue),
      ...(o.storeP90Min !== undefined ? { counters: countersFreed(scenarioAt(lo), atLo, scenarioAt(best.value), atValue, o.storeP90Min) } : {}),
    },
    runs: { atLo, atValue, atBase },
  };
}

/**
 * The lever values at which a target is within the KPI's 95 % band: the band drawn by joining
 * the evaluated points' interval ends with straight lines, and the values where
 * lo(x) ≤ target ≤ hi(x). On each segment both ends are linear in x, so the condition holds on
 * one sub-interval; the answer spans all of them, and always holds `value`. An end of the range
 * inside the band is a bound of the answer: beyond it nothing was simulated.
 */
export function leverInterval(trace: readonly SeekPoint[], target: number, value: number): [number, number] {
  const ps = [...trace].sort((a, b) => a.value - b.value);
  let lo = value, hi = value;
  const take = (x: number) => { lo = Math.min(lo, x); hi = Math.max(hi, x); };
  for (const p of ps) if (p.ci95[0] <= target && target <= p.ci95[1]) take(p.value);
  // Where one edge e(s) = fa + s·(fb − fa), s ∈ [0, 1], is at or below (or above) the target.
  const side = (fa: number, fb: number, below: boolean): [number, number] => {
    const d = fb - fa;
    if (d === 0) return (below ? fa <= target : fa >= target) ? [0, 1] : [1, 0];
    const at = (target - fa) / d;
    return (d > 0) === below ? [0, at] : [at, 1];
  };
  for (let i = 0; i + 1 < ps.length; i++) {
    const a = ps[i], b = ps[i + 1];
    const [l1, h1] = side(a.ci95[0], b.ci95[0], true);
    const [l2, h2] = side(a.ci95[1], b.ci95[1], false);
    const from = Math.max(0, l1, l2), to = Math.min(1, h1, h2);
    if (from <= to) { take(a.value + from * (b.value - a.value)); take(a.value + to * (b.value - a.value)); }
  }
  return [lo, hi];
}

/**
 * Transactions of sensitive services (SIM replacement, ownership transfer) completed anywhere but
 * an own store, summed over replications: 0 by the engine's construction, checked here.
 */
export function sensitiveOutsideStores(s: Scenario, rs: readonly ReplicationResult[]): number {
  let n = 0;
  s.services.forEach((sv, i) => {
    if (sv.class !== 'sensitive') return;
    for (const r of rs) r.serviceChannel[i]?.forEach((x, c) => { if (c !== CH.ownStore) n += x; });
  });
  return n;
}

// Counters needed per store at LO and at the value found, and what the difference frees.
function countersFreed(sLo: Scenario, atLo: ReplicationResult[], sValue: Scenario, atValue: ReplicationResult[], p90: number): NonNullable<SeekResult['effects']['counters']> {
  const before = new Map(countersFromRuns(sLo, atLo, p90).map((x) => [x.id, x]));
  const stores = countersFromRuns(sValue, atValue, p90).map((x) => {
    const neededAtLo = before.get(x.id)?.needed ?? x.needed;
    return { id: x.id, counters: x.counters, neededAtLo, neededAtValue: x.needed, freed: neededAtLo - x.needed };
  });
  const freed = stores.reduce((a, x) => a + x.freed, 0);
  return { storeP90Min: p90, stores, freed, staffFreed: freed * sValue.stores.staffPerCounter };
}

// f̂ at three sorted points is monotone unless the middle one lies outside the ends' span by
// more than the 95 % interval of its paired difference from the nearer end.
function isMonotone(p: SeekPoint[], runs: Map<number, ReplicationResult[]>, kpi: KpiName): boolean {
  if (p.length < 3) return true;
  const [a, m, b] = p;
  const lo = Math.min(a.mean, b.mean), hi = Math.max(a.mean, b.mean);
  if (m.mean >= lo && m.mean <= hi) return true;
  const end = m.mean < lo ? (a.mean === lo ? a : b) : (a.mean === hi ? a : b);
  const d = pairedDelta(runs.get(end.value)!, runs.get(m.value)!, kpi);
  return d.ci95[0] <= 0 && d.ci95[1] >= 0;
}

function closest(ps: SeekPoint[], t: number): SeekPoint {
  return ps.reduce((best, p) => (Math.abs(p.mean - t) < Math.abs(best.mean - t) ? p : best));
}

// The first pair of adjacent points whose means straddle t.
function bracket(ps: SeekPoint[], t: number): [SeekPoint, SeekPoint] {
  for (let i = 0; i + 1 < ps.length; i++) {
    if ((ps[i].mean - t) * (ps[i + 1].mean - t) <= 0) return [ps[i], ps[i + 1]];
  }
  return [ps[0], ps[ps.length - 1]];
}
