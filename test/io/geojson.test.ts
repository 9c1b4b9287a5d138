import { describe, expect, it } from 'vitest';
import { importDistrictsGeoJson } from '../../src/io/geojson.ts';
import { formatProblem } from '../../src/io/problems.ts';

const square = [[117, 27], [117.1, 27], [117.1, 27.1], [117, 27.1], [117, 27]];
let ids = 0;
const feature = (extra: Record<string, unknown> = {}) => ({ type: 'Feature', properties: { id: `A${ids++}`, population: 100 }, geometry: { type: 'Polygon', coordinates: [square] }, ...extra });
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
// every problem of a text, formatted as the command line prints it
function problems(text: string): string[] {
  const r = importDistrictsGeoJson(text, 'd.geojson');
  if (r.ok) throw new Error('expected problems');
  return r.problems.map(formatProblem);
}

describe('importDistrictsGeoJson: whatever the JSON holds, a problem at its path, never a throw', () => {
  it('a valid feature imports (the baseline of the cases below)', () => {
    const r = importDistrictsGeoJson(collection(feature()), 'd.geojson');
    expect(r.ok && r.records.map((d) => d.population)).toEqual([100]);
    expect([r.rows, r.lines]).toEqual([1, 1]);
  });

  it('a root that is no FeatureCollection: at $, $.type or $.features', () => {
    expect(problems('[]')).toEqual(['d.geojson:$: expected a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]}), got an array']);
    expect(problems('{"type":"Feature"}')[0]).toMatch(/^d\.geojson:\$\.type: expected a GeoJSON FeatureCollection .*, got a string "Feature"$/);
    expect(problems('{"type":"FeatureCollection","features":{}}')[0]).toMatch(/^d\.geojson:\$\.features: .*, got an object$/);
    expect(problems('{"type":"FeatureCollection","features":[]}')).toEqual(['d.geojson:$.features: the FeatureCollection has no features']);
    expect(problems('{"type":"FeatureCollection","features":[1,2')[0]).toMatch(/^d\.geojson: not valid JSON: /);
  });

  it('features that are not Feature objects, and properties of the wrong type', () => {
    expect(problems(collection(feature(), 7, null, { type: 'Point', coordinates: [1, 2] }))).toEqual([
      'd.geojson:$.features[1]: expected a Feature object, got a number 7',
      'd.geojson:$.features[2]: expected a Feature object, got null',
      'd.geojson:$.features[3].type: expected "Feature", got a string "Point"',
    ]);
    expect(problems(collection(feature({ properties: [1] }), feature({ properties: { id: { x: 1 }, population: 1 } }), feature({ id: [1] })))).toEqual([
      'd.geojson:$.features[0].properties: expected an object of properties, got an array',
      'd.geojson:$.features[1].properties["id"]: id: expected text or a number, got an object',
      'd.geojson:$.features[2].id: expected a string or a number, got an array',
    ]);
  });

  it('a missing or wrong geometry, coordinates out of range or not finite: at the position', () => {
    const g = (geometry: unknown) => feature({ geometry });
    expect(problems(collection(g(undefined), g({ type: 'Polygon', coordinates: 'x' }), g({ type: 'Polygon', coordinates: [[[117, 27], [117.1, 1e308], [117, 27.1], [117, 27]]] }), g({ type: 'MultiPolygon', coordinates: [[square], [[[117, 27], [117.1, 27], [117.1, '27'], [117, 27]]]] })))).toEqual([
      'd.geojson:$.features[0].geometry: expected a Polygon or MultiPolygon geometry, got none',
      'd.geojson:$.features[1].geometry.coordinates: expected coordinates: an array of rings',
      'd.geojson:$.features[2].geometry.coordinates[0][1]: ring 1, position 2: out of range: expected a latitude from -90 to 90, got 1e+308',
      'd.geojson:$.features[3].geometry.coordinates[1][0][2]: polygon 2, ring 1, position 3: expected [longitude, latitude]',
    ]);
    // JSON has no NaN, but 1e999 parses to Infinity
    expect(problems(collection(feature()).replace('117.1,27]', '1e999,27]'))[0]).toMatch(/^d\.geojson:\$\.features\[0\]\.geometry\.coordinates\[0\]\[1\]: ring 1, position 2: expected \[longitude, latitude\]$/);
    expect(problems(collection(g({ type: 'Polygon', coordinates: [[[117, 27], [117, 27], [117, 27], [117, 27]]] })))).toEqual(['d.geojson:$.features[0].geometry: the polygon has no area']);
  });

  it('a property nested deeper than JSON.stringify can go, and a "__proto__" key', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const text = collection(feature()).replace('"population":100', `"population":100,"note":${deep}`);
    expect(problems(text)).toEqual(['d.geojson:$.features[0].properties["note"]: note: nested too deeply to keep']);
    expect(problems(collection(feature()).replace('"population":100', '"population":100,"__proto__":1'))).toEqual(['d.geojson:$.features[0].properties["__proto__"]: the key "__proto__" cannot name a kept property; rename it']);
  });
});
