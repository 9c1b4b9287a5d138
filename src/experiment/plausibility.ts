/**
 * Results that a channel planner would not believe without a second look. Each rule states what a
 * domain expert expects of any city, and a result that breaks it is flagged with the figures that
 * break it (not refused: the model may be right, and the planner decides). The rules:
 *
 * - closedYetUp: most outlets closed, yet net contribution higher than with them open (the same
 *   city in another run), or higher after the closure month than before it. Closing most of the
 *   network saves fixed costs but loses the sales and services only those outlets carried; a gain
 *   means the lost customers cost nothing, or the comparison is not like for like.
 * - sharesSum: the five channel shares do not sum to 1 (they split every completed transaction).
 * - churnHigh: monthly churn above 30 %: a third of the base gone every month empties any city in
 *   a year (Chinese operators report 2–5 % a month).
 * - waitBeyondPatience: the mean store wait above the mean patience. A customer leaves the queue at
 *   their patience, so the mean wait of arrivals cannot exceed the mean patience (MODEL.md §7.5).
 * - hotlineNoAgents: a 100 % service level with no agents on duty: no call was offered, and the
 *   figure says nothing about service (it is 1 by definition when there are no calls, §7.13).
 * - satisfactionRange: satisfaction outside its 0–100 scale.
 */
import type { ExperimentResult } from './aggregate.ts';

/** What the rules read of a run (a result.json object has it all). */
export type PlausibilityInput = Pick<ExperimentResult, 'kpis' | 'series' | 'outlets' | 'scenario' | 'months'>;

/** Values of each warning, for its sentence. */
export interface WarningValues {
  closedYetUp:
    | { closed: number; outlets: number; against: 'reference'; net: number; referenceNet: number; referenceOpen: number }
    | { closed: number; outlets: number; against: 'before'; net: number; beforeNet: number; fromMonth: number };
  sharesSum: { sum: number };
  churnHigh: { churn: number; limit: number };
  waitBeyondPatience: { wait: number; patience: number };
  hotlineNoAgents: { serviceLevel: number };
  satisfactionRange: { satisfaction: number };
}
export type PlausibilityRule = keyof WarningValues;

/** One broken expectation: its rule and the figures that break it. */
export type PlausibilityWarning = { [R in PlausibilityRule]: { rule: R; values: WarningValues[R] } }[PlausibilityRule];

/** Most outlets: more than this share of them closed at the end of the run. */
export const MOST_CLOSED = 0.5;
/** Monthly churn above this is flagged. */
export const CHURN_LIMIT = 0.3;
/** The five shares may miss 1 by this much (rounding of sums over months). */
const SHARES_TOLERANCE = 0.005;
/** The mean wait may exceed the mean patience by this factor before it is flagged (sampling noise). */
const PATIENCE_SLACK = 1.05;
const SHARE_KPIS = ['eChannelShare', 'storeShare', 'partnerShare', 'hotlineShare', 'directShare'] as const;

/**
 * Check a run; `reference` is a run of the same city with more outlets open (pickReference), when
 * there is one. Returns the warnings in the order of the rules above; none for a plausible run.
 */
export function checkPlausibility(run: PlausibilityInput, reference?: PlausibilityInput): PlausibilityWarning[] {
  const out: PlausibilityWarning[] = [];
  const closedYetUp = closedButUp(run, reference);
  if (closedYetUp) out.push({ rule: 'closedYetUp', values: closedYetUp });

  const shares = SHARE_KPIS.map((k) => run.kpis[k]?.mean ?? NaN);
  if (shares.every((v) => Number.isFinite(v))) {
    const sum = shares.reduce((a, b) => a + b, 0);
    // No completed transaction at all leaves every share 0: nothing to split.
    if (sum > 0 && Math.abs(sum - 1) > SHARES_TOLERANCE) out.push({ rule: 'sharesSum', values: { sum } });
  }

  const churn = run.kpis.churnRateMonthly?.mean ?? NaN; // absent (null): no rule fires
  if (churn > CHURN_LIMIT) out.push({ rule: 'churnHigh', values: { churn, limit: CHURN_LIMIT } });

  const wait = run.kpis.storeWaitMeanMin?.mean ?? NaN; // absent (null): no rule fires
  const patience = run.scenario.stores.patienceMeanMin;
  if (wait > patience * PATIENCE_SLACK) out.push({ rule: 'waitBeyondPatience', values: { wait, patience } });

  const serviceLevel = run.kpis.hotlineServiceLevel?.mean ?? NaN; // absent (null): no rule fires
  if (run.scenario.hotline.agents === 0 && serviceLevel >= 0.999) out.push({ rule: 'hotlineNoAgents', values: { serviceLevel } });

  const satisfaction = run.kpis.satisfaction?.mean ?? NaN; // absent (null): no rule fires
  if (satisfaction < 0 || satisfaction > 100) out.push({ rule: 'satisfactionRange', values: { satisfaction } });
  return out;
}

/**
 * Among earlier runs, the one to hold a run against: the same city (the same outlets by id) with
 * more of them open, the most open first, the first given on a tie (callers list newest first).
 */
export function pickReference<T extends Pick<PlausibilityInput, 'outlets'>>(run: Pick<PlausibilityInput, 'outlets'>, candidates: readonly T[]): T | undefined {
  const city = cityKey(run);
  const open = openCount(run);
  let best: T | undefined;
  for (const c of candidates) {
    if (c === run || cityKey(c) !== city || openCount(c) <= open) continue;
    if (!best || openCount(c) > openCount(best)) best = c;
  }
  return best;
}

function closedButUp(run: PlausibilityInput, reference?: PlausibilityInput): WarningValues['closedYetUp'] | null {
  const outlets = run.outlets.length;
  const closed = outlets - openCount(run);
  if (outlets === 0 || closed <= MOST_CLOSED * outlets) return null;
  const net = run.kpis.netContribution?.mean ?? NaN;
  if (!Number.isFinite(net)) return null;
  if (reference) {
    const referenceNet = reference.kpis.netContribution?.mean ?? NaN;
    if (net > referenceNet) return { closed, outlets, against: 'reference', net, referenceNet, referenceOpen: openCount(reference) };
  }
  // The run's own months before the closures took effect.
  const fromMonth = run.scenario.levers.closures.fromMonth;
  const series = run.series.netContribution ?? [];
  if (run.scenario.levers.closures.outlets.length > 0 && fromMonth > 1 && fromMonth <= run.months) {
    const before = meanOf(series.filter((p) => p.month < fromMonth && p.mean !== null).map((p) => p.mean as number));
    const after = meanOf(series.filter((p) => p.month >= fromMonth && p.mean !== null).map((p) => p.mean as number));
    if (after > before) return { closed, outlets, against: 'before', net: after, beforeNet: before, fromMonth };
  }
  return null;
}

function openCount(run: Pick<PlausibilityInput, 'outlets'>): number {
  return run.outlets.filter((o) => o.open).length;
}

function cityKey(run: Pick<PlausibilityInput, 'outlets'>): string {
  return run.outlets.map((o) => o.id).sort().join('\n');
}

function meanOf(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}
