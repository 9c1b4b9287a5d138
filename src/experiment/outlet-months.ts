/**
 * One replication's outlets month by month, and the counter queues they imply: what the training
 * view animates (workers/training.worker.ts ticks the engine a month at a time and calls
 * trackOutlets(…).next once a month). Today a replication reports running figures
 * (result().outletStats: means over the months each outlet was open), so one month's figures are
 * recovered by differencing consecutive reports, and the queue follows from Little's law. When
 * the engine reports each month's own outlet figures, next() reads them instead; its callers stay.
 *
 *   busy minutes so far       B(m) = utilisation(m) · counters · openMin · days · monthsOpen(m)
 *   the month's utilisation   ρ = (B(m) − B(m−1)) / (counters · openMin · days)
 *   the month's mean wait     W = (W̄(m)·B(m) − W̄(m−1)·B(m−1)) / (B(m) − B(m−1))
 *   people waiting (mean)     Lq = λ·W,  λ = ρ · counters / s̄  (arrivals per open minute)
 *
 * W̄ is a mean over every wait so far; weighting it by busy minutes instead of the (unreported)
 * number of waits is exact when the month's mix of counter times s̄ is the run's, which is what the
 * engine's counters see month to month. s̄ is the mean counter time of the transactions own stores
 * completed (result().serviceChannel, ownStore column).
 */
import { CH } from '../model/domain.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';

/** A month of a replication's outlets, with the mean queue at each one's counters. */
export interface OutletQueues extends OutletMonth {
  /** mean people waiting at each outlet's counters over its open hours, city scale (0 where there is no counter) */
  queue: Float32Array;
}

/** Follows one replication's outlets from its first month on. */
export interface OutletTracker {
  /** the month just simulated, from the replication's result after it */
  next(r: Pick<ReplicationResult, 'outletStats' | 'serviceChannel'>): OutletQueues;
}

/**
 * A tracker of one replication's outlets (in the region's order), from month 1.
 * @param outlets the region's outlets: own stores queue at their counters over their open hours, partners do not
 */
export function trackOutlets(
  s: Pick<Scenario, 'simulation' | 'services' | 'acquisition'>,
  outlets: ReadonlyArray<{ kind: 'own' | 'partner'; counters: number; openHours: number }>,
): OutletTracker {
  const days = s.simulation.daysPerMonth;
  const capacity = Float64Array.from(outlets, (o) => (o.kind === 'own' ? o.counters * o.openHours * 60 * days : 0));
  const counters = Float64Array.from(outlets, (o) => (o.kind === 'own' ? o.counters : 0));
  // the new line (the acquisition pseudo-service) is the last row of serviceChannel
  const counterMin = Float64Array.from([...s.services.map((x) => x.counterMin), s.acquisition.counterMin]);
  let prev: OutletRunning | null = null;
  let openMonths: Float64Array = new Float64Array(outlets.length);
  return {
    next(r) {
      const openAfter = countOpenMonths(openMonths, r.outletStats.open);
      const month = monthOfOutlets(prev, r.outletStats, openMonths, openAfter, capacity);
      prev = r.outletStats;
      openMonths = openAfter;
      return { ...month, queue: queueLengths(month, counters, meanCounterMin(r.serviceChannel, counterMin, CH.ownStore)) };
    },
  };
}

/** The running outlet figures of a replication (a subset of OutletMonthly). */
export interface OutletRunning {
  transactions: ArrayLike<number>;
  waitMeanMin: ArrayLike<number>;
  utilization: ArrayLike<number>;
  open: ArrayLike<boolean | number>;
}

export interface OutletMonth {
  /** the month's transactions per outlet */
  transactions: Float64Array;
  /** the month's counter utilisation, 0–1 (own stores) */
  utilization: Float64Array;
  /** the month's mean counter wait, min (own stores) */
  waitMeanMin: Float64Array;
}

/** Months each outlet has been open, after one more month with `open`. */
export function countOpenMonths(before: Float64Array, open: ArrayLike<boolean | number>): Float64Array {
  const out = Float64Array.from(before);
  for (let j = 0; j < out.length; j++) if (open[j]) out[j]++;
  return out;
}

/**
 * One month's outlet figures from the running figures before (`prev`, null for the first month)
 * and after it, with the months open before and after. Capacity is counters × open minutes a day ×
 * days a month, per outlet (0 for partners: no counters that queue).
 */
export function monthOfOutlets(
  prev: OutletRunning | null, cur: OutletRunning,
  openBefore: Float64Array, openAfter: Float64Array, capacity: ArrayLike<number>,
): OutletMonth {
  const n = openAfter.length;
  const out: OutletMonth = { transactions: new Float64Array(n), utilization: new Float64Array(n), waitMeanMin: new Float64Array(n) };
  for (let j = 0; j < n; j++) {
    if (!cur.open[j] || openAfter[j] === openBefore[j]) continue; // closed this month
    const a = openBefore[j], b = openAfter[j];
    const txBefore = prev ? prev.transactions[j] * a : 0;
    out.transactions[j] = Math.max(0, cur.transactions[j] * b - txBefore);
    const cap = capacity[j];
    if (!(cap > 0)) continue;
    const busyBefore = prev ? prev.utilization[j] * cap * a : 0;
    const busyAfter = cur.utilization[j] * cap * b;
    const busy = busyAfter - busyBefore;
    if (!(busy > 0)) continue;
    out.utilization[j] = Math.min(1, busy / cap);
    const waitBefore = prev ? prev.waitMeanMin[j] * busyBefore : 0;
    out.waitMeanMin[j] = Math.max(0, (cur.waitMeanMin[j] * busyAfter - waitBefore) / busy);
  }
  return out;
}

/** Mean counter time (min) of the transactions own stores completed: rows services, column ownStore. */
export function meanCounterMin(serviceChannel: ReadonlyArray<ArrayLike<number>>, counterMin: ArrayLike<number>, ownStore: number): number {
  let n = 0, t = 0;
  for (let sv = 0; sv < serviceChannel.length && sv < counterMin.length; sv++) {
    const c = serviceChannel[sv][ownStore] ?? 0;
    n += c;
    t += c * counterMin[sv];
  }
  return n > 0 ? t / n : 0;
}

/** Mean people waiting at each outlet over its open hours (Little's law; 0 where there is no counter). */
export function queueLengths(month: OutletMonth, counters: ArrayLike<number>, meanServiceMin: number): Float32Array {
  const n = month.utilization.length;
  const out = new Float32Array(n);
  if (!(meanServiceMin > 0)) return out;
  for (let j = 0; j < n; j++) {
    const lambda = (month.utilization[j] * counters[j]) / meanServiceMin;
    out[j] = lambda * month.waitMeanMin[j];
  }
  return out;
}

/**
 * The intraday shape of store arrivals (as in the engine): density ∝ 1 + a·sin(πx) on the open
 * day x ∈ [0, 1], normalised to mean 1 — the factor by which the queue at time x exceeds its mean.
 * Arrivals and queue are taken to rise and fall together (a stationary approximation).
 */
export function intradayFactor(x: number, peakiness: number): number {
  const xc = x < 0 ? 0 : x > 1 ? 1 : x;
  return (1 + peakiness * Math.sin(Math.PI * xc)) / (1 + (2 * peakiness) / Math.PI);
}
