/**
 * Observed figures (观测值): the one grammar of their metric names and values, and the one reader
 * of their CSV files, for `calibrate --observed`, a scenario's observed.file and the workbench's
 * calibration view alike. What each metric measures in a run: src/experiment/observed.ts.
 *
 * Columns `metric,value[,weight][,holdOut]` in English or Chinese (指标, 数值/观测值, 权重, 留出);
 * any other column (source, note, 来源, 备注) is kept with its row for the report. A held-out row
 * (holdOut yes/true/1/是) is not fitted: a calibration reports it as an out-of-sample check.
 * Metric names:
 *
 *   <kpi>                      a KPI name (src/model/kpis.ts) or its Chinese name
 *   share:<channel>            also 占比:<channel>; a channel by its id or its Chinese name
 *   mix:<channel>:<service>    a service id; `/*` after it compares within the channel's `/*` rows
 *   outletClass:low|mid|high
 *   <kpi>/<kpi>                the ratio of two KPIs over the compared months (Σ numerator ÷ Σ
 *                              denominator), e.g. channelCost/revenue; may be written as a percentage
 *
 * matched without case, full-width forms folded, and given back under their canonical names.
 * A share is a number from 0 to 1 or a percentage ("38%"). The weight (default 1) is relative;
 * 0 reports a figure without fitting it. A 0 value is a legitimate observation (no churn, a
 * channel nobody uses), but a fit compares relative errors (simulated − observed) / observed and
 * cannot fit it: an observed 0 needs weight 0. valueProblem() is that rule, for a CSV row here
 * and for a scenario's observed.figures in the experiment layer.
 */
import { CHANNEL_LABELS, CHANNELS, type ChannelId } from '../model/domain.ts';
import { KPI_META, KPIS, type KpiName } from '../model/kpis.ts';
import { halfWidth, quote } from './cells.ts';
import type { Field } from './csv.ts';
import type { ImportResult, OnProgress } from './problems.ts';
import { importCsv, type Input } from './table.ts';

/** Seed 004's partner-outlet efficiency classes. */
export type OutletClass = 'low' | 'mid' | 'high';

/** A metric's canonical name. */
export type MetricName = KpiName | `share:${ChannelId}` | `mix:${ChannelId}:${string}` | `outletClass:${OutletClass}` | `${KpiName}/${KpiName}`;

/** What a metric name says. */
export type MetricForm =
  | { kind: 'kpi'; kpi: KpiName }
  | { kind: 'share'; channel: ChannelId }
  | { kind: 'mix'; channel: ChannelId; service: string; within: boolean }
  | { kind: 'outletClass'; efficiencyClass: OutletClass }
  | { kind: 'ratio'; numerator: KpiName; denominator: KpiName };

/** One observed figure of a file, under its canonical metric name. */
export interface ObservedFigure {
  /** spreadsheet row (header = 1) */
  row: number;
  metric: MetricName;
  value: number;
  /** relative weight in a fit (default 1; 0 reports the figure without fitting it) */
  weight: number;
  /** not fitted: reported as an out-of-sample check (absent: fitted) */
  holdOut?: true;
  /** the row's other columns (source, note), for the report */
  extra?: Record<string, string>;
}

/** The services a mix: metric may name, when known. */
export type ServiceList = ReadonlyArray<{ id: string; channels: readonly ChannelId[] }>;

export const OBSERVED_FIELDS: readonly Field[] = [
  { key: 'metric', label: 'metric 指标', aliases: ['kpi', '指标', '指标名称', '指标名'], required: true },
  { key: 'value', label: 'value 数值', aliases: ['observed', '数值', '值', '观测值', '实际值'], required: true },
  { key: 'weight', label: 'weight 权重', aliases: ['权重'] },
  { key: 'holdOut', label: 'holdOut 留出', aliases: ['hold out', 'held out', 'heldOut', '留出', '留出检验', '样本外'] },
];

