/**
 * Closure planning (网点关停): which outlets to close for a saving target (or a count) with the
 * least loss of revenue and customers, under limits on the churn increase and on the share of
 * customers beyond a travel time to any own store.
 *
 * 1. Rank. The base runs once; each open outlet gets its efficiency class (seed 004: low under 20
 *    new lines a month, mid below its kind's mean revenue, high) and a static score: fixed cost
 *    saved per CNY of its home customers' revenue. The best-scored form a shortlist (own stores
 *    for a saving target, since a partner's cost moves with its customers; both kinds for a
 *    count, with at least as many own stores as the count).
 * 2. Marginal value. Each shortlisted outlet is closed alone, on common random numbers with the
 *    base: saving (closureSaving: the fall in channelCost less the commissions 酬金 of the sales
 *    lost), revenue loss and churn increase, all as monthly means over the months the closures
 *    apply (fromMonth…M).
 * 3. Greedy. Outlets are added by saving per CNY of revenue lost (a count: by saving − loss) while
 *    the estimated churn increase and the travel limit allow, until the target is met; the set is
 *    then simulated.
 * 4. Local improvement. Removals, swaps and additions are ranked by the set's simulated figures
 *    corrected with the single-closure deltas; the best few (one per worker) are simulated
 *    together and the best simulated improvement is kept, until two batches in a row bring none,
 *    no untried neighbour is left, or the evaluation budget is spent.
 *
 * A set is feasible when its mean simulated saving ≥ the target, its mean churn increase ≤ the
 * limit and its travel share ≤ the limit; among feasible sets the least revenue loss wins (a count:
 * the largest saving − revenue loss). Revenue lost is ARPU-weighted customers lost, so it is the
 * measure of "revenue and customers" together.
 */
import type { KpiName } from '../../model/kpis.ts';
import { storeFixedCost } from '../../model/money.ts';
import { buildRegion, type Region } from '../../model/region.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import { parseScenario } from '../../model/validate.ts';
import { outletSummaries, type EfficiencyClass } from '../aggregate.ts';
import { ExperimentError, invalid, problem } from '../errors.ts';
import { dotted } from '../paths.ts';
import { allDeltas, estimate, evaluator, kpiOver, pairedDelta, type Estimate, type LeverOptions } from './evaluate.ts';
import { shareBeyond } from './reach.ts';

export interface PlanClosuresOptions extends LeverOptions {
  /** target saving, CNY/month (closureSaving: reduction in channelCost less the commissions of sales lost) */
  saving?: number;
  /** or: close exactly this many outlets */
  close?: number;
  /** limit on the increase of churnRateMonthly (share per month, absolute) */
  maxChurnIncrease?: number;
  /** limit on the share of customers beyond limitMin of any own store */
  travel?: { limitMin: number; maxShareBeyond: number };
  /** outlets simulated one by one (default 8) */
  shortlist?: number;
  /** set evaluations after the single closures (default 8) */
  maxEvaluations?: number;
}

/** One outlet in the ranking. */
export interface RankedOutlet {
  id: string;
  name: string;
  kind: 'own' | 'partner';
  efficiencyClass: EfficiencyClass;
  newLines: number;
  revenue: number;
  transactions: number;
  /** fixed monthly cost of an own store (rent, staff, kiosks, floor guides); 0 for partners */
  fixedCost: number;
  /** fixed cost saved per CNY of its home customers' revenue (higher: a better closure) */
  score: number;
  shortlisted: boolean;
  /** marginal value, simulated for the shortlist: closing it alone, vs the base */
  single?: { saving: Estimate; revenueLoss: Estimate; churnIncrease: Estimate };
}

/** A simulated set of closures. */
export interface EvaluatedSet {
  ids: string[];
  saving: Estimate;
  revenueLoss: Estimate;
  churnIncrease: Estimate;
  shareBeyond: number | null;
  feasible: boolean;
  /** the target and limits the set breaks */
  violates: Limit[];
}

/** The target and limits a set of closures must meet, by the options that set them. */
export type Limit = 'saving' | 'maxChurnIncrease' | 'maxBeyondMin';

