import { describe, expect, it } from 'vitest';
import { chooseChannel, logitProbabilities, pickCumulative } from '../../src/model/choice.ts';
import { CH, NC, SEGMENTS, type ChannelId } from '../../src/model/domain.ts';
import type { Customers } from '../../src/model/customers.ts';
import { createModel } from '../../src/model/engine.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { openedState, smallScenario, testRng } from './month.ts';

describe('logitProbabilities', () => {
  it('equals hand-computed values', () => {
    // exp(ln k) = k: probabilities 1/6, 2/6, 3/6
    const p = logitProbabilities([0, Math.log(2), Math.log(3)]);
    expect(p[0]).toBeCloseTo(1 / 6, 14);
    expect(p[1]).toBeCloseTo(2 / 6, 14);
    expect(p[2]).toBeCloseTo(3 / 6, 14);
    // 1/(1+e+e²), e/(1+e+e²), e²/(1+e+e²)
    const q = logitProbabilities([1, 2, 3]);
    expect(q[0]).toBeCloseTo(0.0900305731703805, 14);
    expect(q[1]).toBeCloseTo(0.2447284710547976, 14);
    expect(q[2]).toBeCloseTo(0.6652409557748219, 14);
    expect(logitProbabilities([7])).toEqual([1]);
  });

  it('sums to 1 and is invariant to adding a constant to every utility', () => {
    const v = [0.3, -1.2, 2.5, 0, -4];
    const p = logitProbabilities(v);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    for (const shift of [-50, 3.7, 700]) {
      const s = logitProbabilities(v.map((x) => x + shift));
      s.forEach((x, k) => expect(x).toBeCloseTo(p[k], 12));
    }
  });

  it('stays finite for huge utilities and gives an unavailable (−∞) alternative probability 0', () => {
    expect(logitProbabilities([1000, 1000])).toEqual([0.5, 0.5]);
    expect(logitProbabilities([-Infinity, 0, 0])).toEqual([0, 0.5, 0.5]);
    expect(() => logitProbabilities([-Infinity, -Infinity])).toThrow(RangeError);
  });

  it('has independence of irrelevant alternatives: P(a)/P(b) = exp(Va − Vb) whatever else is offered', () => {
    const [va, vb] = [0.8, -0.4];
    for (const others of [[], [0], [3, -2, 1.1], [-9]]) {
      const p = logitProbabilities([va, vb, ...others]);
      expect(p[0] / p[1]).toBeCloseTo(Math.exp(va - vb), 12);
    }
  });
});

