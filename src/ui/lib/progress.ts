/**
 * The run panel's reading of the workers' progress: the percentage, the time left, and what each
 * busy worker is doing. Time left is the pace so far carried over the replication-months still
 * to run, from the first simulated month on: each replication builds its customers before its
 * first month, and the replications still to start will too, so the pace that includes those
 * set-ups is the one that predicts.
 */
import type { Progress } from '../../experiment/index.ts';

/** Whole percent of replication-months done, 0–100. */
export function percentDone(p: Pick<Progress, 'monthsDone' | 'monthsTotal'> | null): number {
  if (!p || !(p.monthsTotal > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((100 * p.monthsDone) / p.monthsTotal)));
}

/**
 * Milliseconds left, or null before the first month of this session: elapsed × months to go ÷
 * months done in this session (`monthsAtStart` were done before it: a resumed run).
 */
export function timeLeftMs(p: Pick<Progress, 'monthsDone' | 'monthsTotal'> | null, monthsAtStart: number, elapsedMs: number): number | null {
  if (!p) return null;
  const done = p.monthsDone - monthsAtStart;
  if (done <= 0 || !(elapsedMs >= 0)) return null;
  return (elapsedMs * Math.max(0, p.monthsTotal - p.monthsDone)) / done;
}

/** What a busy worker is doing: building its replication's customers (month 0) or at a month. */
export type WorkerActivity = { replication: number; building: true } | { replication: number; building: false; month: number };

/** The busy workers' activities, by replication (1-based for people). */
export function activities(p: Pick<Progress, 'running'> | null): WorkerActivity[] {
  return [...(p?.running ?? [])]
    .sort((a, b) => a.replication - b.replication)
    .map((r) => (r.month === 0 ? { replication: r.replication + 1, building: true } : { replication: r.replication + 1, building: false, month: r.month }));
}
