/**
 * Observed figures a calibration fits: what each metric name means, and its value in every
 * replication. Metric names (the `metric` column of `calibrate --observed`):
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
 *
 * Values are computed per replication and summarised over replications (stats.ts), so each comes
 * with a 95 % interval.
 */
import { CH, CHANNELS, CHANNEL_LABELS, type ChannelId } from '../model/domain.ts';
import { KPIS, KPI_META, type KpiName } from '../model/kpis.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';
import { efficiencyClass, type EfficiencyClass } from './aggregate.ts';

/** What a metric name means. */
export type MetricSpec =
  | { kind: 'kpi'; kpi: KpiName }
  | { kind: 'share'; channel: ChannelId }
  | { kind: 'mix'; channel: ChannelId; service: string; serviceIndex: number; within: boolean; among?: number[] }
  | { kind: 'outletClass'; efficiencyClass: EfficiencyClass };

/** One observed figure. */
export interface ObservedMetric {
  metric: string;
  spec: MetricSpec;
  /** the observed value (for `/*` mix rows: rescaled within the sub-composition) */
  value: number;
  /** weight in the objective; 0 reports the metric without fitting it */
  weight: number;
  /** spreadsheet row it came from (header = 1) */
  row?: number;
  /** the value as written, before a `/*` rescaling */
  published?: number;
  /** columns the calibration does not use (source, note), kept for the report */
  extra?: Record<string, string>;
}

/** The forms a metric name takes, for messages and help. */
export const METRIC_FORMS = 'a KPI name, share:<channel>, mix:<channel>:<service>[/*] or outletClass:low|mid|high';

const CLASSES: readonly EfficiencyClass[] = ['low', 'mid', 'high'];

/**
 * What a metric name means in this scenario. KPI names and channel ids are matched without case,
 * and also by their Chinese names as src/io/observed.ts reads them (KPIs by KPI_META's zh name,
 * `占比:<渠道>` for shares), with full-width colons folded.
 * @throws {RangeError} naming what was expected: an unknown KPI, channel, service or class, or a
 *   service that the channel cannot carry, or outlet classes in a scenario without partner outlets
 */
export function parseMetric(name: string, scenario: Scenario): MetricSpec {
  const text = name.normalize('NFKC').trim();
  const parts = text.split(':').map((p) => p.trim());
  const channel = (id: string | undefined): ChannelId => {
    const c = CHANNELS.find((x) => x.toLowerCase() === id?.toLowerCase() || CHANNEL_LABELS[x].zh === id);
    if (c === undefined) throw new RangeError(`unknown channel ${JSON.stringify(id ?? '')} in ${JSON.stringify(text)}; expected one of ${CHANNELS.join(', ')}`);
    return c;
  };
  switch (parts[0].toLowerCase()) {
    case 'share':
    case '占比':
      if (parts.length !== 2) throw new RangeError(`expected share:<channel>, got ${JSON.stringify(text)}`);
      return { kind: 'share', channel: channel(parts[1]) };
    case 'mix': {
      if (parts.length !== 3) throw new RangeError(`expected mix:<channel>:<service>, got ${JSON.stringify(text)}`);
      const c = channel(parts[1]);
      const within = parts[2].endsWith('/*');
      const service = within ? parts[2].slice(0, -2) : parts[2];
      const serviceIndex = scenario.services.findIndex((s) => s.id === service);
      if (serviceIndex < 0) throw new RangeError(`unknown service ${JSON.stringify(service)} in ${JSON.stringify(text)}; expected one of ${scenario.services.map((s) => s.id).join(', ')}`);
      if (!scenario.services[serviceIndex].channels.includes(c)) throw new RangeError(`service ${service} is not carried by channel ${c} (services[${serviceIndex}].channels: ${scenario.services[serviceIndex].channels.join(', ')})`);
      return { kind: 'mix', channel: c, service, serviceIndex, within };
    }
    case 'outletclass': {
      const cls = parts[1]?.toLowerCase();
      if (parts.length !== 2 || !(CLASSES as readonly string[]).includes(cls)) throw new RangeError(`expected outletClass:low, outletClass:mid or outletClass:high, got ${JSON.stringify(text)}`);
      if (!hasPartners(scenario)) throw new RangeError(`${text}: the scenario has no partner outlets to classify`);
      return { kind: 'outletClass', efficiencyClass: cls as EfficiencyClass };
    }
    default: {
      const kpi = parts.length === 1 ? KPIS.find((k) => k.toLowerCase() === text.toLowerCase() || KPI_META[k].zh === text) : undefined;
      if (kpi) return { kind: 'kpi', kpi };
      throw new RangeError(`unknown metric ${JSON.stringify(text)}; expected ${METRIC_FORMS} (KPIs: ${KPIS.join(', ')})`);
    }
  }
}

/** The canonical name of a metric (what fit.csv and the table print), whatever alias was written. */
export function metricName(spec: MetricSpec): string {
  switch (spec.kind) {
    case 'kpi': return spec.kpi;
    case 'share': return `share:${spec.channel}`;
    case 'mix': return `mix:${spec.channel}:${spec.service}${spec.within ? '/*' : ''}`;
    case 'outletClass': return `outletClass:${spec.efficiencyClass}`;
  }
}

/** The metric is a share: its observed value must lie in (0, 1]. */
export function isShare(spec: MetricSpec): boolean {
  return spec.kind !== 'kpi' || KPI_META[spec.kpi].unit === 'share';
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
  const out: Record<EfficiencyClass, number> = { low: 0, mid: 0, high: 0 };
  if (open.length === 0) return out;
  const meanRevenue = open.reduce((a, j) => a + r.outletStats.revenue[j], 0) / open.length;
  for (const j of open) out[efficiencyClass(r.outletStats.newLines[j], r.outletStats.revenue[j], meanRevenue)] += 1 / open.length;
  return out;
}

// A share, 0 when there is nothing to share (a channel that served no one has no mix).
function ratio(part: number, total: number): number {
  return total > 0 ? part / total : 0;
}

function hasPartners(s: Scenario): boolean {
  return s.outlets.list.length > 0 ? s.outlets.list.some((o) => o.kind === 'partner') : s.outlets.generate.partners > 0;
}
