/** Monthly series as the line charts draw them, and the y extent that shows them whole. */
export interface ChartSeries {
  key: string;
  zh: string;
  en: string;
  color: string;
  dash?: string;
  /** null where a month has no data (a gap in the line and band) */
  points: ReadonlyArray<{ month: number; mean: number | null; lo: number | null; hi: number | null }>;
}

/**
 * [min, max] over every finite mean and band edge and the target, starting at 0 for series that
 * never go negative (or cannot: `nonNegative`, where a band's lower edge may dip below 0 when the
 * replications are few), clamped to `clamp` (e.g. [0, 1] for shares), never empty.
 */
export function seriesExtent(series: readonly ChartSeries[], target?: number, clamp?: [number, number], nonNegative = false): [number, number] {
  let lo = Infinity, hi = -Infinity;
  const see = (v: number | null) => {
    if (v !== null && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  };
  for (const s of series) for (const p of s.points) { see(p.mean); see(p.lo); see(p.hi); }
  if (target !== undefined) see(target);
  if (!Number.isFinite(lo)) return clamp ?? [0, 1];
  if (lo >= 0 || nonNegative) lo = 0;
  if (clamp) { lo = Math.max(clamp[0], lo); hi = Math.min(clamp[1], hi); }
  if (hi <= lo) hi = lo + (Math.abs(lo) || 1);
  return [lo, hi];
}
