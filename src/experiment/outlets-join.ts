/**
 * Outlets of a result joined back to the imported table (src/io/outlets.ts): after the result's
 * own columns come the imported inputs (lon/lat, counters, …, services) and the file's extra
 * columns under their original headers, so a planner can match the rows to their own sheet by id.
 * A scenario whose outlets were not imported adds nothing.
 */
import type { OutletSpec, Scenario } from '../model/scenario.ts';
import type { Cell, Column } from './csv.ts';

/** Imported inputs written after the result columns, when any outlet has them. */
const INPUT_COLUMNS = ['lon', 'lat', 'counters', 'kiosks', 'openHours', 'rentMonthly', 'staff', 'attractiveness', 'services'] as const;

/**
 * The extra columns and the rows with them filled, matched by outlet id.
 * @param taken headers already written (extra columns that clash get " (imported)")
 */
export function joinImportedOutlets<R extends { id: string }>(outlets: readonly R[], scenario: Pick<Scenario, 'outlets'> | undefined, taken: readonly string[]): { columns: Column[]; rows: Array<R | Record<string, Cell>> } {
  const list = scenario?.outlets?.list ?? [];
  if (!list.some((o) => o.lon !== undefined || o.extra !== undefined)) return { columns: [], rows: [...outlets] };
  const byId = new Map<string, OutletSpec>(list.map((o) => [o.id, o]));
  const columns: Column[] = INPUT_COLUMNS.filter((k) => list.some((o) => o[k] !== undefined));
  const headers = new Set([...taken, ...columns.map(String)]);
  const extraKeys = new Map<string, string>();
  for (const o of list) {
    for (const h of Object.keys(o.extra ?? {})) {
      if (extraKeys.has(h)) continue;
      const header = headers.has(h) ? `${h} (imported)` : h;
      headers.add(header);
      extraKeys.set(h, `extra:${h}`);
      columns.push({ key: `extra:${h}`, header });
    }
  }
  const rows = outlets.map((r) => {
    const o = byId.get(r.id);
    if (!o) return r;
    const row: Record<string, Cell> = { ...(r as unknown as Record<string, Cell>) };
    for (const k of INPUT_COLUMNS) {
      const v = o[k];
      if (v !== undefined) row[k] = Array.isArray(v) ? v.join(';') : v;
    }
    for (const [h, key] of extraKeys) row[key] = o.extra?.[h];
    return row;
  });
  return { columns, rows };
}
