import { describe, expect, test } from 'vitest';
import { markPath, markScale, traceMark, type PathSink } from '../../src/ui/lib/marks.ts';
import type { Mark } from '../../src/ui/lib/mix.ts';

const MARKS: Mark[] = ['square', 'circle', 'triangle', 'diamond', 'triangleDown', 'plus'];

// Records each closed subpath as a polygon, and a full arc as its exact circle.
function trace(mark: Mark, x: number, y: number, r: number): { polygons: Array<Array<[number, number]>>; circles: Array<{ x: number; y: number; r: number }> } {
  const polygons: Array<Array<[number, number]>> = [], circles: Array<{ x: number; y: number; r: number }> = [];
  let open: Array<[number, number]> | null = null;
  const sink: PathSink = {
    moveTo: (px, py) => { open = [[px, py]]; },
    lineTo: (px, py) => { open!.push([px, py]); },
    arc: (cx, cy, rc, a0, a1) => { expect(a1 - a0).toBeCloseTo(2 * Math.PI, 12); circles.push({ x: cx, y: cy, r: rc }); open = null; },
    closePath: () => { if (open) polygons.push(open); open = null; },
  };
  traceMark(sink, mark, x, y, r);
  return { polygons, circles };
}

const shoelace = (pts: Array<[number, number]>) => Math.abs(pts.reduce((s, [x, y], i) => { const [x2, y2] = pts[(i + 1) % pts.length]; return s + x * y2 - x2 * y; }, 0)) / 2;

describe('marks', () => {
  test('every shape covers the area of a square of side 2r (no channel looks heavier), centred on its point', () => {
    for (const mark of MARKS) {
      const { polygons, circles } = trace(mark, 10, -4, 3);
      expect(polygons.length + circles.length, mark).toBe(1);
      if (circles.length) {
        expect(Math.PI * circles[0].r ** 2, mark).toBeCloseTo(36, 10);
        expect([circles[0].x, circles[0].y]).toEqual([10, -4]);
        continue;
      }
      const pts = polygons[0];
      expect(shoelace(pts), mark).toBeCloseTo(36, 10);
      // centroid of the vertices (the polygons here are symmetric or triangles)
      expect(pts.reduce((s, p) => s + p[0], 0) / pts.length, mark).toBeCloseTo(10, 10);
      expect(pts.reduce((s, p) => s + p[1], 0) / pts.length, mark).toBeCloseTo(-4, 10);
    }
  });

  test('the triangles point up and down', () => {
    const up = trace('triangle', 0, 0, 1).polygons[0], down = trace('triangleDown', 0, 0, 1).polygons[0];
    expect(up[0][1]).toBeLessThan(0);
    expect(down[0][1]).toBeGreaterThan(0);
  });

  test('markPath writes closed SVG paths; a circle as two half arcs through its leftmost point', () => {
    expect(markPath('square', 5, 5, 2)).toBe('M3,3L7,3L7,7L3,7Z');
    const rc = Math.round((4 / Math.sqrt(Math.PI)) * 1000) / 1000;
    expect(markPath('circle', 0, 0, 2)).toBe(`M${rc},0A${rc},${rc} 0 1 1 ${-rc},0A${rc},${rc} 0 1 1 ${rc},0Z`);
    for (const m of MARKS) expect(markPath(m, 0, 0, 1), m).toMatch(/^M[^M]*Z$/);
  });

  test('markScale grows with the stage\'s shorter side within 0.8–2, and a third more for the presenter', () => {
    expect(markScale(420, 900, false)).toBe(1);
    expect(markScale(900, 420, false)).toBe(1);
    expect(markScale(200, 200, false)).toBe(0.8);
    expect(markScale(630, 700, false)).toBeCloseTo(1.5, 12);
    expect(markScale(2000, 2000, false)).toBe(2);
    expect(markScale(630, 700, true)).toBeCloseTo(2, 12);
    let last = 0;
    for (let side = 100; side <= 1200; side += 50) {
      const s = markScale(side, side, false);
      expect(s).toBeGreaterThanOrEqual(last);
      last = s;
    }
    expect(markScale(0, 0, false)).toBe(1);
  });
});
