/**
 * Outlet marks placed so that every one can be picked: marks that cover each other are pushed
 * apart a few px (a deterministic collision relaxation, like d3-force's forceCollide run to rest),
 * and marks that would have to move more than `maxShift` px are gathered into a cluster drawn
 * as one badge with a count, which the map expands by zooming in.
 *
 * "Covered" is about the later-drawn mark: a mark's centre is hidden when a mark drawn above it
 * reaches over it, so two marks need centres at least the upper one's reach + gap apart (its
 * reach: the radius of everything it draws, hit area included). Clusters are drawn above marks.
 *
 * Coordinates are px at the map's zoom, without its translation: panning leaves the layout as it
 * is, only a new zoom level asks for a new one.
 *
 * Cost: O(n) per relaxation sweep (a grid of the largest separation), at most `sweeps` sweeps per
 * round, and a round per set of merges (rarely more than a few).
 */

export interface MarkItem {
  x: number;
  y: number;
  /** the radius of everything the mark draws, px */
  reach: number;
  /** drawing order: a higher z is drawn above */
  z: number;
}

export interface LayoutNode {
  /** where the node is drawn, px */
  x: number;
  y: number;
  /** where its outlet is (the centroid of its outlets for a cluster), px */
  x0: number;
  y0: number;
  /** indices of its items: one for a mark, two or more for a cluster */
  members: number[];
  /** the radius it draws, px */
  reach: number;
}

export interface MarkLayout {
  nodes: LayoutNode[];
  /** the node each item is drawn in */
  nodeOf: Int32Array;
}

export interface LayoutOptions {
  /** px between the upper mark's reach and the lower one's centre */
  gap?: number;
  /** a mark pushed further than this from its place joins a cluster instead */
  maxShift?: number;
  /** false: never cluster (the deepest zoom), spread however far it takes */
  cluster?: boolean;
  /** the box the marks stay in, px */
  bounds?: { x0: number; y0: number; x1: number; y1: number };
  /** relaxation sweeps per round */
  sweeps?: number;
}

/** The radius of a cluster badge with n outlets: room for its count. */
export function clusterReach(n: number): number {
  return n < 10 ? 9 : n < 100 ? 11 : 13;
}

/**
 * @throws {RangeError} when an item has a coordinate or reach that is not a finite number
 * @example layoutMarks([{ x: 0, y: 0, reach: 7, z: 0 }, { x: 2, y: 0, reach: 7, z: 1 }]) // two marks 8 px apart
 */
export function layoutMarks(items: readonly MarkItem[], options: LayoutOptions = {}): MarkLayout {
  const { gap = 1, maxShift = 24, cluster = true, bounds, sweeps = 300 } = options;
  items.forEach((m, i) => {
    if (!Number.isFinite(m.x) || !Number.isFinite(m.y) || !(m.reach >= 0) || !Number.isFinite(m.reach)) throw new RangeError(`layoutMarks: item ${i} has x ${m.x}, y ${m.y}, reach ${m.reach}`);
  });
  // groups of items drawn as one node; each starts alone
  let groups: number[][] = items.map((_, i) => [i]);
  for (;;) {
    const nodes = groups.map((g) => nodeOf(g, items));
    const z = groups.map((g) => (g.length > 1 ? Infinity : items[g[0]].z));
    const converged = relax(nodes, z, gap, sweeps, bounds);
    if (!cluster) return finish(nodes, items.length);
    const far = nodes.map((n, i) => i).filter((i) => nodes[i].members.length === 1 && Math.hypot(nodes[i].x - nodes[i].x0, nodes[i].y - nodes[i].y0) > maxShift);
    const stuck = converged ? [] : overlapping(nodes, z, gap);
    if (far.length === 0 && stuck.length === 0) return finish(nodes, items.length);
    groups = merged(groups, nodes, z, gap, far, stuck);
  }
}

function nodeOf(members: number[], items: readonly MarkItem[]): LayoutNode {
  let x = 0, y = 0;
  for (const i of members) { x += items[i].x; y += items[i].y; }
  x /= members.length;
  y /= members.length;
  return { x, y, x0: x, y0: y, members, reach: members.length > 1 ? clusterReach(members.length) : items[members[0]].reach };
}

function finish(nodes: LayoutNode[], n: number): MarkLayout {
  const nodeOf = new Int32Array(n);
  nodes.forEach((node, k) => { for (const i of node.members) nodeOf[i] = k; });
  return { nodes, nodeOf };
}

// The separation two nodes need: the upper one's reach and the gap.
const need = (a: LayoutNode, b: LayoutNode, za: number, zb: number, gap: number) => (za > zb || (za === zb && a.reach < b.reach) ? a.reach : b.reach) + gap;

