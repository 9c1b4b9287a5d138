/**
 * The outline of a set of grid cells: the district a region gives each cell (cellDistrict) as
 * closed rings of [x, y] km, for a map that draws districts as areas rather than as a centre and
 * a radius.
 *
 * Every cell side with the set on one side and not on the other is a boundary edge, directed so
 * that the set lies on its left (counter-clockwise round an island, clockwise round a hole). At
 * every grid corner as many boundary edges leave as arrive, so the edges chain into closed rings;
 * where two cells of the set touch only at a corner, either way of chaining is right for the
 * even-odd rule, which counts edge crossings and not rings. Straight runs are merged into one
 * side, so a ring has as many points as corners.
 *
 * Cost: O(cols × rows) to find the edges, O(edges) to chain them.
 */

/**
 * Rings round the cells of each owner (even-odd rule), in km from the grid's origin, each closed
 * (its last point repeats its first); one pass over the grid for all owners.
 * @param owner the owner of each cell, row-major from the origin (row 0 at y = 0), 0 ≤ owner < owners
 * @param owners how many owners there are: the result has one list of rings for each (empty for one with no cells)
 * @throws {RangeError} when the grid's size does not match the owner array, cellKm is not positive or an owner is out of range
 * @example cellOutlines(Uint16Array.of(0, 1, 0, 0), 2, 2, 1, 2)[0] // one ring: the L of three cells
 */
export function cellOutlines(owner: ArrayLike<number>, cols: number, rows: number, cellKm: number, owners: number): Array<Array<Array<[number, number]>>> {
  if (!(Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0 && owner.length === cols * rows)) {
    throw new RangeError(`cellOutlines: a ${cols} × ${rows} grid needs ${cols * rows} owners, got ${owner.length}`);
  }
  if (!(cellKm > 0)) throw new RangeError(`cellOutlines: invalid cellKm ${cellKm}`);
  const W = cols + 1;
  const at = (c: number, r: number) => (c >= 0 && r >= 0 && c < cols && r < rows ? owner[r * cols + c] : -1);
  // Each owner's directed edges by the corner they leave from (corner index r × (cols + 1) + c).
  const next = Array.from({ length: owners }, () => new Map<number, number[]>());
  const edges = new Array<number>(owners).fill(0);
  const add = (id: number, from: number, to: number) => {
    const list = next[id].get(from);
    if (list) list.push(to);
    else next[id].set(from, [to]);
    edges[id]++;
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const id = owner[r * cols + c];
      if (!(id >= 0 && id < owners)) throw new RangeError(`cellOutlines: cell ${r * cols + c} has owner ${id}, expected 0 to ${owners - 1}`);
      const sw = r * W + c, se = sw + 1, nw = sw + W, ne = nw + 1;
      if (at(c, r - 1) !== id) add(id, sw, se);
      if (at(c + 1, r) !== id) add(id, se, ne);
      if (at(c, r + 1) !== id) add(id, ne, nw);
      if (at(c - 1, r) !== id) add(id, nw, sw);
    }
  }
  const point = (k: number): [number, number] => [(k % W) * cellKm, Math.floor(k / W) * cellKm];
  return next.map((from, id) => {
    const rings: Array<Array<[number, number]>> = [];
    while (edges[id] > 0) {
      const start = from.keys().next().value!;
      const corners = [start];
      let k = start;
      for (;;) {
        const list = from.get(k)!;
        const to = list.pop()!;
        if (list.length === 0) from.delete(k);
        edges[id]--;
        if (to === start) break;
        corners.push(to);
        k = to;
      }
      const ring = withoutStraights(corners).map(point);
      ring.push([ring[0][0], ring[0][1]]);
      rings.push(ring);
    }
    return rings;
  });
}

// The corners where a ring turns (a point between two collinear sides is dropped).
function withoutStraights(corners: number[]): number[] {
  const n = corners.length;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = corners[(i + n - 1) % n], b = corners[i], c = corners[(i + 1) % n];
    if (b - a !== c - b) out.push(b);
  }
  return out;
}
