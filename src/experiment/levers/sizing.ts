/**
 * Counter and hotline sizing from simulated demand, checked by simulation.
 *
 * Store counters (M/M/c, Erlang C): store j's counter arrivals per hour λ_j and mean counter
 * time S come from the simulation; the counters needed are the fewest c with
 *   P(W ≤ T) = 1 − C(c, λ_peak·S)·exp(−(c/S − λ_peak)·T) ≥ 0.9      (serversForWaitQuantile)
 * at the peak-hour rate. The engine spreads a day's arrivals with density ∝ 1 + a·sin(πx) on
 * the opening hours (a = stores.peakiness), whose mean is 1 + 2a/π and whose peak is 1 + a, so
 *   λ_peak = λ_mean · (1 + a) / (1 + 2a/π)           (a = 0.8: factor 1.193).
 * The hotline's calls follow the same profile with its own amplitude (a = hotline.peakiness);
 * its agents are the fewest c with the Erlang C service level
 * 1 − C·exp(−(c/S − λ_peak)·T) ≥ target (85 % within 20 s, seed 002; serversForServiceLevel).
 *
 * Demand per store, derived from ReplicationResult (the engine reports no per-store counter
 * figure): the store's transactions (outletStats.transactions, per month open) include its kiosk
 * transactions and O2O pick-ups; the counter share of them is taken from the city totals,
 *   counter share = (ownStore + pick-ups) / (ownStore + kiosk + pick-ups),
 * and the mean counter time from the service × channel matrix and each service's counterMin
 * (pick-ups take handoffs.pickupMin, a new line 15 min as in the engine). Reneged visits are not
 * in the transactions, so λ is what the counters served; utilisation × counters (the busy
 * Erlangs the engine measured) is reported beside λ·S as a check. Hotline calls offered are the
 * completed calls plus the sensitive cases referred on to a store; callers who hung up and
 * re-chose elsewhere are missing, which the verification by simulation corrects.
 *
 * Verification: the scenario is run again (common random numbers) with the new counters and
 * agents; a store whose simulated p90 wait (whole day) still exceeds the target, or a hotline
 * below its service level, is re-sized from the demand measured in that run (more counters draw
 * more visitors: the Huff term grows with counters) and gets at least one more, for a few rounds.
 */
import { CH } from '../../model/domain.ts';
import { serversForServiceLevel, serversForWaitQuantile } from '../../model/erlang.ts';
import { buildRegion } from '../../model/region.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import { parseScenario } from '../../model/validate.ts';
import { ExperimentError, invalid, problem } from '../errors.ts';
import { dotted, getPath } from '../paths.ts';
import { estimate, evaluator, kpiEstimate, type Estimate, type LeverOptions } from './evaluate.ts';

/** Counter time of a new line at a store, as in the engine's acquisition pseudo-service. */
export const NEW_LINE_COUNTER_MIN = 15;

/** Peak-hour over mean arrival rate of the engine's intraday profile 1 + a·sin(πx). */
export function peakFactor(peakiness: number): number {
  if (!(peakiness >= 0 && peakiness < 1)) throw new RangeError(`peakFactor: peakiness must be in [0, 1), got ${peakiness}`);
  return (1 + peakiness) / (1 + (2 * peakiness) / Math.PI);
}

/** One own store's counter demand, averaged over replications. */
export interface StoreDemand {
  id: string;
  name: string;
  counters: number;
  openHours: number;
  /** counter arrivals per hour over the opening hours (mean rate) */
  arrivalsPerHour: number;
  /** mean counter time, min */
  meanServiceMin: number;
  /** λ·S in Erlang */
  loadErlang: number;
  /** utilisation × counters: the busy Erlangs the engine measured */
  busyErlang: number;
  /** simulated p90 wait, min (mean of monthly p90 over replications) */
  waitP90Min: Estimate;
}

