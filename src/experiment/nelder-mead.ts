/**
 * Nelder–Mead downhill simplex (Nelder & Mead 1965), in the formulation of Lagarias, Reeds,
 * Wright & Wright (1998, SIAM J. Optim. 9:112): order the n + 1 vertices by f, reflect the worst
 * through the centroid of the others, then expand, contract (outside or inside) or shrink towards
 * the best. Coefficients: reflection α = 1; for n ≥ 2 the adaptive ones of Gao & Han (2012,
 * Comput. Optim. Appl. 51:259) — expansion 1 + 2/n, contraction 0.75 − 1/(2n), shrink 1 − 1/n —
 * which equal the classic 2, ½, ½ at n = 2 and keep the simplex from degenerating in more
 * dimensions; for n = 1 the classic ones.
 *
 * Why this method for calibration: it needs no gradient (a simulation has none), only compares
 * values (so a constant offset or rescaling of the objective changes nothing), and copes with the
 * small steps that a simulation's finite sample leaves in the surface as long as the simplex is
 * larger than them. A simplex can still stall on such a step; after it converges the search
 * restarts once from the best vertex with a fresh simplex, its edges from `step` there (Kelley 1999,
 * SIAM J. Optim. 10:43, on detecting and remedying stagnation), and stops when the restart does
 * not improve on it.
 *
 * Stops when every vertex is within xTolerance of the best (∞-norm) and the values differ by at
 * most fTolerance, when the budget of evaluations is spent, or when the signal fires.
 * Complexity: one or two evaluations per iteration, n on a shrink.
 */

/** The function minimised; it may be asynchronous (a batch of simulations). */
export type Objective = (x: readonly number[]) => number | Promise<number>;

export interface NelderMeadOptions {
  /**
   * simplex edge along each coordinate: one number for all, one per coordinate, or a function of
   * the point a simplex is built around (called at the start and at each restart); default
   * 0.1·max(|x_i|, 1)
   */
  step?: number | readonly number[] | ((x: readonly number[]) => number | readonly number[]);
  /** most evaluations of f, restarts included (default 200·n) */
  maxEvaluations?: number;
  /** converged when every vertex is within this distance of the best in every coordinate (default 1e-6) */
  xTolerance?: number;
  /** … and the vertex values differ by at most this (default 1e-8) */
  fTolerance?: number;
  /** fresh simplices started from the best point after convergence (default 1) */
  restarts?: number;
  /** evaluates several points at once (initial simplex, shrink): lets a caller run them in parallel */
  evaluateMany?: (xs: readonly (readonly number[])[]) => Promise<number[]>;
  /** told after every iteration */
  onIteration?: (state: { iteration: number; evaluations: number; best: readonly number[]; fBest: number }) => void;
  signal?: AbortSignal;
}

export interface NelderMeadResult {
  /** best point found */
  x: number[];
  fx: number;
  evaluations: number;
  iterations: number;
  /** why it stopped */
  reason: 'converged' | 'maxEvaluations' | 'aborted';
}

/**
 * Minimise f from x0 by Nelder–Mead.
 * @param f the objective; NaN is treated as +Infinity (a point to move away from)
 * @param x0 starting point, at least one finite coordinate
 * @throws {RangeError} for an empty or non-finite x0, or a non-positive step or budget
 * @example nelderMead(([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-1.2, 1]) // x ≈ [1, 1]
 */
