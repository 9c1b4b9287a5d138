import { readFileSync } from 'node:fs';
import { geoArea } from 'd3';
import { describe, expect, it } from 'vitest';
import { importDistrictsCsv, type ImportedDistrict } from '../../src/io/districts.ts';
import { EARTH_RADIUS_KM, importDistrictsGeoJson } from '../../src/io/geojson.ts';
import { importDistricts } from '../../src/io/references.ts';
import type { ImportProblem, ImportResult } from '../../src/io/problems.ts';
import { SEGMENTS, TIERS } from '../../src/model/domain.ts';
import { MAX_POPULATION } from '../../src/model/scenario.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));
function records(r: ImportResult<ImportedDistrict>): ImportedDistrict[] {
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.row}:${p.column}: ${p.message}`).join('\n'));
  return r.records;
}
function problems(r: ImportResult<ImportedDistrict>): ImportProblem[] {
  if (r.ok) throw new Error('expected problems');
  expect(r).not.toHaveProperty('records');
  return r.problems;
}
const square = (lon: number, lat: number, s: number, ccw = true) => {
  const ring = [[lon, lat], [lon + s, lat], [lon + s, lat + s], [lon, lat + s], [lon, lat]];
  return ccw ? ring : ring.reverse();
};
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (properties: Record<string, unknown>, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties, geometry: { type, coordinates } });

describe('districts templates', () => {
  const csv = importDistricts(read('scenarios/templates/districts.csv'), 'districts.csv');
  const geo = importDistricts(read('scenarios/templates/districts.geojson'), 'districts.geojson');

  it('import 30 districts each, of all three types, from Chinese CSV headers and English GeoJSON keys', () => {
    expect(csv.encoding).toBe('UTF-8 with BOM');
    expect(records(csv)).toHaveLength(30);
    expect(records(geo)).toHaveLength(30);
    for (const t of ['urban', 'suburban', 'rural'] as const) expect(records(geo).some((d) => d.type === t)).toBe(true);
    expect(records(csv).map((d) => [d.id, d.name, d.type, d.population])).toEqual(records(geo).map((d) => [d.id, d.name, d.type, d.population]));
  });

  it('the CSV centroids and areas are the ones computed from the GeoJSON outlines', () => {
    const g = new Map(records(geo).map((d) => [d.id, d]));
    for (const d of records(csv)) {
      const p = g.get(d.id)!;
      expect(d.lon).toBeCloseTo(p.lon, 4);
      expect(d.lat).toBeCloseTo(p.lat, 4);
      expect(d.areaKm2 / p.areaKm2).toBeCloseTo(1, 3);
    }
  });

  it('segments and tiers each sum to the population, and the sample types agree with the density rule', () => {
    for (const d of records(csv)) {
      expect(SEGMENTS.reduce((a, s) => a + d.segments![s], 0)).toBe(d.population);
      expect(TIERS.reduce((a, t) => a + d.tiers![t], 0)).toBe(d.population);
    }
    const untyped = readFileSync(new URL('../../scenarios/templates/districts.csv', import.meta.url), 'utf8').replace(/(\r\n[^,]+,[^,]+,)(城区|郊区|农村),/g, '$1,');
    expect(records(importDistrictsCsv(untyped, 'd.csv')).map((d) => d.type)).toEqual(records(csv).map((d) => d.type));
  });

  it('keeps the enclave: one district is a MultiPolygon and its host has a hole', () => {
    const multi = records(geo).filter((d) => d.polygon!.length > 1);
    const holed = records(geo).filter((d) => d.polygon!.some((p) => p.length > 1));
    expect(multi).toHaveLength(1);
    expect(holed).toHaveLength(1);
  });
});

describe('importDistrictsGeoJson', () => {
  it('computes area and centroid from the outline whichever way its rings are wound', () => {
    const a = records(importDistrictsGeoJson(collection(feature({ id: 'A', population: 10 }, [square(117, 27, 0.1)])), 'a.geojson'))[0];
    const b = records(importDistrictsGeoJson(collection(feature({ id: 'A', population: 10 }, [square(117, 27, 0.1, false)])), 'b.geojson'))[0];
    // 0.1° × 0.1° at 27° N: about 11.1 km × 9.9 km
    expect(a.areaKm2).toBeGreaterThan(108);
    expect(a.areaKm2).toBeLessThan(112);
    expect(b.areaKm2).toBeCloseTo(a.areaKm2, 6);
    expect(a.lon).toBeCloseTo(117.05, 6);
    expect(a.lat).toBeCloseTo(27.05, 3);
    // d3's winding afterwards: the polygon's spherical area is the small one
    expect(geoArea({ type: 'Polygon', coordinates: b.polygon![0] } as GeoJSON.Polygon)).toBeLessThan(2 * Math.PI);
  });

  it('subtracts holes and adds the parts of a MultiPolygon; closes an unclosed ring', () => {
    const outer = square(117, 27, 0.2), hole = square(117.05, 27.05, 0.1, false), island = square(118, 27, 0.1);
    const d = records(importDistrictsGeoJson(collection(feature({ id: 'A', population: 1 }, [[outer, hole], [island.slice(0, 4)]], 'MultiPolygon')), 'm.geojson'))[0];
    const area = (ring: number[][]) => {
      const sr = geoArea({ type: 'Polygon', coordinates: [ring] } as GeoJSON.Polygon);
      return Math.min(sr, 4 * Math.PI - sr) * EARTH_RADIUS_KM ** 2;
    };
    expect(d.areaKm2).toBeCloseTo(area(outer) - area(hole) + area(island), 6);
  });

  it('takes the id from the feature id, Chinese property keys, and keeps other properties as extra', () => {
    const d = records(importDistrictsGeoJson(collection({ ...feature({ 名称: '东湖', 人口: 5, adname: 'x' }, [square(117, 27, 0.01)]), id: 7 }), 'f.geojson'))[0];
    expect(d).toMatchObject({ id: '7', name: '东湖', population: 5, extra: { adname: 'x' } });
  });

  it('districts-broken.geojson: every problem at its feature and property', () => {
    const ps = problems(importDistrictsGeoJson(read('test/fixtures/io/districts-broken.geojson'), 'b.geojson'));
    expect(ps.map((p) => [p.row, p.column])).toEqual([[2, 'geometry'], [3, 'population'], [4, 'geometry'], [5, 'id'], [6, '类型'], [6, 'population']]);
    expect(ps[0].message).toBe('expected a Polygon or MultiPolygon geometry, got "Point"');
    expect(ps[2].message).toMatch(/^ring 1, position 2: out of range: expected a latitude from -90 to 90, got 95/);
    expect(ps[3].message).toBe('id: duplicate id "G1" (first at feature 1)');
    expect(ps[4].message).toMatch(/^类型: unknown type "mountain"/);
    expect(ps[5].message).toBe('population: expected a number, got "many"');
  });

  it('a truncated file is reported with its line and column; a missing property everywhere once for the file', () => {
    const t = problems(importDistrictsGeoJson(read('test/fixtures/io/districts-truncated.geojson'), 't.geojson'));
    expect(t).toEqual([{ file: 't.geojson', row: 0, column: 0, message: expect.stringMatching(/^not valid JSON: .* at line 4, column 1$/) }]);
    const none = problems(importDistrictsGeoJson(collection(feature({ id: 'A' }, [square(117, 27, 0.1)])), 'n.geojson'));
    expect(none.map((p) => [p.row, p.message])).toEqual([[0, 'missing column population 人口 (or the segment or tier columns that split it)']]);
    expect(problems(importDistrictsGeoJson('{"type":"Feature"}', 'x.geojson'))[0].message).toMatch(/expected a GeoJSON FeatureCollection/);
  });
});

describe('importDistrictsCsv: broken files', () => {
  it('districts-broken.csv: unknown type, bad area, population off its segments, duplicate id, empty population', () => {
    const ps = problems(importDistrictsCsv(read('test/fixtures/io/districts-broken.csv'), 'b.csv'));
    expect(ps.map((p) => [p.row, p.column])).toEqual([[3, 3], [4, 6], [5, 7], [6, 1], [7, 7]]);
    expect(ps[2].message).toBe('人口: 20000 differs from the sum of the segment columns (17600) by more than 1 %');
    expect(ps[3].message).toBe('编号: duplicate id "D1" (first at row 2)');
  });

  it('districts-partial-segments.csv: the segment columns come as a set', () => {
    const ps = problems(importDistrictsCsv(read('test/fixtures/io/districts-partial-segments.csv'), 'p.csv'));
    expect(ps.map((p) => [p.row, p.column])).toEqual([[1, 0], [1, 0], [1, 0]]);
    expect(ps.map((p) => p.message.split(':')[0])).toEqual(['missing column senior 老年', 'missing column sme 中小企业', 'missing column enterprise 大型政企']);
  });

  it('population defaults to the sum of the segments', () => {
    const d = records(importDistrictsCsv('id,lon,lat,area,youth,business,family,senior,sme,enterprise\nA,117,27,10,1,2,3,4,5,6\n', 's.csv'))[0];
    expect(d.population).toBe(21);
    expect(d.type).toBe('rural');
  });
});

describe('importDistrictsCsv: the population bound is the scenario schema\'s', () => {
  it('takes a population of MAX_POPULATION and refuses one above it, or segments that sum above it', () => {
    const head = 'id,lon,lat,area,population';
    expect(records(importDistrictsCsv(`${head}\nA,117,27,10,${MAX_POPULATION}\n`, 'p.csv'))[0].population).toBe(1e9);
    expect(problems(importDistrictsCsv(`${head}\nA,117,27,10,${MAX_POPULATION + 1}\n`, 'p.csv')).map((p) => [p.row, p.column, p.message]))
      .toEqual([[2, 5, 'population: expected a number from 0 to 1000000000, got "1000000001"']]);
    const split = 'id,lon,lat,area,youth,business,family,senior,sme,enterprise\nA,117,27,10,600000000,600000000,0,0,0,0\n';
    expect(problems(importDistrictsCsv(split, 's.csv')).map((p) => [p.row, p.column, p.message]))
      .toEqual([[2, 5, 'youth: the segment columns sum to 1200000000; expected at most 1000000000 in a district']]);
  });
});

describe('importDistrictsCsv: the splits of one population', () => {
  it('without a population cell, segment and tier columns that disagree are a problem (not the segment sum taken)', () => {
    const head = 'id,lon,lat,area,youth,business,family,senior,sme,enterprise,supreme,diamond,gold,silver,ordinary';
    const r = importDistrictsCsv(`${head}\nA,117,27,10,1,2,3,4,5,6,1,1,1,1,17\nB,117.1,27,10,1,2,3,4,5,6,1,1,1,1,1\n`, 't.csv');
    expect(problems(r).map((p) => [p.row, p.column, p.message])).toEqual([[3, 11, 'supreme: the tier columns sum to 5, the segment columns to 21: they split one population (differing by more than 1 %)']]);
  });
});
