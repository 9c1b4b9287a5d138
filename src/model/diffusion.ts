/**
 * Digital adoption: the Bass (1969) diffusion model.
 *
 *   dF/dt = (p + q·F)(1 − F)
 *   F(t)  = (1 − K·e^{−(p+q)t}) / (1 + (q/p)·K·e^{−(p+q)t}),   K = (1 − F0) / (1 + (q/p)·F0)
 *
 * p is innovation (campaigns: the app lever adds to it), q imitation (peers: adopters in the home
 * district, or the whole region). In the agent model each non-adopter adopts in a sub-step of
 * length Δt with probability 1 − exp(−(p + q·F)·Δt), F taken at the start of the sub-step; the
 * mean-field recursion of that rule converges to F(t) as Δt → 0 (error O(Δt)).
 */

/** Closed-form Bass cumulative adoption at time t (same unit as 1/p and 1/q). */
export function bassCumulative(t: number, p: number, q: number, f0 = 0): number {
  if (!(p > 0)) throw new RangeError(`bassCumulative: p must be > 0, got ${p}`);
  if (!(q >= 0)) throw new RangeError(`bassCumulative: q must be >= 0, got ${q}`);
  if (!(f0 >= 0 && f0 < 1)) throw new RangeError(`bassCumulative: F0 must be in [0, 1), got ${f0}`);
  const k = (1 - f0) / (1 + (q / p) * f0);
  const e = Math.exp(-(p + q) * t);
  return (1 - k * e) / (1 + (q / p) * k * e);
}

/** Mean-field path of the discrete agent rule: F after each of `steps` sub-steps of length dt. */
export function bassDiscretePath(steps: number, dt: number, p: number, q: number, f0 = 0): number[] {
  const out: number[] = [];
  let f = f0;
  for (let i = 0; i < steps; i++) {
    f += (1 - f) * (1 - Math.exp(-(p + q * f) * dt));
    out.push(f);
  }
  return out;
}

/** Adoption probability in one sub-step for a non-adopter. */
export function adoptionProbability(p: number, q: number, f: number, dt: number): number {
  return 1 - Math.exp(-(p + q * f) * dt);
}
