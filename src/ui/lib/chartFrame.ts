/**
 * A chart made ready for a slide: the plot with its title above, the lines that say what it shows
 * (scenarios, unit, what the bands are), its legend drawn in, and the source beneath (Channel
 * Lab, the model version, the run size and seed). This lays the frame out; services/svgExport.ts
 * draws it. Text is measured by the caller (a canvas in the page), so the layout is pure.
 */

/** What goes around a chart in an exported file. */
export interface ExportFrame {
  title: string;
  /** beneath the title: scenario names, unit, bands */
  lines: string[];
  legend: ReadonlyArray<{ label: string; color: string; dash?: boolean }>;
  /** beneath the chart: the source line(s) */
  footer: string[];
}

/** Width of a text at a font size in px. */
export type Measure = (text: string, fontSize: number) => number;

export interface PlacedText {
  text: string;
  x: number;
  y: number;
  size: number;
  weight: 'normal' | 'bold';
  color: string;
}
export interface PlacedSwatch {
  x: number;
  y: number;
  color: string;
  dash: boolean;
}

/** Where everything goes, in px of the exported picture. */
export interface FrameLayout {
  width: number;
  height: number;
  texts: PlacedText[];
  swatches: PlacedSwatch[];
  /** the chart's top-left corner */
  chart: { x: number; y: number };
}

export const FRAME = {
  pad: 16,
  titleSize: 16,
  lineSize: 12,
  legendSize: 12,
  footerSize: 10.5,
  swatch: 12,
  legendGap: 18,
  ink: '#1b1f24',
  muted: '#4f5864',
} as const;

/** A text broken into lines no wider than `width` (at spaces; between CJK characters anywhere). */
export function wrapText(text: string, width: number, size: number, measure: Measure): string[] {
  const tokens = text.match(/[\u2e80-\u9fff\uff00-\uffef][，。、；：）」』]?|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const t of tokens) {
    const next = line + t;
    if (line.trim() !== '' && measure(next.trimEnd(), size) > width) {
      lines.push(line.trimEnd());
      line = t.trimStart();
    } else {
      line = next;
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/**
 * Lay out the frame around a chart of chartWidth × chartHeight: title and lines wrapped to the
 * chart's width, the chart, then legend items left to right in rows, then the footer.
 */
export function layoutFrame(frame: ExportFrame, chartWidth: number, chartHeight: number, measure: Measure): FrameLayout {
  const { pad } = FRAME;
  const width = Math.round(chartWidth + 2 * pad);
  const inner = width - 2 * pad;
  const texts: PlacedText[] = [];
  const swatches: PlacedSwatch[] = [];
  let y = pad;
  const block = (text: string, size: number, weight: PlacedText['weight'], color: string) => {
    for (const line of wrapText(text, inner, size, measure)) {
      y += size * 1.3;
      texts.push({ text: line, x: pad, y, size, weight, color });
    }
  };
  block(frame.title, FRAME.titleSize, 'bold', FRAME.ink);
  for (const line of frame.lines) block(line, FRAME.lineSize, 'normal', FRAME.muted);
  y += 8;
  const chart = { x: pad, y };
  y += chartHeight + 6;
  // Legend rows: swatch, gap, label; a new row when the next item does not fit.
  const rowHeight = FRAME.legendSize * 1.6;
  let x = pad;
  if (frame.legend.length > 0) y += rowHeight;
  for (const item of frame.legend) {
    const w = FRAME.swatch + 6 + measure(item.label, FRAME.legendSize);
    if (x > pad && x + w > pad + inner) {
      x = pad;
      y += rowHeight;
    }
    swatches.push({ x, y: y - FRAME.swatch + 1, color: item.color, dash: !!item.dash });
    texts.push({ text: item.label, x: x + FRAME.swatch + 6, y, size: FRAME.legendSize, weight: 'normal', color: FRAME.ink });
    x += w + FRAME.legendGap;
  }
  y += 6;
  for (const line of frame.footer) block(line, FRAME.footerSize, 'normal', FRAME.muted);
  return { width, height: Math.round(y + pad), texts, swatches, chart };
}