/** How a holdOut cell may say yes or no (empty: no, the figure is fitted). */
const HOLD_OUT_WORDS: Readonly<Record<string, boolean>> = {
  yes: true, y: true, true: true, 1: true, 是: true, no: false, n: false, false: false, 0: false, 否: false, '': false,
};

/** A holdOut cell's meaning, or undefined for a word that says neither yes nor no. */
export function readHoldOut(text: string): boolean | undefined {
  return HOLD_OUT_WORDS[halfWidth(text).trim().toLowerCase()];
}

/** The forms a metric name takes, for messages and help. */
export const METRIC_FORMS = 'a KPI name, share:<channel>, mix:<channel>:<service>[/*], outletClass:low|mid|high or <kpi>/<kpi>';

/** Largest weight accepted: weights are relative, this only catches a value typed into the wrong column. */
export const MAX_WEIGHT = 1e6;

const CLASSES: readonly OutletClass[] = ['low', 'mid', 'high'];

/**
 * What a metric name says.
 * @param services the scenario's services, to check a mix: metric's service against (absent: any id)
 * @throws {RangeError} naming what was expected: an unknown KPI, channel, service or class, a
 *   service its channel does not carry, or a malformed name
 */
export function readMetric(name: string, services?: ServiceList): MetricForm {
  const text = halfWidth(name).trim();
  const parts = text.split(':').map((p) => p.trim());
  const channel = (id: string | undefined): ChannelId => {
    const c = CHANNELS.find((x) => x.toLowerCase() === id?.toLowerCase() || CHANNEL_LABELS[x].zh === id);
    if (c === undefined) throw new RangeError(`unknown channel ${quote(id ?? '')} in ${quote(text)}; expected one of ${CHANNELS.join(', ')}`);
    return c;
  };
  switch (parts[0].toLowerCase()) {
    case 'share':
    case '占比':
      if (parts.length !== 2) throw new RangeError(`expected share:<channel>, got ${quote(text)}`);
      return { kind: 'share', channel: channel(parts[1]) };
    case 'mix': {
      if (parts.length !== 3) throw new RangeError(`expected mix:<channel>:<service>, got ${quote(text)}`);
      const c = channel(parts[1]);
      const within = parts[2].endsWith('/*');
      const service = within ? parts[2].slice(0, -2) : parts[2];
      if (services) {
        const i = services.findIndex((s) => s.id === service);
        if (i < 0) throw new RangeError(`unknown service ${quote(service)} in ${quote(text)}; expected one of ${services.map((s) => s.id).join(', ')}`);
        if (!services[i].channels.includes(c)) throw new RangeError(`service ${service} is not carried by channel ${c} (services[${i}].channels: ${services[i].channels.join(', ')})`);
      }
      return { kind: 'mix', channel: c, service, within };
    }
    case 'outletclass': {
      const cls = parts[1]?.toLowerCase();
      if (parts.length !== 2 || !(CLASSES as readonly string[]).includes(cls)) throw new RangeError(`expected outletClass:low, outletClass:mid or outletClass:high, got ${quote(text)}`);
      return { kind: 'outletClass', efficiencyClass: cls as OutletClass };
    }
    default: {
      const kpiOf = (name: string) => KPIS.find((k) => k.toLowerCase() === name.toLowerCase() || KPI_META[k].zh === name);
      const ratio = parts.length === 1 ? text.split('/').map((p) => p.trim()) : [];
      if (ratio.length === 2) {
        const [numerator, denominator] = ratio.map(kpiOf);
        if (numerator && denominator) return { kind: 'ratio', numerator, denominator };
        throw new RangeError(`unknown KPI ${quote(numerator ? ratio[1] : ratio[0])} in ${quote(text)}; expected <kpi>/<kpi> (KPIs: ${KPIS.join(', ')})`);
      }
      const kpi = parts.length === 1 ? kpiOf(text) : undefined;
      if (kpi) return { kind: 'kpi', kpi };
      throw new RangeError(`unknown metric ${quote(text)}; expected ${METRIC_FORMS} (KPIs: ${KPIS.join(', ')})`);
    }
  }
}