export async function nelderMead(f: Objective, x0: readonly number[], options: NelderMeadOptions = {}): Promise<NelderMeadResult> {
  const n = x0.length;
  if (n === 0 || !x0.every(Number.isFinite)) throw new RangeError('nelderMead requires a starting point of finite numbers');
  const stepsAt = (at: readonly number[]) => {
    const given = typeof options.step === 'function' ? options.step(at) : options.step;
    return at.map((x, i) => {
      const s = given === undefined ? 0.1 * Math.max(Math.abs(x), 1) : typeof given === 'number' ? given : given[i];
      if (!(s > 0 && Number.isFinite(s))) throw new RangeError(`nelderMead requires positive finite steps, got ${s} for coordinate ${i}`);
      return s;
    });
  };
  if (typeof options.step !== 'function') stepsAt(x0); // bad fixed steps fail before any evaluation
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  if (!(maxEvaluations >= 1)) throw new RangeError(`nelderMead requires maxEvaluations ≥ 1, got ${maxEvaluations}`);
  const xTol = options.xTolerance ?? 1e-6;
  const fTol = options.fTolerance ?? 1e-8;
  const { alpha, beta, gamma, delta } = coefficients(n);

  let evaluations = 0;
  let iterations = 0;
  const value = (v: number) => (Number.isNaN(v) ? Infinity : v);
  const one = async (x: number[]): Promise<number> => {
    evaluations++;
    return value(await f(x));
  };
  const many = async (xs: number[][]): Promise<number[]> => {
    evaluations += xs.length;
    const fs = options.evaluateMany ? await options.evaluateMany(xs) : await Promise.all(xs.map((x) => f(x)));
    return fs.map(value);
  };
  const aborted = () => options.signal?.aborted === true;

  let best = [...x0];
  let fBest = await one(best);
  let restartsLeft = options.restarts ?? 1;
  let reason: NelderMeadResult['reason'] = 'maxEvaluations';

  let round = 0;
  for (;;) {
    // A fresh simplex: the best point and one step along each axis (within the budget).
    const room = Math.min(n, maxEvaluations - evaluations);
    if (room < n || aborted()) {
      reason = aborted() ? 'aborted' : 'maxEvaluations';
      break;
    }
    const xs: number[][] = [best];
    const steps = stepsAt(best);
    for (let i = 0; i < n; i++) {
      const v = [...best];
      v[i] += steps[i];
      xs.push(v);
    }
    const fs = [fBest, ...(await many(xs.slice(1)))];
    const simplex = xs.map((x, i) => ({ x, f: fs[i] }));
    const fBefore = fBest;
    let converged = false;

    while (evaluations < maxEvaluations && !aborted()) {
      simplex.sort((a, b) => a.f - b.f);
      iterations++;
      if (spread(simplex) <= xTol && simplex[n].f - simplex[0].f <= fTol) {
        converged = true;
        break;
      }
      const worst = simplex[n];
      const c = centroid(simplex, n);
      const at = (t: number) => c.map((ci, i) => ci + t * (worst.x[i] - ci));
      const xr = at(-alpha);
      const fr = await one(xr);
      if (fr < simplex[0].f) {
        const xe = evaluations < maxEvaluations ? at(-alpha * beta) : null;
        const fe = xe ? await one(xe) : Infinity;
        simplex[n] = xe && fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
      } else if (fr < simplex[n - 1].f) {
        simplex[n] = { x: xr, f: fr };
      } else {
        if (evaluations >= maxEvaluations) break;
        // Outside contraction when the reflection beat the worst, inside otherwise.
        const outside = fr < worst.f;
        const xc = at(outside ? -alpha * gamma : gamma);
        const fc = await one(xc);
        if (outside ? fc <= fr : fc < worst.f) {
          simplex[n] = { x: xc, f: fc };
        } else {
          if (evaluations + n > maxEvaluations) break;
          const b = simplex[0].x;
          const moved = simplex.slice(1).map((v) => b.map((bi, i) => bi + delta * (v.x[i] - bi)));
          const fm = await many(moved);
          moved.forEach((x, i) => (simplex[i + 1] = { x, f: fm[i] }));
        }
      }
      const top = simplex.reduce((a, v) => (v.f < a.f ? v : a));
      if (top.f < fBest) {
        best = top.x;
        fBest = top.f;
      }
      options.onIteration?.({ iteration: iterations, evaluations, best, fBest });
    }
    if (aborted()) {
      reason = 'aborted';
      break;
    }
    if (!converged) {
      reason = 'maxEvaluations';
      break;
    }
    reason = 'converged';
    // A restart that found nothing better confirms the point; one that did looks again from there.
    const improved = fBest < fBefore - fTol;
    if (restartsLeft <= 0 || (round > 0 && !improved)) break;
    restartsLeft--;
    round++;
  }
  return { x: best, fx: fBest, evaluations, iterations, reason };
}

// ---------------------------------------------------------------------------------------------
// Kernels. Centroid of the n best vertices; simplex size as the largest coordinate distance of a
// vertex from the best, max_i ‖x_i − x_0‖∞ (the xatol test of Lagarias et al. as SciPy applies it).
// ---------------------------------------------------------------------------------------------

function coefficients(n: number): { alpha: number; beta: number; gamma: number; delta: number } {
  if (n < 2) return { alpha: 1, beta: 2, gamma: 0.5, delta: 0.5 };
  return { alpha: 1, beta: 1 + 2 / n, gamma: 0.75 - 1 / (2 * n), delta: 1 - 1 / n };
}

function centroid(simplex: ReadonlyArray<{ x: number[] }>, n: number): number[] {
  const c = new Array<number>(simplex[0].x.length).fill(0);
  for (let k = 0; k < n; k++) for (let i = 0; i < c.length; i++) c[i] += simplex[k].x[i] / n;
  return c;
}

function spread(simplex: ReadonlyArray<{ x: number[] }>): number {
  const b = simplex[0].x;
  let s = 0;
  for (let k = 1; k < simplex.length; k++) for (let i = 0; i < b.length; i++) s = Math.max(s, Math.abs(simplex[k].x[i] - b[i]));
  return s;
}
