/**
 * The map's geometry from real scenarios: district polygons from the cells each district owns
 * (the generated city) or the imported outlines (the sample city's GeoJSON), and the notice for
 * real outlet coordinates among generated districts or outside every district.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveDataFiles } from '../../src/io/references.ts';
import { buildRegion } from '../../src/model/region.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { geometryOf } from '../../src/ui/lib/geometry.ts';
import { plannedOutlets } from '../../src/ui/lib/outlets.ts';
import { insideRings } from '../../src/model/rings.ts';
import { placementCheck, placementWarned } from '../../src/ui/lib/map/placementCheck.ts';

const TEMPLATES = new URL('../../scenarios/templates/', import.meta.url).pathname;
const signedArea = (ring: Array<[number, number]>) => ring.slice(1).reduce((s, [x, y], i) => s + ring[i][0] * y - x * ring[i][1], 0) / 2;

function withFiles(json: unknown): Scenario {
  const r = resolveDataFiles(resolveScenario(json), { read: (ref) => readFileSync(join(TEMPLATES, ref)), name: (ref) => ref });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.scenario;
}

describe('map geometry', () => {
  test('the generated city: each district a polygon of the cells it owns, together tiling the grid; no notice', () => {
    const s = resolveScenario(JSON.parse(readFileSync(new URL('../../scenarios/default.json', import.meta.url), 'utf8')));
    const g = geometryOf(s, buildRegion(s));
    expect(g.districts).toHaveLength(22);
    let total = 0;
    g.districts.forEach((d, i) => {
      expect(d.boundary).toBeUndefined();
      const area = d.outline.reduce((a, r) => a + signedArea(r), 0);
      const cells = g.cellDistrict.filter((x) => x === i).length;
      expect(area, d.id).toBeCloseTo(cells * g.cellKm ** 2, 9);
      total += area;
      // the district's own centre lies in its polygon unless a denser neighbour took that cell
      const c = Math.floor(d.x / g.cellKm), r = Math.floor(d.y / g.cellKm);
      expect(insideRings(d.outline, d.x, d.y), d.id).toBe(g.cellDistrict[r * g.cols + c] === i);
    });
    expect(total).toBeCloseTo(g.cols * g.rows * g.cellKm ** 2, 6);
    // 92 outlets, then the 40 latent partner sites, flagged, in the engine's order
    expect(g.outlets).toHaveLength(132);
    expect(g.outlets.slice(0, 92).some((o) => o.latent)).toBe(false);
    expect(g.outlets.slice(92).every((o) => o.latent && o.kind === 'partner')).toBe(true);
    // the planning map leaves the latent sites out
    expect(plannedOutlets(g.outlets).map((o) => o.id)).toEqual(g.outlets.slice(0, 92).map((o) => o.id));
    expect(g.outlets.every((o) => o.size > 0)).toBe(true);
    expect(g.placement).toEqual({ realOutlets: false, generatedDistricts: true, outside: [] });
    expect(placementWarned(g.placement)).toBe(false);
  });

  test('the sample city: imported outlines kept as they are, real outlets inside them; no notice', () => {
    const s = withFiles({ region: { districtsFile: 'districts.geojson' }, outlets: { file: 'outlets.csv' } });
    const r = buildRegion(s);
    const g = geometryOf(s, r);
    expect(g.districts).toHaveLength(30);
    g.districts.forEach((d, i) => {
      expect(d.boundary).toBe(true);
      expect(d.outline).toBe(r.districts[i].boundary);
    });
    expect(g.placement.realOutlets).toBe(true);
    expect(g.placement.generatedDistricts).toBe(false);
    expect(g.placement.outside).toEqual([]);
    expect(placementWarned(g.placement)).toBe(false);
  });

  test('outlets imported alone: real coordinates among generated districts are flagged', () => {
    const s = withFiles({ outlets: { file: 'outlets.csv' } });
    const g = geometryOf(s, buildRegion(s));
    expect(g.placement.realOutlets).toBe(true);
    expect(g.placement.generatedDistricts).toBe(true);
    expect(placementWarned(g.placement)).toBe(true);
  });

  test('an outlet moved outside every outline (into a cell nobody lives in) is named', () => {
    const s = withFiles({ region: { districtsFile: 'districts.geojson' }, outlets: { file: 'outlets.csv' } });
    const r = buildRegion(s);
    // the region's corner: the import leaves a margin round the outlines, where no one lives
    const moved = { ...r, outlets: r.outlets.map((o, j) => (j === 3 ? { ...o, x: 0.2, y: 0.2 } : o)) };
    const c = placementCheck(s, moved);
    expect(c.outside).toEqual([r.outlets[3].id]);
    expect(placementWarned(c)).toBe(true);
    // off the region altogether
    expect(placementCheck(s, { ...r, outlets: [{ id: 'X', x: -1, y: 5 }] }).outside).toEqual(['X']);
  });
});
