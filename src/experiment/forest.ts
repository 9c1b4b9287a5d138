/**
 * The forest plot's layout, shared by the workbench's forest plot
 * (src/ui/components/charts/ForestPlot.svelte) and the decision report's (report/charts.ts), so
 * that the screen and the report draw the same rows on the same axis: each difference and its
 * 95 % interval divided by the KPI's threshold of practical importance (practical.ts), so that one
 * axis holds shares, minutes and money, and the band ±1 is "of no practical size".
 */
import type { KpiName } from '../model/kpis.ts';
import type { PracticalVerdict } from './practical.ts';

/** What a forest row needs of a difference. */
export interface ForestInput {
  kpi: KpiName;
  mean: number;
  ci95: readonly [number, number];
  threshold: number;
  practical: PracticalVerdict;
}

/**
 * One row: the difference and its interval in thresholds, as positions on the axis from −1 (its
 * left end) through 0 (no difference) to +1 (its right end); ends beyond the axis are cut there
 * and flagged.
 */
export interface ForestRow {
  kpi: KpiName;
  practical: PracticalVerdict;
  /** no data: nothing to draw */
  empty: boolean;
  mean: number;
  lo: number;
  hi: number;
  clippedLo: boolean;
  clippedHi: boolean;
}

export interface ForestLayout {
  rows: ForestRow[];
  /** the axis holds differences up to ±limit thresholds */
  limit: number;
  /** the band of no practical size, ±1 threshold, as a position */
  band: number;
  /** tick values (in thresholds) and their positions */
  ticks: Array<{ value: number; at: number }>;
}

/** Axis ends tried in order: the smallest that holds every interval (or the last, with clipping). */
const FOREST_LIMITS = [2, 5, 10, 20, 50, 100];
/** Tick values offered, in thresholds; kept when at least this far (in position) from the previous one. */
const FOREST_TICKS = [1, 2, 5, 10, 20, 50, 100];
/** The report's plot is 360 px wide: ticks 32 px apart or more. */
const TICK_GAP = 0.18;

/**
 * Rows and the axis that holds them. The axis is symmetric-logarithmic in thresholds,
 * position(v) = sign(v)·ln(1 + |v|) / ln(1 + limit): linear near 0, so the band ±1 keeps a fifth
 * of each half at any limit, while differences of 50 thresholds (a lever's target KPI) still fit
 * beside ones of 0.1. A difference with a threshold of 0 (a relative threshold on a baseline of
 * 0) lies at the axis end on its side, clipped. Ticks closer than `tickGap` (a share of the half
 * axis) to the one before give way, ±1 when nearer 0 than 0.6 × tickGap; the limit always shows.
 */
export function forestLayout(diffs: readonly ForestInput[], tickGap = TICK_GAP): ForestLayout {
  const scaled = diffs.map((d) => {
    const s = (v: number) => (d.threshold > 0 ? v / d.threshold : v === 0 ? 0 : Math.sign(v) * Infinity);
    return { d, mean: s(d.mean), lo: s(d.ci95[0]), hi: s(d.ci95[1]) };
  });
  const extent = Math.max(0, ...scaled.flatMap((x) => [x.lo, x.hi]).filter(Number.isFinite).map(Math.abs));
  const limit = FOREST_LIMITS.find((l) => l >= extent * 1.02) ?? FOREST_LIMITS[FOREST_LIMITS.length - 1];
  const at = (v: number) => Math.sign(v) * Math.log1p(Math.min(Math.abs(v), limit)) / Math.log1p(limit);
  const rows = scaled.map(({ d, mean, lo, hi }) => {
    const empty = [mean, lo, hi].some(Number.isNaN);
    return {
      kpi: d.kpi, practical: d.practical, empty,
      mean: empty ? 0 : at(mean), lo: empty ? 0 : at(lo), hi: empty ? 0 : at(hi),
      clippedLo: !empty && lo < -limit, clippedHi: !empty && hi > limit,
    };
  });
  // ±1 (the band's edges, short labels) needs less room from 0 than the others from each other
  const kept: number[] = [];
  for (const v of FOREST_TICKS.filter((t) => t <= limit)) {
    const room = kept.length === 0 ? at(v) >= (v === 1 ? 0.6 : 1) * tickGap : at(v) - at(kept[kept.length - 1]) >= tickGap;
    if (v === limit || room) kept.push(v);
  }
  // the limit always shows; a tick crowding it gives way
  while (kept.length > 2 && at(limit) - at(kept[kept.length - 2]) < tickGap) kept.splice(kept.length - 2, 1);
  const values = [...kept.map((v) => -v).reverse(), 0, ...kept];
  return { rows, limit, band: at(1), ticks: values.map((value) => ({ value, at: at(value) })) };
}

/** A forest tick: 0, +1, −5 (a true minus sign). */
export function forestTick(v: number): string {
  return v === 0 ? '0' : `${v > 0 ? '+' : '−'}${Math.abs(v)}`;
}
