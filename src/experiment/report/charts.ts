/**
 * The decision report's charts as inline SVG text (no script, no external asset): a forest plot of
 * the differences against their thresholds, the channel mix of each scenario, the store wait by
 * month, where closed outlets' customers went, and a lever's curve or search trace. The forest
 * plot's rows and axis are forestLayout's (../forest.ts), which the workbench's forest plot draws
 * too.
 */
import { KPI_META, type KpiMeta, type KpiName } from '../../model/kpis.ts';
import { CHANNEL_FAMILY, FAMILIES, type ChannelId, type Family } from '../../model/domain.ts';
import { FAMILY_COLOR, FAMILY_KPI, FAMILY_LABELS } from '../palette.ts';
import { formatPercent, formatTick, type Locale } from '../format.ts';
import type { ExperimentResult } from '../aggregate.ts';
import { forestLayout, forestTick, type ForestInput } from '../forest.ts';
import { kpiName } from '../report-words.ts';

// ---------------------------------------------------------------------------------------------
// SVG text.
// ---------------------------------------------------------------------------------------------

const FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
const INK = '#1b1f24';
const MUTED = '#5b6270';
const GRID = '#e3e6ea';
/** Colours of the scenarios in line charts: the baseline grey, the others from Okabe & Ito's palette. */
export const SIDE_COLORS = ['#5b6270', '#D55E00', '#0072B2', '#CC79A7', '#009E73', '#E69F00'];
const LOST_COLOR = '#8a9099';

/** Text for SVG and HTML: the five characters markup gives meaning to, escaped. */
export function esc(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function svg(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}" font-family="${esc(FONT)}" font-size="11"><title>${esc(title)}</title>${body}</svg>`;
}

function text(x: number, y: number, t: string, attrs = ''): string {
  const fill = /\bfill=/.test(attrs) ? '' : ` fill="${INK}"`;
  return `<text x="${r(x)}" y="${r(y)}"${fill}${attrs ? ' ' + attrs : ''}>${esc(t)}</text>`;
}

// Coordinates to 0.1 px: the files stay small and byte-stable.
function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** A linear map from [d0, d1] to [r0, r1]. */
function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * About `count` round tick values over [lo, hi] (steps of 1, 2 or 5 × 10^k), and the domain
 * widened to the ticks' ends.
 */
export function niceTicks(lo: number, hi: number, count = 5): { ticks: number[]; domain: [number, number] } {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    return niceTicks(lo - pad, hi + pad, count);
  }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(lo / step) * step, end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { ticks, domain: [start, end] };
}

/**
 * The forest plot: a row per difference, the band ±1 threshold shaded, the zero line, each
 * interval as a line with its mean as a dot (filled when the difference matters, open otherwise:
 * the verdict is told by shape as well as by colour), clipped ends as arrows.
 */
