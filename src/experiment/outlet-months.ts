/**
 * One month of a replication's outlets and the counter queues it implies: what the training view
 * animates (workers/training.worker.ts ticks the engine a month at a time and asks for the month
 * just simulated). The month's own figures are the engine's (ReplicationResult.outletMonths, city
 * scale: agents' shadow arrivals queue too); the queue is Little's law over the open hours:
 *
 *   utilisation      ρ  = busy counter minutes / (counters staffed that month · open minutes a day · days)
 *   mean wait        W  = Σ waits / arrivals
 *   people waiting   Lq = λ·W = Σ waits / (open minutes a day · days)    λ: arrivals per open minute
 *
 * the time-average number waiting over the month's open hours (Little 1961).
 */
import type { Scenario } from '../model/scenario.ts';
import type { ReplicationResult } from '../model/types.ts';

/** One month's figures per outlet, in the region's order. */
export interface OutletMonth {
  /** the month's completed transactions */
  transactions: Float64Array;
  /** the month's counter utilisation, 0–1 (own stores; 0 for partners) */
  utilization: Float64Array;
  /** the month's mean counter wait, min (own stores) */
  waitMeanMin: Float64Array;
  /** mean people waiting at the counters over the open hours (0 where there is no counter) */
  queue: Float32Array;
}

/**
 * The figures of month `month` (1-based) of a replication's outlets, from its result after that month.
 * @param outlets the region's outlets: own stores queue at their counters over their open hours, partners do not
 * @throws {RangeError} for a month the result does not hold yet
 */
export function outletMonth(
  r: Pick<ReplicationResult, 'outletMonths'>,
  month: number,
  outlets: ReadonlyArray<{ kind: 'own' | 'partner'; counters: number; openHours: number }>,
  s: Pick<Scenario, 'simulation'>,
): OutletMonth {
  const om = r.outletMonths;
  const n = outlets.length;
  if (!(Number.isInteger(month) && month >= 1 && month * om.outlets <= om.transactions.length)) {
    throw new RangeError(`outletMonth: month ${month} is not in the result (${om.transactions.length / Math.max(1, om.outlets)} months)`);
  }
  const at = (month - 1) * om.outlets;
  const out: OutletMonth = { transactions: new Float64Array(n), utilization: new Float64Array(n), waitMeanMin: new Float64Array(n), queue: new Float32Array(n) };
  for (let j = 0; j < n; j++) {
    const o = outlets[j];
    out.transactions[j] = om.transactions[at + j];
    if (o.kind !== 'own' || !om.open[at + j]) continue;
    const openMin = o.openHours * 60 * s.simulation.daysPerMonth;
    // staffing follows demand: the month's own staffed counters, not the store's full number
    const counters = om.counters[at + j];
    if (openMin > 0 && counters > 0) out.utilization[j] = Math.min(1, om.busyMin[at + j] / (counters * openMin));
    if (om.waits[at + j] > 0) out.waitMeanMin[j] = om.waitSumMin[at + j] / om.waits[at + j];
    if (openMin > 0) out.queue[j] = om.waitSumMin[at + j] / openMin;
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
