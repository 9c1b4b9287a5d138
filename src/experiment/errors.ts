/**
 * Bad input to an experiment, free of any front end. Each problem names the experiment input it
 * is about (`parameter`: the range to vary, the target, the saving…), the scenario path it
 * concerns where there is one, its kind (`code`) with the `values` a sentence about it needs, and
 * what was expected and what was got, in plain English. The command line words a problem with its
 * option in front (src/cli/errors.ts), the workbench as a translated sentence from code, values and
 * path (src/ui/i18n/problems.ts); the Error's message is the plain wording of wordProblem().
 */
import { KPIS, type KpiName } from '../model/kpis.ts';
import type { ScenarioProblemCode } from '../model/validate.ts';

/** The inputs of an experiment a problem can be about. */
export const EXPERIMENT_PARAMETERS = [
  'scenario', // the scenario itself, at `path`
  'vary', 'target', 'steps', 'maximise', 'budget', 'exitMonths', 'storeP90Min',
  'saving', 'close', 'maxChurnIncrease', 'maxBeyondMin', 'travelLimitMin', 'maxEvaluations', 'warmUpMonths',
  'set', 'samples', 'range', 'param', 'kpi',
  'fit', 'observed',
  'workers', 'customers', 'queue', 'attach', 'threads',
] as const;
export type ExperimentParameter = (typeof EXPERIMENT_PARAMETERS)[number];

/** What each kind of problem carries for its sentence. */
export interface ProblemValues {
  // A path into the scenario and a value for it (paths.ts).
  badPath: { given: string };
  /** at: the path of the list or group ('' for the scenario itself) */
  unknownIndex: { at: string; size: number; step: string };
  unknownField: { at: string; fields: string[]; step: string };
  notAValue: { kind: 'list' | 'group' };
  notANumber: { given: string };
  notAnInteger: { given: string };
  notABoolean: { given: string };
  notAllowed: { given: string; allowed: string[] };
  outOfRange: { value: number; op: '>=' | '<='; bound: number };
  /**
   * the scenario's own checks refuse the value (or the values set together); `reason` is the
   * schema's message, `scenario` its code and values (model/validate.ts) for a translated one
   */
  refused: { value: string; reason: string; scenario?: { code?: ScenarioProblemCode; values?: Record<string, unknown> } };
  notNumeric: { type: string };
  // Ranges, counts and numbers.
  rangeOrder: { lo: number; hi: number };
  rangeIntegers: { lo: number; hi: number };
  /** max null: no upper bound */
  integerRange: { value: number; min: number; max: number | null };
  notPositive: { value: number };
  negative: { value: number };
  shareRange: { value: number };
  required: Record<string, never>;
  duplicate: Record<string, never>;
  // KPIs, targets and budgets (levers/seek.ts, levers/curves.ts).
  unknownKpi: { given: string };
  targetOutOfReach: { kpi: KpiName; target: number; path: string; lo: number; hi: number; min: number; max: number; replications: number; at: number[] };
  budgetTooSmall: { budget: number; path: string; lo: number; hi: number; least: number; at: number };
  /** the KPI had no data (no month with what it measures) at these lever values */
  noData: { kpi: KpiName; path: string; at: number[] };
  // Closures (levers/closures.ts).
  afterLastMonth: { month: number; months: number };
  savingOrClose: { given: 'both' | 'neither' };
  alreadyExceeded: { limit: number; share: number; limitMin: number };
  shortlistTooShort: { count: number; available: number; travel: boolean };
  nothingToClose: { travel: boolean };
  savingOutOfReach: { saving: number; reached: number; shortlist: number; limited: boolean };
  limitBlocksSaving: { limit: number; saving: number; reached: number };
  limitBlocksCount: { limit: number; count: number; shortlist: number };
  noFeasibleSet: { limit: number; ids: string[]; saving: number; loss: number; churn: number };
  // Sweeps, sensitivity and calibration (runner.ts, calibrate.ts).
  gridOrLatin: { given: 'both' | 'neither' };
  tooManyPoints: { count: number; max: number };
  noStartValue: Record<string, never>;
  notContinuous: { leaf: string };
  noRoom: { min: number; max: number };
  fitOverlap: { by: string; and: string };
  noDefaultFit: { metrics: string[] };
  unknownService: { given: string; known: string[] };
  notAGroup: { group: string };
  emptyGroup: { group: string };
  noWeight: Record<string, never>;
  // Running it: memory (pool.ts), the queue (src/runtime).
  tooManyInFlight: { customers: number; inFlight: number; fits: number; needBytes: number; limitBytes: number; customerBytes: number; workerBytes: number };
  tooManyCustomers: { customers: number; maxCustomers: number; limitBytes: number };
  badQueueUrl: { url: string; fault: 'form' | 'scheme' | 'host' | 'database'; scheme: string };
  queueUnreachable: { url: string; reason: string };
  attachNeedsQueue: { id: string };
  threadsWithQueue: { threads: number };
  badExperimentId: { id: string };
  otherExperiment: { id: string; actual: string };
  unknownExperiment: { id: string; url: string };
}
export type ProblemCode = keyof ProblemValues;

