import { describe, expect, test } from 'vitest';
import { closureGraph, destinationTerm, layoutClosureGraph, LOST } from '../../src/ui/lib/closureSankey.ts';

const FLOWS = {
  S05: { ownStore: 0.2, partner: 0.5, app: 0.25, lost: 0.05 },
  P13: { partner: 0.9, web: 0.1 },
  P99: {},
};

describe('closure flow graph', () => {
  test('closed outlets on the left, the destinations used on the right in channel order, lost last', () => {
    const g = closureGraph(FLOWS, { S05: 200, P13: 10 }, { S05: '城东厅' });
    expect(g.nodes.filter((n) => n.column === 0).map((n) => [n.key, n.name])).toEqual([['S05', '城东厅'], ['P13', 'P13']]);
    expect(g.nodes.filter((n) => n.column === 1).map((n) => n.key)).toEqual(['ownStore', 'partner', 'web', 'app', LOST]);
  });

  test('an outlet’s links carry its weight split by its shares (customers are conserved)', () => {
    const g = closureGraph(FLOWS, { S05: 200, P13: 10 });
    const out = (key: string) => g.links.filter((l) => g.nodes[l.source].key === key);
    expect(out('S05').reduce((a, l) => a + l.value, 0)).toBeCloseTo(200, 9);
    expect(out('P13').reduce((a, l) => a + l.value, 0)).toBeCloseTo(10, 9);
    expect(out('P13').find((l) => g.nodes[l.target].key === 'web')).toMatchObject({ share: 0.1, value: 1 });
    for (const l of g.links) expect(g.nodes[l.target].column).toBe(1);
  });

  test('without weights each outlet counts once; an outlet nobody left is not drawn; hair-thin shares are dropped', () => {
    const g = closureGraph({ A: { partner: 0.9995, kiosk: 0.0005 }, B: {} });
    expect(g.nodes.map((n) => n.key)).toEqual(['A', 'partner']);
    expect(g.links).toHaveLength(1);
    expect(() => closureGraph({}, {}, {}, 1)).toThrow(/invalid minShare/);
  });

  test('the layout keeps nodes in the box, outlets left of destinations, one path per link', () => {
    const g = closureGraph(FLOWS, { S05: 200, P13: 10 });
    const { nodes, links } = layoutClosureGraph(g, 600, 300);
    expect(nodes).toHaveLength(g.nodes.length);
    expect(links).toHaveLength(g.links.length);
    for (const n of nodes) {
      expect(n.x0).toBeGreaterThanOrEqual(0);
      expect(n.x1).toBeLessThanOrEqual(600);
      expect(n.y0).toBeGreaterThanOrEqual(0);
      expect(n.y1).toBeLessThanOrEqual(300);
      expect(n.x0).toBe(n.column === 0 ? 0 : 600 - 14);
    }
    for (const l of links) expect(l.path).toMatch(/^M/);
    expect(layoutClosureGraph({ nodes: [], links: [] }, 600, 300)).toEqual({ nodes: [], links: [] });
  });

  test('destinations are named in both languages', () => {
    expect(destinationTerm('app', { zh: '离网', en: 'Lost' })).toEqual({ zh: '掌上营业厅', en: 'App' });
    expect(destinationTerm(LOST, { zh: '离网', en: 'Lost' })).toEqual({ zh: '离网', en: 'Lost' });
  });
});
