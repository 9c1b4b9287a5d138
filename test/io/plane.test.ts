import { describe, expect, it } from 'vitest';
import { d3Projection, lambert, placeOnPlane, planeProjection } from '../../src/io/plane.ts';
import { simplifyRing } from '../../src/io/simplify.ts';
import type { ImportedOutlet } from '../../src/io/outlets.ts';
import type { ImportedDistrict } from '../../src/io/districts.ts';
import { cellCoverage } from '../../src/model/region.ts';
import { Rng } from '../../src/model/rng.ts';

const outlet = (row: number, id: string, lon: number, lat: number): ImportedOutlet => ({ row, id, name: id, kind: 'partner', lon, lat });
const placed = (records: ImportedOutlet[]) => ({ file: 'o.csv', records, columns: [{ column: 4, header: '经度', field: 'lon' }] });

describe('the plane projection', () => {
  it('the inlined formula is d3-geo\'s azimuthal equal-area (y flipped to point north)', () => {
    const rng = Rng.from(1, 2);
    const fast = lambert(116.9, 27.15, 0, 0), d3 = d3Projection(116.9, 27.15), out = new Float64Array(2);
    for (let i = 0; i < 200; i++) {
      const lon = 116.9 + (rng.next() - 0.5) * 4, lat = 27.15 + (rng.next() - 0.5) * 4;
      fast(lon, lat, out, 0);
      const [x, y] = d3([lon, lat])!;
      expect(out[0]).toBeCloseTo(x, 9);
      expect(out[1]).toBeCloseTo(-y, 9);
    }
  });

  it('forward and invert round-trip, and km are km: 0.1° of latitude is about 11.1 km', () => {
    const p = planeProjection({ kind: 'azimuthalEqualArea', lon0: 117, lat0: 27, dxKm: 50, dyKm: 40 });
    expect(p.forward([117, 27])).toEqual([50, 40]);
    const [x, y] = p.forward([117.3, 27.4]);
    const [lon, lat] = p.invert([x, y]);
    expect(lon).toBeCloseTo(117.3, 9);
    expect(lat).toBeCloseTo(27.4, 9);
    expect(p.forward([117, 27.1])[1] - 40).toBeCloseTo(11.12, 1);
    expect(p.forward([117.1, 27])[0] - 50).toBeCloseTo(9.91, 1);
  });
});

describe('placeOnPlane', () => {
  it('puts every outlet inside the region with the margin, east = +x and north = +y', () => {
    const r = placeOnPlane({ outlets: placed([outlet(2, 'A', 117, 27), outlet(3, 'B', 117.2, 27.1)]) }, { cellKm: 1 });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const [a, b] = r.outlets!;
    expect(Math.min(a.x, b.x)).toBeCloseTo(2, 3);
    expect(Math.min(a.y, b.y)).toBeCloseTo(2, 3);
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBeGreaterThan(a.y);
    expect(r.widthKm).toBe(Math.ceil(b.x - a.x + 4));
    expect(a).toMatchObject({ id: 'A', lon: 117, lat: 27 });
    expect(a).not.toHaveProperty('row');
  });

  it('reports an outlet far from the others at its row and longitude column', () => {
    const outlets = [outlet(2, 'A', 117, 27), outlet(3, 'B', 117.1, 27.1), outlet(4, 'C', 117.05, 27.02), outlet(5, 'far', 11.7, 27)];
    const r = placeOnPlane({ outlets: placed(outlets) }, { cellKm: 1 });
    expect(r.ok ? [] : r.problems.map((p) => [p.row, p.column, p.message.replace(/\d+ km/, 'N km')])).toEqual([[5, 4, 'lies N km from the other outlets (their median is at 117.050, 27.020); check the coordinates']]);
  });

  it('reports outlets outside the districts, and a region too large for the grid', () => {
    const d: ImportedDistrict = { row: 2, id: 'D', name: 'D', type: 'urban', lon: 117, lat: 27, areaKm2: 100, population: 1 };
    const r = placeOnPlane({ districts: { file: 'd.csv', records: [d], columns: [] }, outlets: placed([outlet(2, 'in', 117.01, 27), outlet(3, 'out', 118, 27)]) }, { cellKm: 1 });
    expect(r.ok ? [] : r.problems.map((p) => [p.file, p.row, p.column])).toEqual([['o.csv', 3, 4]]);
    const wide = placeOnPlane({ outlets: placed([outlet(2, 'W', 116, 27), outlet(3, 'E', 119.5, 30)]) }, { cellKm: 1 });
    expect(wide.ok ? '' : wide.problems[0].message).toMatch(/grid cells of 1 km; at most 65535: set region\.cellKm to 1\.\d or more$/);
  });
});

describe('simplifyRing', () => {
  it('keeps the corners of a square with many points on its sides and drops the rest', () => {
    const pts: number[] = [];
    const side = (x0: number, y0: number, dx: number, dy: number) => { for (let i = 0; i < 50; i++) pts.push(x0 + (dx * i) / 50, y0 + (dy * i) / 50 + (i % 2) * 0.001); };
    side(0, 0, 10, 0); side(10, 0, 0, 10); side(10, 10, -10, 0); side(0, 10, 0, -10);
    pts.push(0, 0);
    const kept = simplifyRing(Float64Array.from(pts), 0.05);
    expect(Array.from(kept)).toEqual([0, 0, 10, 0, 10, 10, 0, 10, 0, 0]);
  });
});

describe('cellCoverage', () => {
  it('measures the area of a polygon exactly along x: a 2.5 × 1.5 km rectangle off the grid lines covers 3.75 cells', () => {
    const out = new Float64Array(25);
    const sum = cellCoverage([[[0.5, 0.5], [3, 0.5], [3, 2], [0.5, 2], [0.5, 0.5]]], 5, 5, 1, out);
    expect(sum).toBeCloseTo(3.75, 12);
    expect(out[0]).toBeCloseTo(0.25, 12); // cell (0, 0): 0.5 × 0.5
    expect(out[5 + 1]).toBeCloseTo(1, 12); // cell (1, 1): inside
    expect(out[4]).toBe(0);
  });

  it('subtracts a hole (even-odd rule)', () => {
    const out = new Float64Array(100);
    const sum = cellCoverage([[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]]], 10, 10, 1, out);
    expect(sum).toBeCloseTo(96, 12);
    expect(out[3 * 10 + 3]).toBe(0);
  });
});
