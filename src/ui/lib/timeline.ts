/**
 * The training player's clock. The timeline value t is in months from the start of the run
 * (t = 2.5 is halfway through month 3); playback speed is in simulated days per second, so a day
 * looks the same whatever the month length. Steps move by whole days.
 */

/** Playback speeds, days per second. */
export const SPEEDS = [0.5, 1, 2, 4, 8, 16] as const;
export const DEFAULT_SPEED = 2;

/** t after dtSec seconds at `speed` days per second, held within [0, end]. */
export function advance(t: number, dtSec: number, speed: number, days: number, end: number): number {
  return clamp(t + (dtSec * speed) / days, 0, end);
}

/** t moved by k whole days (k < 0 back), landing on a day boundary, held within [0, end]. */
export function stepDays(t: number, k: number, days: number, end: number): number {
  const day = t * days;
  // from a boundary move a full day; from inside a day, to the boundary in that direction first
  const snapped = k > 0 ? Math.floor(day + 1e-9) : Math.ceil(day - 1e-9);
  return clamp((snapped + k) / days, 0, end);
}

/** The next speed up (dir 1) or down (dir −1) from `speed`, staying at the ends. */
export function nextSpeed(speed: number, dir: 1 | -1): number {
  if (dir > 0) return SPEEDS.find((s) => s > speed + 1e-9) ?? SPEEDS[SPEEDS.length - 1];
  return [...SPEEDS].reverse().find((s) => s < speed - 1e-9) ?? SPEEDS[0];
}

/** Month (1-based), day (1-based) and the fraction of the day gone at t. */
export function calendar(t: number, days: number, months: number): { month: number; day: number; dayFraction: number } {
  const total = clamp(t, 0, months) * days;
  const d = Math.min(Math.floor(total + 1e-9), months * days - 1);
  return { month: Math.floor(d / days) + 1, day: (d % days) + 1, dayFraction: clamp(total - d, 0, 1) };
}

/**
 * A monthly figure as it builds up during the month: at t in [m, m + 1) the value moves from month
 * m's (the last finished) to month m + 1's. `values[k]` is month k + 1's; months not computed yet
 * hold the last known value.
 */
export function ticking(values: ArrayLike<number>, t: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const m = Math.max(0, Math.floor(t));
  if (m >= n) return values[n - 1];
  const now = values[m], before = m > 0 ? values[m - 1] : now;
  return before + (now - before) * (t - m);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