// The engine's channel draws against the closed-form logit, computed here from the formula in the
// header of choice.ts and the customers' state read before the month runs.
describe('engine channel choice', () => {
  const REMOTE: ChannelId[] = ['web', 'app', 'sms', 'ussd', 'ivr'];
  const INCIDENCE = 3;
  const build = (choice: Record<string, number>, complexity: number) => resolveScenario({
    simulation: { months: 1, customers: 20_000, seed: 11 },
    services: [{
      id: 'remoteOnly', class: 'service', queueFree: false, counterMin: 3, complexity, channels: REMOTE,
      incidence: Object.fromEntries(SEGMENTS.map((g) => [g, INCIDENCE])),
    }],
    // frozen customers: no familiarity or literacy change within the month, no adoption
    adoption: { p: 0, q: 0, familiarityGain: 0, familiarityDecay: 0, literacyGain: 0 },
    levers: { diversion: { campaignP: 0, appIncentiveCny: 2, pointsPerEChannel: 1 } },
    choice: { moneyPerCny: 0.2, ...choice },
    churn: { baseMonthly: 0 },
    acquisition: { marketMonthly: 0 },
  });
  const scenario = build({ selfServiceFailure: 0 }, 0.4);

  /** V_ic from the choice.ts header: shared terms + β_dig·lit·dig + β_hab·fam − learn·(1 − fam). */
  function utility(s: Scenario, c: ChannelId, literacy255: number, familiarity255: number, customerTerms = true): number {
    const p = s.channels[c], d = s.levers.diversion;
    const incentive = (c === 'app' || c === 'web' ? d.appIncentiveCny : 0) + d.pointsPerEChannel; // all five are electronic
    let v = p.asc + s.choice.moneyPerCny * incentive - s.choice.complexityPenalty * s.services[0].complexity * p.digitalness;
    if (customerTerms) {
      const lit = literacy255 / 255, fam = familiarity255 / 255;
      v += s.choice.digital * lit * p.digitalness + s.choice.habit * fam - p.learningCost * (1 - fam);
    }
    return v;
  }

  /** Each customer's logit probabilities over REMOTE (app closed to non-adopters), before the month. */
  function probabilities(s: Scenario, C: Customers, n: number, customerTerms = true): number[][] {
    return Array.from({ length: n }, (_, i) => logitProbabilities(REMOTE.map((c) =>
      c === 'app' && !C.adopted[i] ? -Infinity : utility(s, c, C.literacy[i], C.familiarity[i * NC + CH[c]], customerTerms))));
  }

  /**
   * Completed shares against expected ones. Needs per customer are Poisson and each ends
   * independently in one channel (or is abandoned), so each channel's count is Poisson and
   * independent of the others (Poisson thinning); given the completed total, the counts are
   * multinomial with π_c = expected share. 4 SE per channel: a correct engine exceeds it on one of
   * the 5 channels with probability < 5 · 6.3e-5. Returns the worst channel, in units of 4 SE.
   */
  function compareShares(row: number[], expected: Float64Array, label: string) {
    const total = REMOTE.reduce((a, c) => a + row[CH[c]], 0);
    let worst = { c: '', diff: 0, tol: 1 };
    REMOTE.forEach((c, k) => {
      const diff = Math.abs(row[CH[c]] / total - expected[k]);
      const tol = 4 * Math.sqrt((expected[k] * (1 - expected[k])) / total);
      if (diff / tol > worst.diff / worst.tol) worst = { c, diff, tol };
      expect(diff, `${label} ${c}: observed ${(row[CH[c]] / total).toFixed(4)} vs ${expected[k].toFixed(4)}`).toBeLessThanOrEqual(tol);
    });
    return worst;
  }
  /** Largest |observed − other| over channels in units of 4 SE: above 1 means the test tells them apart. */
  function miss(row: number[], other: Float64Array) {
    const total = REMOTE.reduce((a, c) => a + row[CH[c]], 0);
    return Math.max(...REMOTE.map((c, k) => Math.abs(row[CH[c]] / total - other[k]) / (4 * Math.sqrt((other[k] * (1 - other[k])) / total))));
  }

  it('draws channels with the closed-form logit probabilities (shares within 4 multinomial SE)', () => {
    const model = createModel(scenario, 0);
    const n = scenario.simulation.customers;
    const expected = new Float64Array(REMOTE.length), naive = new Float64Array(REMOTE.length);
    probabilities(scenario, model.customers(), n).forEach((P) => P.forEach((p, k) => (expected[k] += p / n)));
    probabilities(scenario, model.customers(), n, false).forEach((P) => P.forEach((p, k) => (naive[k] += p / n)));
    model.tick(1);
    const r = model.result();
    const row = r.serviceChannel[0];
    const total = REMOTE.reduce((a, c) => a + row[CH[c]], 0);
    // nothing else was completed and nothing abandoned: the five remote channels carry every need
    expect(row.reduce((a, b) => a + b, 0)).toBe(total);
    expect(r.monthly.abandonRate[0]).toBe(0);
    expect(total).toBeGreaterThan(0.95 * INCIDENCE * n);
    const worst = compareShares(row, expected, 'logit');
    // Power: the logit without the customer terms (literacy, habit, learning cost) is rejected.
    const naiveMiss = miss(row, naive);
    expect(naiveMiss).toBeGreaterThan(1);
    console.info(`choice: ${total} needs; worst channel ${worst.c}: |observed − logit| = ${worst.diff.toFixed(5)} vs 4 SE = ${worst.tol.toFixed(5)}; without customer terms the worst miss is ${naiveMiss.toFixed(1)} × 4 SE`);
  });

  it('a failed self-service attempt is re-chosen among the other channels or abandoned, as in closed form', () => {
    // An attempt in an electronic channel fails with probability f_i = φ·complexity·(1 − literacy);
    // the customer gives up with probability a, else re-chooses by logit without the failed
    // channel (IIA: P(c | A∖{c'}) = P(c) / (1 − P(c'))), and the second attempt completes.
    const s = build({ selfServiceFailure: 0.8, abandonAfterFailure: 0.3 }, 0.6);
    const phi = s.choice.selfServiceFailure, a = s.choice.abandonAfterFailure, cx = s.services[0].complexity;
    const model = createModel(s, 0);
    const C = model.customers();
    const n = s.simulation.customers;
    const done = new Float64Array(REMOTE.length), firstChoice = new Float64Array(REMOTE.length);
    let lost = 0;
    probabilities(s, C, n).forEach((P, i) => {
      const f = phi * cx * (1 - C.literacy[i] / 255);
      P.forEach((p, k) => {
        firstChoice[k] += p;
        done[k] += p * (1 - f);
        if (p === 0) return;
        if (p === 1) { lost += f; return; } // nothing left to re-choose
        lost += p * f * a;
        P.forEach((p2, k2) => { if (k2 !== k) done[k2] += p * f * (1 - a) * (p2 / (1 - p)); });
      });
    });
    const completedMean = done.reduce((x, y) => x + y, 0);
    const expected = done.map((x) => x / completedMean), naive = firstChoice.map((x) => x / n);
    model.tick(1);
    const r = model.result();
    const row = r.serviceChannel[0];
    const completed = REMOTE.reduce((x, c) => x + row[CH[c]], 0);
    const worst = compareShares(row, expected, 'with failures');
    // abandonRate = abandoned / needs: binomial over needs (Poisson thinning again), 4 SE
    const pLost = lost / (lost + completedMean);
    const needs = completed / (1 - r.monthly.abandonRate[0]);
    expect(Math.abs(r.monthly.abandonRate[0] - pLost), `abandon ${r.monthly.abandonRate[0].toFixed(4)} vs ${pLost.toFixed(4)}`).toBeLessThanOrEqual(4 * Math.sqrt((pLost * (1 - pLost)) / needs));
    // Power: the first-choice logit alone (failures ignored) is rejected.
    expect(miss(row, naive)).toBeGreaterThan(1);
    console.info(`self-service failure: worst channel ${worst.c}: |observed − closed form| = ${worst.diff.toFixed(5)} vs 4 SE = ${worst.tol.toFixed(5)}; abandon rate ${r.monthly.abandonRate[0].toFixed(4)} vs ${pLost.toFixed(4)}`);
  });

  it('never gives the app to a customer who has not adopted it', () => {
    const s = resolveScenario({ ...scenario, segments: Object.fromEntries(SEGMENTS.map((g) => [g, { appAdopted: 0 }])) });
    const model = createModel(s, 0);
    model.tick(1);
    const row = model.result().serviceChannel[0];
    expect(row[CH.app]).toBe(0);
    expect(row[CH.web]).toBeGreaterThan(0);
  });
});

