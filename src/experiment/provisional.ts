/**
 * Provisional KPIs while a run is on: each KPI's mean over the replication-months simulated so
 * far — the months the running replications have reported and every month of the finished ones —
 * so that the workbench shows figures within a second of Run and sharpens them as months arrive.
 *
 *   provisional_k = Σ x_{k,r,m} / n_k   over the replication-months (r, m) where x_{k,r,m} has
 *                                       data (a month without visits has no wait: NaN)
 *
 * The final figure (aggregate.ts) is the mean over replications of each replication's monthly
 * mean; the two are the same once every replication has all its months (and every month has
 * data). Before that the figure leans on the months simulated first, which differ from the later
 * ones where adoption grows or an outlet closes mid-run: it is provisional, shown as such with
 * the replication-months it rests on, and has no interval.
 */
import { KPIS, type KpiName } from '../model/kpis.ts';
import type { ReplicationResult } from '../model/types.ts';

/** One month's KPI values of one replication, as a replication worker reports them. */
export type MonthKpis = Record<KpiName, number>;

/** Month `month`'s (1-based) KPI values of a replication's result so far. */
export function monthKpis(r: ReplicationResult, month: number): MonthKpis {
  return Object.fromEntries(KPIS.map((k) => [k, r.monthly[k][month - 1]])) as MonthKpis;
}

export interface ProvisionalKpis {
  /** each KPI's mean over the replication-months with data; null while none has */
  kpis: Record<KpiName, number | null>;
  /** replication-months the figures rest on, and in the whole run */
  replicationMonths: number;
  replicationMonthsTotal: number;
  /** replications with at least one month in, those finished, and those of the run */
  replications: number;
  replicationsDone: number;
  replicationsTotal: number;
}

/** Months reported so far by the replications of one run, folded into provisional KPIs. */
export interface ProvisionalTally {
  /**
   * Month `month` (1-based) of `replication`. Months arrive in order; a month already counted, or
   * one of a finished replication (its report can arrive after the result), is ignored.
   */
  month(replication: number, month: number, kpis: MonthKpis): void;
  /** A finished replication: its months are those of its result from now on. */
  finished(result: ReplicationResult): void;
  /** The figures now (null before any month arrived). */
  summary(): ProvisionalKpis | null;
}

/**
 * A tally for a run of `replications` replications of `months` months each.
 * @throws {RangeError} unless both are positive integers
 */
export function provisionalTally(replications: number, months: number): ProvisionalTally {
  if (!(Number.isInteger(replications) && replications >= 1 && Number.isInteger(months) && months >= 1)) {
    throw new RangeError(`provisionalTally requires positive integer replications and months, got ${replications} and ${months}`);
  }
  const K = KPIS.length;
  // per replication: months counted, whether finished, and each KPI's sum and count of months with data
  const reps = new Map<number, { months: number; done: boolean; sum: Float64Array; n: Uint32Array }>();
  const entry = (r: number) => {
    let e = reps.get(r);
    if (!e) reps.set(r, (e = { months: 0, done: false, sum: new Float64Array(K), n: new Uint32Array(K) }));
    return e;
  };
  const add = (e: { sum: Float64Array; n: Uint32Array }, k: number, x: number) => {
    if (Number.isNaN(x)) return;
    e.sum[k] += x;
    e.n[k]++;
  };
  return {
    month(replication, month, kpis) {
      const e = entry(replication);
      if (e.done || month <= e.months) return;
      e.months = month;
      KPIS.forEach((kpi, k) => add(e, k, kpis[kpi]));
    },
    finished(result) {
      const e = entry(result.replication);
      e.done = true;
      e.months = result.months;
      e.sum.fill(0);
      e.n.fill(0);
      KPIS.forEach((kpi, k) => {
        for (const x of result.monthly[kpi]) add(e, k, x);
      });
    },
    summary() {
      let replicationMonths = 0, replicationsIn = 0, replicationsDone = 0;
      const sum = new Float64Array(K), n = new Float64Array(K);
      for (const e of reps.values()) {
        if (e.months === 0) continue;
        replicationMonths += e.months;
        replicationsIn++;
        if (e.done) replicationsDone++;
        for (let k = 0; k < K; k++) {
          sum[k] += e.sum[k];
          n[k] += e.n[k];
        }
      }
      if (replicationMonths === 0) return null;
      const kpis = Object.fromEntries(KPIS.map((kpi, k) => [kpi, n[k] > 0 ? sum[k] / n[k] : null])) as Record<KpiName, number | null>;
      return { kpis, replicationMonths, replicationMonthsTotal: replications * months, replications: replicationsIn, replicationsDone, replicationsTotal: replications };
    },
  };
}
