import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../src/experiment/nelder-mead.ts';
import { Rng } from '../../src/model/rng.ts';

const rosenbrock = (x: readonly number[]) => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
};

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley from the classic start (-1.2, 1)', async () => {
    const r = await nelderMead(rosenbrock, [-1.2, 1], { xTolerance: 1e-8, fTolerance: 1e-14, maxEvaluations: 2000 });
    expect(r.reason).toBe('converged');
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
    expect(r.fx).toBeLessThan(1e-10);
    // Lagarias et al. report about 160 evaluations at this start; a restart adds a few dozen.
    expect(r.evaluations).toBeLessThan(400);
  });

  it('with the adaptive coefficients solves the 5-dimensional Rosenbrock function', async () => {
    const r = await nelderMead(rosenbrock, [0, 0, 0, 0, 0], { xTolerance: 1e-8, fTolerance: 1e-14, maxEvaluations: 5000, restarts: 3 });
    for (const xi of r.x) expect(xi).toBeCloseTo(1, 3);
  });

  it('on a noisy quadratic ends within the noise-limited region around the true minimum', async () => {
    // f(x) = Σ (x_i − c_i)² + uniform noise of sd σ, i.e. within ±√3·σ. A point can look better
    // than the true minimum c only if its true excess ‖x − c‖² is below the widest noise gap 2√3·σ;
    // with σ = 1e-4 that confines the answer to ‖x − c‖ < √(3.5e-4) ≈ 0.019. Fixed draws per point
    // (seeded by x) play the part of common random numbers: the same point gives the same value.
    const c = [3, -2, 0.5];
    const sigma = 1e-4;
    const f = (x: readonly number[]) => {
      const noise = sigma * (Rng.from(17, ...x.map((v) => Math.round(v * 1e9))).next() - 0.5) * Math.sqrt(12);
      return x.reduce((s, v, i) => s + (v - c[i]) ** 2, 0) + noise;
    };
    const r = await nelderMead(f, [0, 0, 0], { step: 1, xTolerance: 1e-4, fTolerance: 1e-6, maxEvaluations: 600 });
    expect(Math.hypot(...r.x.map((xi, i) => xi - c[i]))).toBeLessThan(0.019);
  });

  it('stops at the evaluation budget and never exceeds it', async () => {
    let calls = 0;
    const r = await nelderMead((x) => (calls++, rosenbrock(x)), [-1.2, 1], { maxEvaluations: 25 });
    expect(r.reason).toBe('maxEvaluations');
    expect(calls).toBeLessThanOrEqual(25);
    expect(r.evaluations).toBe(calls);
    expect(r.fx).toBeLessThan(rosenbrock([-1.2, 1]));
  });

  it('evaluates the initial simplex and shrinks as one batch through evaluateMany', async () => {
    const batches: number[] = [];
    const r = await nelderMead((x) => (x[0] - 1) ** 2 + (x[1] + 1) ** 2, [0, 0], {
      evaluateMany: async (xs) => {
        batches.push(xs.length);
        return xs.map((x) => (x[0] - 1) ** 2 + (x[1] + 1) ** 2);
      },
    });
    expect(batches[0]).toBe(2);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(-1, 4);
  });

  it('builds each restart simplex with the step function at the best point', async () => {
    const at: number[][] = [];
    const r = await nelderMead(([x, y]) => (x - 3) ** 2 + (y + 1) ** 2, [0, 0], { step: (x) => (at.push([...x]), 0.5), xTolerance: 1e-6, fTolerance: 1e-12 });
    expect(at).toHaveLength(2);
    expect(at[0]).toEqual([0, 0]);
    expect(at[1][0]).toBeCloseTo(3, 5);
    expect(r.x[0]).toBeCloseTo(3, 5);
  });

  it('minimises in one dimension and treats NaN as a point to leave', async () => {
    const r = await nelderMead(([x]) => (x < -5 ? NaN : (x - 2) ** 2), [0], { step: 10 });
    expect(r.x[0]).toBeCloseTo(2, 4);
  });

  it('stops when the signal fires', async () => {
    const abort = new AbortController();
    const r = await nelderMead((x) => rosenbrock(x), [-1.2, 1], { signal: abort.signal, onIteration: (s) => s.iteration === 3 && abort.abort() });
    expect(r.reason).toBe('aborted');
    expect(r.iterations).toBe(3);
  });

  it('rejects an empty start, a non-finite coordinate and a non-positive step', async () => {
    await expect(nelderMead(rosenbrock, [])).rejects.toThrow(/starting point/);
    await expect(nelderMead(rosenbrock, [NaN, 1])).rejects.toThrow(/starting point/);
    await expect(nelderMead(rosenbrock, [1, 1], { step: [1, 0] })).rejects.toThrow(/positive finite steps/);
  });
});
