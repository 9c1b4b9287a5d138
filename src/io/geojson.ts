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
import { normalizeHeader, quote } from './cells.ts';
import { countLines } from './records.ts';
import { byKey, CellReader, type Field } from './csv.ts';
import { DISTRICT_PROPERTY_FIELDS, groupsComplete, readDistrictProperties, type DistrictImportOptions, type ImportedDistrict } from './districts.ts';
import type { ImportProblem, ImportResult } from './problems.ts';
import type { Input } from './table.ts';

/** Mean Earth radius (IUGG), km: d3-geo areas are in steradians, so area km² = sr × R². */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Read a districts GeoJSON file; all or nothing. Whatever the JSON holds, every problem is named by
 * its JSON path (`$.features[3].geometry.coordinates[0][5]`), never thrown: a value of the wrong
 * type, a feature without a polygon, coordinates that are not finite degrees, a property nested
 * too deeply to keep.
 */
export function importDistrictsGeoJson(input: Input, file: string, o: DistrictImportOptions = {}): ImportResult<ImportedDistrict> {
  let text: string, encoding = 'text';
  if (typeof input === 'string') text = input.replace(/^\uFEFF/, '');
  else {
    const d = decodeText(input);
    if (!d.ok) return { ok: false, file, encoding: 'unknown', rows: 0, lines: 0, columns: [], problems: [{ file, row: 0, column: 0, message: d.message }] };
    text = d.text;
    encoding = ENCODING_LABEL[d.encoding];
  }
  const lines = countLines(text);
  const fail = (message: string, path?: string): ImportResult<ImportedDistrict> => ({ ok: false, file, encoding, rows: 0, lines, columns: [], problems: [{ file, row: 0, column: 0, message, ...(path ? { path } : {}) }] });
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON: ${jsonErrorPlace(text, (e as Error).message)}`);
  }
  const collection = 'expected a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]})';
  if (!isObject(root)) return fail(`${collection}, got ${typeName(root)}`, '$');
  if (root.type !== 'FeatureCollection') return fail(`${collection}, got ${root.type === undefined ? 'no type' : typeName(root.type)}`, '$.type');
  const features = root.features;
  if (!Array.isArray(features)) return fail(`${collection}, got ${features === undefined ? 'no features' : typeName(features)}`, '$.features');
  if (features.length === 0) return fail('the FeatureCollection has no features', '$.features');

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
    if (isObject(ft) && ft.id !== undefined && ft.id !== null) present.add('id');
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
    const at = `$.features[${i}]`;
    const report = (column: string | number, path: string, message: string) => {
      problems.push({ file, row, column, message, path });
    };
    if (o.onProgress && i % 1000 === 0) o.onProgress(i / features.length);
    if (!isObject(ft)) return report(0, at, `expected a Feature object, got ${typeName(ft)}`);
    if (ft.type !== undefined && ft.type !== 'Feature') return report(0, `${at}.type`, `expected "Feature", got ${typeName(ft.type)}`);
    // Properties of the wrong type are reported and the feature's properties are not read (their
    // problems would follow from these); its geometry is still checked.
    let readable = true;
    if (ft.properties !== undefined && ft.properties !== null && !isObject(ft.properties)) {
      report(0, `${at}.properties`, `expected an object of properties, got ${typeName(ft.properties)}`);
      readable = false;
    }
    const props = propsOf(ft);
    const keyOf: Record<string, string> = {};
    let extra: Record<string, string> | undefined;
    for (const k in props) {
      const v = props[k];
      const place = `${at}.properties[${JSON.stringify(k)}]`;
      const f = keyField(k);
      if (k === '__proto__') {
        report(k, place, 'the key "__proto__" cannot name a kept property; rename it');
        readable = false;
      } else if (f && keyOf[f] === undefined) {
        keyOf[f] = k;
        if (v !== null && typeof v !== 'string' && typeof v !== 'number') {
          report(k, place, `${k}: expected text or a number, got ${typeName(v)}`);
          readable = false;
        }
      } else if (v !== null && v !== undefined && v !== '') {
        const kept = typeof v === 'object' ? jsonOf(v) : String(v);
        if (kept === undefined) {
          report(k, place, `${k}: nested too deeply to keep`);
          readable = false;
        } else (extra ??= {})[k] = kept;
      }
    }
    const featureId = ft.id;
    if (featureId !== undefined && featureId !== null && typeof featureId !== 'string' && typeof featureId !== 'number') {
      report('id', `${at}.id`, `expected a string or a number, got ${typeName(featureId)}`);
      readable = false;
    }
    reader.at(
      (key) => {
        if (!present.has(key)) return null;
        const k = keyOf[key];
        const v = k === undefined ? (key === 'id' ? featureId : undefined) : props[k];
        return v === undefined || v === null ? '' : String(v);
      },
      (key) => ({ row, column: keyOf[key] ?? key, header: keyOf[key] ?? '' }),
    );
    const shape = polygonOf(ft.geometry, `${at}.geometry`, (message, path) => report('geometry', path, message));
    const areaKm2 = shape ? shape.areaSr * EARTH_RADIUS_KM ** 2 : undefined;
    if (shape && !(areaKm2! > 0)) report('geometry', `${at}.geometry`, 'the polygon has no area');
    const p = readable ? readDistrictProperties(reader, row, ids, areaKm2, 'feature') : undefined;
    if (!p || !shape || !(areaKm2! > 0)) return;
    const [lon, lat] = geoCentroid({ type: 'MultiPolygon', coordinates: shape.polygons });
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return report('geometry', `${at}.geometry`, 'the polygon has no centroid');
    // The centroid of a valid polygon lies within its outline's extent; outside, its rings cross or a
    // hole lies outside its polygon, and the district would be placed off its own outline.
    if (!withinExterior(shape.polygons, lon, lat)) return report('geometry', `${at}.geometry`, `the centroid (${lon.toFixed(4)}, ${lat.toFixed(4)}) falls outside the outline: do its rings cross, or does a hole lie outside its polygon?`);
    records.push({ ...p, lon, lat, areaKm2: areaKm2!, polygon: shape.polygons, ...(extra ? { extra } : {}) });
  });
  o.onProgress?.(1);
  const columns = [...present].map((field) => ({ column: 0, header: field, field }));
  return problems.length > 0
    ? { ok: false, file, encoding, rows: features.length, lines, columns, problems }
    : { ok: true, file, encoding, rows: features.length, lines, columns, records };
}

// Whether a point lies within the lon/lat extent of the exterior rings (a millionth of a degree spare).
function withinExterior(polygons: number[][][][], lon: number, lat: number): boolean {
  let w = Infinity, e = -Infinity, south = Infinity, n = -Infinity;
  for (const poly of polygons) {
    for (const [x, y] of poly[0]) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < south) south = y;
      if (y > n) n = y;
    }
  }
  const eps = 1e-6;
  return lon >= w - eps && lon <= e + eps && lat >= south - eps && lat <= n + eps;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function propsOf(ft: unknown): Record<string, unknown> {
  const p = isObject(ft) ? ft.properties : undefined;
  return isObject(p) ? p : {};
}

// A JSON value named for a message: "an array", "a string \"x\"", "null".
function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return `a string ${quote(x)}`;
  if (typeof x === 'object') return 'an object';
  return `${typeof x === 'number' ? 'a number' : 'a boolean'} ${String(x)}`;
}

// A property value kept as JSON text; undefined when it is nested too deeply to serialise.
function jsonOf(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

/**
 * A geometry's polygons as MultiPolygon coordinates, closed and wound d3's way, with their area in
 * steradians; undefined (the first problem reported at its path) when it is not a valid polygon.
 */
function polygonOf(g: unknown, at: string, report: (message: string, path: string) => void): { polygons: number[][][][]; areaSr: number } | undefined {
  if (!isObject(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    report(`expected a Polygon or MultiPolygon geometry, got ${!isObject(g) ? 'none' : g.type === undefined ? 'no type' : JSON.stringify(g.type)}`, isObject(g) ? `${at}.type` : at);
    return undefined;
  }
  const multi = g.type === 'MultiPolygon';
  const polygons = (multi ? g.coordinates : [g.coordinates]) as unknown[];
  if (!Array.isArray(polygons) || polygons.length === 0 || (!multi && !Array.isArray(g.coordinates))) {
    report(multi ? 'expected coordinates: an array of polygons, each an array of rings' : 'expected coordinates: an array of rings', `${at}.coordinates`);
    return undefined;
  }
  let ok = true;
  const bad = (m: string, path: string) => {
    if (ok) report(m, path); // the first problem of a geometry says enough
    ok = false;
  };
  polygons.forEach((poly, pi) => {
    const where = multi ? `polygon ${pi + 1}, ` : '';
    const base = multi ? `${at}.coordinates[${pi}]` : `${at}.coordinates`;
    if (!Array.isArray(poly) || poly.length === 0) return bad(`${where}expected an array of rings`, base);
    poly.forEach((ring: unknown, ri: number) => {
      if (!Array.isArray(ring) || ring.length < 3) return bad(`${where}ring ${ri + 1}: expected at least 4 positions (a closed ring)`, `${base}[${ri}]`);
      for (let k = 0; k < ring.length; k++) {
        const p = ring[k];
        const place = `${base}[${ri}][${k}]`;
        if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return bad(`${where}ring ${ri + 1}, position ${k + 1}: expected [longitude, latitude]`, place);
        if (Math.abs(p[0]) > 180) return bad(`${where}ring ${ri + 1}, position ${k + 1}: out of range: expected a longitude from -180 to 180, got ${p[0]}`, place);
        if (Math.abs(p[1]) > 90) return bad(`${where}ring ${ri + 1}, position ${k + 1}: out of range: expected a latitude from -90 to 90, got ${p[1]}${Math.abs(p[0]) <= 90 ? ' (longitude and latitude swapped?)' : ''}`, place);
      }
      const a = ring[0], z = ring[ring.length - 1];
      if (a[0] !== z[0] || a[1] !== z[1]) ring.push([a[0], a[1]]);
      if (ring.length < 4) bad(`${where}ring ${ri + 1}: expected at least 4 positions (a closed ring)`, `${base}[${ri}]`);
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
