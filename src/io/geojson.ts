/**
 * Districts from GeoJSON (RFC 7946): a FeatureCollection of Polygon or MultiPolygon features in
 * longitude/latitude whose properties carry the district columns of ./districts.ts (English or
 * Chinese keys). The centroid and the area come from the polygon (d3-geo, on the sphere of the
 * mean Earth radius), and the polygon is kept for the map and the population grid.
 *
 * Winding: RFC 7946 wants exterior rings counter-clockwise, d3-geo wants them clockwise (its
 * polygons are spherical, so a ring's winding says which side is inside). Each polygon is made
 * d3's way: one whose area comes out above a hemisphere is reversed.
 */
import { geoArea, geoCentroid } from 'd3';
import { decodeText, ENCODING_LABEL } from './decode.ts';
import { normalizeHeader } from './cells.ts';
import { byKey, CellReader, type Field } from './csv.ts';
import { DISTRICT_PROPERTY_FIELDS, groupsComplete, readDistrictProperties, type DistrictImportOptions, type ImportedDistrict } from './districts.ts';
import type { ImportProblem, ImportResult } from './problems.ts';
import type { Input } from './table.ts';

/** Mean Earth radius (IUGG), km: d3-geo areas are in steradians, so area km² = sr × R². */
export const EARTH_RADIUS_KM = 6371.0088;

/** Read a districts GeoJSON file; all or nothing. */
export function importDistrictsGeoJson(input: Input, file: string, o: DistrictImportOptions = {}): ImportResult<ImportedDistrict> {
  const fail = (encoding: string, message: string): ImportResult<ImportedDistrict> => ({ ok: false, file, encoding, rows: 0, columns: [], problems: [{ file, row: 0, column: 0, message }] });
  let text: string, encoding = 'text';
  if (typeof input === 'string') text = input.replace(/^\uFEFF/, '');
  else {
    const d = decodeText(input);
    if (!d.ok) return fail('unknown', d.message);
    text = d.text;
    encoding = ENCODING_LABEL[d.encoding];
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return fail(encoding, `not valid JSON: ${jsonErrorPlace(text, (e as Error).message)}`);
  }
  const features = (root as { type?: unknown; features?: unknown })?.features;
  if ((root as { type?: unknown })?.type !== 'FeatureCollection' || !Array.isArray(features)) return fail(encoding, 'expected a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]})');

  // Which property key means which field, decided once per distinct key.
  const lookup = new Map<string, Field>();
  for (const f of DISTRICT_PROPERTY_FIELDS) for (const a of [f.key, ...f.aliases]) lookup.set(normalizeHeader(a), f);
  const fieldOf = new Map<string, string | null>();
  const keyField = (k: string) => {
    let f = fieldOf.get(k);
    if (f === undefined) fieldOf.set(k, (f = lookup.get(normalizeHeader(k))?.key ?? null));
    return f;
  };
  const present = new Set<string>();
  for (const ft of features) {
    const props = propsOf(ft);
    for (const k in props) {
      const f = keyField(k);
      if (f) present.add(f);
    }
    if (ft?.id !== undefined && ft?.id !== null) present.add('id');
  }
  const problems: ImportProblem[] = [];
  for (const f of DISTRICT_PROPERTY_FIELDS) {
    if (f.required && !present.has(f.key)) problems.push({ file, row: 0, column: 0, message: `no feature has the property ${f.label}; accepted keys: ${[...new Set([f.key, ...f.aliases])].join(', ')}` });
  }
  groupsComplete(file, problems, (k) => present.has(k), 0);

  const reader = new CellReader(file, byKey(DISTRICT_PROPERTY_FIELDS), problems);
  const ids = new Map<string, number>();
  const records: ImportedDistrict[] = [];
  features.forEach((ft: unknown, i: number) => {
    const row = i + 1;
    if (o.onProgress && i % 1000 === 0) o.onProgress(i / features.length);
    const props = propsOf(ft);
    const keyOf: Record<string, string> = {};
    let extra: Record<string, string> | undefined;
    for (const k in props) {
      const f = keyField(k);
      if (f && keyOf[f] === undefined) keyOf[f] = k;
      else if (props[k] !== null && props[k] !== undefined && props[k] !== '') (extra ??= {})[k] = typeof props[k] === 'object' ? JSON.stringify(props[k]) : String(props[k]);
    }
    const featureId = (ft as { id?: unknown })?.id;
    reader.at(
      (key) => {
        if (!present.has(key)) return null;
        const k = keyOf[key];
        const v = k === undefined ? (key === 'id' ? featureId : undefined) : props[k];
        return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      },
      (key) => ({ row, column: keyOf[key] ?? key, header: keyOf[key] ?? '' }),
    );
    const shape = polygonOf(ft, (message) => problems.push({ file, row, column: 'geometry', message }));
    const areaKm2 = shape ? shape.areaSr * EARTH_RADIUS_KM ** 2 : undefined;
    if (shape && !(areaKm2! > 0)) problems.push({ file, row, column: 'geometry', message: 'the polygon has no area' });
    const p = readDistrictProperties(reader, row, ids, areaKm2, 'feature');
    if (!p || !shape || !(areaKm2! > 0)) return;
    const [lon, lat] = geoCentroid({ type: 'MultiPolygon', coordinates: shape.polygons });
    records.push({ ...p, lon, lat, areaKm2: areaKm2!, polygon: shape.polygons, ...(extra ? { extra } : {}) });
  });
  if (features.length === 0) problems.push({ file, row: 0, column: 0, message: 'the FeatureCollection has no features' });
  o.onProgress?.(1);
  const columns = [...present].map((field) => ({ column: 0, header: field, field }));
  return problems.length > 0
    ? { ok: false, file, encoding, rows: features.length, columns, problems }
    : { ok: true, file, encoding, rows: features.length, columns, records };
}

