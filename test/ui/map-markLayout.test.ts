import { describe, expect, test } from 'vitest';
import { clusterReach, layoutMarks, type MarkItem, type MarkLayout } from '../../src/ui/lib/map/markLayout.ts';
import { Rng } from '../../src/model/rng.ts';

/**
 * The pick property: each node's centre is outside every node drawn above it (its reach plus the
 * gap), so a click at a node's centre reaches that node. Returns the pairs that break it.
 */
function hidden(items: readonly MarkItem[], l: MarkLayout, gap = 1): string[] {
  const z = l.nodes.map((n) => (n.members.length > 1 ? Infinity : items[n.members[0]].z));
  const out: string[] = [];
  l.nodes.forEach((a, i) => l.nodes.forEach((b, j) => {
    if (i === j || z[j] < z[i] || (z[j] === z[i] && j < i)) return;
    const d = Math.hypot(a.x - b.x, a.y - b.y);
    if (d < b.reach + gap - 1e-6) out.push(`${i} under ${j}: ${d.toFixed(3)} < ${b.reach + gap}`);
  }));
  return out;
}

function randomItems(n: number, side: number, seed: number): MarkItem[] {
  const rng = Rng.from(seed, 1);
  return Array.from({ length: n }, (_, i) => ({ x: rng.next() * side, y: rng.next() * side, reach: 7 + 10 * rng.next() ** 3, z: i }));
}

describe('layoutMarks', () => {
  test('marks already apart stay where they are, one node each', () => {
    const items = [{ x: 0, y: 0, reach: 7, z: 0 }, { x: 20, y: 0, reach: 7, z: 1 }, { x: 0, y: 20, reach: 9, z: 2 }];
    const l = layoutMarks(items);
    expect(l.nodes.map((n) => [n.x, n.y, n.members])).toEqual([[0, 0, [0]], [20, 0, [1]], [0, 20, [2]]]);
  });

  test('two marks on one spot part to exactly the upper one’s reach + gap, symmetric about the spot', () => {
    const l = layoutMarks([{ x: 50, y: 50, reach: 10, z: 0 }, { x: 50, y: 50, reach: 7, z: 1 }]);
    expect(l.nodes).toHaveLength(2);
    const [a, b] = l.nodes;
    expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeCloseTo(8, 2);
    expect((a.x + b.x) / 2).toBeCloseTo(50, 9);
    expect((a.y + b.y) / 2).toBeCloseTo(50, 9);
  });

  test('400 random marks in a 200 px square: every centre pickable, every spread mark within maxShift of its place, members conserved', () => {
    const items = randomItems(400, 200, 5);
    const l = layoutMarks(items, { maxShift: 24 });
    expect(hidden(items, l)).toEqual([]);
    const members = l.nodes.flatMap((n) => n.members).sort((a, b) => a - b);
    expect(members).toEqual(items.map((_, i) => i));
    for (const n of l.nodes) {
      if (n.members.length === 1) expect(Math.hypot(n.x - n.x0, n.y - n.y0)).toBeLessThanOrEqual(24 + 1e-9);
      else expect(n.reach).toBe(clusterReach(n.members.length));
      for (const i of n.members) expect(l.nodes[l.nodeOf[i]]).toBe(n);
    }
    // crowded enough that both happen
    expect(l.nodes.some((n) => n.members.length > 1)).toBe(true);
    expect(l.nodes.some((n) => n.members.length === 1 && Math.hypot(n.x - n.x0, n.y - n.y0) > 1)).toBe(true);
  });

  test('30 marks on one spot become one cluster at its place; at the deepest zoom (no clustering) they ring it, all pickable', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ x: 100, y: 100, reach: 7, z: i }));
    const clustered = layoutMarks(items);
    expect(clustered.nodes).toHaveLength(1);
    expect(clustered.nodes[0]).toMatchObject({ x: 100, y: 100, reach: clusterReach(30) });
    const spread = layoutMarks(items, { cluster: false });
    expect(spread.nodes).toHaveLength(30);
    expect(hidden(items, spread)).toEqual([]);
  });

  test('marks stay in the bounds', () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ x: 0, y: 0, reach: 7, z: i }));
    const l = layoutMarks(items, { bounds: { x0: 0, y0: 0, x1: 200, y1: 200 } });
    expect(hidden(items, l)).toEqual([]);
    for (const n of l.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
    }
  });

  test('the same marks give the same layout (no randomness, no dependence on earlier calls)', () => {
    const items = randomItems(120, 150, 9);
    expect(layoutMarks(items)).toEqual(layoutMarks(items.map((m) => ({ ...m }))));
  });

  test('an item with a coordinate that is not a number is refused', () => {
    expect(() => layoutMarks([{ x: NaN, y: 0, reach: 7, z: 0 }])).toThrow(/layoutMarks: item 0 has x NaN/);
  });
});
