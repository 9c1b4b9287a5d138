/** The map's geometry from the preparation worker, cached by what it depends on. */
import type { Scenario } from '../../model/index.ts';
import { geometryKey, type RegionGeometry } from '../lib/geometry.ts';
import { preparationWorker } from './dataFiles.ts';

let last: { key: string; geometry: Promise<RegionGeometry> } | null = null;

/** Geometry of a prepared scenario (its data files already read in). */
export function regionGeometry(scenario: Scenario): Promise<RegionGeometry> {
  const key = geometryKey(scenario);
  if (last?.key === key) return last.geometry;
  const geometry = preparationWorker().geometry(scenario);
  last = { key, geometry };
  geometry.catch(() => { if (last?.key === key) last = null; });
  return geometry;
}
