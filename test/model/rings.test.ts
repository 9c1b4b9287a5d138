import { describe, expect, test } from 'vitest';
import { insideRings } from '../../src/model/rings.ts';

const square = (x0: number, y0: number, side: number): Array<[number, number]> => [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]];

describe('insideRings', () => {
  test('a square holds its inside, not its outside; a hole (a second ring) is outside, an island in it inside again', () => {
    const rings = [square(0, 0, 10), square(3, 3, 4), square(4, 4, 2)];
    expect(insideRings(rings, 1, 1)).toBe(true);
    expect(insideRings(rings, 11, 1)).toBe(false);
    expect(insideRings(rings, 3.5, 3.5)).toBe(false);
    expect(insideRings(rings, 5, 5)).toBe(true);
  });

  test('either winding, and no ring at all', () => {
    expect(insideRings([square(0, 0, 2).reverse()], 1, 1)).toBe(true);
    expect(insideRings([], 1, 1)).toBe(false);
  });
});
