/**
 * Whether a run meets a target it was given (the diversion target 分流目标,
 * levers.diversion.targetShare): decided on the KPI's 95 % interval, not its mean alone.
 *
 *   met      lo ≥ target   (the whole interval at or above it)
 *   missed   hi < target   (the whole interval below it)
 *   unclear  lo < target ≤ hi: the replications cannot tell
 */
export type TargetVerdict = 'met' | 'missed' | 'unclear';

/** The verdict on a higher-is-better KPI's interval against a target. */
export function targetVerdict(ci95: readonly [number, number], target: number): TargetVerdict {
  if (ci95[0] >= target) return 'met';
  return ci95[1] < target ? 'missed' : 'unclear';
}
