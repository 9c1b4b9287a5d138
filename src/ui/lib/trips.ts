/**
 * The training animation's motion: a month's sampled transactions (src/model/sampler.ts) laid out
 * in time, and where every sampled customer is at a moment of the timeline.
 *
 * Time is in days from the start of the run (month m, 0-based, covers [m·days, (m+1)·days)). A
 * transaction starts on its day (the engine's when it knows it, else one spread by a hash) at a
 * hashed time of day, and then:
 *   - at an outlet (own store, partner, kiosk): the customer travels out for TRAVEL days, stays
 *     STAY days, and travels home for TRAVEL days;
 *   - in a remote channel (web, app, SMS, USSD, IVR, hotline, account manager): the customer
 *     lights up at home for GLOW days, brightest in the middle.
 * A later transaction of the same customer overrides an earlier one still under way.
 */
import { UNKNOWN_DAY, type SampledTransactions } from '../../model/index.ts';
import { hash2, unitHash } from './sample.ts';

export const TRAVEL = 0.35;
export const STAY = 0.3;
export const TRIP = 2 * TRAVEL + STAY;
export const GLOW = 0.8;
/** The longest a transaction is on screen, days. */
export const SPAN = Math.max(TRIP, GLOW);

/** Member states at a moment. */
export const IDLE = 0, TRAVELLING = 1, LIT = 2;

/** A month's transactions ordered by start time, indexed by day. */
export interface MonthTrips {
  /** 0-based month */
  month: number;
  days: number;
  n: number;
  member: Uint16Array;
  channel: Uint8Array;
  outlet: Int32Array;
  /** start, days from the start of the month */
  start: Float32Array;
  /** records starting on day d are [dayStart[d], dayStart[d + 1]) */
  dayStart: Int32Array;
}

/**
 * Lay out a month's records in time. A record whose day the engine did not know gets one from
 * the hash of (seed, month, record index, member): uniform over the month's days.
 */
export function monthTrips(tx: Pick<SampledTransactions, 'member' | 'channel' | 'outlet' | 'day'>, month: number, days: number, seed: number): MonthTrips {
  if (!(Number.isInteger(days) && days > 0)) throw new RangeError(`monthTrips: invalid days ${days}`);
  const n = tx.member.length;
  const start = new Float64Array(n);
  const key = hash2(seed, month);
  for (let r = 0; r < n; r++) {
    const d = tx.day[r] === UNKNOWN_DAY || tx.day[r] >= days ? Math.floor(unitHash(key, r) * days) : tx.day[r];
    // a time of day in [0, 1 − TRIP/2): trips start in the working part of the day
    start[r] = d + unitHash(key ^ 0x5bd1e995, hash2(r, tx.member[r])) * 0.6;
  }
  const order = Array.from({ length: n }, (_, r) => r).sort((a, b) => start[a] - start[b] || a - b);
  const out: MonthTrips = {
    month, days, n,
    member: new Uint16Array(n), channel: new Uint8Array(n), outlet: new Int32Array(n),
    start: new Float32Array(n), dayStart: new Int32Array(days + 1),
  };
  order.forEach((r, k) => {
    out.member[k] = tx.member[r];
    out.channel[k] = tx.channel[r];
    out.outlet[k] = tx.outlet[r];
    out.start[k] = start[r];
  });
  let k = 0;
  for (let d = 0; d <= days; d++) {
    while (k < n && out.start[k] < d) k++;
    out.dayStart[d] = k;
  }
  return out;
}

/** Where each member is: written into preallocated arrays by placeAt. */
export interface Frame {
  state: Uint8Array;
  channel: Uint8Array;
  /** km */
  x: Float32Array;
  y: Float32Array;
  /** 0–1: how far out (travelling) or how bright (lit) */
  level: Float32Array;
  /** members not idle */
  busy: number;
}

export function newFrame(n: number): Frame {
  return { state: new Uint8Array(n), channel: new Uint8Array(n), x: new Float32Array(n), y: new Float32Array(n), level: new Float32Array(n), busy: 0 };
}

export interface Places {
  /** home of each member (km) in each month, by 0-based month */
  homeX: ReadonlyArray<Float32Array>;
  homeY: ReadonlyArray<Float32Array>;
  outletX: ArrayLike<number>;
  outletY: ArrayLike<number>;
}

/**
 * Every member's place at time T (days from the start of the run), from the months laid out so
 * far (`trips[m]` for 0-based month m; missing months count as quiet). Members without a
 * transaction under way are at home (their home in the month T falls in).
 */
export function placeAt(frame: Frame, T: number, trips: ReadonlyArray<MonthTrips | undefined>, places: Places, days: number): Frame {
  const n = frame.state.length;
  const nowMonth = Math.max(0, Math.min(places.homeX.length - 1, Math.floor(T / days)));
  const hx = places.homeX[nowMonth], hy = places.homeY[nowMonth];
  frame.state.fill(IDLE);
  frame.level.fill(0);
  if (hx) { frame.x.set(hx.subarray(0, n)); frame.y.set(hy.subarray(0, n)); }
  let busy = 0;
  const from = T - SPAN;
  for (let m = Math.max(0, Math.floor(from / days)); m <= Math.floor(T / days) && m < trips.length; m++) {
    const t = trips[m];
    if (!t) continue;
    const base = m * days;
    const d0 = Math.max(0, Math.floor(from - base)), d1 = Math.min(days - 1, Math.floor(T - base));
    if (d1 < d0) continue;
    const mhx = places.homeX[m] ?? hx, mhy = places.homeY[m] ?? hy;
    for (let k = t.dayStart[d0]; k < t.dayStart[d1 + 1]; k++) {
      const age = T - base - t.start[k];
      if (age < 0) break;
      const i = t.member[k];
      const j = t.outlet[k];
      if (j >= 0) {
        if (age >= TRIP) continue;
        // out, stay, back; smoothstep on the legs
        const f = age < TRAVEL ? smooth(age / TRAVEL) : age < TRAVEL + STAY ? 1 : smooth((TRIP - age) / TRAVEL);
        const ox = places.outletX[j], oy = places.outletY[j];
        frame.x[i] = mhx[i] + (ox - mhx[i]) * f;
        frame.y[i] = mhy[i] + (oy - mhy[i]) * f;
        if (frame.state[i] === IDLE) busy++;
        frame.state[i] = TRAVELLING;
        frame.level[i] = f;
      } else {
        if (age >= GLOW) continue;
        if (frame.state[i] === IDLE) busy++;
        frame.state[i] = LIT;
        frame.level[i] = Math.sin((Math.PI * age) / GLOW);
        frame.x[i] = mhx[i];
        frame.y[i] = mhy[i];
      }
      frame.channel[i] = t.channel[k];
    }
  }
  frame.busy = busy;
  return frame;
}

function smooth(x: number): number {
  const c = x < 0 ? 0 : x > 1 ? 1 : x;
  return c * c * (3 - 2 * c);
}