// Golden angle: the direction two nodes on the same spot part in, different for every pair.
const GOLDEN = Math.PI * (3 - Math.sqrt(5));

/** Push overlapping nodes apart, in place, until none overlaps or the sweeps run out; true when at rest. */
function relax(nodes: LayoutNode[], z: number[], gap: number, sweeps: number, bounds?: LayoutOptions['bounds']): boolean {
  const clamp = (node: LayoutNode) => {
    if (!bounds) return;
    node.x = Math.min(bounds.x1, Math.max(bounds.x0, node.x));
    node.y = Math.min(bounds.y1, Math.max(bounds.y0, node.y));
  };
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let moved = false;
    forEachClosePair(nodes, z, gap, (i, j, d0, d2) => {
      const a = nodes[i], b = nodes[j];
      const d = Math.sqrt(d2);
      let ux = 0, uy = 0;
      if (d < 1e-9) {
        const angle = GOLDEN * (i + 1) * (j + 1);
        ux = Math.cos(angle);
        uy = Math.sin(angle);
      } else {
        ux = (b.x - a.x) / d;
        uy = (b.y - a.y) / d;
      }
      // half the overlap each, and a hair more so that the pair comes to rest
      const push = (d0 - d) / 2 + 1e-3;
      a.x -= ux * push; a.y -= uy * push;
      b.x += ux * push; b.y += uy * push;
      clamp(a);
      clamp(b);
      moved = true;
    });
    if (!moved) return true;
  }
  return overlapping(nodes, z, gap).length === 0;
}

/** Pairs [i, j] of nodes that overlap. */
function overlapping(nodes: LayoutNode[], z: number[], gap: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  forEachClosePair(nodes, z, gap, (i, j) => out.push([i, j]));
  return out;
}

/**
 * Calls `f(i, j, separation, squared distance)` for each pair i < j of nodes closer than their
 * separation, found through a grid of the largest separation (a pair that overlaps sits in
 * neighbouring cells). Positions may change during the calls.
 */
function forEachClosePair(nodes: LayoutNode[], z: number[], gap: number, f: (i: number, j: number, d0: number, d2: number) => void): void {
  if (nodes.length < 2) return;
  let cell = 0;
  for (const node of nodes) cell = Math.max(cell, node.reach + gap);
  const grid = new Map<string, number[]>();
  const cells = nodes.map((node, i) => {
    const cx = Math.floor(node.x / cell), cy = Math.floor(node.y / cell);
    const key = `${cx},${cy}`;
    const list = grid.get(key);
    if (list) list.push(i);
    else grid.set(key, [i]);
    return [cx, cy];
  });
  nodes.forEach((a, i) => {
    const [cx, cy] = cells[i];
    for (let gx = cx - 1; gx <= cx + 1; gx++) {
      for (let gy = cy - 1; gy <= cy + 1; gy++) {
        for (const j of grid.get(`${gx},${gy}`) ?? []) {
          if (j <= i) continue;
          const b = nodes[j];
          const d0 = need(a, b, z[i], z[j], gap);
          const d2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
          if (d2 < d0 * d0 * (1 - 1e-9)) f(i, j, d0, d2);
        }
      }
    }
  });
}

/**
 * The groups after merging: each mark pushed too far joins the nodes it covered at its place (or
 * the nearest node when a chain of others pushed it), and each pair still overlapping joins up.
 */
function merged(groups: number[][], nodes: LayoutNode[], z: number[], gap: number, far: number[], stuck: Array<[number, number]>): number[][] {
  const parent = groups.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const join = (i: number, j: number) => {
    const a = root(i), b = root(j);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  for (const i of far) {
    let nearest = -1, best = Infinity, joined = false;
    for (let j = 0; j < nodes.length; j++) {
      if (j === i) continue;
      const d = Math.hypot(nodes[j].x0 - nodes[i].x0, nodes[j].y0 - nodes[i].y0);
      if (d < need(nodes[i], nodes[j], z[i], z[j], gap)) { join(i, j); joined = true; }
      if (d < best) { best = d; nearest = j; }
    }
    if (!joined && nearest >= 0) join(i, nearest);
  }
  for (const [i, j] of stuck) join(i, j);
  const out = new Map<number, number[]>();
  groups.forEach((g, i) => {
    const r = root(i);
    const list = out.get(r);
    if (list) list.push(...g);
    else out.set(r, [...g]);
  });
  return [...out.values()].map((g) => g.sort((a, b) => a - b));
}
