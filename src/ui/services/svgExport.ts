/**
 * Charts as files for a slide: the chart's SVG inside a frame with its title, what it shows
 * (scenarios, unit, bands), its legend and its source (lib/chartFrame.ts lays the frame out),
 * serialised as a standalone SVG document (its styles are presentation attributes already, so
 * nothing needs inlining but the font), or rasterised to PNG at twice its size through an <img>
 * and a canvas.
 */
import { layoutFrame, type ExportFrame, type FrameLayout, type Measure } from '../lib/chartFrame.ts';

const FONT = 'system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A standalone SVG document and its size in px. */
export interface ExportedSvg {
  text: string;
  width: number;
  height: number;
}

let canvas: HTMLCanvasElement | null = null;
// Text widths as the exported file will draw them: the same font stack on a canvas.
const measure: Measure = (text, size) => {
  canvas ??= document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return text.length * size * 0.6;
  ctx.font = `${size}px ${FONT}`;
  return ctx.measureText(text).width;
};

/** The chart's SVG as a document; with a frame, framed for a slide. */
export function svgDocument(svg: SVGSVGElement, frame?: ExportFrame): ExportedSvg {
  const { width, height } = svg.getBoundingClientRect();
  const chart = svg.cloneNode(true) as SVGSVGElement;
  chart.setAttribute('width', String(Math.round(width)));
  chart.setAttribute('height', String(Math.round(height)));
  const layout: FrameLayout = frame
    ? layoutFrame(frame, width, height, measure)
    : { width: Math.round(width), height: Math.round(height), texts: [], swatches: [], chart: { x: 0, y: 0 } };
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(layout.width));
  root.setAttribute('height', String(layout.height));
  root.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
  root.setAttribute('font-family', FONT);
  if (frame) root.append(el('title', {}, frame.title));
  root.append(el('rect', { width: '100%', height: '100%', fill: '#ffffff' }));
  chart.setAttribute('x', String(layout.chart.x));
  chart.setAttribute('y', String(layout.chart.y));
  chart.setAttribute('overflow', 'visible');
  root.append(chart);
  for (const s of layout.swatches) {
    root.append(s.dash
      ? el('line', { x1: s.x, y1: s.y + 6, x2: s.x + 12, y2: s.y + 6, stroke: s.color, 'stroke-width': 2, 'stroke-dasharray': '4 2', class: 'legend-swatch' })
      : el('rect', { x: s.x, y: s.y, width: 12, height: 12, rx: 2, fill: s.color, class: 'legend-swatch' }));
  }
  for (const t of layout.texts) {
    root.append(el('text', { x: t.x, y: t.y, 'font-size': t.size, 'font-weight': t.weight, fill: t.color }, t.text));
  }
  return { text: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root), width: layout.width, height: layout.height };
}

export async function svgToPng(svg: SVGSVGElement, frame?: ExportFrame, scale = 2): Promise<Blob> {
  const doc = svgDocument(svg, frame);
  const url = URL.createObjectURL(new Blob([doc.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(doc.width * scale);
    canvas.height = Math.round(doc.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('svgToPng: no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, doc.width, doc.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('svgToPng: encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
