/**
 * The planning tools' replications (levers, calibration) go to a Web Worker pool of their own
 * (src/runtime/pool.browser.ts), sized like the run panel's: the cores less one, so the page
 * stays responsive while a search runs. The searches themselves (seek, curves, closures, sizing,
 * calibrate: src/experiment) are pure functions over a pool; only the replications run in workers.
 */
import { createBrowserPool } from '../../runtime/browser.ts';
import type { Pool } from '../../experiment/index.ts';
import type { Scenario, Problem } from '../../model/index.ts';
import { withDataFiles } from './dataFiles.ts';
import { workerCount } from './runner.ts';
import { sizedScenario, type PlanSize } from '../lib/planSize.ts';

let pool: Pool | null = null;

/** The planning pool, started on first use. */
export function planningPool(): Pool {
  pool ??= createBrowserPool({ workers: workerCount() });
  return pool;
}

export type PreparedPlan =
  | { ok: true; scenario: Scenario; closuresMoved: { from: number; to: number } | null }
  | { ok: false; problems: Problem[] };

/** The scenario with its data files read in, at the planning size. */
export async function preparePlan(scenario: Scenario, size: PlanSize): Promise<PreparedPlan> {
  const prepared = await withDataFiles(scenario);
  if (!prepared.ok) return prepared;
  try {
    return { ok: true, ...sizedScenario(prepared.scenario, size) };
  } catch (e) {
    return { ok: false, problems: [{ path: '$.simulation', message: e instanceof Error ? e.message : String(e) }] };
  }
}