export function forestSvg(diffs: readonly ForestInput[], locale: Locale, words: { title: string; axis: string }): string {
  const layout = forestLayout(diffs);
  const rowH = 17, top = 8, left = 150, plotW = 360, right = 16, axisH = 34;
  const width = left + plotW + right, height = top + layout.rows.length * rowH + axisH;
  const x = linear(-1, 1, left, left + plotW);
  const bottom = top + layout.rows.length * rowH;
  let body = `<rect x="${r(x(-layout.band))}" y="${top}" width="${r(x(layout.band) - x(-layout.band))}" height="${layout.rows.length * rowH}" fill="#e8ecf0"/>`;
  for (const t of layout.ticks) {
    body += `<line x1="${r(x(t.at))}" x2="${r(x(t.at))}" y1="${top}" y2="${bottom}" stroke="${t.value === 0 ? INK : GRID}" stroke-width="${t.value === 0 ? 1 : 0.8}"/>`;
    body += text(x(t.at), bottom + 13, forestTick(t.value), 'text-anchor="middle" fill="#3d434b"');
  }
  body += text(left + plotW / 2, bottom + 28, words.axis, `text-anchor="middle" fill="${MUTED}"`);
  layout.rows.forEach((row, i) => {
    const y = top + i * rowH + rowH / 2;
    const matters = row.practical === 'practical';
    const color = matters ? INK : MUTED;
    body += `<g class="forest-row" data-kpi="${row.kpi}" data-verdict="${row.practical}">`;
    body += text(left - 8, y + 4, kpiName(row.kpi, locale), `text-anchor="end"${matters ? ' font-weight="600"' : ''}`);
    if (!row.empty) {
      body += `<line x1="${r(x(row.lo))}" x2="${r(x(row.hi))}" y1="${r(y)}" y2="${r(y)}" stroke="${color}" stroke-width="${matters ? 2 : 1.4}"/>`;
      if (row.clippedLo) body += `<path d="M${r(x(row.lo))},${r(y)}l6,-4v8z" fill="${color}"/>`;
      if (row.clippedHi) body += `<path d="M${r(x(row.hi))},${r(y)}l-6,-4v8z" fill="${color}"/>`;
      body += `<circle cx="${r(x(row.mean))}" cy="${r(y)}" r="3.6" fill="${matters ? color : '#ffffff'}" stroke="${color}" stroke-width="1.4"/>`;
    }
    body += '</g>';
  });
  return svg(width, height, words.title, body);
}

/**
 * The channel mix of each scenario as one 100 % bar, by family (the run means of the family
 * shares, the KPIs storeShare … directShare), labelled where a segment is wide enough.
 */
export function mixSvg(sides: ReadonlyArray<{ name: string; result: Pick<ExperimentResult, 'kpis'> }>, locale: Locale, title: string): string {
  const left = 150, barW = 420, barH = 20, gap = 10, top = 6, legendH = 26;
  const height = top + sides.length * (barH + gap) + legendH;
  const width = left + barW + 16;
  let body = '';
  sides.forEach((s, i) => {
    const y = top + i * (barH + gap);
    body += text(left - 8, y + barH / 2 + 4, truncate(s.name, 22), 'text-anchor="end"');
    let x0 = left;
    for (const f of FAMILIES) {
      const share = Math.max(0, s.result.kpis[FAMILY_KPI[f]]?.mean ?? 0);
      const w = share * barW;
      if (w <= 0) continue;
      body += `<rect x="${r(x0)}" y="${y}" width="${r(w)}" height="${barH}" fill="${FAMILY_COLOR[f]}" stroke="#ffffff" stroke-width="0.8"/>`;
      if (w >= 34) body += text(x0 + w / 2, y + barH / 2 + 4, formatPercent(share, locale, 0), `text-anchor="middle" fill="${f === 'hotline' || f === 'partner' ? INK : '#ffffff'}"`);
      x0 += w;
    }
  });
  body += legend(FAMILIES.map((f) => ({ color: FAMILY_COLOR[f], label: locale === 'zh-CN' ? FAMILY_LABELS[f].zh : FAMILY_LABELS[f].en })), left, top + sides.length * (barH + gap) + 8);
  return svg(width, height, title, body);
}

