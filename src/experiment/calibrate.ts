/**
 * Calibration: the parameter values that bring the model's figures closest to observed ones.
 *
 * Objective: J(θ) = Σ_i w_i · ((s_i(θ) − o_i) / o_i)², the weighted sum of squared relative
 * errors of the simulated means s_i against the observed o_i. Relative, because the figures live
 * on unrelated scales (a churn rate of 0.06, a share of 0.45, revenue in millions of CNY): an
 * absolute error would let the largest number decide alone, while "10 % off" is a miss of the same
 * size whichever figure it is, needs no unit, and is how planners read a fit. The price: a small
 * observed value is fitted tightly in absolute terms; lower its weight if it is uncertain.
 *
 * Every evaluation runs the same seed and replication indices 0…R−1 (common random numbers): a
 * change of θ then moves every replication the same way instead of drawing new noise, so J is a
 * deterministic and nearly smooth function of θ that a simplex can follow (Law, Simulation
 * Modeling and Analysis, §11.2; Kleijnen, Design and Analysis of Simulation Experiments, ch. 6).
 * The residual roughness (customers crossing a threshold one at a time) is far below the intervals
 * that the fit table reports.
 *
 * Parameters are bounded by the schema's minimum and maximum. The search runs in unbounded
 * coordinates z: x = lo + (hi − lo)·σ(z) for a range, x = lo + eᶻ with only a lower bound, so no
 * step can leave the range, and a parameter near a bound (a churn hazard of 0.05 in [0, 1]) moves
 * in relative steps. A path ending in `.*` fits one common multiplier for every number under it
 * (`services.dataService.incidence.*` scales that service's needs in all six segments at once),
 * bounded so that each scaled value stays in its own range. Services may be named by id in paths.
 * Fitted values are rounded to 6 significant digits before they run, so the scenario written is
 * exactly the one evaluated. Optimiser: Nelder–Mead (nelder-mead.ts).
 *
 * Held-out figures (holdOut) are left out of J and of the default parameters, and reported at the
 * fitted values as out-of-sample checks: a fit that only reproduces what it was fitted to shows
 * nothing about the model (Kleijnen 1995, "Verification and validation of simulation models").
 * Figures compare over the months after warmUpMonths, so that a city still settling from its
 * starting state does not enter the fit; each figure's drift between the first and the second half
 * of that window shows whether the fitted city holds its figures month by month or only on average.
 */
