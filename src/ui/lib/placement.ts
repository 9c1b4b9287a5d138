/**
 * Dropped data files into a scenario, all or nothing: imported districts and outlets are placed
 * on one plane together (src/io/plane.ts), with whatever the scenario already holds of the other
 * kind when that carries longitude and latitude (an earlier import, or the bundled sample city's
 * files), so that outlets dropped onto an imported city land inside its districts and share its
 * projection. Observed figures need no placing. The result is a patch of the scenario's
 * region / outlets / observed sections; applyImport() writes it into the draft.
 *
 * DOM-free: the import worker runs placeImports(), the page runs applyImport().
 */
import type { Scenario, DistrictSpec, OutletSpec } from '../../model/index.ts';
import {
  type ImportedDistrict, type ImportedOutlet, type ObservedFigure, type ImportProblem, placeOnPlane,
  planeProjection, type PlaneProjection, type Placed,
} from '../../io/index.ts';
import { getAt, setAt } from './paths.ts';

/** Parsed files waiting to go in, at most one of each kind. */
export interface Staged {
  districts?: Placed<ImportedDistrict>;
  outlets?: Placed<ImportedOutlet>;
  observed?: { file: string; records: ObservedFigure[] };
}

export interface ImportPatch {
  region?: { widthKm: number; heightKm: number; projection: PlaneProjection; districts?: DistrictSpec[] };
  outlets?: { list: OutletSpec[] };
  observed?: { figures: Array<{ metric: string; value: number; weight: number }> };
  /** the scenario's own records of the other kind that were placed again with the new ones */
  replaced: Array<'districts' | 'outlets'>;
  /** the scenario's records of the other kind kept as they were: they have no longitude/latitude to place */
  unplaced: Array<'districts' | 'outlets'>;
}

export type Placement = { ok: true; patch: ImportPatch } | { ok: false; problems: ImportProblem[] };

/** Where the scenario's own records are named in problems. */
export const SCENARIO_DISTRICTS = 'scenario region.districts';
export const SCENARIO_OUTLETS = 'scenario outlets.list';

/** The patch that puts the staged files into the scenario (a prepared one: its own data files read in). */
export function placeImports(scenario: Scenario, staged: Staged): Placement {
  const patch: ImportPatch = { replaced: [], unplaced: [] };
  if (staged.districts || staged.outlets) {
    let districts = staged.districts;
    let outlets = staged.outlets;
    if (!districts && scenario.region.districts.length > 0) {
      districts = existingDistricts(scenario);
      patch[districts ? 'replaced' : 'unplaced'].push('districts');
    }
    if (!outlets && scenario.outlets.list.length > 0) {
      outlets = existingOutlets(scenario);
      patch[outlets ? 'replaced' : 'unplaced'].push('outlets');
    }
    const placed = placeOnPlane({ districts, outlets }, { cellKm: scenario.region.cellKm });
    if (!placed.ok) return { ok: false, problems: placed.problems };
    patch.region = { widthKm: placed.widthKm, heightKm: placed.heightKm, projection: placed.projection, ...(placed.districts ? { districts: placed.districts } : {}) };
    if (placed.outlets) patch.outlets = { list: placed.outlets };
  }
  if (staged.observed) patch.observed = { figures: staged.observed.records.map(({ metric, value, weight }) => ({ metric, value, weight })) };
  return { ok: true, patch };
}

/**
 * The scenario's districts as imported records (for placing again), or undefined when any lacks
 * its longitude, latitude or area. Outlines go back to lon/lat through the stored projection.
 */
export function existingDistricts(s: Pick<Scenario, 'region'>): Placed<ImportedDistrict> | undefined {
  const list = s.region.districts;
  if (list.length === 0 || list.some((d) => d.lon === undefined || d.lat === undefined || d.areaKm2 === undefined)) return undefined;
  const invert = s.region.projection ? planeProjection(s.region.projection).invert : null;
  const records = list.map((d, i): ImportedDistrict => {
    const r: ImportedDistrict = { row: i + 1, id: d.id, name: d.name || d.id, type: d.type, lon: d.lon!, lat: d.lat!, areaKm2: d.areaKm2!, population: d.population };
    // All rings in one polygon: the plane keeps rings under the even-odd rule whatever their winding.
    if (d.boundary && invert) r.polygon = [d.boundary.map((ring) => ring.map(([x, y]) => invert([x, y])))];
    if (d.segments) r.segments = d.segments;
    if (d.tiers) r.tiers = d.tiers;
    if (d.extra) r.extra = d.extra;
    return r;
  });
  return { file: SCENARIO_DISTRICTS, records, columns: [] };
}

/** The scenario's outlets as imported records, or undefined when any lacks its longitude or latitude. */
export function existingOutlets(s: Pick<Scenario, 'outlets'>): Placed<ImportedOutlet> | undefined {
  const list = s.outlets.list;
  if (list.length === 0 || list.some((o) => o.lon === undefined || o.lat === undefined)) return undefined;
  const records = list.map((o, i): ImportedOutlet => {
    const r: ImportedOutlet = { row: i + 1, id: o.id, name: o.name || o.id, kind: o.kind, lon: o.lon!, lat: o.lat! };
    for (const k of ['counters', 'kiosks', 'openHours', 'rentMonthly', 'staff', 'attractiveness'] as const) if (o[k] !== undefined) r[k] = o[k];
    if (o.services) r.services = o.services;
    if (o.extra) r.extra = o.extra;
    return r;
  });
  return { file: SCENARIO_OUTLETS, records, columns: [] };
}

/**
 * The draft (the scenario as the user wrote it) with the patch written in: the sections' data
 * replaced, their file references removed (a scenario gives a file or a list, not both). Closures
 * of outlets that the new list lacks are dropped from the closures lever and named.
 */
export function applyImport(draft: unknown, patch: ImportPatch): { draft: unknown; droppedClosures: string[] } {
  let next = draft;
  let droppedClosures: string[] = [];
  if (patch.region) {
    next = setAt(next, ['region', 'widthKm'], patch.region.widthKm);
    next = setAt(next, ['region', 'heightKm'], patch.region.heightKm);
    next = setAt(next, ['region', 'projection'], patch.region.projection);
    if (patch.region.districts) {
      next = setAt(next, ['region', 'districts'], patch.region.districts);
      next = setAt(next, ['region', 'districtsFile'], undefined);
    }
  }
  if (patch.outlets) {
    next = setAt(next, ['outlets', 'list'], patch.outlets.list);
    next = setAt(next, ['outlets', 'file'], undefined);
    const closed = getAt(next, ['levers', 'closures', 'outlets']);
    if (Array.isArray(closed)) {
      const ids = new Set(patch.outlets.list.map((o) => o.id));
      droppedClosures = closed.filter((id) => !ids.has(id));
      if (droppedClosures.length > 0) next = setAt(next, ['levers', 'closures', 'outlets'], closed.filter((id) => ids.has(id)));
    }
  }
  if (patch.observed) {
    next = setAt(next, ['observed', 'figures'], patch.observed.figures);
    next = setAt(next, ['observed', 'file'], undefined);
  }
  return { draft: next, droppedClosures };
}