/** One problem; `expected` and `got` are plain English, without options or flags. */
export type ExperimentProblem = {
  [C in ProblemCode]: {
    parameter: ExperimentParameter;
    /** the scenario path it concerns, e.g. levers.diversion.floorGuide */
    path?: string;
    code: C;
    values: ProblemValues[C];
    expected: string;
    got: string;
  };
}[ProblemCode];

/** The plain English of a problem: `[path: ]expected …[, got …]`. */
export function wordProblem(p: ExperimentProblem): string {
  return `${p.path ? `${p.path}: ` : ''}expected ${p.expected}${p.got ? `, got ${p.got}` : ''}`;
}

/** Bad input to an experiment: one or more problems, the message their plain wording, one a line. */
export class ExperimentError extends Error {
  readonly problems: ExperimentProblem[];
  constructor(problems: ExperimentProblem | ExperimentProblem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(wordProblem).join('\n'));
    this.name = 'ExperimentError';
    this.problems = list;
  }
}

/** A problem of the given kind, its expected and got worded from its values. */
export function problem<C extends ProblemCode>(parameter: ExperimentParameter, code: C, values: ProblemValues[C], path?: string): ExperimentProblem {
  const [expected, got] = (ENGLISH[code] as (v: ProblemValues[C]) => [string, string])(values);
  return { parameter, ...(path !== undefined ? { path } : {}), code, values, expected, got } as ExperimentProblem;
}

/** An ExperimentError of one problem, to throw: `throw invalid('steps', 'integerRange', {…})`. */
export function invalid<C extends ProblemCode>(parameter: ExperimentParameter, code: C, values: ProblemValues[C], path?: string): ExperimentError {
  return new ExperimentError(problem(parameter, code, values, path));
}

