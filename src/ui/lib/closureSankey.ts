/**
 * Where the customers of closed outlets went (网点关停去向), as a two-column flow diagram: each
 * closed outlet on the left, each destination on the right (the channel its home customers used
 * first after the closure: another own store, a partner outlet, an electronic channel, the
 * hotline, or "lost" when they churned first). flowsOf() gives each outlet's destination shares
 * (summing to 1); an outlet's links are scaled by its weight, its monthly transactions before the
 * closure, so a busy store's customers count for more than a quiet one's. Laid out by d3-sankey.
 */
import { sankey, sankeyLinkHorizontal, type SankeyGraph } from 'd3-sankey';
import { CHANNELS, CHANNEL_LABELS, type ChannelId } from '../../model/index.ts';
import { CHANNEL_COLOR } from './mix.ts';

/** The destination of customers who churned before using any channel again. */
export const LOST = 'lost';
export const LOST_COLOR = '#C0392B';
const OUTLET_COLOR = '#56595E';

export interface ClosureNode {
  id: string;
  column: 0 | 1;
  /** outlet id, channel id or "lost" */
  key: string;
  /** display name: the outlet's name, or null for a destination (labelled by the caller in the locale) */
  name: string | null;
  color: string;
}

export interface ClosureLink {
  source: number;
  target: number;
  /** weight × share */
  value: number;
  /** share of the outlet's customers */
  share: number;
  color: string;
}

export interface ClosureGraph {
  nodes: ClosureNode[];
  links: ClosureLink[];
}

/**
 * The graph of flows (outlet id → destination → share). Destinations are ordered as the
 * channels, "lost" last; shares at or below `minShare` are left out so that hair-thin links do not
 * clutter the diagram; outlets without any flow (nobody had moved yet) are left out.
 * @param weights outlet id → weight (default 1 each)
 * @param names outlet id → name
 */
export function closureGraph(flows: Readonly<Record<string, Readonly<Record<string, number>>>>, weights: Readonly<Record<string, number>> = {}, names: Readonly<Record<string, string>> = {}, minShare = 0.001): ClosureGraph {
  if (!(minShare >= 0 && minShare < 1)) throw new RangeError(`closureGraph: invalid minShare ${minShare}`);
  const nodes: ClosureNode[] = [];
  const links: ClosureLink[] = [];
  const order = [...CHANNELS, LOST] as string[];
  const dests = new Map<string, number>();
  const used = order.filter((d) => Object.values(flows).some((f) => (f[d] ?? 0) > minShare));
  for (const [id, f] of Object.entries(flows)) {
    const parts = used.filter((d) => (f[d] ?? 0) > minShare);
    if (parts.length === 0) continue;
    const w = weights[id] !== undefined && weights[id] > 0 ? weights[id] : 1;
    const source = nodes.push({ id: `outlet:${id}`, column: 0, key: id, name: names[id] ?? id, color: OUTLET_COLOR }) - 1;
    for (const d of parts) links.push({ source, target: -1 - used.indexOf(d), value: w * f[d], share: f[d], color: colorOf(d) });
  }
  // Destinations after the outlets, in channel order; link targets re-pointed to them.
  for (const d of used) {
    if (!links.some((l) => l.target === -1 - used.indexOf(d))) continue;
    dests.set(d, nodes.push({ id: `to:${d}`, column: 1, key: d, name: null, color: colorOf(d) }) - 1);
  }
  for (const l of links) l.target = dests.get(used[-1 - l.target])!;
  return { nodes, links };
}

export interface PlacedClosureNode extends ClosureNode {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  value: number;
}

export interface PlacedClosureLink extends ClosureLink {
  /** SVG path of the link's centre line, drawn with stroke-width `width` */
  path: string;
  width: number;
}

/** Positions in px of the graph in a width × height box. */
export function layoutClosureGraph(graph: ClosureGraph, width: number, height: number, nodeWidth = 14, nodePadding = 10): { nodes: PlacedClosureNode[]; links: PlacedClosureLink[] } {
  if (graph.links.length === 0 || !(width > 0 && height > 0)) return { nodes: [], links: [] };
  type N = ClosureNode;
  type L = Omit<ClosureLink, 'source' | 'target'>;
  const layout = sankey<N, L>()
    .nodeWidth(nodeWidth)
    .nodePadding(nodePadding)
    .nodeAlign((node) => node.column)
    // keep the input order: outlets as listed, destinations in channel order, "lost" last
    .nodeSort(null)
    .extent([[0, 1], [width, height - 1]]);
  const input: SankeyGraph<N, L> = { nodes: graph.nodes.map((n) => ({ ...n })), links: graph.links.map((l) => ({ ...l })) };
  const out = layout(input);
  const path = sankeyLinkHorizontal<N, L>();
  return {
    nodes: out.nodes.map((n) => ({ id: n.id, column: n.column, key: n.key, name: n.name, color: n.color, x0: n.x0 ?? 0, x1: n.x1 ?? 0, y0: n.y0 ?? 0, y1: n.y1 ?? 0, value: n.value ?? 0 })),
    links: out.links.map((l) => {
      const s = l.source as N, t = l.target as N;
      return {
        source: graph.nodes.findIndex((n) => n.id === s.id), target: graph.nodes.findIndex((n) => n.id === t.id),
        value: l.value, share: l.share, color: l.color, path: path(l) ?? '', width: Math.max(1, l.width ?? 1),
      };
    }),
  };
}

/** Destination names in both languages ("lost" from the caller's catalogue). */
export function destinationTerm(key: string, lost: { zh: string; en: string }): { zh: string; en: string } {
  return key === LOST ? lost : CHANNEL_LABELS[key as ChannelId] ?? { zh: key, en: key };
}

function colorOf(dest: string): string {
  return dest === LOST ? LOST_COLOR : CHANNEL_COLOR[dest as ChannelId] ?? OUTLET_COLOR;
}
