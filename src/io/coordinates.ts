/**
 * Longitude and latitude cells (WGS 84 degrees, as GIS tools and map pickers give them). Errors
 * say which coordinate is out of range and hint at the two common slips: swapped columns and
 * empty cells read as 0.
 */
import { parseNumber, quote } from './cells.ts';
import type { CellReader } from './csv.ts';

/** Field definitions shared by every importer with a point. */
export const LON_ALIASES = ['longitude', 'lon', 'lng', 'long', '经度', '中心经度', '质心经度', 'centroidlon', 'centroidlongitude'] as const;
export const LAT_ALIASES = ['latitude', 'lat', '纬度', '中心纬度', '质心纬度', 'centroidlat', 'centroidlatitude'] as const;

/** [lon, lat] of the record, or undefined with the problems recorded at the lon and lat cells. */
export function readLonLat(r: CellReader, lonKey = 'lon', latKey = 'lat'): [number, number] | undefined {
  const lon = coordinate(r, lonKey, 'longitude', 180);
  const lat = coordinate(r, latKey, 'latitude', 90);
  if (lon === null || lat === null) return undefined;
  if (lat === 'range' && typeof lon === 'number' && Math.abs(lon) <= 90) {
    r.fail(latKey, `out of range: expected a latitude from -90 to 90, got ${r.text(latKey)} (are the longitude and latitude columns swapped?)`);
    return undefined;
  }
  if (lat === 'range') {
    r.fail(latKey, `out of range: expected a latitude from -90 to 90, got ${r.text(latKey)}`);
    return undefined;
  }
  if (lon === 'range') return undefined;
  if (lon === 0 && lat === 0) {
    r.fail(lonKey, 'longitude and latitude are both 0: the coordinates are probably missing');
    return undefined;
  }
  return [lon, lat];
}

// A coordinate, 'range' when it parses but lies outside ±limit (latitude reported by the caller),
// or null when empty or not a number (reported here).
function coordinate(r: CellReader, key: string, name: string, limit: number): number | 'range' | null {
  if (!r.has(key)) return null;
  const t = r.text(key);
  if (t === '') return r.fail(key, `empty; expected the ${name} in degrees`) ?? null;
  const v = parseNumber(t);
  if (v === null) return r.fail(key, `expected the ${name} in degrees (a number like ${limit === 180 ? '117.25' : '26.91'}), got ${quote(t)}`) ?? null;
  if (Math.abs(v) > limit) {
    if (limit === 180) r.fail(key, `out of range: expected a longitude from -180 to 180, got ${t}`);
    return 'range';
  }
  return v;
}
