/**
 * Real outlet coordinates among made-up districts: outlets imported with longitude and latitude
 * (or placed through a projection) in a scenario whose districts are generated, so the customers
 * round them are invented; and outlets that lie outside every district, where no customer lives
 * (outside every imported outline, in a cell with no population, or off the region). The map
 * warns of both and says what to do.
 */
import { insideRings } from '../../../model/index.ts';
import type { Scenario } from '../../../model/index.ts';

export interface PlacementCheck {
  /** outlets carry real coordinates (imported, or the region has a projection) */
  realOutlets: boolean;
  /** the districts are generated (the scenario lists none) */
  generatedDistricts: boolean;
  /** outlets (ids) outside every district */
  outside: string[];
}

export interface PlacementRegion {
  widthKm: number;
  heightKm: number;
  cols: number;
  rows: number;
  cellKm: number;
  /** population weight of each cell */
  cellWeight: ArrayLike<number>;
  districts: ReadonlyArray<{ boundary?: ReadonlyArray<ReadonlyArray<readonly [number, number]>> }>;
  outlets: ReadonlyArray<{ id: string; x: number; y: number }>;
}

export function placementCheck(s: { region: Pick<Scenario['region'], 'districts' | 'projection'>; outlets: Pick<Scenario['outlets'], 'list' | 'file'> }, r: PlacementRegion): PlacementCheck {
  const list = s.outlets.list;
  const realOutlets = list.length > 0 && (s.outlets.file !== undefined || s.region.projection !== undefined || list.some((o) => o.lon !== undefined || o.lat !== undefined));
  const outlines = r.districts.flatMap((d) => (d.boundary ? [d.boundary] : []));
  const outside = r.outlets.filter((o) => {
    if (!(o.x >= 0 && o.y >= 0 && o.x <= r.widthKm && o.y <= r.heightKm)) return true;
    if (outlines.some((rings) => insideRings(rings, o.x, o.y))) return false;
    const c = Math.min(r.cols - 1, Math.floor(o.x / r.cellKm)), row = Math.min(r.rows - 1, Math.floor(o.y / r.cellKm));
    return !(r.cellWeight[row * r.cols + c] > 0);
  }).map((o) => o.id);
  return { realOutlets, generatedDistricts: s.region.districts.length === 0, outside };
}

/** True when the notice is due: real outlets among generated districts, or outlets outside every district. */
export function placementWarned(c: PlacementCheck): boolean {
  return (c.realOutlets && c.generatedDistricts) || c.outside.length > 0;
}
