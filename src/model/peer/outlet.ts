/**
 * Outlets and patches of the peer model (peer/month.ts): an object per own store (自营厅), per
 * partner outlet (社会渠道) and per grid cell (a NetLogo patch), and the counter queue of one
 * store-day or hotline-day.
 *
 * Huff (1963) access from a patch, over its nearest open outlets of a kind:
 *   own store  (S_j/S_ref)^α · (T_j/T_ref)^(−λ) · exp(−β_wait·W_j) · served_j
 *   kiosk      (kiosks_j · attractiveness_j)^α · (T_j/T_ref)^(−λ)
 *   partner    (S_j/S_ref)^α · (T_j/T_ref)^(−λ)
 * the sum is the channel's access factor and the outlet is drawn in proportion to its term.
 *
 * A queue-day: visits sorted by arrival time, first come first served at c counters; a visitor
 * whose wait would pass their patience (exponential) leaves unserved (M/M/c+M in spirit,
 * queue.ts).
 */
import type { ChannelId } from '../domain.ts';
import type { Outlet as OutletRow, Region } from '../region.ts';
import type { Rng } from '../rng.ts';
import type { Scenario } from '../scenario.ts';
import type { Customer, PeerService } from './customer.ts';

/** Reference trip, minutes (choice.ts T_REF_MIN). */
const T_REF_MIN = 15;

/** A visit to a counter or a call to the hotline. */
export interface Visit {
  customer: Customer;
  service: PeerService;
  travelMin: number;
  arrivalMin: number; // minutes after opening
  serviceMin: number;
  patienceMin: number;
  /** filled by the queue: the wait, or null when the visitor left unserved */
  waitMin: number | null;
}

export class Outlet {
  readonly id: string;
  readonly kind: 'own' | 'partner';
  readonly x: number;
  readonly y: number;
  readonly counters: number;
  readonly kiosks: number;
  readonly openMin: number; // minutes open a day
  readonly size: number; // Huff size term (S_j/S_ref)^α
  readonly kioskSize: number;
  open = true;
  staffed: number; // counters staffed this month
  expectedWaitMin = 0;
  expectedServed = 1;
  /** demand memory for staffing: offered counter minutes per open minute (NaN before the first month) */
  load = Number.NaN;
  /** this month's counter visits, by day */
  days: Visit[][] = [];
  // this month's tallies
  arrivals = 0;
  served = 0;
  waitSumMin = 0;
  offeredMin = 0;

  constructor(s: Scenario, row: OutletRow) {
    this.id = row.id;
    this.kind = row.kind;
    this.x = row.x;
    this.y = row.y;
    this.counters = row.counters;
    this.kiosks = row.kiosks;
    this.openMin = row.openHours * 60;
    const ref = row.kind === 'own' ? s.stores.counters : s.partners.desks, alpha = s.choice.attractivenessExponent;
    this.size = Math.pow((row.counters * row.attractiveness) / ref, alpha);
    this.kioskSize = row.kind === 'own' && row.kiosks > 0 ? Math.pow(row.kiosks * row.attractiveness, alpha) : 0;
    this.staffed = row.kind === 'own' ? row.counters : 0;
  }

  openMonth(days: number): void {
    this.days = Array.from({ length: days }, () => []);
    this.arrivals = 0;
    this.served = 0;
    this.waitSumMin = 0;
    this.offeredMin = 0;
  }
}

/** An outlet within reach of a patch, and the minutes to get there. */
export interface Reach {
  outlet: Outlet;
  travelMin: number;
  term: number; // this month's Huff term
}

export class Patch {
  readonly x: number;
  readonly y: number;
  readonly speedKmh: number;
  own: Reach[] = [];
  kiosk: Reach[] = [];
  partner: Reach[] = [];
  /** this month's access factor per channel */
  access: Partial<Record<ChannelId, number>> = {};

  constructor(x: number, y: number, speedKmh: number) {
    this.x = x;
    this.y = y;
    this.speedKmh = speedKmh;
  }

  /** The nearest open outlets of each kind, by travel time (access.ts). */
  findNearest(s: Scenario, region: Region, outlets: readonly Outlet[]): void {
    const reach = (o: Outlet): Reach => {
      const km = Math.max(region.cellKm * 0.3, Math.hypot(o.x - this.x, o.y - this.y));
      return { outlet: o, travelMin: s.region.accessMin + (km / this.speedKmh) * 60, term: 0 };
    };
    const nearest = (keep: (o: Outlet) => boolean) =>
      outlets.filter((o) => o.open && keep(o)).map(reach).sort((a, b) => a.travelMin - b.travelMin).slice(0, s.region.nearestOutlets);
    this.own = nearest((o) => o.kind === 'own');
    this.kiosk = nearest((o) => o.kind === 'own' && o.kiosks > 0);
    this.partner = nearest((o) => o.kind === 'partner');
  }

  /** This month's Huff terms and access factors, with the stores' expected waits. */
  refreshAccess(s: Scenario): void {
    const lambda = s.choice.travelExponent, bw = s.choice.waitPerMin;
    const huff = (list: Reach[], size: (o: Outlet) => number) => {
      let sum = 0;
      for (const r of list) {
        r.term = size(r.outlet) * Math.pow(r.travelMin / T_REF_MIN, -lambda);
        sum += r.term;
      }
      return sum;
    };
    this.access.ownStore = huff(this.own, (o) => o.size * Math.exp(-bw * o.expectedWaitMin) * o.expectedServed);
    this.access.kiosk = huff(this.kiosk, (o) => o.kioskSize);
    this.access.partner = huff(this.partner, (o) => o.size);
  }
}

/** One of the reachable outlets, drawn by its Huff term; null when none. */
export function drawOutlet(list: readonly Reach[], rng: Rng): Reach | null {
  let total = 0;
  for (const r of list) total += r.term;
  if (!(total > 0)) return null;
  let u = rng.next() * total;
  for (const r of list) {
    u -= r.term;
    if (u < 0) return r;
  }
  return list[list.length - 1];
}

/**
 * One day's queue at `servers` counters (or agents): the visits sorted by arrival, each served by
 * the first counter to free, unless their patience runs out first. Fills each visit's waitMin.
 */
export function runQueueDay(visits: Visit[], servers: number): void {
  visits.sort((a, b) => a.arrivalMin - b.arrivalMin);
  const freeAt: number[] = Array.from({ length: servers }, () => 0);
  for (const v of visits) {
    if (servers === 0) { v.waitMin = null; continue; }
    let k = 0;
    for (let m = 1; m < servers; m++) if (freeAt[m] < freeAt[k]) k = m;
    const start = Math.max(v.arrivalMin, freeAt[k]);
    const wait = start - v.arrivalMin;
    if (wait > v.patienceMin) { v.waitMin = null; continue; }
    v.waitMin = wait;
    freeAt[k] = start + v.serviceMin;
  }
}

/**
 * A time of day in [0, openMin) with the midday peak of queue.ts's intraday profile, density
 * ∝ 1 + a·sin(π·x), by rejection.
 */
export function arrivalMinute(openMin: number, peakiness: number, rng: Rng): number {
  for (;;) {
    const x = rng.next();
    if (rng.next() * (1 + peakiness) < 1 + peakiness * Math.sin(Math.PI * x)) return x * openMin;
  }
}