/** Counter demand of every own store open at the end of the run (in most replications). */
export function storeDemand(s: Scenario, rs: readonly ReplicationResult[]): StoreDemand[] {
  const region = buildRegion(s);
  const days = s.simulation.daysPerMonth;
  const mix = counterMix(s, rs);
  const out: StoreDemand[] = [];
  region.outlets.forEach((o, j) => {
    if (o.kind !== 'own') return;
    const at = rs.map((r) => (r.outlets[j]?.id === o.id ? j : r.outlets.findIndex((x) => x.id === o.id)));
    const open = rs.filter((r, k) => at[k] >= 0 && r.outletStats.open[at[k]]).length;
    if (open * 2 < rs.length) return;
    const per = (f: (r: ReplicationResult, k: number) => number) => rs.reduce((a, r, k) => a + f(r, at[k]), 0) / rs.length;
    const arrivalsPerHour = per((r, k) => r.outletStats.transactions[k]) * mix.counterShare / (days * o.openHours);
    out.push({
      id: o.id, name: o.name, counters: o.counters, openHours: o.openHours,
      arrivalsPerHour,
      meanServiceMin: mix.meanServiceMin,
      loadErlang: (arrivalsPerHour * mix.meanServiceMin) / 60,
      busyErlang: per((r, k) => r.outletStats.utilization[k]) * o.counters,
      waitP90Min: estimate(rs.map((r, k) => r.outletStats.waitP90Min[at[k]])),
    });
  });
  return out;
}

/** City-wide share of store transactions that use a counter, and the mean counter time. */
export function counterMix(s: Scenario, rs: readonly ReplicationResult[]): { counterShare: number; meanServiceMin: number } {
  const minutes = [...s.services.map((x) => x.counterMin), NEW_LINE_COUNTER_MIN];
  let counter = 0, kiosk = 0, pickups = 0, work = 0;
  for (const r of rs) {
    r.serviceChannel.forEach((row, sv) => {
      counter += row[CH.ownStore];
      kiosk += row[CH.kiosk];
      work += row[CH.ownStore] * (minutes[sv] ?? NEW_LINE_COUNTER_MIN);
    });
    const p = r.handoffs[CH.web][CH.ownStore] + r.handoffs[CH.app][CH.ownStore];
    pickups += p;
    work += p * s.handoffs.pickupMin;
  }
  const visits = counter + pickups;
  return {
    counterShare: visits + kiosk > 0 ? visits / (visits + kiosk) : 0,
    meanServiceMin: visits > 0 ? work / visits : 1,
  };
}

/** Hotline calls offered per staffed hour (mean rate) and the handling time. */
export function hotlineDemand(s: Scenario, rs: readonly ReplicationResult[]): { callsPerHour: number; ahtMin: number; loadErlang: number } {
  const months = rs[0]?.months ?? s.simulation.months;
  const perMonth = rs.reduce((a, r) => a + r.channels.hotline.transactions + r.handoffs[CH.hotline][CH.ownStore], 0) / rs.length / months;
  const callsPerHour = perMonth / (s.simulation.daysPerMonth * s.hotline.hoursPerDay);
  return { callsPerHour, ahtMin: s.hotline.ahtMin, loadErlang: (callsPerHour * s.hotline.ahtMin) / 60 };
}

/** Fewest counters for p90 wait ≤ t at the peak rate. */
export function countersFor(d: Pick<StoreDemand, 'arrivalsPerHour' | 'meanServiceMin'>, p90Min: number, peak: number): number {
  return serversForWaitQuantile({ arrivalsPerHour: d.arrivalsPerHour * peak, meanServiceMin: d.meanServiceMin, quantile: 0.9, maxWaitMin: p90Min });
}

/** Fewest hotline agents for the service level at the peak rate. */
export function agentsFor(d: { callsPerHour: number; ahtMin: number }, s: Scenario, peak: number): number {
  return serversForServiceLevel({
    arrivalsPerHour: d.callsPerHour * peak, meanServiceMin: d.ahtMin,
    answerWithinS: s.hotline.answerWithinSec, target: Math.min(s.hotline.targetServiceLevel, 0.999999),
  });
}