/** The canonical name of a metric (what fit.csv and the tables print), whatever alias was written. */
export function metricName(form: MetricForm): MetricName {
  switch (form.kind) {
    case 'kpi': return form.kpi;
    case 'share': return `share:${form.channel}`;
    case 'mix': return `mix:${form.channel}:${form.service}${form.within ? '/*' : ''}`;
    case 'outletClass': return `outletClass:${form.efficiencyClass}`;
    case 'ratio': return `${form.numerator}/${form.denominator}`;
  }
}

/** The metric is a share: its value lies in [0, 1] and may be written as a percentage. */
export function isShareMetric(form: MetricForm): boolean {
  return form.kind === 'kpi' ? KPI_META[form.kpi].unit === 'share' : form.kind !== 'ratio';
}

/**
 * What is wrong with an observed value and its weight, or undefined: a share outside [0, 1], or a
 * 0 with a positive weight (a fit divides by the observed value) that is not held out.
 * @param got the value as written, for the message
 */
export function valueProblem(form: MetricForm, value: number, weight: number, got: string, holdOut = false): string | undefined {
  const name = metricName(form);
  if (isShareMetric(form) && !(value >= 0 && value <= 1)) return `${name} is a share: expected 0 to 1 or a percentage (0.38 or 38%), got ${got}`;
  if (value === 0 && weight > 0 && !holdOut) return `${name} is 0 with weight ${weight}: a fit compares relative errors and cannot divide by 0; give it weight 0 to report it without fitting`;
  return undefined;
}

/**
 * Read an observed-figures CSV (UTF-8 with or without BOM, or GBK); all or nothing. Problems, each
 * at its row and column: a missing column, an unknown metric, an empty or bad number, a value
 * valueProblem() refuses, a weight outside [0, MAX_WEIGHT], a holdOut cell that says neither yes
 * nor no, a metric given twice.
 */
export function importObserved(input: Input, file: string, o: { services?: ServiceList; onProgress?: OnProgress } = {}): ImportResult<ObservedFigure> {
  const seen = new Map<string, number>();
  return importCsv<ObservedFigure>(input, file, OBSERVED_FIELDS, ({ reader: r, row, extra }) => {
    const text = r.required('metric');
    let form: MetricForm | undefined;
    if (text !== undefined) {
      try {
        form = readMetric(text, o.services);
      } catch (e) {
        r.fail('metric', (e as Error).message);
      }
    }
    const metric = form && metricName(form);
    if (metric !== undefined) {
      const first = seen.get(metric);
      if (first !== undefined) r.fail('metric', `${metric} observed twice (first at row ${first})`);
      else seen.set(metric, row);
    }
    let value = r.number('value', { min: -1e15, max: 1e15, required: true, percent: form !== undefined && (isShareMetric(form) || form.kind === 'ratio') });
    const weight = r.number('weight', { min: 0, max: MAX_WEIGHT }) ?? (r.text('weight') === '' ? 1 : undefined);
    const holdOut = readHoldOut(r.text('holdOut'));
    if (holdOut === undefined) r.fail('holdOut', `expected yes or no (yes, no, true, false, 1, 0, 是, 否; empty: no), got ${quote(r.text('holdOut'))}`);
    const problem = form && value !== undefined && weight !== undefined ? valueProblem(form, value, weight, quote(r.text('value')), holdOut) : undefined;
    if (problem) value = r.fail('value', problem);
    if (metric === undefined || value === undefined || weight === undefined || holdOut === undefined) return undefined;
    return { row, metric, value, weight, ...(holdOut ? { holdOut: true as const } : {}), ...(extra ? { extra } : {}) };
  }, { onProgress: o.onProgress });
}
