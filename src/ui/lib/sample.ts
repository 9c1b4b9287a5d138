/**
 * The training animation's customers: which customer slots are drawn, and where each one lives
 * inside its home cell. Both are deterministic (a seeded stream and an integer hash), never
 * an unseeded random source, so a lesson looks the same every time it is shown.
 */
import { Rng } from '../../model/index.ts';

/**
 * `size` distinct slots drawn uniformly from `candidates` (partial Fisher–Yates on the seeded
 * stream (seed, 0x7a11)), in ascending order; all of them when there are no more than `size`.
 */
export function selectSample(candidates: ArrayLike<number>, size: number, seed: number): Int32Array {
  if (!(Number.isInteger(size) && size >= 0)) throw new RangeError(`selectSample: invalid size ${size}`);
  const pool = Int32Array.from(candidates);
  const n = Math.min(size, pool.length);
  const rng = Rng.from(seed, 0x7a11);
  for (let k = 0; k < n; k++) {
    const j = k + Math.floor(rng.next() * (pool.length - k));
    const t = pool[k];
    pool[k] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, n).sort();
}

/** Slots whose status has bit 0 (ACTIVE) set, among the first `count`. */
export function activeSlots(status: Uint8Array, count = status.length): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (status[i] & 1) out.push(i);
  return Int32Array.from(out);
}

/** A 32-bit integer hash of (a, b) (murmur3's finaliser over a mixed pair); unsigned. */
export function hash2(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** hash2 scaled to [0, 1). */
export function unitHash(a: number, b: number): number {
  return hash2(a, b) / 4294967296;
}

/**
 * Where customer slot `customer` lives inside its cell: an offset in [−0.5, 0.5) cell widths on
 * each axis, from the hash of (seed, customer) — the same customer always at the same spot.
 */
export function homeJitter(customer: number, seed: number): [number, number] {
  const h = hash2(seed, customer);
  // two independent 16-bit halves
  return [(h & 0xffff) / 65536 - 0.5, (h >>> 16) / 65536 - 0.5];
}

/**
 * Home positions (km) of the sample: the centre of each member's cell plus its jitter.
 * `cells[k]` is member k's cell, `slots[k]` its customer slot.
 */
export function homePositions(
  slots: ArrayLike<number>, cells: ArrayLike<number>, grid: { cols: number; cellKm: number }, seed: number,
): { x: Float32Array; y: Float32Array } {
  const n = slots.length;
  const x = new Float32Array(n), y = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const c = cells[k];
    const [jx, jy] = homeJitter(slots[k], seed);
    x[k] = ((c % grid.cols) + 0.5 + jx) * grid.cellKm;
    y[k] = (Math.floor(c / grid.cols) + 0.5 + jy) * grid.cellKm;
  }
  return { x, y };
}
