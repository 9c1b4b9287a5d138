/**
 * Douglas–Peucker simplification of a closed ring on the plane (Douglas & Peucker 1973): keep the
 * point farthest from the chord between two kept points while it is farther than the tolerance.
 * A ring's chord starts as its first point to itself, so the first split is at the point farthest
 * from the start. O(n log n) on typical outlines; iterative, so long rings cannot overflow the stack.
 */

/**
 * The kept points of a closed ring (first point repeated at the end), as a new closed ring.
 * @param ring flat coordinates x0, y0, x1, y1, …, with the last point equal to the first
 * @param tolerance distance below which a point is dropped, in the ring's units
 */
export function simplifyRing(ring: Float64Array, tolerance: number): Float64Array {
  const n = ring.length / 2;
  if (n <= 4 || !(tolerance > 0)) return ring;
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const stack = [0, n - 1];
  const t2 = tolerance * tolerance;
  while (stack.length > 0) {
    const b = stack.pop()!, a = stack.pop()!;
    const ax = ring[2 * a], ay = ring[2 * a + 1], dx = ring[2 * b] - ax, dy = ring[2 * b + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let far = -1, farD = t2;
    for (let i = a + 1; i < b; i++) {
      const d = distance2(ring[2 * i] - ax, ring[2 * i + 1] - ay, dx, dy, len2);
      if (d > farD) { farD = d; far = i; }
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push(a, far, far, b);
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += keep[i];
  const out = new Float64Array(2 * m);
  for (let i = 0, j = 0; i < n; i++) if (keep[i]) { out[j++] = ring[2 * i]; out[j++] = ring[2 * i + 1]; }
  return out;
}

// Squared distance of point p (relative to the segment start) from the segment of direction d.
function distance2(px: number, py: number, dx: number, dy: number, len2: number): number {
  if (len2 === 0) return px * px + py * py;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
  const ex = px - t * dx, ey = py - t * dy;
  return ex * ex + ey * ey;
}
