/**
 * The size of the runs behind the planning tools (levers, calibration): far smaller than a
 * decision run, so that a question is answered in the browser in seconds. Agents are a weighted
 * sample of the scenario's subscribers (simulation.agents, as the CLI's --customers), so the city's
 * outlets, queues and money keep their scale; months and replications shorten and thin the run.
 */
import type { Scenario } from '../../model/index.ts';
import { applyAssignments, type Assignment } from '../../experiment/index.ts';

export interface PlanSize {
  /** customer agents simulated */
  agents: number;
  months: number;
  /** replications per evaluated scenario (all on common random numbers) */
  replications: number;
  seed: number;
}

/** Small enough for seconds on a laptop's spare cores. */
export const DEFAULT_PLAN_SIZE: PlanSize = { agents: 1500, months: 12, replications: 3, seed: 42 };

/** Bounds of the planning run size, as the schema and the page's patience allow. */
export const PLAN_SIZE_LIMITS: Record<keyof PlanSize, { min: number; max: number }> = {
  agents: { min: 100, max: 200_000 },
  months: { min: 2, max: 120 },
  replications: { min: 2, max: 50 },
  seed: { min: 0, max: 2 ** 31 - 1 },
};

/** A run size with every field an integer within its bounds (the default where missing). */
export function normalisePlanSize(size: Partial<Record<keyof PlanSize, unknown>>): PlanSize {
  const out = { ...DEFAULT_PLAN_SIZE };
  for (const key of Object.keys(PLAN_SIZE_LIMITS) as (keyof PlanSize)[]) {
    const v = size[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const { min, max } = PLAN_SIZE_LIMITS[key];
    out[key] = Math.min(max, Math.max(min, Math.round(v)));
  }
  return out;
}

/**
 * The scenario at the planning size: agents (never more than its subscribers), months, seed and
 * replications set. Closures that would start after the last month are moved to its middle, so
 * that a short run still sees them (`closuresMoved` says so).
 */
export function sizedScenario(base: Scenario, size: PlanSize): { scenario: Scenario; closuresMoved: { from: number; to: number } | null } {
  const assignments: Assignment[] = [
    { path: 'simulation.agents', value: Math.min(size.agents, base.simulation.customers) },
    { path: 'simulation.months', value: size.months },
    { path: 'simulation.replications', value: size.replications },
    { path: 'simulation.seed', value: size.seed },
  ];
  const from = base.levers.closures.fromMonth;
  const moved = from > size.months - 1 ? Math.max(1, Math.ceil(size.months / 2)) : null;
  if (moved !== null) assignments.push({ path: 'levers.closures.fromMonth', value: moved });
  return { scenario: applyAssignments(base, assignments, 'scenario'), closuresMoved: moved !== null ? { from, to: moved } : null };
}
