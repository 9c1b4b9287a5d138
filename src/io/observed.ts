/**
 * Observed figures to calibrate against, from CSV `metric,value[,weight]` (指标,数值,权重). A
 * metric is a KPI name (src/model/kpis.ts) or its Chinese name, or `share:<channelId>` (also
 * `占比:` and the channel's Chinese name), or one of the calibration's forms
 * (src/experiment/observed.ts): `mix:<channel>:<service>[/*]`, `outletClass:low|mid|high`.
 * Metrics come back under their canonical names. Shares may be written as percentages ("38%").
 */
import { CHANNEL_LABELS, CHANNELS, type ChannelId } from '../model/domain.ts';
import { KPI_META, KPIS, type KpiName } from '../model/kpis.ts';
import { halfWidth, quote } from './cells.ts';
import type { Field } from './csv.ts';
import type { ImportResult, OnProgress } from './problems.ts';
import { importCsv, type Input } from './table.ts';

/** One observed figure under its canonical metric name. */
export interface ObservedFigure {
  row: number;
  metric: KpiName | `share:${ChannelId}` | `mix:${ChannelId}:${string}` | `outletClass:${'low' | 'mid' | 'high'}`;
  value: number;
  /** relative weight in the fit (default 1; 0 reports the metric without fitting it) */
  weight: number;
}

export const OBSERVED_FIELDS: readonly Field[] = [
  { key: 'metric', label: 'metric 指标', aliases: ['kpi', '指标', '指标名称', '指标名'], required: true },
  { key: 'value', label: 'value 数值', aliases: ['observed', '数值', '值', '观测值', '实际值'], required: true },
  { key: 'weight', label: 'weight 权重', aliases: ['权重'] },
];

const KPI_NAMES = new Map<string, KpiName>();
for (const k of KPIS) {
  KPI_NAMES.set(k.toLowerCase(), k);
  KPI_NAMES.set(KPI_META[k].zh.toLowerCase(), k);
}
const CHANNEL_NAMES = new Map<string, ChannelId>();
for (const c of CHANNELS) {
  CHANNEL_NAMES.set(c.toLowerCase(), c);
  CHANNEL_NAMES.set(CHANNEL_LABELS[c].zh.toLowerCase(), c);
}

/**
 * The canonical name of a metric, or a message saying what was expected.
 * @param services service ids a mix: metric may name (absent: any)
 */
export function observedMetric(text: string, services?: readonly { id: string; channels: readonly ChannelId[] }[]): ObservedFigure['metric'] | { error: string } {
  const parts = halfWidth(text).trim().split(':').map((p) => p.trim());
  const head = parts[0].toLowerCase();
  const channel = (x: string | undefined) => CHANNEL_NAMES.get((x ?? '').toLowerCase());
  if (parts.length === 1) return KPI_NAMES.get(head) ?? { error: `unknown metric ${quote(text)}; expected a KPI name (${KPIS.slice(0, 3).join(', ')}, …), share:<channel>, mix:<channel>:<service> or outletClass:low|mid|high` };
  if ((head === 'share' || head === '占比') && parts.length === 2) {
    const c = channel(parts[1]);
    return c ? `share:${c}` : { error: `unknown channel ${quote(parts[1])}; expected one of ${CHANNELS.join(', ')}` };
  }
  if (head === 'mix' && parts.length === 3) {
    const c = channel(parts[1]);
    if (!c) return { error: `unknown channel ${quote(parts[1])}; expected one of ${CHANNELS.join(', ')}` };
    const within = parts[2].endsWith('/*');
    const id = within ? parts[2].slice(0, -2) : parts[2];
    const sv = services?.find((x) => x.id === id);
    if (services && !sv) return { error: `unknown service ${quote(id)}; expected one of ${services.map((x) => x.id).join(', ')}` };
    if (sv && !sv.channels.includes(c)) return { error: `service ${id} is not carried by channel ${c}` };
    return `mix:${c}:${id}${within ? '/*' : ''}`;
  }
  if (head === 'outletclass' && parts.length === 2 && ['low', 'mid', 'high'].includes(parts[1].toLowerCase())) return `outletClass:${parts[1].toLowerCase() as 'low' | 'mid' | 'high'}`;
  return { error: `unknown metric ${quote(text)}; expected a KPI name, share:<channel>, mix:<channel>:<service> or outletClass:low|mid|high` };
}

/** Read an observed-figures CSV; all or nothing. */
export function importObserved(input: Input, file: string, o: { services?: readonly { id: string; channels: readonly ChannelId[] }[]; onProgress?: OnProgress } = {}): ImportResult<ObservedFigure> {
  const seen = new Map<string, number>();
  return importCsv<ObservedFigure>(input, file, OBSERVED_FIELDS, ({ reader: r, row }) => {
    const text = r.required('metric');
    const parsed = text === undefined ? undefined : observedMetric(text, o.services);
    const metric = typeof parsed === 'string' ? parsed : undefined;
    if (parsed !== undefined && typeof parsed !== 'string') r.fail('metric', parsed.error);
    if (metric !== undefined) {
      const first = seen.get(metric);
      if (first !== undefined) r.fail('metric', `${metric} observed twice (first at row ${first})`);
      else seen.set(metric, row);
    }
    const share = metric !== undefined && (metric.includes(':') || KPI_META[metric as KpiName].unit === 'share');
    let value = r.number('value', { min: -1e15, max: 1e15, required: true, percent: share });
    if (share && value !== undefined && !(value >= 0 && value <= 1)) value = r.fail('value', `${metric} is a share: expected 0 to 1 or a percentage (0.38 or 38%), got ${quote(r.text('value'))}`);
    const weight = r.number('weight', { min: 0, max: 1e6 }) ?? (r.text('weight') === '' ? 1 : undefined);
    if (metric === undefined || value === undefined || weight === undefined) return undefined;
    return { row, metric, value, weight };
  }, { onProgress: o.onProgress });
}
