/**
 * Observed figures a calibration fits: what each metric measures in a replication, and the figures
 * of a file or a scenario taken as metrics of that scenario. Metric names and values follow the one
 * grammar of src/io/observed.ts (its reader reads the CSV files); here they are measured:
 *
 *   <kpi>                      a KPI's run value (mean of its monthly values), e.g. churnRateMonthly
 *   share:<channel>            the channel's share of all completed transactions over the run
 *   mix:<channel>:<service>    the share of the channel's completed transactions that are this
 *                              service (the service mix of a channel, like the 2009 web-hall mix)
 *   mix:<channel>:<service>/*  the same within a sub-composition: among the channel's
 *                              transactions of the services named by the `/*` rows of this channel
 *                              only; their observed values are rescaled to sum to 1. For a published
 *                              breakdown with categories the model does not have (Aitchison 1986:
 *                              parts of a composition compare only within the same sub-composition)
 *   outletClass:low|mid|high   share of the partner outlets open at the end of the run in each
 *                              efficiency class of seed 004 (aggregate.ts efficiencyClass)
 *   <kpi>/<kpi>                Σ numerator ÷ Σ denominator of the two KPIs' monthly values (a
 *                              cost over revenue, as a year's accounts give it)
 *
 * Values are computed per replication and summarised over replications (stats.ts), so each comes
 * with a 95 % interval.
 */
import { CH, CHANNELS, type ChannelId } from '../model/domain.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';
import type { KpiName } from '../model/kpis.ts';
import { importObserved, metricName, readMetric, valueProblem, type MetricForm } from '../io/observed.ts';
import type { ImportProblem, ImportResult } from '../io/problems.ts';
import type { Input } from '../io/table.ts';
import { efficiencyClass, type EfficiencyClass } from './aggregate.ts';

/** What a metric name means in a scenario: a mix names its service's row of serviceChannel. */
export type MetricSpec =
  | Exclude<MetricForm, { kind: 'mix' }>
  | (Extract<MetricForm, { kind: 'mix' }> & { serviceIndex: number; among?: number[] });

/** One observed figure. */
export interface ObservedMetric {
  metric: string;
  spec: MetricSpec;
  /** the observed value (for `/*` mix rows: rescaled within the sub-composition) */
  value: number;
  /** weight in the objective; 0 reports the metric without fitting it */
  weight: number;
  /** held out: not fitted, reported as an out-of-sample check */
  holdOut?: true;
  /** spreadsheet row it came from (header = 1) */
  row?: number;
  /** the value as written, before a `/*` rescaling */
  published?: number;
  /** columns the calibration does not use (source, note), kept for the report */
  extra?: Record<string, string>;
}

/** An observed figure as a file gave it (src/io/observed.ts, with its row) or a scenario holds it (observed.figures). */
export interface FigureInput {
  metric: string;
  value: number;
  /** default 1 */
  weight?: number;
  /** default false */
  holdOut?: boolean;
  row?: number;
  extra?: Record<string, string>;
}

/**
 * What a metric name means in this scenario (the grammar: src/io/observed.ts readMetric).
 * @throws {RangeError} naming what was expected: an unknown KPI, channel, service or class, a
 *   service that the channel cannot carry, or outlet classes in a scenario without partner outlets
 */
export function parseMetric(name: string, scenario: Scenario): MetricSpec {
  const form = readMetric(name, scenario.services);
  if (form.kind === 'mix') return { ...form, serviceIndex: scenario.services.findIndex((s) => s.id === form.service) };
  if (form.kind === 'outletClass' && !hasPartners(scenario)) throw new RangeError(`${metricName(form)}: the scenario has no partner outlets to classify`);
  return form;
}

/**
 * Observed figures as metrics of this scenario: each name read against the scenario (aliases
 * canonical), each value held to the grammar's rule (valueProblem: a share in [0, 1], a 0 only with
 * weight 0), each metric once, and the `/*` mix rows of each channel rescaled within their
 * sub-composition. All or nothing.
 * @param source what the problems name: the CSV file (figures with rows, problems at the row) or
 *   the scenario (problems at observed.figures[i])
 */
