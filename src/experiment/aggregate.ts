/**
 * Replications → the result.json object of ../shared/CONTRACTS.md. Every figure is a mean over
 * replications; KPIs and their monthly series carry t-based 95 % intervals (stats.ts).
 *
 * Contract keys come first and are never renamed; what the workbench needs beyond them (channel
 * mix by month, service × channel and hand-off matrices, closure flows, partial-run bookkeeping)
 * follows under extra keys. Replications are folded in replication order, so the output is the
 * same byte for byte whatever the number of workers that produced them.
 */
import { CHANNELS, CHANNEL_FAMILY, type ChannelId, type Family } from '../model/domain.ts';
import { KPIS, KPI_META, type KpiMeta, type KpiName } from '../model/kpis.ts';
import { agentsOf, type Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';
import { summarize, type Summary } from './stats.ts';

/**
 * A KPI over replications. A KPI with no data in any replication (no transactions, calls, visits
 * or active customers in any month) is absent: mean, sd and ci95 are null and `absent` says why;
 * one missing in some replications only is summarised over the others, which `replicationsWithData`
 * counts. A KPI that only one replication has has a mean but no spread to estimate: sd and ci95
 * are null and `interval` says why (a zero-width interval would read as certainty). Any other KPI
 * keeps the contract's four keys.
 */
export interface KpiSummary {
  mean: number | null;
  sd: number | null;
  ci95: [number, number] | null;
  unit: KpiMeta['unit'];
  /** why the KPI has no figures: "no data" */
  absent?: typeof NO_DATA;
  /** why a KPI with a mean has no sd and no interval: "one replication: no interval" */
  interval?: typeof ONE_REPLICATION;
  /** replications that had the KPI, when fewer than all */
  replicationsWithData?: number;
}

/** The reason an absent KPI gives. */
export const NO_DATA = 'no data';

/** The reason a KPI with a mean from a single replication gives for its missing interval. */
export const ONE_REPLICATION = 'one replication: no interval';

/** One month of a series: mean over replications and its 95 % interval; null when no replication had data that month. */
export interface SeriesPoint {
  month: number;
  mean: number | null;
  lo: number | null;
  hi: number | null;
}

/** One month of a count (a channel's transactions): every replication has it. */
export interface MonthlyCount {
  month: number;
  mean: number;
  lo: number;
  hi: number;
}

export interface ChannelSummary {
  family: Family;
  /** completed transactions over the run, mean per replication */
  transactions: number;
  /** share of all completed transactions */
  share: number;
  /** CNY per completed transaction (channel cost over the run ÷ transactions) */
  costPerTransaction: number;
  /** extra: channel cost over the run, CNY, mean per replication */
  cost: number;
}

/** Seed 004's partner-store efficiency classes. */
export type EfficiencyClass = 'low' | 'mid' | 'high';

export interface OutletSummary {
  id: string;
  name: string;
  kind: 'own' | 'partner';
  /** extra: position, km */
  x: number;
  y: number;
  /** open at the end of the run in at least half the replications */
  open: boolean;
  /** the rest: per-month figures over the months the outlet was open, mean over replications */
  transactions: number;
  newLines: number;
  revenue: number;
  cost: number;
  waitMeanMin: number;
  waitP90Min: number;
  utilization: number;
  efficiencyClass: EfficiencyClass;
}

/** A replication that threw, with what is needed to reproduce it. */
export interface FailureRecord {
  replication: number;
  seed: number;
  message: string;
}

/** What --precision asked for and what it reached. */
export interface PrecisionReport {
  /** target relative half-width P: every headline KPI needs halfWidth ≤ P × |mean| */
  target: number;
  reached: boolean;
  /** replications it took (or the cap) */
  replications: number;
  maxReplications: number;
  /** the KPIs checked */
  kpis: KpiName[];
  /** headline KPIs still wider than the target when the cap was hit */
  unmet: KpiName[];
}

export interface ExperimentResult {
  schemaVersion: 1;
  scenario: Scenario;
  seed: number;
  /** replications asked for */
  replications: number;
  months: number;
  /** subscribers in the region (simulation.customers) */
  customers: number;
  kpis: Record<KpiName, KpiSummary>;
  series: Record<KpiName, SeriesPoint[]>;
  channels: Record<ChannelId, ChannelSummary>;
  outlets: OutletSummary[];
  runtimeMs: number;
  // Extras for the workbench.
  /** fewer replications than asked for went into the figures (cancelled, or failures skipped) */
  partial: boolean;
  /** replications the figures are built on */
  replicationsDone: number;
  /** customer agents simulated (fewer than customers when each stands for several subscribers) */
  agents: number;
  failures: FailureRecord[];
  /** completed transactions per month and channel, mean over replications with 95 % interval, and the month's share */
  channelSeries: Record<ChannelId, Array<MonthlyCount & { share: number }>>;
  /** completed transactions over the run by service (rows) and channel (columns), mean per replication */
  serviceChannel: { services: string[]; channels: ChannelId[]; transactions: number[][] };
  /** hand-offs over the run from channel (rows) to channel (columns), mean per replication */
  handoffs: { channels: ChannelId[]; transactions: number[][] };
  /** closed outlet → destination (channel id or "lost") → share of its home customers, mean over replications */
  closureFlows: Record<string, Record<string, number>>;
  /** choice events per replication (throughput) */
  choiceEvents: number;
  precision?: PrecisionReport;
}

export interface AggregateOptions {
  /** replications asked for (default: as many as were given) */
  requested?: number;
  /** wall time of the experiment */
  runtimeMs?: number;
  failures?: FailureRecord[];
  precision?: PrecisionReport;
}

/**
 * Fold replications of one scenario into the result.json object.
 * @param scenario the resolved scenario the replications ran (seed and replications as run)
 * @param replications at least one result; any order (they are sorted by replication index)
 * @throws {RangeError} when no replication is given
 */
export function aggregate(scenario: Scenario, replications: readonly ReplicationResult[], options: AggregateOptions = {}): ExperimentResult {
  if (replications.length === 0) throw new RangeError('aggregate requires at least one replication');
  const reps = [...replications].sort((a, b) => a.replication - b.replication);
  const requested = options.requested ?? reps.length;
  const months = scenario.simulation.months;
  const failures = options.failures ?? [];
  return {
    schemaVersion: 1,
    scenario,
    seed: scenario.simulation.seed,
    replications: requested,
    months,
    customers: scenario.simulation.customers,
    kpis: kpiSummaries(reps),
    series: kpiSeries(reps, months),
    channels: channelSummaries(reps),
    outlets: outletSummaries(reps),
    runtimeMs: options.runtimeMs ?? 0,
    partial: reps.length < requested,
    replicationsDone: reps.length,
    agents: agentsOf(scenario).agents,
    failures,
    channelSeries: channelSeries(reps, months),
    serviceChannel: {
      services: scenario.services.map((s) => s.id),
      channels: [...CHANNELS],
      transactions: meanMatrix(reps.map((r) => r.serviceChannel)),
    },
    handoffs: { channels: [...CHANNELS], transactions: meanMatrix(reps.map((r) => r.handoffs)) },
    closureFlows: closureFlows(reps),
    choiceEvents: meanOf(reps.map((r) => r.choiceEvents)),
    ...(options.precision ? { precision: options.precision } : {}),
  };
}

/**
 * Run value of every KPI: mean, sd and 95 % interval over the replications that have it, with its
 * unit; absent (nulls) when none has.
 */
export function kpiSummaries(reps: readonly ReplicationResult[]): Record<KpiName, KpiSummary> {
  const out = {} as Record<KpiName, KpiSummary>;
  for (const kpi of KPIS) out[kpi] = kpiSummary(kpi, reps.map((r) => r.run[kpi]));
  return out;
}

/**
 * One KPI's values over replications (NaN: no data in that one) as result.json reports them:
 * absent without data, without sd and interval from one replication, else mean, sd and 95 %
 * interval cut to the KPI's range.
 */
export function kpiSummary(kpi: KpiName, values: readonly number[]): KpiSummary {
  const unit = KPI_META[kpi].unit;
  const s = summarizeKpi(kpi, values);
  if (s === null) return { mean: null, sd: null, ci95: null, unit, absent: NO_DATA };
  const out: KpiSummary = s.n < 2 ? { mean: s.mean, sd: null, ci95: null, unit, interval: ONE_REPLICATION } : { mean: s.mean, sd: s.sd, ci95: s.ci95, unit };
  if (s.n < values.length) out.replicationsWithData = s.n;
  return out;
}

/**
 * A KPI over replications as every output reports it: mean, sd and 95 % interval of the values
 * that have data (NaN: none that month or run), the interval cut to the KPI's range; null when no
 * value has data.
 */
export function summarizeKpi(kpi: KpiName, values: readonly number[]): Pick<Summary, 'mean' | 'sd' | 'ci95' | 'n'> | null {
  const present = values.filter((v) => !Number.isNaN(v));
  if (present.length === 0) return null;
  const s = summarize(present);
  return { mean: s.mean, sd: s.sd, ci95: clip(kpi, s.mean, s.ci95), n: s.n };
}

/**
 * Monthly value of every KPI: mean and 95 % interval over the replications that have the month's
 * value, months 1…M; nulls for a month without data in any replication, and lo and hi null for
 * a month only one replication has (no interval to compute).
 */
export function kpiSeries(reps: readonly ReplicationResult[], months: number): Record<KpiName, SeriesPoint[]> {
  const out = {} as Record<KpiName, SeriesPoint[]>;
  for (const kpi of KPIS) {
    out[kpi] = Array.from({ length: months }, (_, m) => {
      const s = summarizeKpi(kpi, reps.map((r) => r.monthly[kpi]?.[m] ?? NaN));
      if (s === null) return { month: m + 1, mean: null, lo: null, hi: null };
      return s.n < 2 ? { month: m + 1, mean: s.mean, lo: null, hi: null } : { month: m + 1, mean: s.mean, lo: s.ci95[0], hi: s.ci95[1] };
    });
  }
  return out;
}

/**
 * The range a KPI can take: shares 0–1, satisfaction 0–100 points, and every other KPI at least 0
 * except the net contribution, which may be a loss.
 */
export function kpiRange(kpi: KpiName): [number, number] {
  const { unit } = KPI_META[kpi];
  if (unit === 'share') return [0, 1];
  if (unit === 'points') return [0, 100];
  return kpi === 'netContribution' ? [-Infinity, Infinity] : [0, Infinity];
}

// A t-interval is symmetric about the mean, so with few replications or a mean near a bound it can
// reach past what the quantity can be (a negative count of new lines, a share above 1): such an
// edge is cut at the bound, which removes only values no replication could produce. The mean lies
// inside the range (it averages values that do); an edge is never moved past it.
function clip(kpi: KpiName, mean: number, [lo, hi]: [number, number]): [number, number] {
  const [min, max] = kpiRange(kpi);
  return [Math.min(mean, Math.max(min, lo)), Math.max(mean, Math.min(max, hi))];
}

/** Per channel: mean transactions over the run, share of all completed, cost per transaction. */
export function channelSummaries(reps: readonly ReplicationResult[]): Record<ChannelId, ChannelSummary> {
  const tx = CHANNELS.map((c) => meanOf(reps.map((r) => r.channels[c]?.transactions ?? 0)));
  const cost = CHANNELS.map((c) => meanOf(reps.map((r) => r.channels[c]?.cost ?? 0)));
  const total = tx.reduce((a, b) => a + b, 0);
  const out = {} as Record<ChannelId, ChannelSummary>;
  CHANNELS.forEach((c, i) => {
    out[c] = {
      family: CHANNEL_FAMILY[c],
      transactions: tx[i],
      share: total > 0 ? tx[i] / total : 0,
      costPerTransaction: tx[i] > 0 ? cost[i] / tx[i] : 0,
      cost: cost[i],
    };
  });
  return out;
}

/**
 * Per outlet: mean over replications of its monthly figures, open or not, and its efficiency
 * class (DOMAIN.md, seed 004): low under 20 new lines a month; mid at 20 or more but revenue below
 * the mean revenue of the open outlets of the same kind; high otherwise.
 */
export function outletSummaries(reps: readonly ReplicationResult[]): OutletSummary[] {
  const first = reps[0];
  // a latent partner site is an outlet only once a partner has opened there, in some month of some replication
  const everOpen = (r: ReplicationResult, k: number) => {
    const om = r.outletMonths;
    for (let m = k; m < om.open.length; m += om.outlets) if (om.open[m] === 1) return true;
    return false;
  };
  const shown = first.outlets.filter((o) => !o.latent || reps.some((r) => {
    const k = r.outlets.findIndex((x) => x.id === o.id);
    return k >= 0 && everOpen(r, k);
  }));
  const rows = shown.map((o, i) => {
    const at = reps.map((r) => (r.outlets[i]?.id === o.id ? i : r.outlets.findIndex((x) => x.id === o.id)));
    const stat = (k: Exclude<keyof ReplicationResult['outletStats'], 'open'>) =>
      finiteMean(reps.map((r, j) => (at[j] >= 0 ? r.outletStats[k][at[j]] : NaN)));
    const openCount = reps.reduce((n, r, j) => n + (at[j] >= 0 && r.outlets[at[j]].open ? 1 : 0), 0);
    return {
      id: o.id, name: o.name, kind: o.kind, x: o.x, y: o.y,
      open: openCount * 2 >= reps.length,
      transactions: stat('transactions'), newLines: stat('newLines'), revenue: stat('revenue'), cost: stat('cost'),
      waitMeanMin: stat('waitMeanMin'), waitP90Min: stat('waitP90Min'), utilization: stat('utilization'),
      efficiencyClass: 'low' as EfficiencyClass,
    };
  });
  const meanRevenue = new Map<string, number>();
  for (const kind of ['own', 'partner'] as const) {
    const ofKind = rows.filter((r) => r.kind === kind);
    const open = ofKind.filter((r) => r.open);
    meanRevenue.set(kind, meanOf((open.length > 0 ? open : ofKind).map((r) => r.revenue)));
  }
  for (const r of rows) r.efficiencyClass = efficiencyClass(r.newLines, r.revenue, meanRevenue.get(r.kind) ?? 0);
  return rows;
}

/** Seed 004's classes: low < 20 new lines a month; mid ≥ 20 with revenue below the kind's mean; high otherwise. */
export function efficiencyClass(newLinesMonthly: number, revenueMonthly: number, meanRevenueOfKind: number): EfficiencyClass {
  if (!(newLinesMonthly >= LOW_NEW_LINES)) return 'low';
  return revenueMonthly < meanRevenueOfKind ? 'mid' : 'high';
}

/** Seed 004 (Fujian 2013): a store with fewer new lines a month than this is "low efficiency". */
export const LOW_NEW_LINES = 20;

/** Completed transactions per month and channel, with each channel's share of the month. */
export function channelSeries(reps: readonly ReplicationResult[], months: number): ExperimentResult['channelSeries'] {
  const per = CHANNELS.map((_, c) => Array.from({ length: months }, (_, m): MonthlyCount => {
    const s = summarize(reps.map((r) => r.channelMonthly[m]?.[c] ?? 0));
    // transactions cannot be negative (see clip)
    return { month: m + 1, mean: s.mean, lo: Math.min(s.mean, Math.max(0, s.ci95[0])), hi: s.ci95[1] };
  }));
  const out = {} as ExperimentResult['channelSeries'];
  CHANNELS.forEach((ch, c) => {
    out[ch] = per[c].map((p, m) => {
      const total = per.reduce((a, s) => a + s[m].mean, 0);
      return { ...p, share: total > 0 ? p.mean / total : 0 };
    });
  });
  return out;
}

/** Closure flows averaged over replications; a destination missing in a replication counts as 0. */
export function closureFlows(reps: readonly ReplicationResult[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of reps) {
    for (const [outlet, flows] of Object.entries(r.closureFlows ?? {})) {
      const acc = (out[outlet] ??= {});
      for (const [dest, share] of Object.entries(flows)) acc[dest] = (acc[dest] ?? 0) + share / reps.length;
    }
  }
  return out;
}

// Element-wise mean of equally shaped matrices (missing cells count as 0).
function meanMatrix(ms: readonly number[][][]): number[][] {
  const rows = Math.max(0, ...ms.map((m) => m?.length ?? 0));
  return Array.from({ length: rows }, (_, i) => {
    const cols = Math.max(0, ...ms.map((m) => m?.[i]?.length ?? 0));
    return Array.from({ length: cols }, (_, j) => meanOf(ms.map((m) => m?.[i]?.[j] ?? 0)));
  });
}

// Mean in the given order (deterministic), 0 for no values.
function meanOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

// Mean of the finite values only: an outlet that never opened in a replication has no figures there.
function finiteMean(values: readonly number[]): number {
  return meanOf(values.filter((v) => Number.isFinite(v)));
}