/** A KPI's monthly series for each scenario: lines with their 95 % bands. */
export function seriesSvg(sides: ReadonlyArray<{ name: string; result: Pick<ExperimentResult, 'series' | 'months'> }>, kpi: KpiName, locale: Locale, words: { title: string; month: string; unit: string }): string {
  const left = 54, top = 10, plotW = 470, plotH = 170, right = 16;
  const points = sides.map((s) => (s.result.series[kpi] ?? []).filter((p) => p.mean !== null && Number.isFinite(p.mean)));
  const values = points.flat().flatMap((p) => [p.lo ?? p.mean!, p.hi ?? p.mean!]).filter(Number.isFinite);
  const months = Math.max(1, ...sides.map((s) => s.result.months));
  const { ticks, domain } = niceTicks(Math.min(0, ...values), Math.max(...values, 0) || 1, 4);
  const x = linear(1, Math.max(2, months), left, left + plotW);
  const y = linear(domain[0], domain[1], top + plotH, top);
  let body = '';
  for (const t of ticks) {
    body += `<line x1="${left}" x2="${left + plotW}" y1="${r(y(t))}" y2="${r(y(t))}" stroke="${GRID}"/>`;
    body += text(left - 6, y(t) + 4, formatTick(t, KPI_META[kpi].unit, locale), 'text-anchor="end" fill="#3d434b"');
  }
  for (const m of niceTicks(1, Math.max(2, months), 6).ticks.filter((m) => m >= 1 && m <= months && Number.isInteger(m))) {
    body += text(x(m), top + plotH + 14, String(m), 'text-anchor="middle" fill="#3d434b"');
  }
  body += text(left + plotW, top + plotH + 28, words.month, `text-anchor="end" fill="${MUTED}"`);
  body += text(left, top - 1, words.unit, `fill="${MUTED}"`);
  points.forEach((ps, i) => {
    const color = SIDE_COLORS[i % SIDE_COLORS.length];
    const banded = ps.filter((p) => p.lo !== null && p.hi !== null);
    if (banded.length > 1) {
      const upper = banded.map((p) => `${r(x(p.month))},${r(y(p.hi!))}`);
      const lower = banded.map((p) => `${r(x(p.month))},${r(y(p.lo!))}`).reverse();
      body += `<path class="band" d="M${[...upper, ...lower].join('L')}Z" fill="${color}" fill-opacity="0.16"/>`;
    }
    if (ps.length > 0) body += `<path class="line" d="M${ps.map((p) => `${r(x(p.month))},${r(y(p.mean!))}`).join('L')}" fill="none" stroke="${color}" stroke-width="2"/>`;
  });
  body += legend(sides.map((s, i) => ({ color: SIDE_COLORS[i % SIDE_COLORS.length], label: truncate(s.name, 30) })), left, top + plotH + 36);
  return svg(left + plotW + right, top + plotH + 60, words.title, body);
}

/** Where each closed outlet's customers went, one 100 % bar an outlet, by the destination's family (lost in grey). */
export function flowsSvg(flows: ReadonlyArray<{ id: string; shares: Record<string, number> }>, locale: Locale, words: { title: string; lost: string }): string {
  const left = 90, barW = 440, barH = 18, gap = 8, top = 6;
  const height = top + flows.length * (barH + gap) + 30;
  let body = '';
  const keys: Array<Family | 'lost'> = [...FAMILIES, 'lost'];
  const color = (k: Family | 'lost') => (k === 'lost' ? LOST_COLOR : FAMILY_COLOR[k]);
  flows.forEach((f, i) => {
    const y = top + i * (barH + gap);
    body += text(left - 8, y + barH / 2 + 4, f.id, 'text-anchor="end"');
    const byFamily = new Map<Family | 'lost', number>();
    for (const [dest, share] of Object.entries(f.shares)) {
      const k = dest === 'lost' ? 'lost' : CHANNEL_FAMILY[dest as ChannelId];
      if (k) byFamily.set(k, (byFamily.get(k) ?? 0) + share);
    }
    let x0 = left;
    for (const k of keys) {
      const w = (byFamily.get(k) ?? 0) * barW;
      if (w <= 0) continue;
      body += `<rect x="${r(x0)}" y="${y}" width="${r(w)}" height="${barH}" fill="${color(k)}" stroke="#ffffff" stroke-width="0.8"/>`;
      if (w >= 34) body += text(x0 + w / 2, y + barH / 2 + 4, formatPercent(byFamily.get(k)!, locale, 0), `text-anchor="middle" fill="${k === 'hotline' || k === 'partner' ? INK : '#ffffff'}"`);
      x0 += w;
    }
  });
  body += legend(keys.map((k) => ({ color: color(k), label: k === 'lost' ? words.lost : locale === 'zh-CN' ? FAMILY_LABELS[k].zh : FAMILY_LABELS[k].en })), left, top + flows.length * (barH + gap) + 6);
  return svg(left + barW + 16, height, words.title, body);
}

