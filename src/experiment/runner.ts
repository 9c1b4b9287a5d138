/**
 * Experiments over the worker pool: one scenario with intervals (runExperiment, optionally until
 * a target precision), several scenarios on common random numbers (compareScenarios), a grid or
 * Latin hypercube over parameter paths (sweep), and one-at-a-time sensitivity (sensitivity).
 *
 * Pure functions in the sense of Mesa's batch_run: scenarios in, plain objects and flat rows out;
 * no printing, no files. Every experiment runs replication indices 0…n−1 with one seed, so two
 * scenarios (or two sweep points) see the same random streams and their differences are paired:
 * common random numbers (Law, Simulation Modeling and Analysis, §11.2).
 */
import { KPIS, KPI_META, type KpiMeta, type KpiName } from '../model/kpis.ts';
import { agentsOf, type Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';
import { Rng } from '../model/rng.ts';
import { invalid } from './errors.ts';
import { aggregate, kpiSummary, summarizeKpi, type ExperimentResult, type FailureRecord, type PrecisionReport } from './aggregate.ts';
import { AbortedError, type Batch, type BatchOptions, type OnFailure, type Progress, type ReplicationError, type ReplicationRunner, type Task } from './pool.ts';
import { compareRuns, replicationKpis } from './compare.ts';
import { applyAssignments, describePath, describeRange, type Assignment, type PathInfo, type PathValue } from './paths.ts';
import { summarize, type Summary } from './stats.ts';
import { comparable, type ComparabilityProblem, type RunSize } from './comparable.ts';
import { parameterDiff, type ParameterChange } from './parameter-diff.ts';
import { PRACTICAL_THRESHOLDS, type PracticalVerdict, type Threshold } from './practical.ts';

/** What every experiment takes besides its scenarios. */
export interface ExperimentOptions {
  /** runs the replications: createNodePool(), createBrowserPool(), or a queue later */
  pool: ReplicationRunner;
  /** replications per scenario (default: the scenario's simulation.replications) */
  replications?: number;
  /** master seed (default: the scenario's simulation.seed) */
  seed?: number;
  signal?: AbortSignal;
  /** live progress in replication-months over the whole experiment */
  onProgress?: (progress: Progress) => void;
  /** a failed replication stops the experiment (default) or is left out */
  onFailure?: OnFailure;
  onReplicationError?: (error: ReplicationError) => void;
}

/**
 * KPIs that --precision holds to its target: the ones a planner reads first. Shares of small
 * channels (direct, hotline) are left out: a relative target on a mean near 0 cannot be met.
 */
export const HEADLINE_KPIS: readonly KpiName[] = [
  'eChannelShare', 'storeShare', 'diversionRate', 'storeWaitMeanMin', 'hotlineServiceLevel',
  'churnRateMonthly', 'satisfaction', 'newLines', 'channelCost', 'costPerTransaction', 'revenue',
];

/** Default cap on replications when --precision keeps adding them. */
export const DEFAULT_MAX_REPLICATIONS = 200;

export interface RunExperimentOptions extends ExperimentOptions {
  scenario: Scenario;
  /**
   * Target relative half-width P: add replications in batches until every headline KPI's 95 %
   * half-width is at most P × |mean|, or maxReplications is reached.
   */
  precision?: number;
  maxReplications?: number;
  /** KPIs the precision target applies to (default HEADLINE_KPIS) */
  headline?: readonly KpiName[];
}

/**
 * Run one scenario's replications and aggregate them into result.json's object. Cancelled or
 * with failures skipped, the figures cover the replications that finished and `partial` is true.
 * @throws {AbortedError} when cancelled before any replication finished
 * @throws {ReplicationError} when a replication fails and onFailure is 'stop'
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentResult> {
  return (await runExperimentWithReplications(options)).result;
}

/** A run's result with the replications it folded. */
export interface RunOutcome {
  result: ExperimentResult;
  /** every finished replication, in replication order */
  replications: ReplicationResult[];
  /** stopped by the signal before every replication finished */
  cancelled: boolean;
}

/**
 * runExperiment, keeping the replications: the workbench stores their run-level KPIs with a run,
 * so that two finished runs can be compared pair by pair later (compare.ts), and their KPIs over
 * the months after a mid-run change (window.ts).
 * @throws {AbortedError} when cancelled before any replication finished
 * @throws {ReplicationError} when a replication fails and onFailure is 'stop'
 */
export async function runExperimentWithReplications(options: RunExperimentOptions): Promise<RunOutcome> {
  const started = Date.now();
  const requested = options.replications ?? options.scenario.simulation.replications;
  const seed = options.seed ?? options.scenario.simulation.seed;
  if (options.precision === undefined) {
    const scenario = withSimulation(options.scenario, { seed, replications: requested });
    const { results, failures, cancelled } = await runBatches(options, [{ scenario, from: 0, to: requested }]);
    return finish(scenario, results[0], failures[0], requested, started, undefined, cancelled);
  }

  const target = options.precision;
  if (!(target > 0)) throw new RangeError(`runExperiment: precision must be > 0, got ${target}`);
  const max = Math.max(1, options.maxReplications ?? DEFAULT_MAX_REPLICATIONS);
  const headline = [...(options.headline ?? HEADLINE_KPIS)];
  const all: ReplicationResult[] = [];
  const failures: FailureRecord[] = [];
  let have = 0;
  let next = Math.min(max, Math.max(requested, 3));
  let progressBase = { monthsDone: 0, replicationsDone: 0 };
  let unmet: KpiName[] = headline;
  for (;;) {
    const scenario = withSimulation(options.scenario, { seed, replications: next });
    const base = progressBase;
    const batch = await runBatches({
      ...options,
      onProgress: options.onProgress && ((p) => options.onProgress!({
        monthsDone: base.monthsDone + p.monthsDone, monthsTotal: base.monthsDone + p.monthsTotal,
        replicationsDone: base.replicationsDone + p.replicationsDone, replicationsTotal: base.replicationsDone + p.replicationsTotal,
      })),
    }, [{ scenario, from: have, to: next }], all.length > 0);
    all.push(...batch.results[0]);
    failures.push(...batch.failures[0]);
    progressBase = { monthsDone: base.monthsDone + (next - have) * scenario.simulation.months, replicationsDone: base.replicationsDone + (next - have) };
    have = next;
    // a KPI without data in any replication (NaN: no calls, no visits…) has no interval to narrow
    unmet = all.length < 2 ? headline : headline.filter((k) => { const v = withData(all, k); return v.length > 0 && !withinPrecision(summarize(v), target); });
    if (batch.cancelled || unmet.length === 0 || have >= max) {
      const report: PrecisionReport = { target, reached: unmet.length === 0, replications: have, maxReplications: max, kpis: headline, unmet };
      return finish(scenario, all, failures, have, started, report, batch.cancelled);
    }
    const more = all.length < 2 ? Math.max(options.pool.size, 2) : moreReplications(all, unmet, target, have, options.pool.size);
    next = Math.min(max, have + more);
  }
}

/** The headline KPI summary meets the relative target: halfWidth ≤ P × |mean|. */
export function withinPrecision(s: Summary, target: number): boolean {
  return s.n >= 2 && s.halfWidth <= target * Math.abs(s.mean);
}

/** A scenario with the experiment's seed and replication count written into it. */
export function withSimulation(s: Scenario, sim: { seed: number; replications: number }): Scenario {
  if (s.simulation.seed === sim.seed && s.simulation.replications === sim.replications) return s;
  return { ...s, simulation: { ...s.simulation, seed: sim.seed, replications: sim.replications } };
}

// ---------------------------------------------------------------------------------------------
// Compare.
// ---------------------------------------------------------------------------------------------

export interface Delta {
  /** index of the scenario the difference is taken against (always the first) */
  against: 0;
  /** index of the scenario whose difference this is */
  scenario: number;
  /** mean of the paired differences (this scenario − the first), over replications */
  mean: number;
  ci95: [number, number];
  /** the 95 % interval excludes 0 (never with a single replication) */
  significant: boolean;
  /** the KPI's threshold of practical importance, in its unit (practical.ts) */
  threshold: number;
  /** the difference read against 0 and ±threshold */
  practical: PracticalVerdict;
}

export interface CompareResult {
  schemaVersion: 1;
  seed: number;
  replications: number;
  scenarios: Array<{ name: string }>;
  kpis: Record<KpiName, { unit: KpiMeta['unit']; values: Array<{ mean: number; ci95: [number, number] }>; deltas: Delta[] }>;
  runtimeMs: number;
  partial: boolean;
  replicationsDone: number;
  failures: FailureRecord[];
  /** each scenario's full result, when asked for with `details` */
  results?: ExperimentResult[];
  /** what each scenario after the first changes from it (parameter-diff.ts) */
  parameters: Array<{ scenario: number; changes: ParameterChange[] }>;
  /** why a scenario after the first is not alike the first in run size (comparable.ts); empty lists when it is */
  comparability: Array<{ scenario: number; problems: ComparabilityProblem[] }>;
  /** the thresholds of practical importance the deltas were read against */
  thresholds: Record<KpiName, Threshold>;
}

/**
 * Run scenarios on common random numbers (the same seed and replication indices for all) and
 * report each KPI per scenario and its paired difference from the first scenario, with 95 %
 * intervals. A scenario compared with itself gives differences of exactly 0, not significant.
 * @param names display names (default: each scenario's name)
 * @param details also return each scenario's aggregated result
 */
export async function compareScenarios(
  scenarios: readonly Scenario[],
  options: ExperimentOptions & { names?: string[]; details?: boolean; thresholds?: Record<KpiName, Threshold> },
): Promise<CompareResult> {
  if (scenarios.length < 2) throw new RangeError('compareScenarios requires at least two scenarios');
  const started = Date.now();
  const n = options.replications ?? scenarios[0].simulation.replications;
  const seed = options.seed ?? scenarios[0].simulation.seed;
  const runs = scenarios.map((s) => withSimulation(s, { seed, replications: n }));
  const batch = await runBatches(options, runs.map((scenario) => ({ scenario, from: 0, to: n })));
  const failures = batch.failures.flat();
  // Pairing needs the same replication in every scenario: keep those that finished everywhere.
  const common = commonReplications(batch.results);
  if (common.length === 0) throw new AbortedError();
  const paired = batch.results.map((rs) => rs.filter((r) => common.includes(r.replication)));
  const samples = paired.map((rs) => ({ seed, replications: replicationKpis(rs) }));
  const thresholds = options.thresholds ?? { ...PRACTICAL_THRESHOLDS };
  const differences = samples.slice(1).map((s) => compareRuns(samples[0], s, thresholds));
  const kpis = {} as CompareResult['kpis'];
  KPIS.forEach((k, i) => {
    kpis[k] = {
      unit: KPI_META[k].unit,
      // a KPI without data (NaN) is left out; with none at all its figures are NaN (null in JSON)
      values: paired.map((rs) => {
        const s = summarizeKpi(k, rs.map((r) => r.run[k]));
        return s ? { mean: s.mean, ci95: s.ci95 } : { mean: NaN, ci95: [NaN, NaN] };
      }),
      deltas: differences.map((d, j) => ({ against: 0, scenario: j + 1, mean: d[i].mean, ci95: d[i].ci95, significant: d[i].significant, threshold: d[i].threshold, practical: d[i].practical })),
    };
  });
  const runtimeMs = Date.now() - started;
  return {
    schemaVersion: 1,
    seed,
    replications: n,
    scenarios: runs.map((s, i) => ({ name: options.names?.[i] ?? s.name })),
    kpis,
    runtimeMs,
    partial: common.length < n,
    replicationsDone: common.length,
    failures,
    ...(options.details ? { results: runs.map((s, i) => aggregate(s, paired[i], { requested: n, runtimeMs, failures: batch.failures[i] })) } : {}),
    parameters: runs.slice(1).map((s, j) => ({ scenario: j + 1, changes: parameterDiff(runs[0], s) })),
    comparability: runs.slice(1).map((s, j) => ({ scenario: j + 1, problems: comparable(sizeOf(runs[0], common), sizeOf(s, common)) })),
    thresholds,
  };
}

// A scenario's run size as compared: all scenarios of a comparison share the seed and replications.
function sizeOf(s: Scenario, replicationIds: readonly number[]): RunSize {
  return { customers: s.simulation.customers, agents: agentsOf(s).agents, months: s.simulation.months, replications: replicationIds.length, seed: s.simulation.seed, replicationIds };
}

// ---------------------------------------------------------------------------------------------
// Sweep.
// ---------------------------------------------------------------------------------------------

/** One axis of a full grid. */
export interface GridAxis {
  path: string;
  values: PathValue[];
}

/** One axis of a Latin hypercube: a numeric path and its range. */
export interface RangeAxis {
  path: string;
  lo: number;
  hi: number;
}

export interface SweepOptions extends ExperimentOptions {
  /** full grid: every combination of the axes' values (the first axis varies slowest) */
  grid?: GridAxis[];
  /** Latin hypercube: `samples` points over the ranges */
  latin?: { samples: number; ranges: RangeAxis[]; seed?: number };
}

/**
 * A sweep row, flat: point index, each path's value, the replications its figures rest on and
 * whether that is fewer than asked for (`partial`), and every KPI's mean and 95 % interval.
 */
export type SweepRow = Record<string, string | number | boolean | null>;

export interface SweepResult {
  /**
   * column order for CSV: point, the paths, replications, partial, then <kpi>_mean, <kpi>_lo,
   * <kpi>_hi for every KPI
   */
  columns: string[];
  rows: SweepRow[];
  seed: number;
  replications: number;
  partial: boolean;
  failures: FailureRecord[];
  runtimeMs: number;
}

/** Largest sweep accepted: beyond it a planner wants a Latin hypercube, not a grid. */
export const MAX_SWEEP_POINTS = 10_000;

/**
 * Run a full grid or a Latin hypercube over parameter paths, every point on the same random
 * streams. Points are validated before anything runs: an unknown path or a value out of range
 * is an ExperimentError naming the path. Cut short (cancelled, or failures left out), every point
 * still has its row: `replications` says how many finished there (0: its figures are empty) and
 * `partial` is true where that is fewer than asked for, so the file says what it lacks.
 * @throws {AbortedError} when cancelled before any replication of any point finished
 */
export async function sweep(base: Scenario, options: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const points = sweepPoints(base, options);
  const n = options.replications ?? base.simulation.replications;
  const seed = options.seed ?? base.simulation.seed;
  const scenarios = points.map((assignments) => withSimulation(applyAssignments(base, assignments, options.grid?.length ? 'set' : 'range'), { seed, replications: n }));
  const batch = await runBatches(options, scenarios.map((scenario) => ({ scenario, from: 0, to: n })));
  const paths = points[0]?.map((a) => a.path) ?? [];
  const rows: SweepRow[] = [];
  points.forEach((assignments, i) => {
    const rs = batch.results[i];
    const row: SweepRow = { point: i };
    for (const a of assignments) row[a.path] = a.value;
    row.replications = rs.length;
    row.partial = rs.length < n;
    for (const k of KPIS) {
      const s = kpiSummary(k, rs.map((r) => r.run[k]));
      row[`${k}_mean`] = s.mean;
      row[`${k}_lo`] = s.ci95?.[0] ?? null;
      row[`${k}_hi`] = s.ci95?.[1] ?? null;
    }
    rows.push(row);
  });
  if (batch.results.every((rs) => rs.length === 0)) throw new AbortedError();
  return {
    columns: ['point', ...paths, 'replications', 'partial', ...KPIS.flatMap((k) => [`${k}_mean`, `${k}_lo`, `${k}_hi`])],
    rows,
    seed,
    replications: n,
    partial: rows.some((row) => row.partial),
    failures: batch.failures.flat(),
    runtimeMs: Date.now() - started,
  };
}

/**
 * The points of a sweep as assignments, checked against the schema (not yet run).
 * @throws {ExperimentError} for an unknown path, a value of the wrong type, or an empty or oversized design
 */
export function sweepPoints(base: Scenario, options: Pick<SweepOptions, 'grid' | 'latin'>): Assignment[][] {
  const { grid, latin } = options;
  if (grid?.length && latin) throw invalid('set', 'gridOrLatin', { given: 'both' });
  if (grid?.length) {
    const seen = new Set<string>();
    for (const axis of grid) {
      describePath(base, axis.path, 'set');
      if (seen.has(axis.path)) throw invalid('set', 'duplicate', {}, axis.path);
      seen.add(axis.path);
      if (axis.values.length === 0) throw invalid('set', 'required', {}, axis.path);
      for (const value of axis.values) applyAssignments(base, [{ path: axis.path, value }], 'set');
    }
    const count = grid.reduce((a, x) => a * x.values.length, 1);
    if (count > MAX_SWEEP_POINTS) throw invalid('set', 'tooManyPoints', { count, max: MAX_SWEEP_POINTS });
    return cartesian(grid);
  }
  if (latin) {
    const { samples, ranges } = latin;
    if (!(Number.isInteger(samples) && samples >= 1 && samples <= MAX_SWEEP_POINTS)) throw invalid('samples', 'integerRange', { value: samples, min: 1, max: MAX_SWEEP_POINTS });
    if (ranges.length === 0) throw invalid('range', 'required', {});
    const infos = ranges.map((r) => {
      const info = describeRange(base, 'range', r);
      applyAssignments(base, [{ path: r.path, value: r.lo }], 'range');
      applyAssignments(base, [{ path: r.path, value: r.hi }], 'range');
      return info;
    });
    return latinHypercube(samples, ranges, infos, latin.seed ?? base.simulation.seed);
  }
  throw invalid('set', 'gridOrLatin', { given: 'neither' });
}

/**
 * Latin hypercube sample (McKay, Beckman & Conover 1979): each range is cut into `samples`
 * equal strata and each stratum is used exactly once per parameter; strata are paired across
 * parameters by independent seeded permutations, and the point is uniform within its stratum.
 * Integer parameters are rounded.
 */
export function latinHypercube(samples: number, ranges: readonly RangeAxis[], infos: readonly Pick<PathInfo, 'type'>[], seed: number): Assignment[][] {
  const rng = Rng.from(seed, 0x4c48); // "LH": a stream of its own, apart from the replications'
  const columns = ranges.map((r, j) => {
    const perm = Array.from({ length: samples }, (_, i) => i);
    for (let i = samples - 1; i > 0; i--) {
      const k = rng.int(i + 1);
      [perm[i], perm[k]] = [perm[k], perm[i]];
    }
    return perm.map((stratum) => {
      const v = r.lo + (r.hi - r.lo) * (stratum + rng.next()) / samples;
      return infos[j].type === 'integer' ? Math.round(v) : v;
    });
  });
  return Array.from({ length: samples }, (_, i) => ranges.map((r, j) => ({ path: r.path, value: columns[j][i] })));
}

// ---------------------------------------------------------------------------------------------
// Sensitivity.
// ---------------------------------------------------------------------------------------------

/** A parameter to perturb: by ± delta in its own units, or ± delta × |its value| when relative. */
export interface SensitivityParam {
  path: string;
  delta: number;
  relative?: boolean;
}

export interface SensitivityArm {
  /** the parameter value run (clamped to its range, rounded for integers) */
  value: number;
  mean: number;
  ci95: [number, number];
  /** paired difference from the base run, with its 95 % interval */
  change: { mean: number; ci95: [number, number] };
}

export interface SensitivityEntry {
  path: string;
  baseValue: number;
  low: SensitivityArm;
  high: SensitivityArm;
  /** high.mean − low.mean: the KPI's response over the perturbation */
  effect: number;
}

export interface SensitivityResult {
  kpi: KpiName;
  unit: KpiMeta['unit'];
  seed: number;
  replications: number;
  base: { mean: number; ci95: [number, number] };
  /** ranked by |effect|, largest first (tornado order) */
  params: SensitivityEntry[];
  partial: boolean;
  runtimeMs: number;
}

/**
 * One-at-a-time sensitivity: each parameter moved down and up by its delta (the others at the
 * base), all runs on common random numbers; ranked by the absolute effect on one KPI. The data
 * behind a tornado chart.
 * @throws {ExperimentError} for an unknown or non-numeric path, or a delta that is not positive
 */
export async function sensitivity(scenario: Scenario, options: ExperimentOptions & { params: SensitivityParam[]; kpi: KpiName }): Promise<SensitivityResult> {
  const started = Date.now();
  const { kpi } = options;
  if (!KPIS.includes(kpi)) throw invalid('kpi', 'unknownKpi', { given: kpi });
  if (options.params.length === 0) throw invalid('param', 'required', {});
  const n = options.replications ?? scenario.simulation.replications;
  const seed = options.seed ?? scenario.simulation.seed;
  const base = withSimulation(scenario, { seed, replications: n });
  const arms = options.params.map((p) => {
    const info = describePath(base, p.path, 'param');
    if (info.type !== 'number' && info.type !== 'integer') throw invalid('param', 'notNumeric', { type: info.type }, p.path);
    if (typeof info.current !== 'number') throw invalid('param', 'noStartValue', {}, p.path);
    if (!(p.delta > 0 && Number.isFinite(p.delta))) throw invalid('param', 'notPositive', { value: p.delta }, p.path);
    const x = info.current;
    const d = p.relative ? p.delta * Math.abs(x) : p.delta;
    const clamp = (v: number) => {
      // 12 significant digits: 0.15 − 0.1 is run as 0.05, not 0.04999999999999999.
      const r = info.type === 'integer' ? Math.round(v) : Number(v.toPrecision(12));
      return Math.min(info.maximum ?? Infinity, Math.max(info.minimum ?? -Infinity, r));
    };
    const lo = clamp(x - d);
    const hi = clamp(x + d);
    return {
      path: p.path, baseValue: x, lo, hi,
      low: applyAssignments(base, [{ path: p.path, value: lo }], 'param'),
      high: applyAssignments(base, [{ path: p.path, value: hi }], 'param'),
    };
  });
  const runs = [base, ...arms.flatMap((a) => [a.low, a.high])].map((s) => withSimulation(s, { seed, replications: n }));
  const batch = await runBatches(options, runs.map((s) => ({ scenario: s, from: 0, to: n })));
  const common = commonReplications(batch.results);
  if (common.length === 0) throw new AbortedError();
  const values = batch.results.map((rs) => rs.filter((r) => common.includes(r.replication)).map((r) => r.run[kpi]));
  const baseSummary = summarize(values[0]);
  const arm = (v: number, xs: number[]): SensitivityArm => {
    const s = summarize(xs);
    const d = summarize(xs.map((x, i) => x - values[0][i]));
    return { value: v, mean: s.mean, ci95: s.ci95, change: { mean: d.mean, ci95: d.ci95 } };
  };
  const params = arms.map((a, j) => {
    const low = arm(a.lo, values[1 + 2 * j]);
    const high = arm(a.hi, values[2 + 2 * j]);
    return { path: a.path, baseValue: a.baseValue, low, high, effect: high.mean - low.mean };
  });
  params.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  return {
    kpi, unit: KPI_META[kpi].unit, seed, replications: n,
    base: { mean: baseSummary.mean, ci95: baseSummary.ci95 },
    params,
    partial: common.length < n,
    runtimeMs: Date.now() - started,
  };
}

// ---------------------------------------------------------------------------------------------
// Shared machinery.
// ---------------------------------------------------------------------------------------------

interface Run {
  scenario: Scenario;
  /** replication indices from…to−1 */
  from: number;
  to: number;
}

// Run several scenarios' replications as one batch (so every worker stays busy), and split the
// results back per scenario, in replication order, with each scenario's failures.
async function runBatches(options: ExperimentOptions, runs: readonly Run[], allowEmpty = false): Promise<{ results: ReplicationResult[][]; failures: FailureRecord[][]; cancelled: boolean }> {
  const tasks: Task[] = [];
  const owner: number[] = [];
  runs.forEach((run, i) => {
    for (let r = run.from; r < run.to; r++) {
      tasks.push({ scenario: run.scenario, replication: r });
      owner.push(i);
    }
  });
  const batchOptions: BatchOptions = {
    signal: options.signal,
    onProgress: options.onProgress,
    onFailure: options.onFailure,
    onReplicationError: options.onReplicationError,
  };
  const batch: Batch = await options.pool.run(tasks, batchOptions);
  const results: ReplicationResult[][] = runs.map(() => []);
  const failures: FailureRecord[][] = runs.map(() => []);
  batch.results.forEach((r, t) => {
    if (r) results[owner[t]].push(r);
  });
  for (const f of batch.failures) failures[owner[f.task]].push({ replication: f.replication, seed: f.seed, message: f.message });
  for (const fs of failures) fs.sort((a, b) => a.replication - b.replication);
  if (!allowEmpty && batch.cancelled && results.every((rs) => rs.length === 0)) throw new AbortedError();
  return { results, failures, cancelled: batch.cancelled };
}

function finish(
  scenario: Scenario, results: ReplicationResult[], failures: FailureRecord[], requested: number, started: number,
  precision: PrecisionReport | undefined, cancelled: boolean,
): RunOutcome {
  if (results.length === 0) throw cancelled ? new AbortedError() : new AbortedError('no replication finished');
  const result = aggregate(scenario, results, { requested, runtimeMs: Date.now() - started, failures, precision });
  return { result, replications: results, cancelled };
}

// Replications needed so that every unmet KPI's half-width reaches the target, from the current
// estimate n* = (t · sd / (P · |mean|))²; at most doubling per step, at least a pool's worth.
function moreReplications(all: readonly ReplicationResult[], unmet: readonly KpiName[], target: number, have: number, poolSize: number): number {
  let need = have + 1;
  for (const k of unmet) {
    const v = withData(all, k);
    if (v.length === 0) continue;
    const s = summarize(v);
    const allowed = target * Math.abs(s.mean);
    const t = s.n >= 2 ? s.halfWidth * Math.sqrt(s.n) / (s.sd || 1) : 2;
    need = Math.max(need, allowed > 0 ? Math.ceil((t * s.sd / allowed) ** 2) : 2 * have);
  }
  return Math.max(1, Math.min(have, Math.max(need - have, poolSize)));
}

// A KPI's run values in the replications that have data for it.
function withData(reps: readonly ReplicationResult[], kpi: KpiName): number[] {
  return reps.map((r) => r.run[kpi]).filter((v) => !Number.isNaN(v));
}

function commonReplications(results: readonly ReplicationResult[][]): number[] {
  const sets = results.map((rs) => new Set(rs.map((r) => r.replication)));
  return [...sets[0]].filter((r) => sets.every((s) => s.has(r))).sort((a, b) => a - b);
}

function cartesian(axes: readonly GridAxis[]): Assignment[][] {
  let out: Assignment[][] = [[]];
  for (const axis of axes) out = out.flatMap((prefix) => axis.values.map((value) => [...prefix, { path: axis.path, value }]));
  return out;
}
