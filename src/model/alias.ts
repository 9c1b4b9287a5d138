/**
 * Walker's alias method (A. J. Walker, "An efficient method for generating discrete random
 * variables with general distributions", ACM TOMS 3, 1977), built with Vose's numerically stable
 * pairing (M. D. Vose, IEEE TSE 17, 1991): a discrete distribution over n outcomes becomes n
 * cells, each holding its own outcome with probability prob[k] and an alias otherwise, so a draw
 * costs one uniform and two table reads whatever n is:
 *
 *   x = u·n,  k = ⌊x⌋,  outcome = (x − k < prob[k]) ? k : alias[k]
 *
 * Outcomes of weight 0 are never drawn. Tables live in flat arrays at an offset, so one array
 * holds a table per segment, per cell, … .
 */

/** Scratch for build(): two work lists of n entries. */
export class AliasBuilder {
  #small = new Int32Array(0);
  #large = new Int32Array(0);
  #scaled = new Float64Array(0);

  /**
   * Fill prob[at .. at+n) and alias[at .. at+n) from weights[from .. from+n) (≥ 0).
   * Returns the weights' total; when it is 0 the cells are left as "outcome k" and must not be drawn.
   */
  build(weights: ArrayLike<number>, from: number, n: number, prob: Float64Array, alias: Uint8Array | Uint16Array, at: number): number {
    if (this.#scaled.length < n) {
      this.#small = new Int32Array(n);
      this.#large = new Int32Array(n);
      this.#scaled = new Float64Array(n);
    }
    const small = this.#small, large = this.#large, p = this.#scaled;
    let total = 0;
    for (let k = 0; k < n; k++) total += weights[from + k];
    for (let k = 0; k < n; k++) alias[at + k] = k;
    if (!(total > 0)) {
      prob.fill(1, at, at + n);
      return 0;
    }
    let ns = 0, nl = 0;
    for (let k = 0; k < n; k++) {
      p[k] = (weights[from + k] * n) / total;
      if (p[k] < 1) small[ns++] = k;
      else large[nl++] = k;
    }
    while (ns > 0 && nl > 0) {
      const lo = small[--ns], hi = large[nl - 1];
      prob[at + lo] = p[lo];
      alias[at + lo] = hi;
      p[hi] = p[hi] + p[lo] - 1;
      if (p[hi] < 1) {
        nl--;
        small[ns++] = hi;
      }
    }
    // what is left is 1 up to rounding: a cell of its own (a zero-weight outcome never lands here,
    // since its p of 0 is always paired while a large entry remains)
    while (nl > 0) prob[at + large[--nl]] = 1;
    while (ns > 0) {
      const k = small[--ns];
      prob[at + k] = weights[from + k] > 0 ? 1 : 0;
      if (prob[at + k] === 0) {
        // a zero-weight leftover (rounding): send it to the heaviest outcome
        let best = 0;
        for (let q = 1; q < n; q++) if (weights[from + q] > weights[from + best]) best = q;
        alias[at + k] = best;
      }
    }
    return total;
  }
}

/** One draw from the table at `at` with n cells, for a uniform u in [0, 1). */
export function aliasDraw(prob: Float64Array, alias: Uint8Array | Uint16Array, at: number, n: number, u: number): number {
  const x = u * n;
  const k = x | 0;
  return x - k < prob[at + k] ? k : alias[at + k];
}
