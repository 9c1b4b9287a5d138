/**
 * Evaluating scenarios on common random numbers (CRN), the step every lever tool repeats: each
 * scenario runs replications 0…n−1 with one seed, so the engine's streams (seed, replication,
 * month, purpose) are shared and the difference between two scenarios is paired replication by
 * replication (Law, Simulation Modeling and Analysis, §11.2). A search thus moves along one
 * realisation of the model, and the noise left in a paired difference is only the part the
 * lever itself causes.
 *
 * Several scenarios go to the pool as one batch so every worker stays busy; progress is reported
 * cumulatively over all the batches of a search.
 */
import { KPIS, type KpiName } from '../../model/kpis.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import { AbortedError, type Progress, type ReplicationRunner, type Task } from '../pool.ts';
import { withSimulation } from '../runner.ts';
import { summarize } from '../stats.ts';

/** What every lever tool takes besides its question. */
export interface LeverOptions {
  pool: ReplicationRunner;
  /** replications per evaluated scenario (default: the scenario's) */
  replications?: number;
  /** master seed (default: the scenario's) */
  seed?: number;
  signal?: AbortSignal;
  /** progress in replication-months, cumulative over the search's batches */
  onProgress?: (p: Progress) => void;
}

/** A mean over replications with its t-based 95 % interval. */
export interface Estimate {
  mean: number;
  ci95: [number, number];
}

/** Runs batches of scenarios on CRN and counts the replication-months done so far. */
export interface Evaluator {
  readonly replications: number;
  readonly seed: number;
  /** each scenario's replications 0…n−1, in replication order */
  run(scenarios: readonly Scenario[]): Promise<ReplicationResult[][]>;
  /** scenarios evaluated so far */
  readonly evaluations: number;
}

/**
 * An evaluator for scenarios derived from `base`: every batch uses base's seed (or the option's)
 * and the same replication indices.
 * @throws {AbortedError} from run() when cancelled; a ReplicationError when a replication fails
 */
export function evaluator(base: Scenario, options: LeverOptions): Evaluator {
  const n = options.replications ?? base.simulation.replications;
  const seed = options.seed ?? base.simulation.seed;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`evaluator: replications must be an integer ≥ 1, got ${n}`);
  let done = { monthsDone: 0, replicationsDone: 0 };
  let evaluations = 0;
  return {
    replications: n,
    seed,
    get evaluations() { return evaluations; },
    async run(scenarios) {
      const tasks: Task[] = [];
      for (const s of scenarios) {
        const scenario = withSimulation(s, { seed, replications: n });
        for (let r = 0; r < n; r++) tasks.push({ scenario, replication: r });
      }
      const before = done;
      const batch = await options.pool.run(tasks, {
        signal: options.signal,
        onProgress: options.onProgress && ((p) => options.onProgress!({
          ...p,
          monthsDone: before.monthsDone + p.monthsDone, monthsTotal: before.monthsDone + p.monthsTotal,
          replicationsDone: before.replicationsDone + p.replicationsDone, replicationsTotal: before.replicationsDone + p.replicationsTotal,
        })),
      });
      if (batch.cancelled) throw new AbortedError('cancelled');
      done = {
        monthsDone: before.monthsDone + tasks.reduce((a, t) => a + t.scenario.simulation.months, 0),
        replicationsDone: before.replicationsDone + tasks.length,
      };
      evaluations += scenarios.length;
      return scenarios.map((_, i) => batch.results.slice(i * n, (i + 1) * n) as ReplicationResult[]);
    },
  };
}

/** Mean and 95 % interval of one number per replication. */
export function estimate(values: readonly number[]): Estimate {
  const s = summarize(values);
  return { mean: s.mean, ci95: s.ci95 };
}

/** Half the width of an estimate's interval. */
export function halfWidth(e: Estimate): number {
  return (e.ci95[1] - e.ci95[0]) / 2;
}

/**
 * A KPI's value in one replication averaged over months from…M (1-based): the months a change
 * applies (a closure from its month) rather than the whole run. Months without data (NaN) are left
 * out; NaN when none has data.
 */
export function kpiOver(r: ReplicationResult, kpi: KpiName, fromMonth = 1): number {
  const m = r.monthly[kpi];
  const from = Math.max(0, Math.min(m.length - 1, fromMonth - 1));
  let s = 0, n = 0;
  for (let i = from; i < m.length; i++) if (!Number.isNaN(m[i])) { s += m[i]; n++; }
  return n > 0 ? s / n : NaN;
}

/** A KPI over replications (months from…M), with its interval. */
export function kpiEstimate(rs: readonly ReplicationResult[], kpi: KpiName, fromMonth = 1): Estimate {
  return estimate(rs.map((r) => kpiOver(r, kpi, fromMonth)));
}

/** Paired difference b − a of a KPI, replication by replication (both on the same streams). */
export function pairedDelta(a: readonly ReplicationResult[], b: readonly ReplicationResult[], kpi: KpiName, fromMonth = 1): Estimate {
  if (a.length !== b.length) throw new RangeError(`pairedDelta: ${a.length} and ${b.length} replications cannot be paired`);
  return estimate(b.map((r, i) => kpiOver(r, kpi, fromMonth) - kpiOver(a[i], kpi, fromMonth)));
}

/** Every KPI's paired difference b − a. */
export function allDeltas(a: readonly ReplicationResult[], b: readonly ReplicationResult[], fromMonth = 1): Record<KpiName, Estimate> {
  return Object.fromEntries(KPIS.map((k) => [k, pairedDelta(a, b, k, fromMonth)])) as Record<KpiName, Estimate>;
}
