import { describe, expect, test } from 'vitest';
import { cellOutlines } from '../../src/model/cellOutline.ts';
import { Rng } from '../../src/model/rng.ts';
import { insideRings as inside } from '../../src/model/rings.ts';

type Ring = Array<[number, number]>;
// Signed area (counter-clockwise positive), shoelace over a closed ring.
const signedArea = (ring: Ring) => ring.slice(1).reduce((s, [x, y], i) => s + ring[i][0] * y - x * ring[i][1], 0) / 2;
describe('cellOutlines', () => {
  test('an L of three cells is one counter-clockwise ring of six corners enclosing 3 cells', () => {
    // row 0: [0, 1], row 1: [0, 0] → owner 0 holds (0,0), (0,1), (1,1)
    const rings = cellOutlines(Uint16Array.of(0, 1, 0, 0), 2, 2, 0.5, 2)[0];
    expect(rings).toHaveLength(1);
    expect(rings[0]).toHaveLength(7);
    expect(rings[0][0]).toEqual(rings[0][6]);
    expect(signedArea(rings[0])).toBeCloseTo(3 * 0.25, 12);
  });

  test('a district round a hole has an outer ring and a clockwise inner one; the area is the cells’', () => {
    const owner = new Uint8Array(9).fill(1);
    owner[4] = 2;
    const rings = cellOutlines(owner, 3, 3, 2, 3)[1];
    expect(rings.map((r) => signedArea(r)).sort((a, b) => a - b)).toEqual([-4, 36]);
    expect(inside(rings, 3, 3)).toBe(false);
    expect(inside(rings, 1, 1)).toBe(true);
  });

  test('on a random partition, every cell centre is inside exactly its owner’s rings, and the areas add up to the region', () => {
    const cols = 23, rows = 17, cellKm = 0.7, n = 5;
    const rng = Rng.from(11, 3);
    const owner = new Uint16Array(cols * rows);
    // blobs, not noise: each cell copies a neighbour most of the time, so rings have holes and corners that touch
    for (let k = 0; k < owner.length; k++) owner[k] = k > cols && rng.next() < 0.7 ? owner[k - (rng.next() < 0.5 ? 1 : cols)] : Math.floor(rng.next() * n);
    let total = 0;
    const all = cellOutlines(owner, cols, rows, cellKm, n);
    for (let id = 0; id < n; id++) {
      const rings = all[id];
      const count = owner.filter((o) => o === id).length;
      const area = rings.reduce((s, r) => s + signedArea(r), 0);
      expect(area, `district ${id}`).toBeCloseTo(count * cellKm * cellKm, 9);
      total += area;
      for (let k = 0; k < owner.length; k++) {
        const x = ((k % cols) + 0.5) * cellKm, y = (Math.floor(k / cols) + 0.5) * cellKm;
        expect(inside(rings, x, y), `district ${id} cell ${k}`).toBe(owner[k] === id);
      }
      // no point between two collinear sides
      for (const r of rings) {
        for (let i = 1; i < r.length - 1; i++) {
          const [a, b, c] = [r[i - 1], r[i], r[i + 1]];
          expect((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]), `district ${id}`).not.toBe(0);
        }
      }
    }
    expect(total).toBeCloseTo(cols * rows * cellKm * cellKm, 9);
  });

  test('cells that touch only at a corner give rings whose even-odd area is both cells', () => {
    const rings = cellOutlines(Uint8Array.of(1, 0, 0, 1), 2, 2, 1, 2)[1];
    expect(rings.reduce((s, r) => s + signedArea(r), 0)).toBeCloseTo(2, 12);
    expect(inside(rings, 0.5, 0.5)).toBe(true);
    expect(inside(rings, 1.5, 1.5)).toBe(true);
    expect(inside(rings, 1.5, 0.5)).toBe(false);
  });

  test('an owner with no cells has no rings; a grid that does not match, or an owner out of range, is refused', () => {
    expect(cellOutlines(Uint8Array.of(0, 0), 2, 1, 1, 4)[3]).toEqual([]);
    expect(() => cellOutlines(Uint8Array.of(0, 0, 0), 2, 2, 1, 1)).toThrow(/cellOutlines: a 2 × 2 grid needs 4 owners, got 3/);
    expect(() => cellOutlines(Uint8Array.of(0), 1, 1, 0, 1)).toThrow(/invalid cellKm 0/);
    expect(() => cellOutlines(Uint8Array.of(0, 2), 2, 1, 1, 2)).toThrow(/cell 1 has owner 2, expected 0 to 1/);
  });
});