import type { KpiName } from '../model/kpis.ts';
import { agentsOf, type Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';
import { invalid } from './errors.ts';
import { nelderMead, type NelderMeadResult } from './nelder-mead.ts';
import { measuredByMonth, metricValues, metricValuesOver, type MetricSpec, type MonthSpan, type ObservedMetric } from './observed.ts';
import { applyAssignments, describePath, getPath, type Assignment } from './paths.ts';
import { AbortedError, type Task } from './pool.ts';
import { withSimulation, type ExperimentOptions } from './runner.ts';
import { summarize, type Summary } from './stats.ts';

/** One fitted parameter: a single value, or a multiplier of every number under a group. */
export interface FitParameter {
  /** as given (services may be named by id) */
  path: string;
  kind: 'value' | 'multiplier';
  /** the scenario values it sets, by index path, with their starting values and schema bounds */
  targets: Array<{ path: string; start: number; minimum: number; maximum: number }>;
  /** starting value: the scenario's, or 1 for a multiplier */
  start: number;
  /** bounds of the parameter (−Infinity / Infinity when the schema has none) */
  minimum: number;
  maximum: number;
}

/** A metric's observed value against the simulated one. */
export interface FitRow {
  metric: string;
  observed: number;
  weight: number;
  /** mean over replications at the fitted values */
  simulated: number;
  /** 95 % interval of the simulated mean */
  ci95: [number, number];
  /** (simulated − observed) / observed; NaN for an observed 0 */
  relativeError: number;
  /** the simulated mean at the starting values */
  start: number;
  /** the value as published, when a `/*` mix row was rescaled */
  published?: number;
  /** the row's other columns (source, note) */
  extra?: Record<string, string>;
  /** held out of the fit: an out-of-sample check */
  holdOut?: true;
}

/** A figure's move within the compared window: its first half against its second. */
export interface DriftRow {
  metric: string;
  holdOut?: true;
  /** months of each half (the middle month of an odd window is in neither) and the mean there */
  first: MonthSpan & { mean: number };
  second: MonthSpan & { mean: number };
  /** (second − first) / first of the means; NaN when the first is 0 */
  change: number;
  /** second − first, per replication: mean and 95 % interval over replications */
  difference: { mean: number; ci95: [number, number] };
  /** the difference's interval excludes 0 (two or more replications): the figure moves */
  drifts: boolean;
}

export interface CalibrateOptions extends ExperimentOptions {
  scenario: Scenario;
  observed: readonly ObservedMetric[];
  /** parameter paths to fit (default: defaultFitPaths) */
  fit?: readonly string[];
  /** most scenario evaluations, each of `replications` replications (default 40·(n + 1)) */
  maxEvaluations?: number;
  /** months left out at the start before figures are compared (default 0: the whole run) */
  warmUpMonths?: number;
  /** told after each new evaluation */
  onEvaluation?: (e: { evaluation: number; objective: number; best: number; values: number[] }) => void;
}

export interface CalibrationResult {
  /** the scenario with the fitted values (seed and replications as calibrated) */
  scenario: Scenario;
  parameters: Array<FitParameter & { fitted: number; values: Array<{ path: string; value: number }> }>;
  /** the figures fitted (and those of weight 0, reported) at the fitted values */
  fit: FitRow[];
  /** the held-out figures at the fitted values: the out-of-sample checks */
  checks: FitRow[];
  /** each figure measured month by month: its first half of the window against its second */
  drift: DriftRow[];
  /** the months compared: after the warm-up to the end of the run */
  window: MonthSpan;
  warmUpMonths: number;
  /** figures compared over the whole run whatever the window (measuredByMonth: a service mix) */
  wholeRun: string[];
  objective: { start: number; fitted: number };
  /** scenario evaluations run (each `replications` replications); repeats of a point are not rerun */
  evaluations: number;
  iterations: number;
  /** why the search stopped */
  reason: NelderMeadResult['reason'];
  seed: number;
  replications: number;
  months: number;
  agents: number;
  runtimeMs: number;
}

/** Default parameter for a KPI observed alone, when no parameters to fit are named. */
const KPI_LEVER: Partial<Record<KpiName, string>> = {
  churnRateMonthly: 'churn.baseMonthly',
  hotlineServiceLevel: 'hotline.ahtMin',
  satisfaction: 'satisfaction.goodExperience',
  newLines: 'acquisition.marketMonthly',
  eChannelShare: 'choice.digital',
  storeShare: 'channels.ownStore.asc',
  partnerShare: 'channels.partner.asc',
  hotlineShare: 'channels.hotline.asc',
  directShare: 'channels.accountManager.asc',
};

/**
 * The parameters fitted when none are named: per metric with a positive weight not held out, churnRateMonthly →
 * churn.baseMonthly, hotlineServiceLevel → hotline.ahtMin, satisfaction → satisfaction.goodExperience,
 * newLines and outletClass:* → acquisition.marketMonthly, eChannelShare → choice.digital, a family
 * share → that channel's asc, share:<c> → channels.<c>.asc, mix:<c>:<s> → services.<s>.incidence.*;
 * a ratio of two KPIs has none.
 * @throws {ExperimentError} when no metric is fitted (a positive weight, not held out), or for a metric with no default
 *   (the parameters to fit must be named)
 */
export function defaultFitPaths(observed: readonly ObservedMetric[]): string[] {
  if (!observed.some(isFitted)) throw invalid('observed', 'noWeight', {});
  const out = new Set<string>();
  const none: string[] = [];
  for (const m of observed) {
    if (!isFitted(m)) continue;
    const s = m.spec;
    const path = s.kind === 'kpi' ? KPI_LEVER[s.kpi]
      : s.kind === 'share' ? `channels.${s.channel}.asc`
        : s.kind === 'mix' ? `services.${s.service}.incidence.*`
          : s.kind === 'outletClass' ? 'acquisition.marketMonthly' : undefined;
    if (path) out.add(path);
    else none.push(m.metric);
  }
  if (none.length > 0) throw invalid('fit', 'noDefaultFit', { metrics: none });
  return [...out];
}

/**
 * Resolve parameter paths against the scenario and the schema.
 * @throws {ExperimentError} for an unknown path, a non-numeric or integer value, a value given twice,
 *   or a `.*` group with no non-zero number under it
 */
export function resolveFitParameters(scenario: Scenario, paths: readonly string[]): FitParameter[] {
  if (paths.length === 0) throw invalid('fit', 'required', {});
  const params = paths.map((given) => {
    const path = byIndex(scenario, given);
    if (path.endsWith('.*')) return multiplier(scenario, given, path.slice(0, -2));
    const info = describePath(scenario, path, 'fit');
    if (info.type === 'integer') throw invalid('fit', 'notContinuous', { leaf: given }, given);
    if (info.type !== 'number') throw invalid('fit', 'notNumeric', { type: info.type }, given);
    if (typeof info.current !== 'number') throw invalid('fit', 'noStartValue', {}, given);
    const minimum = info.minimum ?? -Infinity, maximum = info.maximum ?? Infinity;
    if (!(maximum > minimum)) throw invalid('fit', 'noRoom', { min: minimum, max: maximum }, given);
    return { path: given, kind: 'value' as const, targets: [{ path, start: info.current, minimum, maximum }], start: info.current, minimum, maximum };
  });
  const seen = new Map<string, string>();
  for (const p of params) {
    for (const t of p.targets) {
      const other = seen.get(t.path);
      if (other !== undefined) throw invalid('fit', 'fitOverlap', { by: other, and: p.path }, t.path);
      seen.set(t.path, p.path);
    }
  }
  return params;
}

/**
 * The scenario with each parameter at its value (rounded to 6 significant digits, within bounds),
 * validated by the schema.
 */
export function applyParameters(scenario: Scenario, params: readonly FitParameter[], values: readonly number[]): Scenario {
  return applyAssignments(scenario, assignmentsOf(params, values), 'fit');
}

/** J = Σ w · ((simulated − observed) / observed)² over the figures with a positive weight. */
export function objective(rows: ReadonlyArray<{ observed: number; simulated: number; weight: number }>): number {
  let j = 0;
  // A figure of weight 0 is only reported; its observed value may be 0.
  for (const r of rows) if (r.weight > 0) j += r.weight * ((r.simulated - r.observed) / r.observed) ** 2;
  return j;
}

/** A parameter value as the unbounded coordinate the search moves in. */
export function toUnbounded(x: number, lo: number, hi: number): number {
  if (Number.isFinite(lo) && Number.isFinite(hi)) return Math.log((x - lo) / (hi - x));
  if (Number.isFinite(lo)) return Math.log(x - lo);
  if (Number.isFinite(hi)) return Math.log(hi - x);
  return x;
}

/** The parameter value at an unbounded coordinate: always within [lo, hi]. */
export function fromUnbounded(z: number, lo: number, hi: number): number {
  if (Number.isFinite(lo) && Number.isFinite(hi)) return lo + (hi - lo) / (1 + Math.exp(-z));
  if (Number.isFinite(lo)) return lo + Math.exp(z);
  if (Number.isFinite(hi)) return hi - Math.exp(z);
  return z;
}

/**
 * Fit the parameters to the observed figures: Nelder–Mead over the unbounded coordinates, each
 * evaluation a batch of replications 0…R−1 with one seed. Cancelled (options.signal), it returns
 * the best point found so far with reason "aborted".
 * @throws {ExperimentError} for bad parameter paths or no metric with a positive weight
 * @throws {AbortedError} when cancelled before the starting point was evaluated
 */
export async function calibrate(options: CalibrateOptions): Promise<CalibrationResult> {
  const started = Date.now();
  const replications = options.replications ?? options.scenario.simulation.replications;
  const seed = options.seed ?? options.scenario.simulation.seed;
  const base = withSimulation(options.scenario, { seed, replications });
  const observed = [...options.observed];
  if (!observed.some(isFitted)) throw invalid('observed', 'noWeight', {});
  const params = resolveFitParameters(base, options.fit ?? defaultFitPaths(observed));
  const n = params.length;
  const maxEvaluations = options.maxEvaluations ?? 40 * (n + 1);
  if (!(Number.isInteger(maxEvaluations) && maxEvaluations >= 1)) throw invalid('maxEvaluations', 'integerRange', { value: maxEvaluations, min: 1, max: null });
  const months = base.simulation.months;
  const warmUpMonths = options.warmUpMonths ?? 0;
  if (!(Number.isInteger(warmUpMonths) && warmUpMonths >= 0 && warmUpMonths < months)) throw invalid('warmUpMonths', 'integerRange', { value: warmUpMonths, min: 0, max: months - 1 });
  const window: MonthSpan = { from: warmUpMonths + 1, to: months };
  const weights = observed.map((m) => (m.holdOut ? 0 : m.weight));

  // Per evaluation only each metric's values per replication are kept, not the replications.
  interface Evaluation { values: number[]; objective: number; samples: number[][]; halves: Array<Halves | null> }
  const cache = new Map<string, Evaluation>();
  let evaluations = 0;
  let best = Infinity;
  let cancelled = false;
  const valuesAt = (z: readonly number[]) => params.map((p, i) => round6(clamp(fromUnbounded(z[i], p.minimum, p.maximum), p.minimum, p.maximum)));
  const keyOf = (values: readonly number[]) => values.join(',');

  // Evaluate points not seen before as one batch of replications (every worker busy).
  const evaluate = async (zs: readonly (readonly number[])[]): Promise<Evaluation[]> => {
    const points = zs.map(valuesAt);
    const fresh = [...new Map(points.filter((v) => !cache.has(keyOf(v))).map((v) => [keyOf(v), v])).values()];
    if (fresh.length > 0 && !cancelled) {
      const scenarios = fresh.map((v) => applyParameters(base, params, v));
      const tasks: Task[] = scenarios.flatMap((scenario) => Array.from({ length: replications }, (_, r) => ({ scenario, replication: r })));
      const done = evaluations;
      const batch = await options.pool.run(tasks, {
        signal: options.signal,
        onFailure: options.onFailure,
        onReplicationError: options.onReplicationError,
        onProgress: options.onProgress && ((p) => options.onProgress!({
          monthsDone: done * replications * months + p.monthsDone,
          monthsTotal: Math.max(maxEvaluations, done + fresh.length) * replications * months,
          replicationsDone: done * replications + p.replicationsDone,
          replicationsTotal: Math.max(maxEvaluations, done + fresh.length) * replications,
        })),
      });
      if (batch.cancelled) cancelled = true;
      fresh.forEach((values, k) => {
        const reps = batch.results.slice(k * replications, (k + 1) * replications).filter((r): r is ReplicationResult => r !== undefined);
        if (reps.length < replications) return; // cancelled or failed: this point has no value
        const samples = observed.map((m) => valuesOver(m.spec, reps, window));
        const j = objective(observed.map((m, i) => ({ observed: m.value, weight: weights[i], simulated: summarize(samples[i]).mean })));
        evaluations++;
        best = Math.min(best, j);
        cache.set(keyOf(values), { values, objective: j, samples, halves: observed.map((m) => halvesOf(m.spec, reps, window)) });
        options.onEvaluation?.({ evaluation: evaluations, objective: j, best, values });
      });
    }
    return points.map((v) => cache.get(keyOf(v)) ?? { values: v, objective: NaN, samples: [], halves: [] });
  };

  const z0 = params.map((p) => toUnbounded(inside(p.start, p.minimum, p.maximum), p.minimum, p.maximum));
  const [first] = await evaluate([z0]);
  if (first.samples.length === 0) throw new AbortedError();
  const result = await nelderMead(async (z) => (await evaluate([z]))[0].objective, z0, {
    // Re-derived at each restart: near a bound a fixed z-step would no longer move the value.
    step: (z) => params.map((p, i) => initialStep(p, z[i])),
    maxEvaluations,
    xTolerance: 1e-3,
    fTolerance: 1e-6,
    evaluateMany: async (zs) => (await evaluate(zs)).map((e) => e.objective),
    signal: options.signal,
  });
  const fitted = cache.get(keyOf(valuesAt(result.x)))!;
  const scenario = applyParameters(base, params, fitted.values);
  const rows = observed.map((m, i) => fitRow(m, summarize(fitted.samples[i]), summarize(first.samples[i]).mean));
  const assignments = assignmentsOf(params, fitted.values);
  return {
    scenario,
    parameters: params.map((p, i) => ({
      ...p, fitted: fitted.values[i],
      values: p.targets.map((t) => ({ path: t.path, value: assignments.find((a) => a.path === t.path)!.value as number })),
    })),
    fit: rows.filter((r) => !r.holdOut),
    checks: rows.filter((r) => r.holdOut),
    drift: observed.flatMap((m, i) => {
      const h = fitted.halves[i];
      return h ? [driftRow(m, h)] : [];
    }),
    window, warmUpMonths,
    wholeRun: observed.filter((m) => !measuredByMonth(m.spec)).map((m) => m.metric),
    objective: { start: first.objective, fitted: fitted.objective },
    evaluations,
    iterations: result.iterations,
    reason: cancelled ? 'aborted' : result.reason,
    seed, replications, months,
    agents: agentsOf(base).agents,
    runtimeMs: Date.now() - started,
  };
}

/**
 * The fit table of one set of replications, without optimisation: each observed figure (held-out
 * ones marked) against its simulated mean over the replications in the window (default: the whole
 * run), as calibrate() reports the fitted point (start = simulated).
 * @throws {RangeError} when there is no replication
 */
export function fitOfRuns(observed: readonly ObservedMetric[], reps: readonly ReplicationResult[], window?: MonthSpan): FitRow[] {
  if (reps.length === 0) throw new RangeError('fitOfRuns requires at least one replication');
  const span = window ?? { from: 1, to: reps[0].months };
  return observed.map((m) => {
    const s = summarize(valuesOver(m.spec, reps, span));
    return fitRow(m, s, s.mean);
  });
}

/**
 * Each figure's drift within the window: its value over the first half of the months against the
 * second half, per replication. Figures that are not measured month by month (a service mix), and
 * a window shorter than two months, have none.
 * @throws {RangeError} when there is no replication
 */
export function driftOfRuns(observed: readonly ObservedMetric[], reps: readonly ReplicationResult[], window: MonthSpan): DriftRow[] {
  if (reps.length === 0) throw new RangeError('driftOfRuns requires at least one replication');
  return observed.flatMap((m) => {
    const h = halvesOf(m.spec, reps, window);
    return h ? [driftRow(m, h)] : [];
  });
}

/** Does the observed value lie within the simulated 95 % interval? */
export function withinInterval(r: Pick<FitRow, 'observed' | 'ci95'>): boolean {
  return r.observed >= r.ci95[0] && r.observed <= r.ci95[1];
}

/** fit.csv's columns: the contract's four, then the interval's bounds and the rest of the story. */
export const FIT_COLUMNS = ['metric', 'observed', 'simulated', 'ci95', 'ci95_lo', 'ci95_hi', 'relativeError', 'weight', 'start', 'published'] as const;

/** checks.csv's columns: a held-out figure, its interval, whether the observed value lies inside. */
export const CHECK_COLUMNS = ['metric', 'observed', 'simulated', 'ci95', 'ci95_lo', 'ci95_hi', 'within', 'relativeError', 'published', 'source'] as const;

/** checks.csv rows: within is yes or no; source is the row's source or note column, if any. */
export function checkRows(checks: readonly FitRow[]): Array<Record<(typeof CHECK_COLUMNS)[number], string | number | undefined>> {
  return checks.map((r) => ({
    metric: r.metric, observed: r.observed, simulated: r.simulated,
    ci95: (r.ci95[1] - r.ci95[0]) / 2, ci95_lo: r.ci95[0], ci95_hi: r.ci95[1],
    within: withinInterval(r) ? 'yes' : 'no', relativeError: r.relativeError,
    published: r.published, source: sourceOf(r.extra),
  }));
}

/** drift.csv's columns: each half's months and mean, the relative change, the paired difference. */
export const DRIFT_COLUMNS = ['metric', 'holdOut', 'first_from', 'first_to', 'first', 'second_from', 'second_to', 'second', 'change', 'difference', 'difference_lo', 'difference_hi', 'drifts'] as const;

export function driftRows(drift: readonly DriftRow[]): Array<Record<(typeof DRIFT_COLUMNS)[number], string | number | undefined>> {
  return drift.map((d) => ({
    metric: d.metric, holdOut: d.holdOut ? 'yes' : 'no',
    first_from: d.first.from, first_to: d.first.to, first: d.first.mean,
    second_from: d.second.from, second_to: d.second.to, second: d.second.mean,
    change: d.change, difference: d.difference.mean, difference_lo: d.difference.ci95[0], difference_hi: d.difference.ci95[1],
    drifts: d.drifts ? 'yes' : 'no',
  }));
}

/** fit.csv rows: ci95 is the interval's half-width (simulated ± ci95), its bounds follow. */
export function fitRows(fit: readonly FitRow[]): Array<Record<(typeof FIT_COLUMNS)[number], string | number | undefined>> {
  return fit.map((r) => ({
    metric: r.metric, observed: r.observed, simulated: r.simulated,
    ci95: (r.ci95[1] - r.ci95[0]) / 2, ci95_lo: r.ci95[0], ci95_hi: r.ci95[1],
    relativeError: r.relativeError, weight: r.weight, start: r.start, published: r.published,
  }));
}

// ---------------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------------

// A row of the fit table. The relative error of an observed 0 (let in only with weight 0) is
// undefined: NaN, an empty cell in fit.csv.
function fitRow(m: ObservedMetric, s: Summary, start: number): FitRow {
  return {
    metric: m.metric, observed: m.value, weight: m.weight,
    simulated: s.mean, ci95: s.ci95, relativeError: m.value !== 0 ? (s.mean - m.value) / m.value : NaN,
    start,
    ...(m.published !== undefined ? { published: m.published } : {}),
    ...(m.extra ? { extra: m.extra } : {}),
    ...(m.holdOut ? { holdOut: m.holdOut } : {}),
  };
}

// A figure enters the objective: a positive weight, and not held out.
function isFitted(m: ObservedMetric): boolean {
  return m.weight > 0 && !m.holdOut;
}

// A figure over the window, or over the whole run when it is not measured month by month.
function valuesOver(spec: MetricSpec, reps: readonly ReplicationResult[], window: MonthSpan): number[] {
  return measuredByMonth(spec) ? metricValuesOver(spec, reps, window) : metricValues(spec, reps);
}

// A figure's values per replication over the first and the second half of the window (the middle
// month of an odd window left out, so both halves have as many months), or null without halves.
interface Halves { first: MonthSpan; second: MonthSpan; a: number[]; b: number[] }
function halvesOf(spec: MetricSpec, reps: readonly ReplicationResult[], window: MonthSpan): Halves | null {
  const h = Math.floor((window.to - window.from + 1) / 2);
  if (h < 1 || !measuredByMonth(spec)) return null;
  const first = { from: window.from, to: window.from + h - 1 }, second = { from: window.to - h + 1, to: window.to };
  return { first, second, a: metricValuesOver(spec, reps, first), b: metricValuesOver(spec, reps, second) };
}

function driftRow(m: ObservedMetric, h: Halves): DriftRow {
  const a = summarize(h.a).mean, b = summarize(h.b).mean;
  const d = summarize(h.b.map((x, r) => x - h.a[r]));
  return {
    metric: m.metric,
    ...(m.holdOut ? { holdOut: m.holdOut } : {}),
    first: { ...h.first, mean: a }, second: { ...h.second, mean: b },
    change: a !== 0 ? (b - a) / Math.abs(a) : NaN,
    difference: { mean: d.mean, ci95: d.ci95 },
    drifts: d.n >= 2 && (d.ci95[0] > 0 || d.ci95[1] < 0),
  };
}

// The source a row names (a source, note, 来源 or 备注 column), for the checks table.
function sourceOf(extra: Record<string, string> | undefined): string | undefined {
  if (!extra) return undefined;
  const key = Object.keys(extra).find((k) => /^(source|来源|note|备注)$/i.test(k.trim()));
  return key === undefined ? undefined : extra[key];
}

// `services.<id>.…` → `services.<index>.…`, so that paths can name services as planners do.
function byIndex(scenario: Scenario, path: string): string {
  const steps = path.split('.');
  if (steps[0] === 'services' && steps.length > 1 && !/^\d+$/.test(steps[1])) {
    const i = scenario.services.findIndex((s) => s.id === steps[1]);
    if (i < 0) throw invalid('fit', 'unknownService', { given: steps[1], known: scenario.services.map((s) => s.id) }, path);
    steps[1] = String(i);
  }
  return steps.join('.');
}

// A multiplier m of every non-zero number under a group: m·v stays in each value's range.
function multiplier(scenario: Scenario, given: string, group: string): FitParameter {
  const node = getPath(scenario, group);
  if (group === '' || node === null || typeof node !== 'object') throw invalid('fit', 'notAGroup', { group }, given);
  const leaves: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (typeof v === 'number') leaves.push(at);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  walk(node, group);
  let minimum = 0, maximum = Infinity;
  const targets: FitParameter['targets'] = [];
  for (const leaf of leaves) {
    const info = describePath(scenario, leaf, 'fit');
    const v = info.current as number;
    if (v === 0) continue;
    if (info.type === 'integer') throw invalid('fit', 'notContinuous', { leaf }, given);
    const lo = info.minimum ?? -Infinity, hi = info.maximum ?? Infinity;
    // m·v ∈ [lo, hi]: divide by v, flipping the bounds when v < 0.
    const [a, b] = v > 0 ? [lo / v, hi / v] : [hi / v, lo / v];
    minimum = Math.max(minimum, a);
    maximum = Math.min(maximum, b);
    targets.push({ path: leaf, start: v, minimum: lo, maximum: hi });
  }
  if (targets.length === 0) throw invalid('fit', 'emptyGroup', { group }, given);
  if (!(maximum > minimum && maximum >= 1 && minimum <= 1)) throw invalid('fit', 'noRoom', { min: minimum, max: maximum }, given);
  return { path: given, kind: 'multiplier', targets, start: 1, minimum, maximum };
}

function assignmentsOf(params: readonly FitParameter[], values: readonly number[]): Assignment[] {
  return params.flatMap((p, i) => p.targets.map((t) => ({
    path: t.path,
    value: clamp(round6(p.kind === 'value' ? values[i] : t.start * values[i]), t.minimum, t.maximum),
  })));
}

// Simplex edge in z: the z-distance of moving the value by 10 % of itself, or by 1 % of its range
// when that is larger (so a value near 0 still moves); a multiplier by 25 % of itself or 0.05,
// whichever is larger (its range can be a thousand times its value, and near 0 a relative step
// alone would never bring it back). Towards the wider side of the range.
function initialStep(p: FitParameter, z0: number): number {
  const x0 = fromUnbounded(z0, p.minimum, p.maximum);
  const range = Number.isFinite(p.maximum - p.minimum) ? p.maximum - p.minimum : Math.max(1, Math.abs(x0));
  const dx = p.kind === 'multiplier' ? Math.max(0.25 * Math.abs(x0), 0.05) : Math.max(0.1 * Math.abs(x0), 0.01 * range);
  const up = x0 + dx < p.maximum ? x0 + dx : (x0 + p.maximum) / 2;
  const down = x0 - dx > p.minimum ? x0 - dx : (x0 + p.minimum) / 2;
  const step = Math.max(Math.abs(toUnbounded(up, p.minimum, p.maximum) - z0), Math.abs(toUnbounded(down, p.minimum, p.maximum) - z0));
  return Number.isFinite(step) && step > 0 ? step : 1;
}

// A start exactly on a bound has no unbounded coordinate: move it a hair inside.
function inside(x: number, lo: number, hi: number): number {
  const eps = 1e-6 * (Number.isFinite(hi - lo) ? hi - lo : Math.max(1, Math.abs(x)));
  return Math.min(hi - eps, Math.max(lo + eps, x));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round6(x: number): number {
  return Number(x.toPrecision(6));
}
