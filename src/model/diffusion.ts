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
 *
 * The month's step (`diffuse`) draws the adoptions by thinning, which has exactly that law: with
 * p_max the largest district probability of the sub-step, candidates come up among the
 * non-adopters in slot order as a Bernoulli(p_max) sequence (geometric gaps ⌊E / −ln(1 − p_max)⌋,
 * E standard exponential; Lewis & Shedler 1979), and a candidate in district d adopts with
 * probability p_d / p_max: one draw per candidate rather than one per customer.
 */
import { CH, NC } from './domain.ts';
import { ACTIVE } from './customers.ts';
import type { Rng } from './rng.ts';
import type { ModelState } from './state.ts';

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

/** App familiarity of a new adopter, at least (1/255 levels). */
export const ADOPTER_FAMILIARITY = 64;

/** The month's Bass sub-steps over the active customers. */
export function diffuse(st: ModelState, rng: Rng): void {
  const s = st.s, C = st.C, n = st.slots.hiWater;
  const steps = s.simulation.diffusionSubsteps, dt = 1 / steps;
  const p = s.adoption.p + s.levers.diversion.campaignP, q = s.adoption.q;
  const global = s.adoption.peerScope === 'global';
  const nD = global ? 1 : st.region.districts.length;
  const cellDistrict = st.region.cellDistrict, status = C.status, adopted = C.adopted, cell = C.cell, fam = C.familiarity;
  let adopters = new Float64Array(nD), next = new Float64Array(nD);
  const act = new Float64Array(nD), prob = new Float64Array(nD);
  for (let i = 0; i < n; i++) {
    if (!(status[i] & ACTIVE)) continue;
    const d = global ? 0 : cellDistrict[cell[i]];
    act[d]++;
    adopters[d] += adopted[i];
  }
  // one pass a sub-step: adopt with F from the start of the sub-step, count F for the next
  for (let k = 0; k < steps; k++) {
    let pMax = 0;
    for (let d = 0; d < nD; d++) {
      prob[d] = adoptionProbability(p, q, act[d] > 0 ? adopters[d] / act[d] : 0, dt);
      if (prob[d] > pMax) pMax = prob[d];
    }
    next.set(adopters);
    if (pMax > 0) {
      const rate = pMax >= 1 ? Infinity : -Math.log1p(-pMax);
      let gap = Math.floor(rng.exp1() / rate);
      // the gap counts down over the active non-adopters, without a branch on who is one (the
      // flags are 0 or 1): the customer that takes it below zero is the next candidate
      for (let i = 0; i < n; i++) {
        gap -= (status[i] & ACTIVE) & (adopted[i] ^ 1);
        if (gap >= 0) continue;
        gap = Math.floor(rng.exp1() / rate);
        const d = global ? 0 : cellDistrict[cell[i]];
        if (prob[d] === pMax || rng.next() * pMax < prob[d]) {
          adopted[i] = 1;
          next[d]++;
          const f = i * NC + CH.app;
          if (fam[f] < ADOPTER_FAMILIARITY) fam[f] = ADOPTER_FAMILIARITY;
        }
      }
    }
    [adopters, next] = [next, adopters];
  }
}
