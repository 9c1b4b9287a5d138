/**
 * The training animation's marks: the shapes that tell the electronic channels apart (a cue
 * beside their shade steps, lib/mix.ts CHANNEL_MARK) and how large marks are drawn on a stage.
 *
 * Every shape of size r covers the same area as a square of side 2r (4r²), so no channel looks
 * heavier than another: a circle of radius 2r/√π, an equilateral triangle of side 4r/3^¼, a
 * diamond that is that square turned 45°, and a plus of span 6r/√5 with arms a third as wide
 * (5/9 of its span squared). Each is centred on (x, y) (the triangles on their centroid).
 */
import type { Mark } from './mix.ts';

/** What a shape is traced into: a canvas 2D context, or the SVG path recorder below. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  closePath(): void;
}

/** Add one mark of size r at (x, y) to the current path, as a closed subpath. */
export function traceMark(p: PathSink, mark: Mark, x: number, y: number, r: number): void {
  switch (mark) {
    case 'square':
      polygon(p, x, y, [[-r, -r], [r, -r], [r, r], [-r, r]]);
      return;
    case 'circle': {
      const rc = (2 * r) / Math.sqrt(Math.PI);
      p.moveTo(x + rc, y);
      p.arc(x, y, rc, 0, 2 * Math.PI);
      p.closePath();
      return;
    }
    case 'triangle':
    case 'triangleDown': {
      const a = (4 * r) / 3 ** 0.25, h = (Math.sqrt(3) / 2) * a, s = mark === 'triangle' ? 1 : -1;
      polygon(p, x, y, [[0, (-2 * h * s) / 3], [a / 2, (h * s) / 3], [-a / 2, (h * s) / 3]]);
      return;
    }
    case 'diamond': {
      const d = Math.SQRT2 * r;
      polygon(p, x, y, [[0, -d], [d, 0], [0, d], [-d, 0]]);
      return;
    }
    case 'plus': {
      const l = (3 * r) / Math.sqrt(5), w = r / Math.sqrt(5);
      polygon(p, x, y, [[-w, -l], [w, -l], [w, -w], [l, -w], [l, w], [w, w], [w, l], [-w, l], [-w, w], [-l, w], [-l, -w], [-w, -w]]);
      return;
    }
  }
}

/** The SVG path data of one mark (for legends). */
export function markPath(mark: Mark, x: number, y: number, r: number): string {
  const parts: string[] = [];
  const n = (v: number) => String(Math.round(v * 1000) / 1000);
  traceMark({
    moveTo: (px, py) => parts.push(`M${n(px)},${n(py)}`),
    lineTo: (px, py) => parts.push(`L${n(px)},${n(py)}`),
    // a full circle as two half arcs (one SVG arc cannot close on its own start)
    arc: (cx, cy, radius) => parts.push(`A${n(radius)},${n(radius)} 0 1 1 ${n(cx - radius)},${n(cy)}A${n(radius)},${n(radius)} 0 1 1 ${n(cx + radius)},${n(cy)}`),
    closePath: () => parts.push('Z'),
  }, mark, x, y, r);
  return parts.join('');
}

/** The stage's shorter side, px, at which marks are drawn at their base size. */
const BASE_STAGE_PX = 420;

/**
 * How much larger than their base size marks are drawn: with the stage's shorter side (so a
 * stage filling a projector's screen draws marks that carry to the back of the room), from 0.8
 * to 2, and a third more in the presenter layout.
 */
export function markScale(widthPx: number, heightPx: number, presenter: boolean): number {
  const side = Math.min(widthPx, heightPx);
  const s = Number.isFinite(side) && side > 0 ? Math.min(2, Math.max(0.8, side / BASE_STAGE_PX)) : 1;
  return presenter ? (4 / 3) * s : s;
}

function polygon(p: PathSink, x: number, y: number, pts: ReadonlyArray<readonly [number, number]>): void {
  p.moveTo(x + pts[0][0], y + pts[0][1]);
  for (let i = 1; i < pts.length; i++) p.lineTo(x + pts[i][0], y + pts[i][1]);
  p.closePath();
}
