/** The region as the map draws it (built by workers/geometry.worker.ts). */
import { cellOutlines, type DistrictType, type Region, type Scenario } from '../../model/index.ts';
import type { OutletPlace } from './outlets.ts';
import { placementCheck, type PlacementCheck } from './map/placementCheck.ts';

export interface RegionGeometry {
  widthKm: number;
  heightKm: number;
  cellKm: number;
  cols: number;
  rows: number;
  /** population weight of each cell (row-major from the origin), summing to 1 */
  density: Float32Array;
  /** district index of each cell (the district contributing most population; region.cellDistrict) */
  cellDistrict: Uint16Array;
  /**
   * outline: closed rings of [x, y] km (even-odd rule), the imported outline when there is one,
   * else the union of the cells the district owns; boundary: set when the outline was imported
   */
  districts: Array<{ id: string; name: string; type: DistrictType; x: number; y: number; radiusKm: number; outline: Array<Array<[number, number]>>; boundary?: true }>;
  /** size: counters × attractiveness, the outlet's weight in Huff's rule */
  outlets: Array<OutletPlace & { size: number }>;
  placement: PlacementCheck;
}

/** What the geometry depends on: a new key means the map must be rebuilt. */
export function geometryKey(s: Pick<Scenario, 'region' | 'outlets'>): string {
  return JSON.stringify([s.region, s.outlets]);
}

/**
 * The geometry of a built region (the workers send it; its typed arrays are new, to transfer).
 * Districts without an imported outline are drawn as the union of the cells they own.
 */
export function geometryOf(scenario: Scenario, r: Region): RegionGeometry {
  const cellDistrict = Uint16Array.from(r.cellDistrict);
  const cells = cellOutlines(cellDistrict, r.cols, r.rows, r.cellKm, r.districts.length);
  return {
    widthKm: r.widthKm, heightKm: r.heightKm, cellKm: r.cellKm, cols: r.cols, rows: r.rows,
    density: Float32Array.from(r.cellWeight), cellDistrict,
    districts: r.districts.map(({ id, name, type, x, y, radiusKm, boundary }, i) => ({ id, name, type, x, y, radiusKm, outline: boundary ?? cells[i], ...(boundary ? { boundary: true as const } : {}) })),
    // every outlet in the region's order (the training view indexes them as the engine does); latent
    // partner sites are flagged and left off the planning map (lib/outlets.ts plannedOutlets)
    outlets: r.outlets.map(({ id, name, kind, x, y, counters, attractiveness, latent }) => ({ id, name, kind, x, y, size: counters * attractiveness, ...(latent ? { latent: true as const } : {}) })),
    placement: placementCheck(scenario, r),
  };
}
