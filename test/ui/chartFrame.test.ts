import { describe, expect, test } from 'vitest';
import { FRAME, layoutFrame, wrapText, type ExportFrame, type Measure } from '../../src/ui/lib/chartFrame.ts';

// A monospace stand-in for the page's canvas: Latin 0.6 em, CJK 1 em (the real widths come from a canvas).
const measure: Measure = (text, size) => [...text].reduce((w, c) => w + (/[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.6) * size, 0);

const frame: ExportFrame = {
  title: 'Channel mix 渠道结构',
  lines: ['Scenario: Default 默认情景', 'Unit: %', 'Shaded bands: 95 % interval over replications'],
  legend: ['Own stores', 'Partners', 'Electronic', 'Hotline', 'Direct'].map((label, i) => ({ label, color: `#00000${i}`, dash: i === 4 })),
  footer: ['Source: Channel Lab, model 0.1.0+m1 · 4 replications × 12 months × 20,000 customers simulated (100,000 subscribers) · seed 42'],
};

describe('chart frame for a slide', () => {
  test('title, lines, chart, legend, source: top to bottom, all within the picture', () => {
    const l = layoutFrame(frame, 400, 220, measure);
    expect(l.width).toBe(400 + 2 * FRAME.pad);
    const y = (text: string) => l.texts.find((t) => t.text.startsWith(text))!.y;
    expect(y('Channel mix')).toBeLessThan(y('Scenario'));
    expect(y('Shaded bands')).toBeLessThan(l.chart.y);
    expect(l.chart.y + 220).toBeLessThan(y('Own stores'));
    expect(y('Direct')).toBeLessThan(y('Source'));
    expect(l.height).toBeGreaterThan(y('Source') + 1);
    for (const t of l.texts) expect(t.x + measure(t.text, t.size), t.text).toBeLessThanOrEqual(l.width - FRAME.pad + 1e-9);
    // every legend item has its swatch, dashed where the series is
    expect(l.swatches.map((s) => s.dash)).toEqual([false, false, false, false, true]);
    // the long source line wraps to the chart's width and loses no word
    const footer = l.texts.filter((t) => t.size === FRAME.footerSize).map((t) => t.text);
    expect(footer.length).toBeGreaterThan(1);
    expect(footer.join(' ')).toBe(frame.footer[0]);
  });

  test('a narrow chart puts the legend on more rows', () => {
    const wide = layoutFrame(frame, 800, 200, measure);
    const narrow = layoutFrame(frame, 200, 200, measure);
    const rows = (l: typeof wide) => new Set(l.swatches.map((s) => s.y)).size;
    expect(rows(wide)).toBe(1);
    expect(rows(narrow)).toBeGreaterThan(2);
  });

  test('Chinese wraps between characters, English at spaces', () => {
    expect(wrapText('来源：渠道实验室模型', 5 * 12, 12, measure)).toEqual(['来源：渠道', '实验室模型']);
    expect(wrapText('one two three', 8 * 0.6 * 12, 12, measure)).toEqual(['one two', 'three']);
    // a word longer than the width stays whole on its line
    expect(wrapText('supercalifragilistic', 30, 12, measure)).toEqual(['supercalifragilistic']);
  });
});
