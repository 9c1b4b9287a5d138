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
    const end = relax(nodes, z, gap, sweeps, bounds, cluster ? maxShift * GIVE_UP : Infinity);
    if (!cluster) return finish(nodes, items.length);
    const far = nodes.map((n, i) => i).filter((i) => nodes[i].members.length === 1 && Math.hypot(nodes[i].x - nodes[i].x0, nodes[i].y - nodes[i].y0) > maxShift);
    const stuck = end === 'exhausted' ? overlapping(nodes, z, gap) : [];
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

/** A crowd whose marks are pushed this many times maxShift will be clustered anyway: stop spreading it. */
const GIVE_UP = 1.5;

// Golden angle: the direction two nodes on the same spot part in, different for every pair.
const GOLDEN = Math.PI * (3 - Math.sqrt(5));

/**
 * Push overlapping nodes apart, in place, until none overlaps ('rest') or the sweeps run out
 * ('exhausted'); early ('gaveUp') as soon as a mark is pushed further than `giveUp`. After the first sweep only pairs with a node that moved in the last one are looked at:
 * in a city most marks never overlap, and a crowd settles from its edge inwards.
 */
function relax(nodes: LayoutNode[], z: number[], gap: number, sweeps: number, bounds: LayoutOptions['bounds'] | undefined, giveUp: number): 'rest' | 'gaveUp' | 'exhausted' {
  const clamp = (node: LayoutNode) => {
    if (!bounds) return;
    node.x = Math.min(bounds.x1, Math.max(bounds.x0, node.x));
    node.y = Math.min(bounds.y1, Math.max(bounds.y0, node.y));
  };
  let active = new Uint8Array(nodes.length).fill(1);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const moved = new Uint8Array(nodes.length);
    let any = false;
    forEachClosePair(nodes, z, gap, active, (i, j, d0, d2) => {
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
      moved[i] = moved[j] = 1;
      any = true;
    });
    if (!any) return 'rest';
    for (let i = 0; i < nodes.length; i++) {
      if (moved[i] && nodes[i].members.length === 1 && Math.hypot(nodes[i].x - nodes[i].x0, nodes[i].y - nodes[i].y0) > giveUp) return 'gaveUp';
    }
    active = moved;
  }
  return overlapping(nodes, z, gap).length === 0 ? 'rest' : 'exhausted';
}

/** Pairs [i, j] of nodes that overlap. */
function overlapping(nodes: LayoutNode[], z: number[], gap: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  forEachClosePair(nodes, z, gap, new Uint8Array(nodes.length).fill(1), (i, j) => out.push([i, j]));
  return out;
}

/**
 * Calls `f(i, j, separation, squared distance)` once for each pair of nodes closer than their
 * separation of which at least one is active, found through a grid of the largest separation (a
 * pair that overlaps sits in neighbouring cells). Positions may change during the calls.
 */
function forEachClosePair(nodes: LayoutNode[], z: number[], gap: number, active: Uint8Array, f: (i: number, j: number, d0: number, d2: number) => void): void {
  const n = nodes.length;
  if (n < 2) return;
  let cell = 0, minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const node of nodes) {
    cell = Math.max(cell, node.reach + gap);
    minX = Math.min(minX, node.x); maxX = Math.max(maxX, node.x);
    minY = Math.min(minY, node.y); maxY = Math.max(maxY, node.y);
  }
  // buckets as linked lists: the first node of each occupied cell, and the next node of each node
  const cols = Math.floor((maxX - minX) / cell) + 3;
  const cx = new Float64Array(n), cy = new Float64Array(n);
  const head = new Map<number, number>(), next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cx[i] = Math.floor((nodes[i].x - minX) / cell) + 1;
    cy[i] = Math.floor((nodes[i].y - minY) / cell) + 1;
    const k = cy[i] * cols + cx[i];
    next[i] = head.get(k) ?? -1;
    head.set(k, i);
  }
  for (let i = 0; i < n; i++) {
    if (!active[i]) continue;
    for (let gy = cy[i] - 1; gy <= cy[i] + 1; gy++) {
      for (let gx = cx[i] - 1; gx <= cx[i] + 1; gx++) {
        for (let j = head.get(gy * cols + gx) ?? -1; j >= 0; j = next[j]) {
          // each pair once: by the lower index when both are active, else by the active one
          if (j === i || (active[j] && j < i)) continue;
          const a = nodes[i], b = nodes[j];
          const d0 = need(a, b, z[i], z[j], gap);
          const d2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
          if (d2 < d0 * d0 * (1 - 1e-9)) f(Math.min(i, j), Math.max(i, j), d0, d2);
        }
      }
    }
  }
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