export interface ClosurePlan {
  closed: string[];
  /** what was asked: a saving target (CNY/month) or a count */
  asked: { saving: number } | { close: number };
  /** mean simulated saving, CNY/month */
  saving: number;
  deltas: Record<KpiName, Estimate>;
  flows: Record<string, Record<string, number>>;
  /** extras */
  alreadyClosed: string[];
  fromMonth: number;
  months: number;
  replications: number;
  seed: number;
  ranking: RankedOutlet[];
  tried: EvaluatedSet[];
  best: EvaluatedSet;
  shareBeyondBase: number | null;
  evaluations: number;
  /** the replications of the base and of the chosen set (the decision report's charts) */
  runs: { base: ReplicationResult[]; closed: ReplicationResult[] };
}

/** Batches of neighbours in a row that may fail to improve before the search stops. */
const STALE_BATCHES = 2;

/**
 * Choose outlets to close.
 * @throws {ExperimentError} for bad options, or naming the target or limit no set meets
 */
export async function planClosures(base: Scenario, o: PlanClosuresOptions): Promise<ClosurePlan> {
  const mode = checkOptions(base, o);
  const F = base.levers.closures.fromMonth;
  const already = new Set(base.levers.closures.outlets);
  const region = buildRegion(base);
  const ev = evaluator(base, o);
  const churnLimit = o.maxChurnIncrease ?? Infinity;
  const beyond = (ids: Iterable<string>) => (o.travel ? shareBeyond(region, new Set([...already, ...ids]), base.region.accessMin, o.travel.limitMin) : null);
  const beyondBase = beyond([]);
  if (o.travel && beyondBase! > o.travel.maxShareBeyond) {
    throw invalid('maxBeyondMin', 'alreadyExceeded', { limit: o.travel.maxShareBeyond, share: beyondBase!, limitMin: o.travel.limitMin });
  }
  const travelOk = (ids: Iterable<string>) => !o.travel || beyond(ids)! <= o.travel.maxShareBeyond;

  // 1. Rank
  const [baseRuns] = await ev.run([base]);
  const ranking = rank(base, region, baseRuns, already);
  const K = Math.max(1, o.shortlist ?? 8);
  const pool = ranking.filter((r) => travelOk([r.id]));
  // A count holds at least that many own stores: a partner's closure saves next to nothing (its
  // commissions move with its customers), so a count filled with partners is never the best.
  const ownForCount = mode.kind === 'close' ? Math.max(Math.ceil(K / 2), Math.min(mode.count, K)) : K;
  const shortlist = mode.kind === 'saving'
    ? pool.filter((r) => r.kind === 'own').slice(0, K)
    : [...pool.filter((r) => r.kind === 'own').slice(0, ownForCount), ...pool.filter((r) => r.kind === 'partner').slice(0, K - ownForCount)];
  if (mode.kind === 'close' && shortlist.length < mode.count) {
    throw invalid('close', 'shortlistTooShort', { count: mode.count, available: shortlist.length, travel: o.travel !== undefined });
  }
  if (shortlist.length === 0) throw invalid('saving', 'nothingToClose', { travel: o.travel !== undefined });

  // 2. Marginal value of each shortlisted outlet
  for (const r of shortlist) r.shortlisted = true;
  const sets = new Map<string, EvaluatedSet>();
  const runsOf = new Map<string, ReplicationResult[]>();
  const evaluate = async (candidates: string[][]) => {
    const fresh = unique(candidates.map(sorted).filter((ids) => !sets.has(key(ids))));
    const runs = await ev.run(fresh.map((ids) => withClosures(base, ids)));
    fresh.forEach((ids, i) => sets.set(key(ids), judge(ids, runs[i])));
    fresh.forEach((ids, i) => runsOf.set(key(ids), runs[i]));
    return candidates.map((ids) => sets.get(key(sorted(ids)))!);
  };
  const judge = (ids: string[], runs: ReplicationResult[]): EvaluatedSet => {
    const saving = closureSaving(baseRuns, runs, F);
    const revenueLoss = neg(pairedDelta(baseRuns, runs, 'revenue', F));
    const churnIncrease = pairedDelta(baseRuns, runs, 'churnRateMonthly', F);
    const share = beyond(ids);
    const violates: Limit[] = [];
    if (mode.kind === 'saving' && saving.mean < mode.saving) violates.push('saving');
    if (churnIncrease.mean > churnLimit) violates.push('maxChurnIncrease');
    if (o.travel && share! > o.travel.maxShareBeyond) violates.push('maxBeyondMin');
    return { ids, saving, revenueLoss, churnIncrease, shareBeyond: share, feasible: violates.length === 0, violates };
  };
  const singles = await evaluate(shortlist.map((r) => [r.id]));
  const single = new Map(shortlist.map((r, i) => [r.id, singles[i]]));
  for (const r of shortlist) {
    const s = single.get(r.id)!;
    r.single = { saving: s.saving, revenueLoss: s.revenueLoss, churnIncrease: s.churnIncrease };
  }

  // 3. Greedy on the single-closure estimates
  const ids = shortlist.map((r) => r.id);
  const est = (set: readonly string[], anchor?: EvaluatedSet, removed: readonly string[] = [], added: readonly string[] = []) => {
    // A set's figures: simulated for an anchor set, corrected by the singles of what changed.
    const sum = (f: (e: EvaluatedSet) => number) => (anchor
      ? f(anchor) - removed.reduce((a, x) => a + f(single.get(x)!), 0) + added.reduce((a, x) => a + f(single.get(x)!), 0)
      : set.reduce((a, x) => a + f(single.get(x)!), 0));
    return { saving: sum((e) => e.saving.mean), loss: sum((e) => e.revenueLoss.mean), churn: sum((e) => e.churnIncrease.mean) };
  };
  const greedy = (limitChurn: number, limitTravel: boolean): string[] => {
    const set: string[] = [];
    const order = mode.kind === 'saving'
      ? [...ids].sort((a, b) => ratio(single.get(b)!) - ratio(single.get(a)!))
      : [...ids].sort((a, b) => net(single.get(b)!) - net(single.get(a)!));
    for (const x of order) {
      if (mode.kind === 'saving' && est(set).saving >= mode.saving) break;
      if (mode.kind === 'close' && set.length >= mode.count) break;
      if (mode.kind === 'saving' && single.get(x)!.saving.mean <= 0) continue;
      const next = [...set, x];
      if (est(next).churn > limitChurn) continue;
      if (limitTravel && !travelOk(next)) continue;
      set.push(x);
    }
    return set;
  };
  let current = greedy(churnLimit, true);
  if (mode.kind === 'saving' && est(current).saving < mode.saving) {
    const reached = est(current).saving;
    const limit = est(greedy(Infinity, true)).saving >= mode.saving ? 'maxChurnIncrease' : est(greedy(Infinity, false)).saving >= mode.saving ? 'maxBeyondMin' : null;
    if (limit) throw invalid(limit, 'limitBlocksSaving', { limit: limitValue(limit, o, mode), saving: mode.saving, reached });
    throw invalid('saving', 'savingOutOfReach', { saving: mode.saving, reached, shortlist: shortlist.length, limited: o.travel !== undefined || o.maxChurnIncrease !== undefined });
  }
  if (mode.kind === 'close' && current.length < mode.count) {
    const limit = greedy(Infinity, true).length >= mode.count ? 'maxChurnIncrease' : 'maxBeyondMin';
    throw invalid(limit, 'limitBlocksCount', { limit: limitValue(limit, o, mode), count: mode.count, shortlist: shortlist.length });
  }
  let [now] = await evaluate([current]);
  let best = now;

  // 4. Local improvement: neighbours ranked on anchored estimates, the best few simulated
  const budget = Math.max(0, o.maxEvaluations ?? 8);
  const width = Math.max(2, o.pool.size);
  let spent = 0, stale = 0;
  while (spent < budget && stale < STALE_BATCHES) {
    const moves: Array<{ set: string[]; score: number }> = [];
    const outside = ids.filter((x) => !current.includes(x));
    const consider = (removed: string[], added: string[]) => {
      const set = sorted([...current.filter((x) => !removed.includes(x)), ...added]);
      if (set.length === 0 || sets.has(key(set))) return;
      if (mode.kind === 'close' && set.length !== mode.count) return;
      if (!travelOk(set)) return;
      const e = est(set, now, removed, added);
      const violation = (mode.kind === 'saving' ? Math.max(0, mode.saving - e.saving) / Math.max(1, mode.saving) : 0)
        + (Number.isFinite(churnLimit) ? Math.max(0, e.churn - churnLimit) / Math.max(1e-6, Math.abs(churnLimit) || 1e-3) : 0);
      moves.push({ set, score: violation > 0 ? 1e12 * violation + e.loss : mode.kind === 'saving' ? e.loss : -(e.saving - e.loss) });
    };
    for (const x of current) {
      if (mode.kind === 'saving') consider([x], []);
      for (const y of outside) consider([x], [y]);
    }
    if (mode.kind === 'saving') for (const y of outside) consider([], [y]);
    if (moves.length === 0) break;
    moves.sort((a, b) => a.score - b.score);
    const batch = moves.slice(0, Math.min(width, budget - spent)).map((m) => m.set);
    const results = await evaluate(batch);
    spent += batch.length;
    const winner = results.reduce((a, b) => (better(b, a, mode) ? b : a), now);
    if (winner === now) { stale++; continue; }
    stale = 0;
    now = winner;
    current = winner.ids;
    if (better(now, best, mode)) best = now;
  }
  if (!best.feasible) {
    throw new ExperimentError(best.violates.map((v) => problem(v, 'noFeasibleSet', {
      limit: limitValue(v, o, mode), ids: best.ids, saving: best.saving.mean, loss: best.revenueLoss.mean, churn: best.churnIncrease.mean,
    })));
  }
  const bestRuns = runsOf.get(key(best.ids))!;
  return {
    closed: best.ids,
    asked: mode.kind === 'saving' ? { saving: mode.saving } : { close: mode.count },
    saving: best.saving.mean,
    deltas: allDeltas(baseRuns, bestRuns, F),
    flows: flowsOf(bestRuns, best.ids),
    alreadyClosed: [...already],
    fromMonth: F,
    months: base.simulation.months,
    replications: ev.replications,
    seed: ev.seed,
    ranking,
    tried: [...sets.values()],
    best,
    shareBeyondBase: beyondBase,
    evaluations: ev.evaluations,
    runs: { base: baseRuns, closed: bestRuns },
  };
}