function propsOf(ft: unknown): Record<string, unknown> {
  const p = (ft as { properties?: unknown })?.properties;
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/**
 * The feature's polygons as MultiPolygon coordinates, closed and wound d3's way, with their area
 * in steradians; undefined (problems reported) when the geometry is not a valid polygon.
 */
function polygonOf(ft: unknown, report: (message: string) => void): { polygons: number[][][][]; areaSr: number } | undefined {
  const g = (ft as { geometry?: { type?: unknown; coordinates?: unknown } })?.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    report(`expected a Polygon or MultiPolygon geometry, got ${g ? JSON.stringify(g.type) : 'none'}`);
    return undefined;
  }
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  if (!Array.isArray(polygons) || polygons.length === 0) {
    report('expected coordinates: an array of polygons, each an array of rings');
    return undefined;
  }
  let ok = true;
  const bad = (m: string) => {
    if (ok) report(m); // the first problem of a geometry says enough
    ok = false;
  };
  polygons.forEach((poly, pi) => {
    const where = g.type === 'MultiPolygon' ? `polygon ${pi + 1}, ` : '';
    if (!Array.isArray(poly) || poly.length === 0) return bad(`${where}expected an array of rings`);
    poly.forEach((ring: unknown, ri: number) => {
      if (!Array.isArray(ring) || ring.length < 3) return bad(`${where}ring ${ri + 1}: expected at least 4 positions (a closed ring)`);
      for (let k = 0; k < ring.length; k++) {
        const p = ring[k];
        if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return bad(`${where}ring ${ri + 1}, position ${k + 1}: expected [longitude, latitude]`);
        if (Math.abs(p[0]) > 180) return bad(`${where}ring ${ri + 1}, position ${k + 1}: out of range: expected a longitude from -180 to 180, got ${p[0]}`);
        if (Math.abs(p[1]) > 90) return bad(`${where}ring ${ri + 1}, position ${k + 1}: out of range: expected a latitude from -90 to 90, got ${p[1]}${Math.abs(p[0]) <= 90 ? ' (longitude and latitude swapped?)' : ''}`);
      }
      const a = ring[0], z = ring[ring.length - 1];
      if (a[0] !== z[0] || a[1] !== z[1]) ring.push([a[0], a[1]]);
      if (ring.length < 4) bad(`${where}ring ${ri + 1}: expected at least 4 positions (a closed ring)`);
    });
  });
  if (!ok) return undefined;
  let areaSr = 0;
  for (const poly of polygons as number[][][][]) {
    let a = geoArea({ type: 'Polygon', coordinates: poly });
    if (a > 2 * Math.PI) {
      for (const ring of poly) ring.reverse();
      a = 4 * Math.PI - a;
    }
    areaSr += a;
  }
  return { polygons: polygons as number[][][][], areaSr };
}

// "… at line L, column C" from V8's "… in JSON at position N".
function jsonErrorPlace(text: string, msg: string): string {
  const m = /position (\d+)/.exec(msg);
  if (!m) return msg;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return `${msg.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${pos - before.lastIndexOf('\n')}`;
}
