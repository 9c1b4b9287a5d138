/**
 * The outlet map's data: each outlet's mark (position, size by transactions, colour by
 * efficiency class, open or closed in the draft scenario) and the closure lever edit a click makes.
 */
import type { EfficiencyClass, OutletSummary } from '../../experiment/index.ts';
import { getAt, setAt } from './paths.ts';

/** An outlet's place, as the region gives it (before any run). */
export interface OutletPlace {
  id: string;
  name: string;
  kind: 'own' | 'partner';
  x: number;
  y: number;
  /** a latent partner site: closed at the start, a partner may open there during a run */
  latent?: true;
}

/**
 * The outlets a planner can close: the scenario's own stores and partners at the start. A latent
 * partner site is left out even where a run had a partner open there (entrantOutlets shows those):
 * the lever would only bar entry at a site that may stay empty.
 */
export function plannedOutlets<T extends OutletPlace>(outlets: readonly T[]): T[] {
  return outlets.filter((o) => !o.latent);
}

/**
 * The partners that opened during the run shown (新开社会渠道网点): the latent sites its outlets
 * list, as a partner opened there in some month of some replication (aggregate.ts
 * outletSummaries). None before a run. Shown beside the planned outlets, never closable.
 */
export function entrantOutlets<T extends OutletPlace>(outlets: readonly T[], figures: ReadonlyArray<{ id: string }> | null): T[] {
  if (!figures || figures.length === 0) return [];
  const ran = new Set(figures.map((f) => f.id));
  return outlets.filter((o) => o.latent && ran.has(o.id));
}

export interface OutletMark extends OutletPlace {
  /**
   * open in the draft scenario (not in levers.closures.outlets); for an entrant, which the draft
   * does not list: open at the end of the run in at least half its replications
   */
  open: boolean;
  /** a partner that opened during the run at a latent site: shown, not closable */
  entrant?: true;
  /** radius in px */
  r: number;
  efficiencyClass: EfficiencyClass | null;
  /** the last run's figures for the outlet, if it has any */
  figures: OutletSummary | null;
}

/** An entrant's smallest radius, px: its dashed outline reads as dashes only from about this size. */
export const ENTRANT_MIN_R = 4;

export const EFFICIENCY_COLOR: Record<EfficiencyClass | 'none', string> = {
  low: '#C0392B',
  mid: '#E69F00',
  high: '#1E8449',
  none: '#7B8088',
};

/** The closures lever of a draft scenario (ids), [] when not set. */
export function closedIds(draft: unknown): string[] {
  const v = getAt(draft, ['levers', 'closures', 'outlets']);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The draft with outlet id closed if it was open, reopened if it was closed. */
export function toggleClosure(draft: unknown, id: string): unknown {
  const now = closedIds(draft);
  const next = now.includes(id) ? now.filter((x) => x !== id) : [...now, id];
  return setAt(draft, ['levers', 'closures', 'outlets'], next);
}

/**
 * Marks for the map. Radius: area proportional to monthly transactions, largest maxR px (one
 * scale for planned outlets and entrants, an entrant at least ENTRANT_MIN_R); before a run (no
 * figures), own stores at 6 px and partners at 4 px. A latent place is an entrant's mark.
 */
export function outletMarks(places: readonly OutletPlace[], closed: readonly string[], figures: readonly OutletSummary[] | null, maxR = 14): OutletMark[] {
  const byId = new Map((figures ?? []).map((o) => [o.id, o]));
  const closedSet = new Set(closed);
  let maxTx = 0;
  for (const o of byId.values()) if (Number.isFinite(o.transactions) && o.transactions > maxTx) maxTx = o.transactions;
  return places.map((p) => {
    const f = byId.get(p.id) ?? null;
    const tx = f && Number.isFinite(f.transactions) ? f.transactions : 0;
    const r = f && maxTx > 0 ? Math.max(2.5, maxR * Math.sqrt(tx / maxTx)) : p.kind === 'own' ? 6 : 4;
    const cls = f ? f.efficiencyClass : null;
    if (p.latent) return { ...p, entrant: true as const, open: f?.open === true, r: Math.max(ENTRANT_MIN_R, r), efficiencyClass: cls, figures: f };
    return { ...p, open: !closedSet.has(p.id), r, efficiencyClass: cls, figures: f };
  });
}
