import { describe, expect, test } from 'vitest';
import { createModel } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { CHANNELS } from '../../src/model/domain.ts';
import { handoffFlows, layoutFlows, NEW_LINE, OTHER_SERVICES, serviceFlows } from '../../src/ui/lib/flows.ts';

// A real replication with every kind of hand-off: floor guides, O2O pick-ups, hotline referrals.
const scenario = resolveScenario({
  simulation: { months: 2, customers: 20_000, agents: 3_000, seed: 11 },
  levers: { diversion: { floorGuide: 0.5, kiosksPerStore: 2 } },
  handoffs: { o2oShare: 0.9 },
});
const model = createModel(scenario, 0);
model.tick(2);
const result = model.result();
const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);

describe('flows from a ReplicationResult', () => {
  test('service links carry every completed transaction exactly once, to the channel that completed it', () => {
    const g = serviceFlows(result, scenario.services, 0);
    expect(sum(g.links.map((l) => l.value))).toBeCloseTo(sum(result.serviceChannel.flat()), 6);
    expect(g.total).toBeCloseTo(sum(result.serviceChannel.flat()), 6);
    for (const l of g.links) {
      expect(l.kind).toBe('service');
      expect(g.nodes[l.source].column).toBe(0);
      expect(g.nodes[l.target].column).toBe(1);
    }
    // per channel: inflow equals the channel's column total
    CHANNELS.forEach((c, ci) => {
      const node = g.nodes.findIndex((n) => n.id === `channel:${c}`);
      const column = sum(result.serviceChannel.map((row) => row[ci]));
      if (column === 0) return expect(node).toBe(-1);
      expect(sum(g.links.filter((l) => l.target === node).map((l) => l.value))).toBeCloseTo(column, 6);
    });
    expect(g.nodes.some((n) => n.id === 'service:newLine' && n.zh === NEW_LINE.zh)).toBe(true);
  });

  test('hand-off links are the off-diagonal hand-offs, from the channel handing off to the one handed to', () => {
    const g = handoffFlows(result);
    const expected = result.handoffs.flatMap((row, i) => row.filter((v, j) => i !== j && v > 0));
    expect(g.links.length).toBe(expected.length);
    expect(g.links.length).toBeGreaterThanOrEqual(2);
    expect(g.total).toBeCloseTo(sum(expected), 6);
    expect(sum(g.links.map((l) => l.value))).toBeCloseTo(sum(expected), 6);
    for (const l of g.links) {
      expect(l.kind).toBe('handoff');
      expect(g.nodes[l.source].id).toMatch(/^from:/);
      expect(g.nodes[l.target].id).toMatch(/^to:/);
    }
    // the floor guide's own store → kiosk hand-off is there, with its count
    const own = g.nodes.findIndex((n) => n.id === 'from:ownStore'), kiosk = g.nodes.findIndex((n) => n.id === 'to:kiosk');
    expect(g.links.find((l) => l.source === own && l.target === kiosk)?.value).toBe(result.handoffs[CHANNELS.indexOf('ownStore')][CHANNELS.indexOf('kiosk')]);
    expect(handoffFlows({ handoffs: [[5]] }).links).toEqual([]);
  });

  test('small services merge into "other services", keeping the total; bad minShare is refused by name', () => {
    const g = serviceFlows(result, scenario.services, 0.05);
    const other = g.nodes.find((n) => n.id === 'service:other');
    expect(other?.en).toBe(OTHER_SERVICES.en);
    expect(g.nodes.filter((n) => n.column === 0).length).toBeLessThan(scenario.services.length);
    expect(sum(g.links.map((l) => l.value))).toBeCloseTo(g.total, 6);
    expect(() => serviceFlows(result, scenario.services, 1)).toThrow(/serviceFlows: invalid minShare 1/);
  });

  test('names are split into Chinese and English', () => {
    const g = serviceFlows(result, scenario.services, 0);
    expect(g.nodes.find((n) => n.id === 'service:balanceQuery')).toMatchObject({ zh: '余额查询', en: 'Balance query' });
    expect(g.nodes.find((n) => n.id === 'channel:ownStore')).toMatchObject({ zh: '自营厅', en: 'Own store' });
  });
});

describe('the Sankey layout', () => {
  test('places every node with a height in its own column, left to right, inside the box', () => {
    for (const g of [serviceFlows(result, scenario.services), handoffFlows(result)]) {
      const { nodes, links } = layoutFlows(g, 800, 400);
      expect(nodes.length).toBe(g.nodes.length);
      expect(links.length).toBe(g.links.length);
      const x = [0, 1].map((c) => nodes.filter((n) => n.column === c).map((n) => n.x0));
      expect(Math.max(...x[0])).toBeLessThan(Math.min(...x[1]));
      for (const n of nodes) {
        expect(n.y1).toBeGreaterThan(n.y0);
        expect(n.x1).toBeLessThanOrEqual(800 + 1e-9);
        expect(n.y0).toBeGreaterThanOrEqual(0);
        expect(n.y1).toBeLessThanOrEqual(400);
      }
      for (const l of links) {
        expect(l.path).toMatch(/^M/);
        expect(l.width).toBeGreaterThan(0);
      }
    }
  });

  test('nothing to lay out without links or room', () => {
    expect(layoutFlows({ nodes: [], links: [], total: 0 }, 800, 400)).toEqual({ nodes: [], links: [] });
    expect(layoutFlows(serviceFlows(result, scenario.services), 0, 400).nodes).toEqual([]);
  });
});