export function observedMetrics(scenario: Scenario, figures: readonly FigureInput[], source: string): { ok: true; metrics: ObservedMetric[] } | { ok: false; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const fail = (f: FigureInput, i: number, field: 'metric' | 'value', message: string) => {
    problems.push(f.row !== undefined ? { file: source, row: f.row, column: 0, message } : { file: source, row: 0, column: 0, path: `observed.figures[${i}].${field}`, message });
  };
  const first = new Map<string, number>();
  const metrics: ObservedMetric[] = [];
  figures.forEach((f, i) => {
    let spec: MetricSpec;
    try {
      spec = parseMetric(f.metric, scenario);
    } catch (e) {
      fail(f, i, 'metric', (e as Error).message);
      return;
    }
    const metric = metricName(spec);
    const twice = first.get(metric);
    if (twice !== undefined) return fail(f, i, 'metric', `${metric} observed twice (first at ${figures[twice].row !== undefined ? `row ${figures[twice].row}` : `observed.figures[${twice}]`})`);
    first.set(metric, i);
    const weight = f.weight ?? 1;
    const problem = valueProblem(spec, f.value, weight, String(f.value), f.holdOut === true);
    if (problem) return fail(f, i, 'value', problem);
    metrics.push({ metric, spec, value: f.value, weight, ...(f.holdOut ? { holdOut: true as const } : {}), ...(f.row !== undefined ? { row: f.row } : {}), ...(f.extra ? { extra: f.extra } : {}) });
  });
  if (problems.length > 0) return { ok: false, problems };
  try {
    return { ok: true, metrics: resolveSubCompositions(metrics) };
  } catch (e) {
    return { ok: false, problems: [{ file: source, row: 0, column: 0, message: (e as Error).message }] };
  }
}

/**
 * An observed-figures CSV read by src/io/observed.ts (its services checked against the scenario's)
 * and taken as metrics of the scenario: every problem at its place, or the metrics.
 */
export function importObservedMetrics(input: Input, file: string, scenario: Scenario): ImportResult<ObservedMetric> {
  const read = importObserved(input, file, { services: scenario.services });
  if (!read.ok) return read;
  const { records, ...rest } = read;
  const taken = observedMetrics(scenario, records, file);
  return taken.ok ? { ...rest, records: taken.metrics } : { ...rest, ok: false, problems: taken.problems };
}

/**
 * Link the `/*` mix rows of each channel into their sub-composition and rescale their observed
 * values to sum to 1. Returns the metrics with `among` and the rescaled values filled in.
 * @throws {RangeError} when a channel has a single `/*` row (a share of 1 by construction)
 */
export function resolveSubCompositions(metrics: readonly ObservedMetric[]): ObservedMetric[] {
  const groups = new Map<ChannelId, ObservedMetric[]>();
  for (const m of metrics) if (m.spec.kind === 'mix' && m.spec.within) groups.set(m.spec.channel, [...(groups.get(m.spec.channel) ?? []), m]);
  for (const [channel, rows] of groups) {
    if (rows.length < 2) throw new RangeError(`mix:${channel}:…/* needs at least two services of the channel to compare within; got one`);
  }
  return metrics.map((m) => {
    if (m.spec.kind !== 'mix' || !m.spec.within) return m;
    const rows = groups.get(m.spec.channel)!;
    const total = rows.reduce((a, r) => a + r.value, 0);
    const among = rows.map((r) => (r.spec as Extract<MetricSpec, { kind: 'mix' }>).serviceIndex);
    return { ...m, spec: { ...m.spec, among }, value: m.value / total, published: m.published ?? m.value };
  });
}

/** The metric's value in each replication, in the order given. */
export function metricValues(spec: MetricSpec, reps: readonly ReplicationResult[]): number[] {
  switch (spec.kind) {
    case 'kpi':
      return reps.map((r) => r.run[spec.kpi]);
    case 'share':
      return reps.map((r) => ratio(r.channels[spec.channel]?.transactions ?? 0, CHANNELS.reduce((a, c) => a + (r.channels[c]?.transactions ?? 0), 0)));
    case 'mix': {
      const c = CH[spec.channel];
      return reps.map((r) => {
        const rows = spec.among ?? r.serviceChannel.map((_, i) => i);
        const total = rows.reduce((a, i) => a + (r.serviceChannel[i]?.[c] ?? 0), 0);
        return ratio(r.serviceChannel[spec.serviceIndex]?.[c] ?? 0, total);
      });
    }
    case 'outletClass':
      return reps.map((r) => classShares(r)[spec.efficiencyClass]);
    case 'ratio':
      return reps.map((r) => kpiRatio(r, spec.numerator, spec.denominator, 1, r.months));
  }
}

/**
 * Shares of the partner outlets open at the end of a replication in each efficiency class: low
 * under 20 new lines a month, mid with revenue below the mean of those outlets, high otherwise
 * (seed 004 sampled stores in business, so closed ones are left out).
 */
export function classShares(r: ReplicationResult): Record<EfficiencyClass, number> {
  const open: number[] = [];
  r.outlets.forEach((o, j) => {
    if (o.kind === 'partner' && o.open) open.push(j);
  });
  return sharesOf(open.map((j) => r.outletStats.newLines[j]), open.map((j) => r.outletStats.revenue[j]));
}

