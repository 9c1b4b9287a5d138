/** The region as the map draws it (built by workers/geometry.worker.ts). */
import type { DistrictType, Scenario } from '../../model/index.ts';
import type { OutletPlace } from './outlets.ts';

export interface RegionGeometry {
  widthKm: number;
  heightKm: number;
  cellKm: number;
  cols: number;
  rows: number;
  /** population weight of each cell (row-major from the origin), summing to 1 */
  density: Float32Array;
  /** boundary: closed rings of [x, y] km, when the district was imported with its outline */
  districts: Array<{ id: string; name: string; type: DistrictType; x: number; y: number; radiusKm: number; boundary?: Array<Array<[number, number]>> }>;
  outlets: OutletPlace[];
}

/** What the geometry depends on: a new key means the map must be rebuilt. */
export function geometryKey(s: Pick<Scenario, 'region' | 'outlets'>): string {
  return JSON.stringify([s.region, s.outlets]);
}