/**
 * The monthly saving of a closure, paired replication by replication (months from…M):
 *
 *   saving = −Δ channelCost − c₀ · (N₀ − N₁)      c₀ = base commissions ÷ base new lines
 *
 * channelCost includes the commissions 酬金, so its fall alone counts the commission of every sale
 * the closure loses as a saving; a sale not made saves its commission only by losing the line's
 * contribution (its revenue is in the revenue loss). Taking back c₀ per new line lost leaves the
 * fixed and running costs saved plus the commission saved on the sales kept (N₁ · (c₀ − c₁): a
 * sale moved from a partner to an own store or the app pays less). Sales gained cost c₀ each.
 */
export function closureSaving(base: readonly ReplicationResult[], closed: readonly ReplicationResult[], fromMonth: number): Estimate {
  if (base.length !== closed.length) throw new RangeError(`closureSaving: ${base.length} and ${closed.length} replications cannot be paired`);
  return estimate(closed.map((r, i) => {
    const b = base[i], n0 = kpiOver(b, 'newLines', fromMonth), n1 = kpiOver(r, 'newLines', fromMonth);
    const perLine = n0 > 0 ? kpiOver(b, 'commissionSpend', fromMonth) / n0 : 0;
    return kpiOver(b, 'channelCost', fromMonth) - kpiOver(r, 'channelCost', fromMonth) - perLine * (n0 - n1);
  }));
}