/**
 * The scenario with new counters for some own stores and (optionally) new hotline agents. Generated
 * outlets are written out as a list with the same ids, places and figures (staff left to follow
 * counters × staffPerCounter, as for generated stores); listed ones keep their own fields.
 */
export function withCapacity(s: Scenario, counters: ReadonlyMap<string, number>, hotlineAgents?: number): Scenario {
  const list = s.outlets.list.length > 0
    ? s.outlets.list.map((o) => (counters.has(o.id) ? { ...o, counters: counters.get(o.id)! } : o))
    // latent partner sites are not written: partners.latentSites makes them again in the same places
    : buildRegion(s).outlets.filter((o) => !o.latent).map((o) => (o.kind === 'own'
      ? { id: o.id, name: o.name, kind: o.kind, x: o.x, y: o.y, counters: counters.get(o.id) ?? o.counters, kiosks: o.kiosks, openHours: o.openHours, rentMonthly: o.rentMonthly, attractiveness: o.attractiveness }
      : { id: o.id, name: o.name, kind: o.kind, x: o.x, y: o.y, counters: o.counters, openHours: o.openHours, attractiveness: o.attractiveness }));
  const next = { ...s, outlets: { ...s.outlets, list }, hotline: { ...s.hotline, agents: hotlineAgents ?? s.hotline.agents } };
  const parsed = parseScenario(next);
  if (!parsed.ok) {
    throw new ExperimentError(parsed.problems.map((p) => problem('scenario', 'refused', { value: String(getPath(next as Scenario, dotted(p.path))), reason: p.message, scenario: { code: p.code, values: p.values } }, dotted(p.path))));
  }
  return parsed.scenario;
}

export interface SizeOptions extends LeverOptions {
  /** p90 store wait target, min */
  storeP90Min: number;
  /** verification rounds after the closed form (default 3) */
  maxRounds?: number;
}

export interface StoreSizing {
  id: string;
  name: string;
  counters: number;
  arrivalsPerHour: number;
  peakArrivalsPerHour: number;
  meanServiceMin: number;
  loadErlang: number;
  busyErlang: number;
  waitP90Min: Estimate;
  /** closed form at the base's demand: the fewest counters meeting the target */
  closedForm: number;
  /** after verification by simulation */
  needed: number;
  /** simulated p90 wait with `needed` counters */
  verifiedP90Min: Estimate;
  meets: boolean;
  /** counters − needed (> 0: counters that can be freed) */
  spare: number;
  /** spare × staffPerCounter */
  spareStaff: number;
}

export interface SizeResult {
  storeP90Min: number;
  peakiness: number;
  peakFactor: number;
  /** stores.staffPerCounter: staff a counter takes (for the staff freed) */
  staffPerCounter: number;
  replications: number;
  seed: number;
  stores: StoreSizing[];
  hotline: {
    agents: number;
    callsPerHour: number;
    /** (1 + a)/(1 + 2a/π) for a = hotline.peakiness */
    peakFactor: number;
    peakCallsPerHour: number;
    ahtMin: number;
    loadErlang: number;
    serviceLevel: Estimate;
    target: number;
    answerWithinSec: number;
    closedForm: number;
    needed: number;
    verifiedServiceLevel: Estimate;
    meets: boolean;
  };
  /** verification runs (each `replications` replications) */
  rounds: number;
  evaluations: number;
  /** the scenario with the counters and agents found */
  scenario: Scenario;
}

/**
 * Size every open own store's counters for the p90 wait target and the hotline for its service
 * level, from the base's simulated demand; verify by simulation and adjust.
 */
