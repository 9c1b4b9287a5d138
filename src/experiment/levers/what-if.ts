/**
 * A closure what-if (网点关停假设): a chosen set of outlets closed against the same scenario with
 * none closed, on common random numbers, so that every difference is paired
 * replication by replication. Figures are monthly means over the months the closures apply
 * (levers.closures.fromMonth…M), as plan-closures reports them: the saving is the fall in
 * channelCost less the commissions 酬金 of the sales lost (closures.ts closureSaving), the revenue
 * loss the fall in revenue.
 *
 * It also ranks every outlet open in the no-closure run (efficiency class of seed 004, then fixed
 * cost saved per CNY of revenue: closures.ts rank()), and gives where each closed outlet's home
 * customers went (flowsOf), weighted by the outlet's monthly transactions before the closure.
 * The workbench runs it on the outlets closed on the map; `channel-lab what-if` on --close.
 */
import type { KpiName } from '../../model/kpis.ts';
import { buildRegion } from '../../model/region.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import { parseScenario } from '../../model/validate.ts';
import { invalid } from '../errors.ts';
import { checkClosuresApply, closureSaving, flowsOf, rank, withClosures, type RankedOutlet } from './closures.ts';
import { allDeltas, evaluator, type Estimate, type LeverOptions } from './evaluate.ts';
import { shareBeyond } from './reach.ts';

export interface WhatIfOptions extends LeverOptions {
  /** also report the share of customers beyond this travel time (min) of an open own store */
  travelLimitMin?: number;
}

export interface ClosureWhatIf {
  closed: string[];
  fromMonth: number;
  months: number;
  replications: number;
  seed: number;
  /** closed minus none closed, every KPI, over months fromMonth…M */
  deltas: Record<KpiName, Estimate>;
  saving: Estimate;
  revenueLoss: Estimate;
  flows: Record<string, Record<string, number>>;
  /** monthly transactions of each closed outlet with none closed (the flow diagram's weights) */
  weights: Record<string, number>;
  names: Record<string, string>;
  /** every outlet open with none closed, best closure candidates first */
  ranking: RankedOutlet[];
  /** share of customers beyond travelLimitMin of an open own store: none closed, and with the set closed */
  beyond: { limitMin: number; none: number; closed: number } | null;
  evaluations: number;
  /** the replications with none closed and with the set closed (the decision report's charts) */
  runs: { base: ReplicationResult[]; closed: ReplicationResult[] };
}

/**
 * Simulate the scenario with `ids` closed and with no outlet closed.
 * @throws {ExperimentError} when ids is empty, the travel limit is negative, the closures would
 *   start after the last month, or (from withClosures) for an id the scenario does not have
 */
export async function closureWhatIf(base: Scenario, ids: readonly string[], o: WhatIfOptions): Promise<ClosureWhatIf> {
  if (ids.length === 0) throw invalid('close', 'required', {});
  if (o.travelLimitMin !== undefined && !(o.travelLimitMin >= 0)) throw invalid('travelLimitMin', 'negative', { value: o.travelLimitMin });
  checkClosuresApply(base);
  const F = base.levers.closures.fromMonth;
  const none = withoutClosures(base);
  const closedSet = withClosures(none, ids);
  const ev = evaluator(base, o);
  const [noneRuns, closedRuns] = await ev.run([none, closedSet]);
  const deltas = allDeltas(noneRuns, closedRuns, F);
  const ranking = rank(none, buildRegion(none), noneRuns, new Set());
  const weights: Record<string, number> = {};
  const names: Record<string, string> = {};
  for (const r of ranking) if (ids.includes(r.id)) { weights[r.id] = r.transactions; names[r.id] = r.name; }
  let beyond: ClosureWhatIf['beyond'] = null;
  if (o.travelLimitMin !== undefined) {
    const region = buildRegion(none);
    beyond = {
      limitMin: o.travelLimitMin,
      none: shareBeyond(region, new Set(), none.region.accessMin, o.travelLimitMin),
      closed: shareBeyond(region, new Set(ids), none.region.accessMin, o.travelLimitMin),
    };
  }
  return {
    closed: [...ids], fromMonth: F, months: base.simulation.months, replications: ev.replications, seed: ev.seed,
    deltas, saving: closureSaving(noneRuns, closedRuns, F), revenueLoss: negate(deltas.revenue),
    flows: flowsOf(closedRuns, ids), weights, names, ranking, beyond, evaluations: ev.evaluations,
    runs: { base: noneRuns, closed: closedRuns },
  };
}

/** The scenario with its closures lever emptied. */
export function withoutClosures(base: Scenario): Scenario {
  const parsed = parseScenario({ ...base, levers: { ...base.levers, closures: { ...base.levers.closures, outlets: [] } } });
  if (!parsed.ok) throw new RangeError(`withoutClosures: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  return parsed.scenario;
}

function negate(e: Estimate): Estimate {
  return { mean: -e.mean, ci95: [-e.ci95[1], -e.ci95[0]] };
}