/** The base scenario with more outlets closed (from the scenario's fromMonth). */
export function withClosures(base: Scenario, ids: readonly string[]): Scenario {
  const outlets = [...new Set([...base.levers.closures.outlets, ...ids])];
  const parsed = parseScenario({ ...base, levers: { ...base.levers, closures: { ...base.levers.closures, outlets } } });
  if (!parsed.ok) throw new ExperimentError(parsed.problems.map((p) => problem('close', 'refused', { value: ids.join(', '), reason: p.message, scenario: { code: p.code, values: p.values } }, dotted(p.path))));
  return parsed.scenario;
}

/**
 * Where each closed outlet's home customers went, averaged over replications: destination channel
 * or "lost" (churned before using any channel again) → share, each outlet's shares summing to 1.
 * Replications in which none of its customers had moved yet are left out of its average.
 */
export function flowsOf(runs: readonly ReplicationResult[], ids: readonly string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const id of ids) {
    const acc: Record<string, number> = {};
    let n = 0;
    for (const r of runs) {
      const f = r.closureFlows[id];
      if (!f) continue;
      const total = Object.values(f).reduce((a, b) => a + b, 0);
      if (!(total > 0)) continue;
      n++;
      for (const [dest, share] of Object.entries(f)) acc[dest] = (acc[dest] ?? 0) + share / total;
    }
    out[id] = Object.fromEntries(Object.entries(acc).map(([d, v]) => [d, n > 0 ? v / n : 0]));
  }
  return out;
}