/** Months from…to of a run, 1-based and inclusive. */
export interface MonthSpan {
  from: number;
  to: number;
}

/**
 * Whether the metric can be measured over part of a run. A channel's service mix cannot: a
 * replication keeps its service × channel transactions over the whole run only.
 */
export function measuredByMonth(spec: MetricSpec): boolean {
  return spec.kind !== 'mix';
}

/**
 * The metric's value in each replication over months from…to: a KPI's mean of its monthly values
 * there, a channel's share of the span's transactions, the efficiency classes of the partner
 * outlets open in month `to` by their means over the span's months they were open. Over the whole
 * run it is metricValues itself.
 * @throws {RangeError} for a mix metric over part of a run (measuredByMonth), or a span that is
 *   not whole months within every replication
 */
export function metricValuesOver(spec: MetricSpec, reps: readonly ReplicationResult[], span: MonthSpan): number[] {
  const { from, to } = span;
  if (reps.every((r) => from === 1 && to === r.months)) return metricValues(spec, reps);
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 1 && from <= to)) throw new RangeError(`expected whole months 1 ≤ from ≤ to, got ${from}…${to}`);
  const short = reps.find((r) => r.months < to);
  if (short) throw new RangeError(`replication ${short.replication} ran ${short.months} months, the span ends at month ${to}`);
  switch (spec.kind) {
    case 'kpi':
      return reps.map((r) => {
        let sum = 0;
        for (let m = from - 1; m < to; m++) sum += r.monthly[spec.kpi][m];
        return sum / (to - from + 1);
      });
    case 'share': {
      const c = CH[spec.channel];
      return reps.map((r) => {
        let part = 0, total = 0;
        for (let m = from - 1; m < to; m++) {
          part += r.channelMonthly[m][c];
          for (const x of r.channelMonthly[m]) total += x;
        }
        return ratio(part, total);
      });
    }
    case 'mix':
      throw new RangeError(`${metricName(spec)}: a replication keeps the service mix over the whole run only, not months ${from}…${to}`);
    case 'outletClass':
      return reps.map((r) => classSharesOver(r, from, to)[spec.efficiencyClass]);
    case 'ratio':
      return reps.map((r) => kpiRatio(r, spec.numerator, spec.denominator, from, to));
  }
}

// Σ numerator ÷ Σ denominator of two KPIs' monthly values over months from…to (0 when the denominator sums to 0).
function kpiRatio(r: ReplicationResult, numerator: KpiName, denominator: KpiName, from: number, to: number): number {
  let num = 0, den = 0;
  for (let m = from - 1; m < to; m++) { num += r.monthly[numerator][m]; den += r.monthly[denominator][m]; }
  return ratio(num, den);
}

// Efficiency classes of the partner outlets open in month `to`, each by its monthly means over
// the months from…to it was open (as classShares does over the whole run).
function classSharesOver(r: ReplicationResult, from: number, to: number): Record<EfficiencyClass, number> {
  const om = r.outletMonths, n = om.outlets;
  const newLines: number[] = [], revenue: number[] = [];
  r.outlets.forEach((o, j) => {
    if (o.kind !== 'partner' || om.open[(to - 1) * n + j] !== 1) return;
    let months = 0, lines = 0, rev = 0;
    for (let m = from - 1; m < to; m++) {
      const k = m * n + j;
      if (om.open[k] !== 1) continue;
      months++;
      lines += om.newLines[k];
      rev += om.revenue[k];
    }
    newLines.push(lines / months);
    revenue.push(rev / months);
  });
  return sharesOf(newLines, revenue);
}

// Shares of outlets in each efficiency class, from their monthly new lines and revenue.
function sharesOf(newLines: readonly number[], revenue: readonly number[]): Record<EfficiencyClass, number> {
  const out: Record<EfficiencyClass, number> = { low: 0, mid: 0, high: 0 };
  const n = newLines.length;
  if (n === 0) return out;
  const meanRevenue = revenue.reduce((a, x) => a + x, 0) / n;
  for (let i = 0; i < n; i++) out[efficiencyClass(newLines[i], revenue[i], meanRevenue)] += 1 / n;
  return out;
}

// A share, 0 when there is nothing to share (a channel that served no one has no mix).
function ratio(part: number, total: number): number {
  return total > 0 ? part / total : 0;
}

function hasPartners(s: Scenario): boolean {
  return s.outlets.list.length > 0 ? s.outlets.list.some((o) => o.kind === 'partner') : s.outlets.generate.partners > 0;
}
