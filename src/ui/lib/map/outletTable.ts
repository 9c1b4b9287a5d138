/**
 * The outlet table's rows: every outlet of the map with its state in the draft scenario and the
 * shown run's monthly figures (result.outlets), sorted by any column and filtered by kind,
 * efficiency class, open or closed (or opened during the run: the entrants at latent sites), and
 * text.
 *
 * Figures are read defensively: a stored run may lack a field or hold null for a figure that
 * was absent, and the model may add fields; anything not a finite number reads as NaN, which
 * prints as a dash and sorts last in either direction. A partner outlet has no queue, so its
 * wait and utilisation are NaN too, not 0.
 */
import type { EfficiencyClass, OutletSummary } from '../../../experiment/index.ts';
import type { OutletPlace } from '../outlets.ts';

/** An outlet's figures as result.outlets has them (NaN where missing), with its state in the draft. */
export interface OutletRow extends Pick<OutletSummary, 'id' | 'name' | 'kind' | 'transactions' | 'newLines' | 'revenue' | 'cost' | 'waitMeanMin' | 'waitP90Min' | 'utilization'> {
  /**
   * open in the draft scenario (not in levers.closures.outlets); for an entrant: open at the end of
   * the run in at least half its replications
   */
  open: boolean;
  efficiencyClass: EfficiencyClass | null;
  /** a partner that opened during the run at a latent site (新开社会渠道网点): not closable */
  entrant?: true;
}

export const OUTLET_COLUMNS = ['id', 'name', 'kind', 'efficiency', 'transactions', 'newLines', 'revenue', 'waitMeanMin', 'waitP90Min', 'utilization', 'cost', 'open'] as const;
export type OutletColumn = (typeof OUTLET_COLUMNS)[number];
export type SortDirection = 'asc' | 'desc';

export interface OutletFilter {
  kind: 'all' | 'own' | 'partner';
  efficiency: 'all' | EfficiencyClass | 'none';
  /** open and closed are the scenario's outlets; entrant the partners that opened during the run */
  state: 'all' | 'open' | 'closed' | 'entrant';
  /** matched against id and name, case-insensitive; blank matches every row */
  text: string;
}

export const NO_FILTER: OutletFilter = { kind: 'all', efficiency: 'all', state: 'all', text: '' };

const CLASSES: readonly EfficiencyClass[] = ['low', 'mid', 'high'];

/** Rows for the outlets the map shows, in map order; a latent place is an entrant's row. */
export function outletRows(places: readonly OutletPlace[], closed: readonly string[], figures: readonly unknown[] | null): OutletRow[] {
  const byId = new Map<string, Record<string, unknown>>();
  for (const f of figures ?? []) {
    if (f && typeof f === 'object' && typeof (f as { id?: unknown }).id === 'string') byId.set((f as { id: string }).id, f as Record<string, unknown>);
  }
  const shut = new Set(closed);
  return places.map((p) => {
    const f = byId.get(p.id);
    const num = (k: string) => (typeof f?.[k] === 'number' && Number.isFinite(f[k]) ? (f[k] as number) : NaN);
    const queue = (k: string) => (p.kind === 'own' ? num(k) : NaN);
    const cls = f?.efficiencyClass;
    return {
      id: p.id, name: p.name, kind: p.kind, open: p.latent ? f?.open === true : !shut.has(p.id),
      efficiencyClass: CLASSES.includes(cls as EfficiencyClass) ? (cls as EfficiencyClass) : null,
      transactions: num('transactions'), newLines: num('newLines'), revenue: num('revenue'), cost: num('cost'),
      waitMeanMin: queue('waitMeanMin'), waitP90Min: queue('waitP90Min'), utilization: queue('utilization'),
      ...(p.latent ? { entrant: true as const } : {}),
    };
  });
}

/**
 * Rows sorted by a column (a new array). Efficiency: low before mid before high, and within a
 * class fewer new lines, then less revenue first (the classes are cut on new lines and revenue,
 * aggregate.ts efficiencyClass), so ascending lists the least efficient outlets first. Rows
 * without the figure come last either way; ties keep id order.
 */
export function sortRows(rows: readonly OutletRow[], column: OutletColumn, direction: SortDirection): OutletRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keys = rows.map((r) => sortKey(r, column));
  const order = rows.map((_, i) => i).sort((a, b) => {
    const ka = keys[a], kb = keys[b];
    for (let k = 0; k < ka.length; k++) {
      const c = compareKey(ka[k], kb[k], sign);
      if (c !== 0) return c;
    }
    return rows[a].id < rows[b].id ? -1 : rows[a].id > rows[b].id ? 1 : 0;
  });
  return order.map((i) => rows[i]);
}

/** The ids of rows a planner may select for closing: the entrants are not the scenario's to close. */
export function selectableIds(rows: readonly OutletRow[]): string[] {
  return rows.filter((r) => !r.entrant).map((r) => r.id);
}

/** Rows that pass every part of the filter. */
export function filterRows(rows: readonly OutletRow[], f: OutletFilter): OutletRow[] {
  const text = f.text.trim().toLowerCase();
  return rows.filter((r) =>
    (f.kind === 'all' || r.kind === f.kind)
    && (f.efficiency === 'all' || (f.efficiency === 'none' ? r.efficiencyClass === null : r.efficiencyClass === f.efficiency))
    && (f.state === 'all' || (f.state === 'entrant' ? r.entrant === true : !r.entrant && (f.state === 'open') === r.open))
    && (text === '' || r.id.toLowerCase().includes(text) || r.name.toLowerCase().includes(text)));
}

type Key = number | string;

function sortKey(r: OutletRow, column: OutletColumn): Key[] {
  switch (column) {
    case 'id': return [r.id];
    case 'name': return [r.name];
    case 'kind': return [r.kind === 'own' ? 0 : 1];
    // the scenario's open, then closed outlets; then the entrants, still open at the end first
    case 'open': return [(r.entrant ? 2 : 0) + (r.open ? 0 : 1)];
    case 'efficiency': return r.efficiencyClass === null ? [NaN] : [CLASSES.indexOf(r.efficiencyClass), r.newLines, r.revenue];
    default: return [r[column]];
  }
}

// NaN (a missing figure) last in either direction; text in the locale's collation.
function compareKey(a: Key, b: Key, sign: number): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const na = Number.isNaN(a), nb = Number.isNaN(b);
    if (na || nb) return na === nb ? 0 : na ? 1 : -1;
    return a === b ? 0 : (a < b ? -1 : 1) * sign;
  }
  return String(a).localeCompare(String(b), 'zh-CN', { numeric: true }) * sign;
}
