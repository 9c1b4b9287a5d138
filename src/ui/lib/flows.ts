/**
 * Flows for the training Sankey, as two graphs drawn side by side:
 *   - services → the channels that completed them (result.serviceChannel);
 *   - hand-offs from one channel to another (result.handoffs: a floor guide sending a store
 *     visitor to a kiosk or the app, an online order picked up in a store, a hotline call
 *     referred to a store).
 * Each graph has its own scale: hand-offs are a few thousand where services are millions, and a
 * shared scale would draw the enhancing (O2O) hand-offs a pixel thin.
 *
 * Services below `minShare` of all transactions are merged into one "other services" node so that
 * the diagram stays legible on a projector; channels that carried nothing are left out.
 */
import { sankey, sankeyLinkHorizontal, type SankeyGraph } from 'd3-sankey';
import { CHANNELS, CHANNEL_LABELS } from '../../model/index.ts';
import { splitBilingual } from '../i18n/terms.ts';
import { CHANNEL_COLOR } from './mix.ts';

/** 0: services (or the channel handing off), 1: channels (or the channel handed to) */
export type FlowColumn = 0 | 1;

export interface FlowNode {
  id: string;
  column: FlowColumn;
  zh: string;
  en: string;
  color: string;
}

export interface FlowLink {
  source: number;
  target: number;
  value: number;
  kind: 'service' | 'handoff';
  color: string;
}

export interface FlowGraph {
  nodes: FlowNode[];
  links: FlowLink[];
  /** the sum of the links */
  total: number;
}

export interface Flows {
  serviceChannel: ReadonlyArray<ArrayLike<number>>;
  handoffs: ReadonlyArray<ArrayLike<number>>;
}

export const NEW_LINE = { zh: '新入网', en: 'New line' };
export const OTHER_SERVICES = { zh: '其他业务', en: 'Other services' };
const SERVICE_COLOR = '#7B8088';

/**
 * Services → channels from a replication's (or an experiment's) serviceChannel matrix.
 * `services` are the scenario's, in order; serviceChannel has one more row, the new line.
 */
export function serviceFlows(flows: Pick<Flows, 'serviceChannel'>, services: ReadonlyArray<{ id: string; name?: string }>, minShare = 0.01): FlowGraph {
  if (!(minShare >= 0 && minShare < 1)) throw new RangeError(`serviceFlows: invalid minShare ${minShare}`);
  const nc = CHANNELS.length;
  const rows = flows.serviceChannel;
  const rowTotal = rows.map((r) => sumOf(r, nc));
  const total = rowTotal.reduce((a, b) => a + b, 0);
  const nodes: FlowNode[] = [];
  const links: FlowLink[] = [];
  const channel = nodeMaker(nodes, 'channel', 1);
  // services, largest first; the small ones merged
  const order = rows.map((_, i) => i).filter((i) => rowTotal[i] > 0).sort((a, b) => rowTotal[b] - rowTotal[a] || a - b);
  const other = new Float64Array(nc);
  let otherUsed = false;
  const linkAll = (s: number, row: ArrayLike<number>) => {
    for (let c = 0; c < nc; c++) {
      const v = row[c] ?? 0;
      if (v > 0) links.push({ source: s, target: channel(c), value: v, kind: 'service', color: CHANNEL_COLOR[CHANNELS[c]] });
    }
  };
  for (const i of order) {
    if (total > 0 && rowTotal[i] / total < minShare) {
      for (let c = 0; c < nc; c++) other[c] += rows[i][c] ?? 0;
      otherUsed = true;
      continue;
    }
    const label = i < services.length ? splitBilingual(services[i].name || services[i].id) : NEW_LINE;
    const id = i < services.length ? `service:${services[i].id}` : 'service:newLine';
    linkAll(nodes.push({ id, column: 0, ...label, color: SERVICE_COLOR }) - 1, rows[i]);
  }
  if (otherUsed) linkAll(nodes.push({ id: 'service:other', column: 0, ...OTHER_SERVICES, color: SERVICE_COLOR }) - 1, other);
  return { nodes, links, total };
}

/** Hand-offs between channels: the channel handing off → the channel handed to. */
export function handoffFlows(flows: Pick<Flows, 'handoffs'>): FlowGraph {
  const nc = CHANNELS.length;
  const nodes: FlowNode[] = [];
  const links: FlowLink[] = [];
  const from = nodeMaker(nodes, 'from', 0), to = nodeMaker(nodes, 'to', 1);
  let total = 0;
  for (let a = 0; a < nc; a++) {
    for (let b = 0; b < nc; b++) {
      const v = flows.handoffs[a]?.[b] ?? 0;
      if (!(v > 0) || a === b) continue;
      links.push({ source: from(a), target: to(b), value: v, kind: 'handoff', color: CHANNEL_COLOR[CHANNELS[a]] });
      total += v;
    }
  }
  return { nodes, links, total };
}

// A channel's node in a column, made on first use.
function nodeMaker(nodes: FlowNode[], prefix: string, column: FlowColumn): (c: number) => number {
  const made = new Map<number, number>();
  return (c) => {
    let k = made.get(c);
    if (k === undefined) {
      const id = CHANNELS[c];
      k = nodes.push({ id: `${prefix}:${id}`, column, ...CHANNEL_LABELS[id], color: CHANNEL_COLOR[id] }) - 1;
      made.set(c, k);
    }
    return k;
  };
}

export interface PlacedNode extends FlowNode {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  value: number;
}

export interface PlacedLink extends FlowLink {
  /** SVG path of the link's centre line; draw it with stroke-width `width` */
  path: string;
  width: number;
}

/** Positions (px) of the graph's nodes and links in a width × height box (d3-sankey). */
export function layoutFlows(graph: FlowGraph, width: number, height: number, nodeWidth = 14, nodePadding = 8): { nodes: PlacedNode[]; links: PlacedLink[] } {
  if (graph.links.length === 0 || !(width > 0 && height > 0)) return { nodes: [], links: [] };
  type N = FlowNode & { layer: number };
  type L = Omit<FlowLink, 'source' | 'target'>;
  const layout = sankey<N, L>()
    .nodeWidth(nodeWidth)
    .nodePadding(nodePadding)
    // the column is what a node is (service or channel), not how deep it happens to sit
    .nodeAlign((node, n) => Math.min(node.layer, n - 1))
    .extent([[0, 1], [width, height - 1]]);
  const input: SankeyGraph<N, L> = {
    nodes: graph.nodes.map((n) => ({ ...n, layer: n.column })),
    links: graph.links.map((l) => ({ ...l })),
  };
  const out = layout(input);
  const path = sankeyLinkHorizontal<N, L>();
  const nodes = out.nodes.map((n) => ({
    id: n.id, column: n.column, zh: n.zh, en: n.en, color: n.color,
    x0: n.x0 ?? 0, x1: n.x1 ?? 0, y0: n.y0 ?? 0, y1: n.y1 ?? 0, value: n.value ?? 0,
  }));
  const links = out.links.map((l, k) => ({
    ...graph.links[k],
    path: path(l) ?? '',
    width: Math.max(1, l.width ?? 0),
  }));
  return { nodes, links };
}

function sumOf(a: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] ?? 0;
  return s;
}
