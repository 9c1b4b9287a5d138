/**
 * Visits to a queue (store counters, hotline) in the order they were made, one packed word each:
 *
 *   service (8 bits) | flags (4) | access slot of the store, 0..63 (6) | day of the month (5)
 *   | customer step (9)
 *
 * The store is own.outlet[cell × K + slot], its travel time own.travel[…] (the access tables do
 * not change within a month). Visits come in customer order, so the customer is stored as the
 * step from the previous visit's customer (0..510); any other step is written as 511 and the
 * customer's slot goes to `escaped`. Loops over visits therefore run in order and decode as they
 * go (VisitReader). 4 bytes a visit: at 10 M customers a month's 15 M visits take 60 MB, where a
 * customer index and a service per visit would take twice that.
 *
 * A queue channel keeps one such sequence per day of the month (DayVisits): the queues run day
 * by day (spillover.ts), so each day's visits are read in order on their own, and a visit made
 * while the queues run (a retry after a failed queue, a pick-up) goes to a later day.
 */
import { hashKey, hashUniform, type Rng, type RngState } from './rng.ts';

export interface Visits {
  n: number;
  info: Uint32Array;
  /** customer of the last visit pushed */
  last: number;
  escaped: Int32Array;
  nEscaped: number;
}

/** An O2O pick-up of an order placed online (not a transaction of its own). */
export const FLAG_PICKUP = 1;
/** A sensitive case the hotline refers to a store: the call is taken, the case goes on. */
export const FLAG_REFERRAL = 4;
/** A second attempt: a customer who fails again gives up. */
export const FLAG_RETRY = 8;
export const INFO_FLAGS = 8, INFO_SLOT = 12, INFO_DAY = 18, INFO_STEP = 23;
const STEP_ESCAPE = 511, DAY_MASK = 31 << INFO_DAY;

export function createVisits(capacity: number): Visits {
  return { n: 0, info: new Uint32Array(capacity), last: 0, escaped: new Int32Array(1024), nEscaped: 0 };
}

export function clearVisits(b: Visits): void {
  b.n = 0; b.last = 0; b.nEscaped = 0;
}

/** The packed word of a visit for service sv (or PICKUP), flags and the store's access slot. */
export function visitInfo(sv: number, flags: number, slot: number): number {
  return sv | (flags << INFO_FLAGS) | (slot << INFO_SLOT);
}

/**
 * Append customer `cust`'s visit. A full buffer grows in place by a quarter (its pages are only
 * made resident as they are written, so the initial room costs little until used).
 */
export function appendVisit(b: Visits, cust: number, info: number): void {
  if (b.n === b.info.length) {
    const g = new Uint32Array(Math.ceil(b.n * 1.25) + 16);
    g.set(b.info);
    b.info = g;
  }
  const step = cust - b.last;
  if (step >= 0 && step < STEP_ESCAPE) info |= step << INFO_STEP;
  else {
    info |= STEP_ESCAPE << INFO_STEP;
    if (b.nEscaped === b.escaped.length) {
      const e = new Int32Array(b.escaped.length * 2);
      e.set(b.escaped);
      b.escaped = e;
    }
    b.escaped[b.nEscaped++] = cust;
  }
  b.last = cust;
  b.info[b.n++] = info;
}

/** A month's visits to one queue channel, by day. */
export interface DayVisits {
  /** each day's visits in the order they were made */
  day: Visits[];
  /** visits made this month, all days */
  n: number;
  /**
   * the day a visit made now goes to: ANY_DAY (before the queues run: a uniform day), else that
   * day; a day past the month means no queue is left this month
   */
  next: number;
  /** visits each day held when the queues began (the first round; later ones are retries and pick-ups) */
  firstRound: Int32Array;
  /** the month's stream for the uniform days */
  rng: Rng;
  /**
   * ≥ 0 while the customers' needs are served (needs.ts): the uniform days are then the customer's
   * own counter-based draws (rng.ts hashUniform of this key and `keyDraws`), not `rng`'s, so a visit
   * moves neither the customer's other draws nor anyone else's; KEY_PENDING until the customer's
   * first visit asks for it, which makes it from `keyBase` and `keyItem` (rng.ts hashKey): most
   * customers call nobody in a month, and many visit no store
   */
  key: number;
  keyDraws: number;
  keyBase: RngState | null;
  keyItem: number;
}

/** `DayVisits.key` of a customer whose key is made at its first visit (hashKey(keyBase, keyItem)). */
export const KEY_PENDING = -2;

/** `DayVisits.next` before the queues run: each visit gets a uniform day. */
export const ANY_DAY = -1;

export function createDayVisits(days: number, capacity: number, rng: Rng): DayVisits {
  const per = Math.ceil(capacity / days) + 64;
  return { day: Array.from({ length: days }, () => createVisits(per)), n: 0, next: ANY_DAY, firstRound: new Int32Array(days), rng, key: -1, keyDraws: 0, keyBase: null, keyItem: 0 };
}

/** Empty every day for a new month whose uniform days come from `rng`. */
export function startDayVisits(q: DayVisits, rng: Rng): void {
  for (const b of q.day) clearVisits(b);
  q.n = 0;
  q.next = ANY_DAY;
  q.firstRound.fill(0);
  q.rng = rng;
  q.key = -1;
}

/**
 * Customer `cust`'s visit on a uniform day of the month (before the queues run) or on the day
 * `q.next`; false, and nothing queued, when no day is left.
 */
export function pushVisit(q: DayVisits, cust: number, info: number): boolean {
  const days = q.day.length;
  let d = q.next;
  if (d === ANY_DAY) {
    if (q.key === KEY_PENDING) q.key = hashKey(q.keyBase!, q.keyItem);
    d = Math.floor((q.key >= 0 ? hashUniform(q.key, q.keyDraws++) : q.rng.next()) * days);
  } else if (d >= days) return false;
  appendVisit(q.day[d], cust, withDay(info, d));
  q.n++;
  return true;
}

export const serviceOf = (inf: number): number => inf & 255;
export const flagsOf = (inf: number): number => (inf >>> INFO_FLAGS) & 15;
export const slotOf = (inf: number): number => (inf >>> INFO_SLOT) & 63;
export const dayOf = (inf: number): number => (inf >>> INFO_DAY) & 31;
export const withDay = (inf: number, d: number): number => (inf & ~DAY_MASK) | (d << INFO_DAY);

/** Reads the customers of a buffer's visits in order: `customer(info[v])` for v = 0, 1, … . */
export class VisitReader {
  #i = 0;
  #e = 0;
  readonly #escaped: Int32Array;
  constructor(b: Visits) {
    this.#escaped = b.escaped;
  }

  customer(inf: number): number {
    const step = inf >>> INFO_STEP;
    return (this.#i = step === STEP_ESCAPE ? this.#escaped[this.#e++] : this.#i + step);
  }
}
