/**
 * KPIs over a window of months. A run's KPI is the mean of its monthly values over every month
 * (MODEL.md §7.13); when a change starts mid-run (outlets closed from month 7 of 24), that mean
 * mixes 6 months before the change with 18 after it. The figure over the months from the change
 * on answers "what does the city look like once the outlets are closed", with its own 95 %
 * interval: each replication's mean over the window, then mean, sd and t interval over
 * replications, by the same kpiSummary as the whole run's (aggregate.ts).
 *
 * The interval needs every replication's monthly values, which the stored result does not keep
 * (result.series holds the means over replications), so the window is summarised when the run
 * finishes and kept beside it.
 */
import { KPIS, type KpiName } from '../model/kpis.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';
import { kpiSummary, type KpiSummary } from './aggregate.ts';

/** KPIs summarised over months from…to (1-based, inclusive). */
export interface KpiWindow {
  from: number;
  to: number;
  /** replications the summaries are built on */
  replications: number;
  kpis: Record<KpiName, KpiSummary>;
}

/**
 * The month a mid-run change starts, or null when every month runs under the same settings:
 * outlet closures (levers.closures) from a month after the first and within the run.
 */
export function changeMonth(scenario: Pick<Scenario, 'levers' | 'simulation'>): number | null {
  const closures = scenario.levers.closures;
  const from = closures.fromMonth;
  if (closures.outlets.length === 0 || from <= 1 || from > scenario.simulation.months) return null;
  return from;
}

/**
 * Every KPI over months from…to: per replication the mean of its monthly values in the window,
 * summarised over replications.
 * @param replications at least one, all with at least `to` months
 * @throws {RangeError} when no replication is given or the window is empty or beyond a run
 * @example windowKpis(results, 7, 24).kpis.netContribution // { mean, sd, ci95, unit }
 */
export function windowKpis(replications: readonly ReplicationResult[], from: number, to: number): KpiWindow {
  if (replications.length === 0) throw new RangeError('windowKpis requires at least one replication');
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 1 && from <= to)) {
    throw new RangeError(`windowKpis requires whole months 1 ≤ from ≤ to, got ${from}…${to}`);
  }
  const short = replications.find((r) => r.months < to);
  if (short) throw new RangeError(`windowKpis: replication ${short.replication} ran ${short.months} months, the window ends at month ${to}`);
  const kpis = {} as Record<KpiName, KpiSummary>;
  for (const kpi of KPIS) kpis[kpi] = kpiSummary(kpi, replications.map((r) => meanOf(r.monthly[kpi], from - 1, to)));
  return { from, to, replications: replications.length, kpis };
}

// The mean of values[start…end) (as the engine's run value: an arithmetic mean of months).
function meanOf(values: readonly number[], start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += values[i];
  return sum / (end - start);
}
