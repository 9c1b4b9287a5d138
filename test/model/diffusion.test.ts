import { describe, expect, it } from 'vitest';
import { ADOPTER_FAMILIARITY, adoptionProbability, bassCumulative, bassDiscretePath, diffuse } from '../../src/model/diffusion.ts';
import { CH, NC, SEGMENTS } from '../../src/model/domain.ts';
import { createModel } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { openedState, smallScenario, testRng } from './month.ts';

/** Bass ODE dF/dt = (p + qF)(1 − F) by classical Runge–Kutta. */
function rk4(t: number, p: number, q: number, f0: number, h = 1e-3): number {
  const g = (f: number) => (p + q * f) * (1 - f);
  let f = f0;
  const n = Math.round(t / h);
  for (let k = 0; k < n; k++) {
    const k1 = g(f), k2 = g(f + (h / 2) * k1), k3 = g(f + (h / 2) * k2), k4 = g(f + h * k3);
    f += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return f;
}

describe('bassCumulative', () => {
  const p = 0.03, q = 0.38;

  it('starts at F0 and tends to 1', () => {
    for (const f0 of [0, 0.01, 0.3, 0.9]) expect(bassCumulative(0, p, q, f0)).toBeCloseTo(f0, 14);
    expect(bassCumulative(200, p, q)).toBeCloseTo(1, 12);
  });

  it('is increasing and solves dF/dt = (p + qF)(1 − F) (central differences)', () => {
    const h = 1e-4;
    for (const t of [0.5, 3, 7, 12, 30]) {
      const d = (bassCumulative(t + h, p, q, 0.02) - bassCumulative(t - h, p, q, 0.02)) / (2 * h);
      const f = bassCumulative(t, p, q, 0.02);
      expect(d).toBeGreaterThan(0);
      expect(d).toBeCloseTo((p + q * f) * (1 - f), 7);
    }
  });

  it('agrees with Runge–Kutta integration of the ODE', () => {
    for (const [pp, qq, f0] of [[0.03, 0.38, 0], [0.01, 0.5, 0.05], [0.2, 0, 0.1]]) {
      for (const t of [1, 5, 12, 24]) expect(bassCumulative(t, pp, qq, f0)).toBeCloseTo(rk4(t, pp, qq, f0), 10);
    }
  });

  it('peaks in adoption rate at t* = ln(q/p)/(p + q), where F = (q − p)/(2q), when F0 = 0', () => {
    const tStar = Math.log(q / p) / (p + q);
    const rate = (t: number) => (bassCumulative(t + 1e-5, p, q) - bassCumulative(t - 1e-5, p, q)) / 2e-5;
    for (const dt of [0.5, 0.05]) {
      expect(rate(tStar)).toBeGreaterThan(rate(tStar - dt));
      expect(rate(tStar)).toBeGreaterThan(rate(tStar + dt));
    }
    expect(bassCumulative(tStar, p, q)).toBeCloseTo((q - p) / (2 * q), 12);
  });

  it('reduces to 1 − (1 − F0)e^{−pt} without imitation', () => {
    expect(bassCumulative(10, 0.05, 0, 0.2)).toBeCloseTo(1 - 0.8 * Math.exp(-0.5), 14);
  });

  it('rejects p ≤ 0, q < 0 and F0 outside [0, 1)', () => {
    expect(() => bassCumulative(1, 0, q)).toThrow(/p must be > 0/);
    expect(() => bassCumulative(1, p, -1)).toThrow(/q must be >= 0/);
    expect(() => bassCumulative(1, p, q, 1)).toThrow(/F0 must be in/);
  });
});

describe('bassDiscretePath', () => {
  const p = 0.03, q = 0.4, f0 = 0.01, T = 12;
  const errorAt = (steps: number) => Math.abs(bassDiscretePath(T * steps, 1 / steps, p, q, f0).at(-1)! - bassCumulative(T, p, q, f0));

  it('converges to the closed form at first order: halving dt halves the error', () => {
    const errs = [5, 10, 20, 40, 80].map(errorAt);
    for (let k = 1; k < errs.length; k++) {
      expect(errs[k]).toBeLessThan(errs[k - 1]);
      expect(errs[k - 1] / errs[k]).toBeGreaterThan(1.8);
      expect(errs[k - 1] / errs[k]).toBeLessThan(2.2);
    }
    expect(errorAt(1000)).toBeLessThan(1e-3);
  });

  it('stays in [F0, 1] and never decreases', () => {
    const path = bassDiscretePath(400, 0.5, 0.2, 3, 0.1);
    let prev = 0.1;
    for (const f of path) {
      expect(f).toBeGreaterThanOrEqual(prev);
      expect(f).toBeLessThanOrEqual(1);
      prev = f;
    }
  });

  it('adoptionProbability is 1 − exp(−(p + qF)Δt), a probability', () => {
    expect(adoptionProbability(0.03, 0.4, 0.5, 0.25)).toBeCloseTo(1 - Math.exp(-(0.03 + 0.2) * 0.25), 15);
    expect(adoptionProbability(0, 0, 0.5, 1)).toBe(0);
    expect(adoptionProbability(5, 5, 1, 10)).toBeLessThanOrEqual(1);
  });
});

/**
 * Mean and standard deviation of the share of adopters after each sub-step of the agent rule
 * (each of N non-adopters adopts with probability π(F) = 1 − exp(−(p + qF)Δt), F from the start of
 * the sub-step). The mean is the mean-field path; the variance follows the linear-noise
 * recursion V' = g'(F)²V + (1 − F)π(1 − π)/N with g(F) = F + (1 − F)π(F): binomial noise of each
 * sub-step, carried forward (and amplified while imitation dominates) by the dynamics. Checked once
 * against 150 replications of the run below: empirical SD 0.0017, 0.0045, 0.0015 at months 2, 6,
 * 12 against 0.0019, 0.0047, 0.0017 from the recursion.
 */
function agentMoments(steps: number, dt: number, p: number, q: number, f0: number, n: number): { mean: number[]; sd: number[] } {
  const mean: number[] = [], sd: number[] = [];
  let f = f0, v = 0;
  for (let k = 0; k < steps; k++) {
    const pi = adoptionProbability(p, q, f, dt);
    const slope = 1 - pi + (1 - f) * q * dt * Math.exp(-(p + q * f) * dt);
    v = slope * slope * v + ((1 - f) * pi * (1 - pi)) / n;
    f += (1 - f) * pi;
    mean.push(f);
    sd.push(Math.sqrt(v));
  }
  return { mean, sd };
}

describe('agent adoption', () => {
  const P = 0.03, Q = 0.4, F0 = 0.01, SUB = 20, MONTHS = 12;
  const base = {
    simulation: { months: MONTHS, customers: 50_000, seed: 3, diffusionSubsteps: SUB },
    segments: Object.fromEntries(SEGMENTS.map((g) => [g, { appAdopted: F0 }])),
    adoption: { p: P, q: Q },
    levers: { diversion: { campaignP: 0 } },
    churn: { baseMonthly: 0 },
    acquisition: { marketMonthly: 0 },
    // needs play no part in adoption: one rare remote service keeps the run fast
    services: [{ id: 'query', class: 'service', counterMin: 2, complexity: 0.1, channels: ['web'], incidence: Object.fromEntries(SEGMENTS.map((g) => [g, 0.05])) }],
  };

  it('follows the Bass curve month by month with global peers', () => {
    const model = createModel(resolveScenario({ ...base, adoption: { ...base.adoption, peerScope: 'global' } }), 0);
    const n = model.activeCount();
    const f0 = model.adoptionShare();
    expect(Math.abs(f0 - F0)).toBeLessThan(4 * Math.sqrt((F0 * (1 - F0)) / n));
    const { mean, sd } = agentMoments(MONTHS * SUB, 1 / SUB, P, Q, f0, n);
    let worst = { month: 0, diff: 0, tol: 1, binomialSe: 0, sd: 0 };
    for (let m = 1; m <= MONTHS; m++) {
      model.tick(1);
      const f = model.adoptionShare();
      const closed = bassCumulative(m, P, Q, f0);
      const k = m * SUB - 1;
      // Tolerance: the discretisation bias of 20 sub-steps (mean-field path minus closed form,
      // computed, not guessed) plus 4 SD of the agent share. The SD is the linear-noise SD above;
      // it exceeds the binomial SE √(F(1−F)/N) of a single draw by up to about 2× here, because
      // early chance adoptions are amplified by imitation.
      const tol = Math.abs(mean[k] - closed) + 4 * sd[k];
      const diff = Math.abs(f - closed);
      if (diff / tol > worst.diff / worst.tol) worst = { month: m, diff, tol, binomialSe: Math.sqrt((closed * (1 - closed)) / n), sd: sd[k] };
      expect(diff, `month ${m}: agents ${f.toFixed(4)}, Bass ${closed.toFixed(4)}`).toBeLessThanOrEqual(tol);
      // sharper: against the mean-field path of the sub-step rule itself, 4 SD
      expect(Math.abs(f - mean[k]), `month ${m} vs mean-field path`).toBeLessThanOrEqual(4 * sd[k]);
    }
    expect(model.adoptionShare()).toBeGreaterThan(0.5); // the curve's steep part was exercised
    console.info(`bass: worst month ${worst.month}: |agents − closed form| = ${worst.diff.toFixed(5)} vs tolerance ${worst.tol.toFixed(5)} (linear-noise SD ${worst.sd.toFixed(5)}, binomial SE ${worst.binomialSe.toFixed(5)})`);
  });

  it('counts peers within the home district when peerScope is district', () => {
    // Two districts far apart; the test seeds 30 % adopters in one and 1 % in the other. With
    // district peers each district follows its own Bass curve; with global peers the laggard
    // would be pulled along by the leader.
    const s = resolveScenario({
      ...base,
      simulation: { ...base.simulation, customers: 30_000 },
      region: {
        widthKm: 20, heightKm: 10, cellKm: 1,
        districts: [
          { id: 'lead', type: 'urban', x: 4, y: 5, radiusKm: 1.5, population: 1 },
          { id: 'lag', type: 'urban', x: 16, y: 5, radiusKm: 1.5, population: 1 },
        ],
      },
      outlets: { list: [{ id: 'S1', kind: 'own', x: 10, y: 5 }] },
      adoption: { ...base.adoption, peerScope: 'district' },
    });
    const model = createModel(s, 0);
    const C = model.customers();
    const district = (i: number) => model.region.cellDistrict[C.cell[i]];
    const nD = [0, 0], a0 = [0, 0];
    for (let i = 0; i < s.simulation.customers; i++) {
      const d = district(i);
      C.adopted[i] = (d === 0 ? i % 10 < 3 : i % 100 === 0) ? 1 : 0;
      nD[d]++;
      a0[d] += C.adopted[i];
    }
    expect(Math.min(...nD)).toBeGreaterThan(0.4 * s.simulation.customers);
    const f0 = [a0[0] / nD[0], a0[1] / nD[1]];
    const moments = f0.map((f, d) => agentMoments(6 * SUB, 1 / SUB, P, Q, f, nD[d]));
    model.tick(6);
    const share = [0, 0];
    for (let i = 0; i < s.simulation.customers; i++) share[district(i)] += C.adopted[i] / nD[district(i)];
    const k = 6 * SUB - 1;
    for (let d = 0; d < 2; d++) {
      expect(Math.abs(share[d] - moments[d].mean[k]), `district ${d}: ${share[d].toFixed(4)} vs ${moments[d].mean[k].toFixed(4)}`).toBeLessThanOrEqual(4 * moments[d].sd[k]);
    }
    // global peers (F ≈ 0.155 at the start) would have lifted the laggard far above its own curve
    const pooled = agentMoments(6 * SUB, 1 / SUB, P, Q, (a0[0] + a0[1]) / (nD[0] + nD[1]), nD[0] + nD[1]).mean[k];
    expect(share[1]).toBeLessThan(moments[1].mean[k] + (pooled - moments[1].mean[k]) / 2);
  });
});

describe('diffuse: the month\'s step alone', () => {
  it('only adds adopters among active customers, raises a new adopter\'s app familiarity to 64, and draws nothing without p and q', () => {
    const st = openedState(smallScenario({ adoption: { p: 0.2, q: 0.6 } }));
    const C = st.C, n = st.slots.hiWater;
    for (let i = 0; i < n; i += 9) C.status[i] = 0; // some churned slots
    const before = C.adopted.slice(0, n), famBefore = C.familiarity.slice(0, n * NC);
    diffuse(st, testRng(1));
    let adopted = 0;
    for (let i = 0; i < n; i++) {
      if (before[i]) { expect(C.adopted[i]).toBe(1); continue; }
      if (!C.adopted[i]) continue;
      adopted++;
      expect(C.status[i] & 1, `slot ${i} adopted while inactive`).toBe(1);
      expect(C.familiarity[i * NC + CH.app]).toBe(Math.max(ADOPTER_FAMILIARITY, famBefore[i * NC + CH.app]));
    }
    expect(adopted).toBeGreaterThan(0);
    const still = openedState(smallScenario({ adoption: { p: 0, q: 0 }, levers: { diversion: { campaignP: 0 } } }));
    const r = testRng(2), s0 = Uint32Array.from(r.state), a0 = still.C.adopted.slice();
    diffuse(still, r);
    expect(Array.from(r.state)).toEqual(Array.from(s0));
    expect(still.C.adopted).toEqual(a0);
  });
});
