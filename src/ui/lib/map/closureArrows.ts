/**
 * Where a closed outlet's customers went, for the map (result.closureFlows: closed outlet id →
 * channel id or "lost" → share of its home customers).
 *
 * The run counts the channel a displaced customer turned to, not the outlet, so the share that
 * went to own stores (or to partner outlets) is drawn to the nearest open outlets of that kind and
 * split among them as the model splits a customer's choice within a channel: Huff's rule (Huff
 * 1963; src/model/choice.ts), P_j ∝ S_j^α · T_j^−λ, with T_j the minutes from the closed outlet
 * (access minutes + distance / speed) and S_j the outlet's size (counters × attractiveness). The
 * other channels (self-service, hotline, account managers) and the share lost to competitors
 * have no place on the map and go to a side legend.
 */
import { CHANNELS, type ChannelId } from '../../../model/index.ts';

export interface FlowOutlet {
  id: string;
  kind: 'own' | 'partner';
  x: number;
  y: number;
  /** open at the end of the run */
  open: boolean;
  /** counters × attractiveness (1 when unknown) */
  size: number;
}

export interface HuffParameters {
  /** α on size */
  alpha: number;
  /** λ on travel minutes */
  lambda: number;
  accessMin: number;
  speedKmh: number;
}

export interface FlowArrow {
  from: string;
  to: string;
  kind: 'own' | 'partner';
  /** share of the closed outlet's customers drawn along this arrow */
  share: number;
}

export interface OffMapShare {
  key: ChannelId | 'lost';
  share: number;
}

export interface ClosureFlowView {
  arrows: FlowArrow[];
  /** per closed outlet, the shares that go elsewhere than an outlet, largest first */
  offMap: Record<string, OffMapShare[]>;
  /** closed outlets in the flows that the map does not have (another region) */
  missing: string[];
}

/** An arrow as the map draws it, screen px. */
export interface FlowLine {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  share: number;
  color: string;
  label: string;
  /** lost to competitors: dashed, pointing off the map */
  lost?: boolean;
}

const TO_KIND: Partial<Record<ChannelId, 'own' | 'partner'>> = { ownStore: 'own', partner: 'partner' };

/**
 * @param flows result.closureFlows (figures may be null in a stored run: read as 0)
 * @param outlets the map's outlets with the run's open state
 * @param nearest outlets of a kind an arrow bundle fans out to
 */
export function closureFlowView(flows: Record<string, Record<string, unknown>>, outlets: readonly FlowOutlet[], huff: (from: FlowOutlet) => HuffParameters, nearest = 3): ClosureFlowView {
  const byId = new Map(outlets.map((o) => [o.id, o]));
  const arrows: FlowArrow[] = [];
  const offMap: Record<string, OffMapShare[]> = {};
  const missing: string[] = [];
  for (const [id, shares] of Object.entries(flows)) {
    const from = byId.get(id);
    if (!from) {
      missing.push(id);
      continue;
    }
    const p = huff(from);
    const off: OffMapShare[] = [];
    for (const key of [...CHANNELS, 'lost'] as const) {
      const raw = shares[key];
      const share = typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : 0;
      if (share === 0) continue;
      const kind = key === 'lost' ? undefined : TO_KIND[key];
      if (!kind) {
        off.push({ key, share });
        continue;
      }
      const split = huffSplit(from, outlets.filter((o) => o.open && o.kind === kind && o.id !== id), p, nearest);
      if (split.length === 0) off.push({ key, share });
      for (const s of split) arrows.push({ from: id, to: s.id, kind, share: share * s.p });
    }
    offMap[id] = off.sort((a, b) => b.share - a.share);
  }
  return { arrows, offMap, missing };
}

/** A trip of no time would take all the weight (T^−λ is infinite at 0): the shortest trip counted, minutes. */
const MIN_TRIP_MIN = 0.5;

/** The `nearest` candidates closest to `from` and their Huff probabilities among themselves. */
export function huffSplit(from: { x: number; y: number }, candidates: readonly FlowOutlet[], p: HuffParameters, nearest: number): Array<{ id: string; p: number }> {
  const near = candidates
    .map((o) => ({ o, d: Math.hypot(o.x - from.x, o.y - from.y) }))
    .sort((a, b) => a.d - b.d || (a.o.id < b.o.id ? -1 : 1))
    .slice(0, nearest);
  const w = near.map(({ o, d }) => Math.pow(Math.max(o.size, 1e-9), p.alpha) * Math.pow(Math.max(MIN_TRIP_MIN, p.accessMin + (d / p.speedKmh) * 60), -p.lambda));
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return [];
  return near.map(({ o }, i) => ({ id: o.id, p: w[i] / total }));
}