// What was expected and what was got, per kind of problem.
const ENGLISH: { [C in ProblemCode]: (v: ProblemValues[C]) => [expected: string, got: string] } = {
  badPath: (v) => ['a dotted path such as levers.diversion.floorGuide', JSON.stringify(v.given)],
  unknownIndex: (v) => [`an index from 0 to ${v.size - 1} (${v.at || 'the scenario'} is a list of ${v.size})`, JSON.stringify(v.step)],
  unknownField: (v) => [v.fields.length ? `one of the fields of ${v.at || 'the scenario'}: ${v.fields.join(', ')}` : `nothing under ${v.at || 'the scenario'}, which has no fields`, JSON.stringify(v.step)],
  notAValue: (v) => ['a single value (name one of its fields)', v.kind === 'list' ? 'a list' : 'a group of values'],
  notANumber: (v) => ['a number', JSON.stringify(v.given)],
  notAnInteger: (v) => ['an integer', JSON.stringify(v.given)],
  notABoolean: (v) => ['true or false', JSON.stringify(v.given)],
  notAllowed: (v) => [`one of ${v.allowed.join(', ')}`, JSON.stringify(v.given)],
  outOfRange: (v) => [`${v.op} ${v.bound}`, String(v.value)],
  refused: (v) => [v.reason.startsWith('expected ') ? v.reason.slice('expected '.length) : `a value the scenario accepts (${v.reason})`, v.value],
  notNumeric: (v) => ['a numeric parameter', `a ${v.type} parameter`],
  rangeOrder: (v) => ['LO..HI with LO < HI', `${v.lo}..${v.hi}`],
  rangeIntegers: (v) => ['LO..HI spanning at least two integers (an integer parameter)', `${v.lo}..${v.hi}`],
  integerRange: (v) => [v.max === null ? `an integer ≥ ${v.min}` : `an integer from ${v.min} to ${v.max}`, String(v.value)],
  notPositive: (v) => ['a number > 0', String(v.value)],
  negative: (v) => ['a number ≥ 0', String(v.value)],
  shareRange: (v) => ['a share from 0 to 1', String(v.value)],
  required: () => ['at least one', 'none'],
  duplicate: () => ['each path once', 'it twice'],
  unknownKpi: (v) => [`a KPI, one of ${KPIS.join(', ')}`, JSON.stringify(v.given)],
  targetOutOfReach: (v) => [
    `a ${v.kpi} within reach over ${v.path}=${v.lo}..${v.hi}: from ${num(v.min)} to ${num(v.max)} (means of ${v.replications} replications at ${v.at.join(', ')})`,
    String(v.target),
  ],
  noData: (v) => [`a ${v.kpi} to seek: a month with what it measures (transactions, calls, visits or active customers) at every value of ${v.path}`, `no data at ${v.at.join(', ')}`],
  budgetTooSmall: (v) => [`at least ${money(v.least)} CNY/month, the least any level of ${v.path} over ${v.lo}..${v.hi} spends (at ${v.at})`, String(v.budget)],
  afterLastMonth: (v) => [`a month up to the last simulated month ${v.months}, or the closures never apply`, String(v.month)],
  savingOrClose: (v) => ['either a saving target or a number of outlets to close', v.given],
  alreadyExceeded: (v) => [`at least ${num(v.share)}, the share of customers beyond ${v.limitMin} min of an own store before any closure`, String(v.limit)],
  shortlistTooShort: (v) => [`at most ${v.available}, the outlets that qualify for the shortlist${v.travel ? ' within the travel limit' : ''} (or a longer shortlist)`, String(v.count)],
  nothingToClose: (v) => [`an open own store that can be closed${v.travel ? ' within the travel limit' : ''}`, 'none'],
  savingOutOfReach: (v) => [
    `at most about ${money(v.reached)} CNY/month, what closing all ${v.shortlist} shortlisted own stores${v.limited ? ' the limits allow' : ''} saves (or a longer shortlist)`,
    String(v.saving),
  ],
  limitBlocksSaving: (v) => [`a limit that allows a saving of ${money(v.saving)} CNY/month; the closures within it save about ${money(v.reached)} CNY/month`, String(v.limit)],
  limitBlocksCount: (v) => [`a limit that allows ${v.count} closures among the ${v.shortlist} shortlisted outlets`, String(v.limit)],
  noFeasibleSet: (v) => [
    `a value some set of closures meets; the best found (${v.ids.join(', ')}) saves ${money(v.saving)} CNY/month, loses ${money(v.loss)} CNY/month of revenue, churn ${signed(v.churn)}/month`,
    String(v.limit),
  ],
  gridOrLatin: (v) => ['either a grid or a Latin hypercube', v.given],
  tooManyPoints: (v) => [`at most ${v.max} grid points (or a Latin hypercube)`, String(v.count)],
  noStartValue: () => ['a number in this scenario to start from', 'none'],
  notContinuous: (v) => ['continuous values only (e.g. hotline.ahtMin rather than hotline.agents)', `${v.leaf}, an integer parameter`],
  noRoom: (v) => ['a range with room to move', `[${v.min}, ${v.max}]`],
  fitOverlap: (v) => ['each value set by one parameter', `both ${v.by} and ${v.and}`],
  noDefaultFit: (v) => [`the parameters to fit named (none by default for ${v.metrics.join(', ')}), e.g. churn.baseMonthly,channels.app.asc`, 'none'],
  unknownService: (v) => [`a service id, one of ${v.known.join(', ')}`, JSON.stringify(v.given)],
  notAGroup: (v) => ['a group of values before .* (e.g. services.dataService.incidence.*)', v.group || '(empty)'],
  emptyGroup: (v) => [`a non-zero number under ${v.group} to scale`, 'none'],
  noWeight: () => ['an observed metric with a positive weight, not held out', 'none'],
  tooManyInFlight: (v) => [
    `at most ${v.fits} replications in flight with ${count(v.customers)} customers, within the memory limit of ${mb(v.limitBytes)} (${v.customerBytes} B a customer + ${mb(v.workerBytes)} a worker)`,
    `${v.inFlight}, about ${mb(v.needBytes)}`,
  ],
  tooManyCustomers: (v) => [`at most ${count(v.maxCustomers)} customers: even one replication must fit in the memory limit of ${mb(v.limitBytes)}`, count(v.customers)],
  badQueueUrl: (v) => [
    v.fault === 'database' ? 'redis://HOST:PORT with at most a database number (/0…/15) as its path' : 'redis://HOST:PORT',
    `${JSON.stringify(v.url)}${v.fault === 'scheme' ? ` (the scheme ${v.scheme})` : v.fault === 'host' ? ' (no host)' : ''}`,
  ],
  queueUnreachable: (v) => [`Redis answering at ${v.url}`, v.reason],
  attachNeedsQueue: (v) => [`the queue experiment ${v.id} was submitted to`, 'none'],
  threadsWithQueue: (v) => ['no threads per replication with a queue (its workers run each replication on one thread)', String(v.threads)],
  badExperimentId: (v) => ['an experiment id as printed at submission, like e3f9c2a1b7d4', JSON.stringify(v.id)],
  otherExperiment: (v) => [`this command's experiment ${v.actual} (give the scenario files and options it was submitted with)`, v.id],
  unknownExperiment: (v) => [`an experiment submitted to ${v.url} within the last week`, v.id],
};

/** Every kind of problem, for front ends that word each one. */
export const PROBLEM_CODES = Object.keys(ENGLISH) as ProblemCode[];

// Four significant digits; whole numbers from 1000.
function num(x: number): string {
  return Math.abs(x) >= 1000 ? String(Math.round(x)) : String(Number(x.toPrecision(4)));
}

function money(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function count(x: number): string {
  return x.toLocaleString('en-US');
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
}

function mb(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(bytes / 1024 ** 2)} MB`;
}
