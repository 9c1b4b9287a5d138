/**
 * Point in an outline of closed rings by the even-odd rule (the rule district outlines use,
 * region.ts): a ray from the point towards +x crosses the rings' sides an odd number of times
 * when the point is inside. Holes and islands need no special case.
 *
 * Cost: O(points of the outline).
 */

/** @example insideRings([[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]], 1, 1) // true */
export function insideRings(rings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, x: number, y: number): boolean {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) odd = !odd;
    }
  }
  return odd;
}