/** Open outlets not already closed, best closure candidates first: class low → high, then score. */
export function rank(s: Scenario, region: Region, runs: readonly ReplicationResult[], already: ReadonlySet<string>): RankedOutlet[] {
  const summaries = outletSummaries(runs);
  const order: Record<EfficiencyClass, number> = { low: 0, mid: 1, high: 2 };
  return summaries
    .filter((o) => o.open && !already.has(o.id))
    .map((o) => {
      const spec = region.outlets.find((x) => x.id === o.id)!;
      const fixedCost = o.kind === 'own' ? storeFixedCost(s, spec) : 0;
      return {
        id: o.id, name: o.name, kind: o.kind, efficiencyClass: o.efficiencyClass,
        newLines: o.newLines, revenue: o.revenue, transactions: o.transactions,
        fixedCost, score: fixedCost / Math.max(1, o.revenue), shortlisted: false,
      };
    })
    .sort((a, b) => order[a.efficiencyClass] - order[b.efficiencyClass] || b.score - a.score || a.revenue - b.revenue);
}

function checkOptions(base: Scenario, o: PlanClosuresOptions): Mode {
  if ((o.saving === undefined) === (o.close === undefined)) throw invalid('saving', 'savingOrClose', { given: o.saving === undefined ? 'neither' : 'both' });
  checkClosuresApply(base);
  if (o.maxChurnIncrease !== undefined && !Number.isFinite(o.maxChurnIncrease)) throw invalid('maxChurnIncrease', 'notANumber', { given: String(o.maxChurnIncrease) });
  if (o.travel && !(o.travel.maxShareBeyond >= 0 && o.travel.maxShareBeyond <= 1)) throw invalid('maxBeyondMin', 'shareRange', { value: o.travel.maxShareBeyond });
  if (o.travel && !(o.travel.limitMin >= 0)) throw invalid('travelLimitMin', 'negative', { value: o.travel.limitMin });
  if (o.saving !== undefined) {
    if (!(o.saving > 0 && Number.isFinite(o.saving))) throw invalid('saving', 'notPositive', { value: o.saving });
    return { kind: 'saving', saving: o.saving };
  }
  if (!(Number.isInteger(o.close) && o.close! >= 1)) throw invalid('close', 'integerRange', { value: o.close!, min: 1, max: null });
  return { kind: 'close', count: o.close! };
}

/**
 * Closures start within the run (levers.closures.fromMonth ≤ simulation.months).
 * @throws {ExperimentError} `afterLastMonth` when they would never apply
 */
export function checkClosuresApply(s: Scenario): void {
  const month = s.levers.closures.fromMonth;
  if (month > s.simulation.months) throw invalid('scenario', 'afterLastMonth', { month, months: s.simulation.months }, 'levers.closures.fromMonth');
}

type Mode = { kind: 'saving'; saving: number } | { kind: 'close'; count: number };

// a better than b: feasible first; then least revenue loss (saving) or largest saving − loss (count);
// between infeasible sets, the smaller violation.
function better(a: EvaluatedSet, b: EvaluatedSet, mode: Mode): boolean {
  if (a.feasible !== b.feasible) return a.feasible;
  if (!a.feasible) {
    const v = (e: EvaluatedSet) => e.violates.length + (mode.kind === 'saving' ? Math.max(0, mode.saving - e.saving.mean) / mode.saving : 0);
    if (v(a) !== v(b)) return v(a) < v(b);
  }
  return mode.kind === 'saving' ? a.revenueLoss.mean < b.revenueLoss.mean : net(a) > net(b);
}

function ratio(e: EvaluatedSet): number {
  return e.saving.mean / Math.max(1, e.revenueLoss.mean);
}

function net(e: EvaluatedSet): number {
  return e.saving.mean - e.revenueLoss.mean;
}

// The value the options give a target or limit.
function limitValue(limit: Limit, o: PlanClosuresOptions, mode: Mode): number {
  if (limit === 'saving') return mode.kind === 'saving' ? mode.saving : NaN;
  return limit === 'maxChurnIncrease' ? o.maxChurnIncrease! : o.travel!.maxShareBeyond;
}

function neg(e: Estimate): Estimate {
  return { mean: -e.mean, ci95: [-e.ci95[1], -e.ci95[0]] };
}

function sorted(ids: readonly string[]): string[] {
  return [...ids].sort();
}

function key(ids: readonly string[]): string {
  return ids.join(',');
}

function unique(sets: string[][]): string[][] {
  const seen = new Set<string>();
  return sets.filter((s) => (seen.has(key(s)) ? false : (seen.add(key(s)), true)));
}