/** Points with 95 % intervals over a lever's values: a band (curves) or bars (a search's trace), a reference line, a marked value. */
export function leverSvg(points: ReadonlyArray<{ value: number; mean: number; ci95: readonly [number, number] }>, o: {
  title: string; xLabel: string; unit: KpiMeta['unit'] | 'count'; locale: Locale; band: boolean; reference?: number; marked?: number;
  formatX: (v: number) => string;
}): string {
  const left = 64, top = 12, plotW = 460, plotH = 170, right = 20;
  const ps = [...points].filter((p) => Number.isFinite(p.mean)).sort((a, b) => a.value - b.value);
  const ys = ps.flatMap((p) => [p.ci95[0], p.ci95[1], p.mean]).concat(o.reference !== undefined ? [o.reference] : []).filter(Number.isFinite);
  const { ticks, domain } = niceTicks(Math.min(...ys), Math.max(...ys), 4);
  const xs = ps.map((p) => p.value);
  const x = linear(Math.min(...xs), Math.max(...xs), left, left + plotW);
  const y = linear(domain[0], domain[1], top + plotH, top);
  let body = '';
  for (const t of ticks) {
    body += `<line x1="${left}" x2="${left + plotW}" y1="${r(y(t))}" y2="${r(y(t))}" stroke="${GRID}"/>`;
    body += text(left - 6, y(t) + 4, formatTick(t, o.unit, o.locale), 'text-anchor="end" fill="#3d434b"');
  }
  for (const p of ps) body += text(x(p.value), top + plotH + 14, o.formatX(p.value), 'text-anchor="middle" fill="#3d434b" font-size="10"');
  body += text(left + plotW, top + plotH + 30, o.xLabel, `text-anchor="end" fill="${MUTED}"`);
  if (o.band && ps.length > 1) {
    const upper = ps.map((p) => `${r(x(p.value))},${r(y(p.ci95[1]))}`);
    const lower = ps.map((p) => `${r(x(p.value))},${r(y(p.ci95[0]))}`).reverse();
    body += `<path class="band" d="M${[...upper, ...lower].join('L')}Z" fill="${SIDE_COLORS[2]}" fill-opacity="0.18"/>`;
    body += `<path class="line" d="M${ps.map((p) => `${r(x(p.value))},${r(y(p.mean))}`).join('L')}" fill="none" stroke="${SIDE_COLORS[2]}" stroke-width="2"/>`;
  } else {
    for (const p of ps) body += `<line x1="${r(x(p.value))}" x2="${r(x(p.value))}" y1="${r(y(p.ci95[0]))}" y2="${r(y(p.ci95[1]))}" stroke="${SIDE_COLORS[2]}" stroke-width="1.6"/>`;
  }
  if (o.reference !== undefined) body += `<line x1="${left}" x2="${left + plotW}" y1="${r(y(o.reference))}" y2="${r(y(o.reference))}" stroke="#B03A2E" stroke-width="1.5" stroke-dasharray="6 4"/>`;
  for (const p of ps) {
    const marked = p.value === o.marked;
    body += `<circle cx="${r(x(p.value))}" cy="${r(y(p.mean))}" r="${marked ? 5 : 3.2}" fill="${marked ? '#B03A2E' : SIDE_COLORS[2]}" stroke="#ffffff" stroke-width="1"/>`;
  }
  return svg(left + plotW + right, top + plotH + 40, o.title, body);
}

function legend(items: ReadonlyArray<{ color: string; label: string }>, x0: number, y: number): string {
  let x = x0, out = '';
  for (const it of items) {
    out += `<rect x="${r(x)}" y="${r(y)}" width="11" height="11" rx="2" fill="${it.color}"/>`;
    out += text(x + 15, y + 9.5, it.label, 'fill="#3d434b"');
    x += 26 + approxWidth(it.label);
  }
  return out;
}

// A text's width at 11 px without measuring it: CJK characters about a full em, others about half.
function approxWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\uFFEF]/.test(ch) ? 11 : 6.2;
  return w;
}

function truncate(s: string, max: number): string {
  return [...s].length > max ? [...s].slice(0, max - 1).join('') + '…' : s;
}
