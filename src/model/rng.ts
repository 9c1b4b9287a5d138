/**
 * Seeded pseudo-random numbers: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * 128-bit state, period at least 2^32, passes PractRand to 2^40+), seeded through splitmix32.
 *
 * Streams are derived from (seed, replication, stream key), never from worker identity, so a
 * replication draws the same numbers whichever worker runs it and however many workers exist.
 *
 * The generator step is written once, `sfc32(state)`: a small function on the four state words
 * that the compiler inlines where it is called, so the hot loop (needs.ts) calls it on its
 * stream's state directly, and Rng's methods are built on it.
 */

/** The four 32-bit words of an sfc32 state. */
export type RngState = Uint32Array;

/** Deterministic state for (seed, ...keys); distinct key tuples give independent-looking streams. */
export function deriveState(seed: number, ...keys: number[]): RngState {
  if (!Number.isFinite(seed)) throw new RangeError(`invalid seed: ${seed}`);
  let h = mix32((Math.floor(Math.abs(seed)) >>> 0) ^ 0x9e3779b9) ^ Math.floor(seed / 4294967296);
  for (const k of keys) h = mix32((h ^ Math.imul((k >>> 0) + 1, 0x85ebca6b)) >>> 0);
  const s = new Uint32Array(4);
  let x = h >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    s[i] = mix32(x);
  }
  // Warm up: the first outputs of sfc32 from a fresh state are correlated with the seed.
  const r = new Rng(s);
  for (let i = 0; i < 12; i++) r.nextU32();
  return r.state;
}

/**
 * Set `s` to the substream `key` of the stream whose state is `base` (base unchanged): four
 * splitmix32 words from (base, key), then SUBSTREAM_WARMUP steps. The month's needs give each
 * customer slot its own substream (needs.ts), so a customer's draws do not depend on how many
 * the customers before took: two scenarios on common random numbers stay paired customer by
 * customer, and the draws do not depend on how the customers are split into blocks or threads.
 */
export function substream(s: RngState, base: RngState, key: number): void {
  let z = (base[0] ^ Math.imul(key + 1, 0x85ebca6b)) | 0;
  z = (z + 0x9e3779b9) | 0; s[0] = mix32(z ^ base[1]);
  z = (z + 0x9e3779b9) | 0; s[1] = mix32(z ^ base[2]);
  z = (z + 0x9e3779b9) | 0; s[2] = mix32(z ^ base[3]);
  z = (z + 0x9e3779b9) | 0; s[3] = mix32(z);
  for (let k = 0; k < SUBSTREAM_WARMUP; k++) sfc32(s);
}

/** Steps a substream skips: sfc32's first outputs from a fresh state follow the state closely. */
export const SUBSTREAM_WARMUP = 6;

/** One step of sfc32 on `s`: the next uniform 32-bit unsigned integer. */
export function sfc32(s: RngState): number {
  const a = s[0] | 0, b = s[1] | 0, c = s[2] | 0, d = s[3] | 0;
  const t = (((a + b) | 0) + d) | 0;
  s[0] = b ^ (b >>> 9);
  s[1] = (c + (c << 3)) | 0;
  s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
  s[3] = (d + 1) | 0;
  return t >>> 0;
}

/** One step of sfc32 on `s` as a uniform on [0, 1). */
export function uniform(s: RngState): number {
  return sfc32(s) / 4294967296;
}

/** A seeded generator: methods for the draws the model needs, each on sfc32. */
export class Rng {
  readonly state: RngState;
  constructor(state: RngState) {
    this.state = state;
  }

  static from(seed: number, ...keys: number[]): Rng {
    return new Rng(deriveState(seed, ...keys));
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    return sfc32(this.state);
  }

  /** Uniform on [0, 1). */
  next(): number {
    return sfc32(this.state) / 4294967296;
  }

  /** Uniform on (0, 1]: safe inside a logarithm. */
  nextOpen(): number {
    return (this.nextU32() + 1) / 4294967296;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return mean * this.exp1();
  }

  /**
   * Standard exponential (mean 1) without a logarithm. X = k·ln 2 + Y: k, the number of whole
   * halvings, is geometric — the count of leading one bits of a uniform word (P(k) = 2^−(k+1));
   * given k, memorylessness makes Y an exponential conditioned below ln 2, drawn by inverting
   * its CDF, −ln(1 − u/2), from a 1024-cell table with linear interpolation (error < 2·10⁻⁷).
   * About twice as fast as −ln(U) here.
   */
  exp1(): number {
    let k = 0, r = this.nextU32();
    while (r === 0xffffffff) {
      k += 32;
      r = this.nextU32();
    }
    k += Math.clz32(~r);
    const x = this.nextU32() * EXP_CELL_SCALE;
    const i = x | 0;
    return k * Math.LN2 + EXP_TABLE[i] + (x - i) * (EXP_TABLE[i + 1] - EXP_TABLE[i]);
  }

  /** Standard normal (Box–Muller, one of the pair). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.nextOpen())) * Math.cos(2 * Math.PI * this.next());
  }

  /** Integer on [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Poisson by inversion (fine for the small means used here) or a normal approximation above 50. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    let k = 0, p = Math.exp(-mean), cdf = p;
    const u = this.next();
    while (u > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
}

/**
 * Draws from substream `sub` of substream `key` of a base stream (substream, twice), chosen by
 * `select(key, sub)` and set up only when a draw is made: for work where most items draw nothing
 * (a served counter visit on the plain path), each item that does draw gets numbers of its own,
 * whoever else drew before — keyed by what the item is (a customer, and the day and service of its
 * visit), not by where it happens to lie, so two scenarios on common random numbers keep it.
 */
export class KeyedRng extends Rng {
  readonly #base: RngState;
  readonly #mid = new Uint32Array(4);
  #key = -1;
  #sub = -1;
  #pending = false;
  constructor(base: RngState) {
    super(new Uint32Array(4));
    this.#base = base;
  }

  select(key: number, sub: number): void {
    this.#key = key;
    this.#sub = sub;
    this.#pending = true;
  }

  override nextU32(): number {
    if (this.#pending) {
      substream(this.#mid, this.#base, this.#key);
      substream(this.state, this.#mid, this.#sub);
      this.#pending = false;
    }
    return sfc32(this.state);
  }

  override next(): number {
    return this.nextU32() / 4294967296;
  }
}

const EXP_CELLS = 1024;
const EXP_CELL_SCALE = EXP_CELLS / 4294967296;
/** −ln(1 − u/2) at u = i/1024, i = 0..1024: the inverse CDF of an exponential below ln 2. */
const EXP_TABLE = Float64Array.from({ length: EXP_CELLS + 1 }, (_, i) => -Math.log(1 - i / (2 * EXP_CELLS)));

/**
 * A counter-based uniform on [0, 1): the n-th draw (n = 0, 1, …) of key `key`, one splitmix32
 * finaliser of (key, n), no generator state. For draws that must not move a customer's own
 * stream (the day of a visit, visits.ts): `hashKey(base, i)` gives customer i its key.
 */
export function hashUniform(key: number, n: number): number {
  return mix32((key + Math.imul(n + 1, 0x85ebca6b)) | 0) / 4294967296;
}

/** The key of item i under a stream's state `base` (hashUniform). */
export function hashKey(base: RngState, i: number): number {
  return mix32(base[0] ^ mix32((base[1] + Math.imul(i + 1, 0x9e3779b1)) | 0));
}

// splitmix32 finaliser (a 32-bit variant of Stafford's mix13): avalanches every input bit.
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}