export async function sizeCapacity(base: Scenario, o: SizeOptions): Promise<SizeResult> {
  if (!(o.storeP90Min > 0 && Number.isFinite(o.storeP90Min))) throw invalid('storeP90Min', 'notPositive', { value: o.storeP90Min });
  const peak = peakFactor(base.stores.peakiness), callPeak = peakFactor(base.hotline.peakiness);
  const ev = evaluator(base, o);
  const [baseRuns] = await ev.run([base]);
  const demand = storeDemand(base, baseRuns);
  const calls = hotlineDemand(base, baseRuns);
  const closed = new Map(demand.map((d) => [d.id, countersFor(d, o.storeP90Min, peak)]));
  const closedAgents = agentsFor(calls, base, callPeak);
  let counters = new Map(closed);
  let agents = closedAgents;
  let verified: ReplicationResult[] = [];
  let rounds = 0;
  const maxRounds = Math.max(1, o.maxRounds ?? 3);
  let storeCheck = new Map<string, Estimate>();
  let sl: Estimate = { mean: 0, ci95: [0, 0] };
  for (;;) {
    const scenario = withCapacity(base, counters, agents);
    [verified] = await ev.run([scenario]);
    rounds++;
    const now = storeDemand(scenario, verified);
    storeCheck = new Map(now.map((d) => [d.id, d.waitP90Min]));
    sl = kpiEstimate(verified, 'hotlineServiceLevel');
    const failing = now.filter((d) => d.waitP90Min.mean > o.storeP90Min);
    const hotlineFails = sl.mean < base.hotline.targetServiceLevel;
    if ((failing.length === 0 && !hotlineFails) || rounds >= maxRounds) break;
    const next = new Map(counters);
    for (const d of failing) next.set(d.id, Math.max(counters.get(d.id)! + 1, countersFor(d, o.storeP90Min, peak)));
    counters = next;
    if (hotlineFails) agents = Math.max(agents + 1, agentsFor(hotlineDemand(scenario, verified), base, callPeak));
  }
  const staffPer = base.stores.staffPerCounter;
  return {
    storeP90Min: o.storeP90Min,
    peakiness: base.stores.peakiness,
    peakFactor: peak,
    staffPerCounter: staffPer,
    replications: ev.replications,
    seed: ev.seed,
    stores: demand.map((d) => {
      const needed = counters.get(d.id)!;
      const check = storeCheck.get(d.id) ?? { mean: NaN, ci95: [NaN, NaN] as [number, number] };
      return {
        id: d.id, name: d.name, counters: d.counters,
        arrivalsPerHour: d.arrivalsPerHour, peakArrivalsPerHour: d.arrivalsPerHour * peak,
        meanServiceMin: d.meanServiceMin, loadErlang: d.loadErlang, busyErlang: d.busyErlang, waitP90Min: d.waitP90Min,
        closedForm: closed.get(d.id)!, needed, verifiedP90Min: check, meets: check.mean <= o.storeP90Min,
        spare: d.counters - needed, spareStaff: (d.counters - needed) * staffPer,
      };
    }),
    hotline: {
      agents: base.hotline.agents,
      callsPerHour: calls.callsPerHour,
      peakFactor: callPeak,
      peakCallsPerHour: calls.callsPerHour * callPeak,
      ahtMin: calls.ahtMin,
      loadErlang: calls.loadErlang,
      serviceLevel: kpiEstimate(baseRuns, 'hotlineServiceLevel'),
      target: base.hotline.targetServiceLevel,
      answerWithinSec: base.hotline.answerWithinSec,
      closedForm: closedAgents,
      needed: agents,
      verifiedServiceLevel: sl,
      meets: sl.mean >= base.hotline.targetServiceLevel,
    },
    rounds,
    evaluations: ev.evaluations,
    scenario: withCapacity(base, counters, agents),
  };
}

/** Closed-form counters per open own store for a p90 target, from replications already run. */
export function countersFromRuns(s: Scenario, rs: readonly ReplicationResult[], p90Min: number): Array<{ id: string; counters: number; needed: number }> {
  const peak = peakFactor(s.stores.peakiness);
  return storeDemand(s, rs).map((d) => ({ id: d.id, counters: d.counters, needed: countersFor(d, p90Min, peak) }));
}