describe('the one logit draw', () => {
  it('pickCumulative: over a fine grid of uniforms each alternative gets its share of the weight, a zero weight none', () => {
    const w = [0, 2, 0, 5, 3, 0], cum = new Float64Array(w.length);
    let total = 0;
    w.forEach((x, k) => { total += x; cum[k] = total; });
    const N = 100_000, hits = new Array(w.length).fill(0);
    for (let k = 0; k < N; k++) hits[pickCumulative(cum, w.length, ((k + 0.5) / N) * total)]++;
    // shares of a uniform grid: exact up to one grid step per boundary
    w.forEach((x, k) => expect(Math.abs(hits[k] / N - x / total), `alternative ${k}`).toBeLessThanOrEqual(1 / N));
    expect(hits.reduce((a, b) => a + b, 0)).toBe(N);
    // t at the very top (rounding) never lands on the zero-weight tail
    expect(pickCumulative(cum, w.length, total)).toBe(4);
  });

  it('chooseChannel never picks an excluded channel or the app for a customer who does not use it; nothing left gives −1', () => {
    const st = openedState(smallScenario());
    const C = st.C, r = testRng(9);
    const sv = st.s.services.findIndex((x) => x.channels.includes('app') && x.channels.includes('web'));
    const list = Array.from(st.sv.channels.list.subarray(st.sv.channels.offsets[sv], st.sv.channels.offsets[sv + 1]));
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const c = chooseChannel(st.choice, C, i, sv, 1 << CH.web, r.next());
      expect(c).not.toBe(CH.web);
      if (!C.adopted[i]) expect(c).not.toBe(CH.app);
      expect(list).toContain(c);
      seen.add(c);
    }
    expect(seen.size).toBeGreaterThan(2);
    const all = list.reduce((m, c) => m | (1 << c), 0);
    expect(chooseChannel(st.choice, C, 0, sv, all, 0.5)).toBe(-1);
  });
});
