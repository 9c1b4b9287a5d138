import { describe, expect, it } from 'vitest';
import { nearestOutlets, updateNearest } from '../../src/model/access.ts';
import { huffProbabilities } from '../../src/model/choice.ts';
import { CH, SEGMENTS } from '../../src/model/domain.ts';
import { createModel } from '../../src/model/engine.ts';
import { buildRegion, cellCentre } from '../../src/model/region.ts';
import { resolveScenario } from '../../src/model/validate.ts';

describe('huffProbabilities', () => {
  it('equals hand-computed values', () => {
    // α=1, λ=2: 1/10² = 0.01 and 2/20² = 0.005 → 2/3, 1/3
    const p = huffProbabilities([1, 2], [10, 20], 1, 2);
    expect(p[0]).toBeCloseTo(2 / 3, 14);
    expect(p[1]).toBeCloseTo(1 / 3, 14);
    // α=2, λ=1: 1/5, 4/10, 9/15 = 0.2, 0.4, 0.6 → 1/6, 1/3, 1/2
    const q = huffProbabilities([1, 2, 3], [5, 10, 15], 2, 1);
    [1 / 6, 1 / 3, 1 / 2].forEach((x, j) => expect(q[j]).toBeCloseTo(x, 14));
  });

  it('sums to 1 and does not depend on the units of size or travel time', () => {
    const size = [3, 1, 8, 2], t = [12, 4, 30, 9];
    const p = huffProbabilities(size, t, 1.3, 1.6);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    const scaled = huffProbabilities(size.map((x) => x * 7), t.map((x) => x / 60), 1.3, 1.6);
    scaled.forEach((x, j) => expect(x).toBeCloseTo(p[j], 12));
  });

  it('reduces to shares of size^α without distance decay, and to equal shares with neither', () => {
    expect(huffProbabilities([1, 3], [5, 50], 1, 0)).toEqual([0.25, 0.75]);
    expect(huffProbabilities([1, 3, 9], [5, 50, 7], 0, 0)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('gives the nearer of two equal outlets the larger share, more so as λ grows', () => {
    const shares = [0.5, 1, 2, 4].map((lambda) => huffProbabilities([1, 1], [10, 20], 1, lambda)[0]);
    shares.forEach((x, k) => {
      expect(x).toBeGreaterThan(0.5);
      if (k > 0) expect(x).toBeGreaterThan(shares[k - 1]);
    });
  });
});

// Outlet draws within the own-store channel against Huff computed here from travel times and
// sizes, with waits out of the picture (no wait term, counters to spare, patient customers).
describe('engine outlet choice', () => {
  const STORES = [
    { id: 'S1', kind: 'own' as const, x: 3, y: 3, counters: 40, attractiveness: 1 },
    { id: 'S2', kind: 'own' as const, x: 4.5, y: 9, counters: 60, attractiveness: 2 },
    { id: 'S3', kind: 'own' as const, x: 9, y: 8, counters: 100, attractiveness: 0.5 },
    { id: 'S4', kind: 'own' as const, x: 10.5, y: 2, counters: 50, attractiveness: 1.5 },
  ];
  const scenario = resolveScenario({
    simulation: { months: 1, customers: 20_000, seed: 5 },
    region: {
      widthKm: 12, heightKm: 12, cellKm: 1,
      districts: [
        { id: 'A', type: 'urban', x: 3, y: 3, radiusKm: 2, population: 2 },
        { id: 'B', type: 'suburban', x: 9, y: 8, radiusKm: 3, population: 1 },
        { id: 'C', type: 'rural', x: 6, y: 6, radiusKm: 5, population: 1 },
      ],
    },
    outlets: { list: STORES },
    partners: { latentSites: 0 },
    services: [{
      id: 'counterOnly', class: 'service', queueFree: false, counterMin: 2, complexity: 0.3, channels: ['ownStore'],
      incidence: Object.fromEntries(SEGMENTS.map((g) => [g, 1])),
    }],
    stores: { patienceMeanMin: 600 },
    choice: { waitPerMin: 0, attractivenessExponent: 1.5, travelExponent: 1.6 },
    levers: { diversion: { floorGuide: 0 } },
    acquisition: { marketMonthly: 0 },
    churn: { baseMonthly: 0 },
  });

  it('nearestOutlets travel times are access minutes plus distance at the district speed', () => {
    const region = buildRegion(scenario);
    const K = scenario.region.nearestOutlets;
    const acc = nearestOutlets(region, () => true, K, scenario.region.accessMin, 1.6);
    let checked = 0;
    for (let cell = 0; cell < region.nCells; cell++) {
      const [cx, cy] = cellCentre(region, cell);
      for (let m = 0; m < STORES.length; m++) {
        const o = region.outlets[acc.outlet[cell * K + m]];
        const d = Math.hypot(o.x - cx, o.y - cy);
        if (d < region.cellKm) continue; // a minimum distance applies inside the cell
        expect(acc.travel[cell * K + m]).toBeCloseTo(scenario.region.accessMin + (d / region.cellSpeed[cell]) * 60, 3);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(region.nCells * 3);
  });

  it('updateNearest after partners close and open gives the lists a full search gives, array for array', () => {
    const s = resolveScenario({});
    const region = buildRegion(s), K = s.region.nearestOutlets, lambda = s.choice.travelExponent;
    const open = Uint8Array.from(region.outlets, (o) => (o.latent ? 0 : 1));
    const partner = (j: number) => open[j] === 1 && region.outlets[j].kind === 'partner';
    const acc = nearestOutlets(region, partner, K, s.region.accessMin, lambda);
    // three partners leave and two latent sites open, then one of those leaves again
    const ids = (xs: string[]) => xs.map((id) => region.outlets.findIndex((o) => o.id === id));
    const steps = [[...ids(['P01', 'P40', 'P79']), ...ids(['L01', 'L20'])], ids(['L20'])];
    expect(steps.flat().every((j) => j >= 0)).toBe(true);
    for (const changed of steps) {
      for (const j of changed) open[j] = open[j] ? 0 : 1;
      updateNearest(acc, region, partner, changed, s.region.accessMin, lambda);
      const full = nearestOutlets(region, partner, K, s.region.accessMin, lambda);
      expect(Buffer.from(acc.outlet.buffer).equals(Buffer.from(full.outlet.buffer))).toBe(true);
      expect(Buffer.from(acc.travel.buffer).equals(Buffer.from(full.travel.buffer))).toBe(true);
      expect(Buffer.from(acc.timeFactor.buffer).equals(Buffer.from(full.timeFactor.buffer))).toBe(true);
    }
    // the opened sites entered some lists, the closed partners left every list
    expect(acc.outlet.includes(ids(['L01'])[0])).toBe(true);
    for (const j of ids(['P01', 'P40', 'P79', 'L20'])) expect(acc.outlet.includes(j)).toBe(false);
  });

  it('draws outlets with Huff probabilities (shares within 4 multinomial SE)', () => {
    const s = scenario;
    const model = createModel(s, 0);
    const region = model.region;
    const n = s.simulation.customers;
    const K = s.region.nearestOutlets;
    expect(K).toBeGreaterThanOrEqual(STORES.length); // every cell sees every store
    const acc = nearestOutlets(region, (j) => region.outlets[j].kind === 'own', K, s.region.accessMin, s.choice.travelExponent);
    const perCell = new Float64Array(region.nCells);
    const cell = model.customers().cell;
    for (let i = 0; i < n; i++) perCell[cell[i]]++;

    // π_j = Σ_cells N_cell · Huff_cell(j) / N with size = counters × attractiveness
    const huff = (alpha: number, lambda: number) => {
      const pi = new Float64Array(STORES.length);
      for (let c = 0; c < region.nCells; c++) {
        if (!perCell[c]) continue;
        const js = Array.from({ length: STORES.length }, (_, m) => acc.outlet[c * K + m]);
        const size = js.map((j) => region.outlets[j].counters * region.outlets[j].attractiveness);
        const travel = js.map((_, m) => acc.travel[c * K + m]);
        huffProbabilities(size, travel, alpha, lambda).forEach((p, m) => (pi[js[m]] += (perCell[c] * p) / n));
      }
      return pi;
    };
    const expected = huff(s.choice.attractivenessExponent, s.choice.travelExponent);

    model.tick(1);
    const r = model.result();
    const visits = r.outletStats.transactions;
    const total = visits.reduce((a, b) => a + b, 0);
    expect(total).toBe(r.serviceChannel[0][CH.ownStore]); // every need completed at a counter
    expect(r.run.abandonRate).toBe(0);
    expect(r.run.storeWaitMeanMin).toBeLessThan(0.05);

    // Each need is one independent outlet draw and needs per customer are Poisson, so the
    // visits of store j are Poisson(Σ_i Huff_i(j)) and, given the total, multinomial with π_j.
    // 4 SE per store: a correct engine exceeds it on one of 4 stores with probability < 3e-4.
    const tol = Array.from(expected, (p) => 4 * Math.sqrt((p * (1 - p)) / total));
    const diff = visits.map((v, j) => Math.abs(v / total - expected[j]));
    diff.forEach((d, j) => expect(d, `${STORES[j].id}: observed ${(visits[j] / total).toFixed(4)} vs Huff ${expected[j].toFixed(4)}`).toBeLessThanOrEqual(tol[j]));
    // Power: ignoring either size or distance would put some store outside the tolerance.
    for (const [alpha, lambda] of [[0, s.choice.travelExponent], [s.choice.attractivenessExponent, 0], [1, s.choice.travelExponent]]) {
      const other = huff(alpha, lambda);
      expect(Math.max(...visits.map((v, j) => Math.abs(v / total - other[j]) / tol[j])), `α=${alpha}, λ=${lambda}`).toBeGreaterThan(1);
    }
    const worst = diff.reduce((b, d, j) => (d / tol[j] > diff[b] / tol[b] ? j : b), 0);
    console.info(`huff: ${total} visits; worst store ${STORES[worst].id}: |observed − Huff| = ${diff[worst].toFixed(5)} vs 4 SE = ${tol[worst].toFixed(5)}; expected shares ${Array.from(expected, (x) => x.toFixed(3)).join(', ')}`);
  });
});
