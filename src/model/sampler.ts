/**
 * Transaction sampler: an opt-in record of individual transactions for a fixed sample of customer
 * slots, for the training mode's animation (workers/training.worker.ts). The model's
 * outputs are aggregates; this is the one place where single customers' transactions leave it.
 *
 * The engine calls `record(customer, channel, outlet, service, day)` for every completed
 * transaction when `createModel(scenario, replication, { sampler })` was given one, and does
 * nothing more when it was not: no random draw, no state the model reads, so a run with a sampler
 * gives the same results as one without (common random numbers are kept).
 *
 *   customer  the customer's slot in model.customers() (a churned customer's slot is reused by a
 *             new line; the sample follows slots)
 *   channel   index in CHANNELS (src/model/domain.ts)
 *   outlet    index in model.region.outlets, or NO_OUTLET for remote channels
 *   service   index in scenario.services; services.length for a new line; PICKUP for the store
 *             visit of an order placed online (O2O), which is not a transaction of its own
 *   day       day of the month (0-based) when the engine knows it, else UNKNOWN_DAY
 *
 * RingSampler keeps the sample's records in typed arrays (a ring: when a month holds more than
 * its capacity the oldest records are overwritten and counted as dropped) until `drain()` hands
 * them over as a plain object of typed arrays, ready to be transferred from a worker.
 */

export interface TransactionSampler {
  record(customer: number, channel: number, outlet: number, service: number, day: number): void;
}

export const NO_OUTLET = -1;
export const UNKNOWN_DAY = -1;
/** Service code of an O2O pick-up at a store (the order itself is recorded where it was placed). */
export const PICKUP = 255;

/** Sampled transactions in the order they were recorded. */
export interface SampledTransactions {
  /** position of the customer in the sample (not its slot) */
  member: Uint16Array;
  channel: Uint8Array;
  outlet: Int32Array;
  service: Uint8Array;
  day: Int8Array;
  /** records overwritten because the ring was full */
  dropped: number;
}

/** The largest sample a RingSampler can watch (members are stored as 16-bit positions). */
export const MAX_SAMPLE = 65535;

export class RingSampler implements TransactionSampler {
  readonly capacity: number;
  #member: Uint16Array;
  #channel: Uint8Array;
  #outlet: Int32Array;
  #service: Uint8Array;
  #day: Int8Array;
  /** sample position of each customer slot, −1 when not sampled */
  #memberOf = new Int32Array(0);
  #head = 0;
  #count = 0;
  #dropped = 0;

  constructor(capacity = 1 << 16) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`RingSampler: invalid capacity ${capacity}`);
    this.capacity = capacity;
    this.#member = new Uint16Array(capacity);
    this.#channel = new Uint8Array(capacity);
    this.#outlet = new Int32Array(capacity);
    this.#service = new Uint8Array(capacity);
    this.#day = new Int8Array(capacity);
  }

  /** Record from now on the transactions of these customer slots (distinct, ≥ 0); member k is slots[k]. */
  watch(slots: ArrayLike<number>): void {
    if (slots.length > MAX_SAMPLE) throw new RangeError(`RingSampler.watch: at most ${MAX_SAMPLE} customers, got ${slots.length}`);
    let max = -1;
    for (let k = 0; k < slots.length; k++) {
      const i = slots[k];
      if (!(Number.isInteger(i) && i >= 0)) throw new RangeError(`RingSampler.watch: invalid customer slot ${i} at ${k}`);
      if (i > max) max = i;
    }
    const memberOf = new Int32Array(max + 1).fill(-1);
    for (let k = 0; k < slots.length; k++) {
      if (memberOf[slots[k]] >= 0) throw new RangeError(`RingSampler.watch: customer slot ${slots[k]} listed twice`);
      memberOf[slots[k]] = k;
    }
    this.#memberOf = memberOf;
  }

  record(customer: number, channel: number, outlet: number, service: number, day: number): void {
    const memberOf = this.#memberOf;
    if (customer >= memberOf.length) return;
    const m = memberOf[customer];
    if (m < 0) return;
    const h = this.#head;
    this.#member[h] = m;
    this.#channel[h] = channel;
    this.#outlet[h] = outlet;
    this.#service[h] = service;
    this.#day[h] = day;
    this.#head = h + 1 === this.capacity ? 0 : h + 1;
    if (this.#count < this.capacity) this.#count++;
    else this.#dropped++;
  }

  /** Records held now. */
  get size(): number {
    return this.#count;
  }

  /** The records since the last drain, oldest first, as new arrays; the ring is emptied. */
  drain(): SampledTransactions {
    const n = this.#count, cap = this.capacity;
    const start = (this.#head - n + cap) % cap;
    const out: SampledTransactions = {
      member: new Uint16Array(n), channel: new Uint8Array(n), outlet: new Int32Array(n),
      service: new Uint8Array(n), day: new Int8Array(n), dropped: this.#dropped,
    };
    // at most two runs: [start, cap) and [0, head)
    const first = Math.min(n, cap - start);
    const copy = <T extends Uint16Array | Uint8Array | Int32Array | Int8Array>(dst: T, src: T) => {
      dst.set(src.subarray(start, start + first));
      if (n > first) dst.set(src.subarray(0, n - first), first);
    };
    copy(out.member, this.#member);
    copy(out.channel, this.#channel);
    copy(out.outlet, this.#outlet);
    copy(out.service, this.#service);
    copy(out.day, this.#day);
    this.#count = 0;
    this.#dropped = 0;
    return out;
  }
}
