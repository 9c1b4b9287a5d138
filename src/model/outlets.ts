/**
 * Outlets over the run: which are open, closures by the lever and partners leaving the network,
 * and the access factors of the logit (choice.ts) that follow from them.
 *
 * Access (Huff 1963, access.ts): each cell's K nearest open outlets of a kind, rebuilt only when
 * an outlet closes; every month their terms are refreshed with the outlets' size and expected wait
 *
 *   own store   (S_j/S_ref)^α · (T_cj/T_ref)^(−λ) · exp(−β_wait · W_j) · served_j
 *   kiosk       (kiosks_j · attractiveness_j)^α · (T_cj/T_ref)^(−λ)
 *   partner     (S_j/S_ref)^α · (T_cj/T_ref)^(−λ)
 *
 * and the cell's sum is the channel's access factor. The hotline's factor is
 * exp(−β_wait · W_hotline) · answered share; served_j and the answered share are the expected
 * shares of a queue's arrivals that are served (dayqueues.ts), so a queue that answers nobody is
 * not chosen.
 * the account managers' their availability (accountManagers.ts), every other channel's 1.
 *
 * Closure (关厅): from `levers.closures.fromMonth` the listed outlets close, and stay closed
 * (barred: no partner opens there again); partners leave and open as businesses (partners.ts).
 * The customers whose home outlet closed are displaced: where they go next is counted
 * (closureFlows), and their churn hazard carries the closure effect for CLOSURE_SHOCK_MONTHS
 * months, in proportion to the extra travel to the nearest outlet of the kind still open
 *
 *   Δ_i = T(cell_i, nearest open outlet of the kind) − T(cell_i, closed outlet)
 *
 * kept in the customer's shock byte in SHOCK_LEVEL_MIN-minute levels (at most 31; none when no
 * outlet of the kind is left in reach: the top level).
 */
import { CH, NC } from './domain.ts';
import type { Scenario } from './scenario.ts';
import type { Region } from './region.ts';
import type { Rng } from './rng.ts';
import { nearestOutlets, refreshAccess, travelMinutes, updateNearest, type Access } from './access.ts';
import { ACTIVE, DISPLACED, type Customers } from './customers.ts';
import { ownTrade, partnerMoves } from './partners.ts';

/** Months a closure keeps raising the churn hazard of the outlet's displaced customers (bits 0-2 of the shock byte). */
export const CLOSURE_SHOCK_MONTHS = 6;
/** Minutes of extra travel per level of the shock byte (bits 3-7: 0…31). */
export const SHOCK_LEVEL_MIN = 2;
export const SHOCK_LEVELS = 32;

export interface Outlets {
  n: number;
  isOwn: Uint8Array;
  /** an own store's place among the own stores (rows of the per-store wait histograms, recorder.ts), −1 for a partner */
  ownSlot: Int32Array;
  /** own stores */
  nOwn: number;
  kiosks: Int32Array;
  open: Uint8Array;
  /** month an outlet last closed (0: never) */
  closedAt: Int32Array;
  /** closed by the lever: no partner opens there again */
  barred: Uint8Array;
  /** expected counter wait (min), the memory of monthly means customers act on */
  expWait: Float64Array;
  /** expected share of a store's visitors served (not reneged), the same memory */
  expServed: Float64Array;
  /** a partner's smoothed monthly profit and operator contribution (NaN before its first month, partners.ts) */
  profit: Float64Array;
  contribution: Float64Array;
  /** a partner's own-trade margin, CNY/month */
  ownTrade: Float64Array;
  /**
   * services each partner offers (imported 可办业务), outlet × service: a customer who finds the
   * partner cannot do the service re-chooses; null when every partner offers everything its
   * channel carries
   */
  partnerCan: Uint8Array | null;
  /** a partner's own monthly cost: its row's rent and staff when given, else the default */
  partnerFixed: Float64Array;
  sizeOwn: Float64Array;
  sizeKiosk: Float64Array;
  sizePartner: Float64Array;
  /** nearest outlets per cell of each kind */
  K: number;
  own: Access;
  kiosk: Access;
  partner: Access;
  /** the logit's access factor by cell × channel */
  cellAcc: Float64Array;
  /** scratch: own stores' size × wait factor */
  factor: Float64Array;
}

export function createOutlets(s: Scenario, region: Region): Outlets {
  const nOut = region.outlets.length, nSv = s.services.length;
  const isOwn = Uint8Array.from(region.outlets.map((o) => (o.kind === 'own' ? 1 : 0)));
  let nOwn = 0;
  const ownSlot = Int32Array.from(isOwn, (own) => (own ? nOwn++ : -1));
  const partnerCan = region.outlets.some((o) => o.kind === 'partner' && o.services) ? new Uint8Array(nOut * nSv) : null;
  if (partnerCan) region.outlets.forEach((o, j) => s.services.forEach((sv, k) => { partnerCan[j * nSv + k] = !o.services || o.services.includes(sv.id) ? 1 : 0; }));
  const sizeOwn = new Float64Array(nOut), sizeKiosk = new Float64Array(nOut), sizePartner = new Float64Array(nOut);
  const alpha = s.choice.attractivenessExponent;
  region.outlets.forEach((o, j) => {
    const ref = o.kind === 'own' ? s.stores.counters : s.partners.desks;
    if (o.kind === 'own') {
      sizeOwn[j] = Math.pow((o.counters * o.attractiveness) / ref, alpha);
      sizeKiosk[j] = o.kiosks > 0 ? Math.pow(o.kiosks * o.attractiveness, alpha) : 0;
    } else sizePartner[j] = Math.pow((o.counters * o.attractiveness) / ref, alpha);
  });
  const o: Outlets = {
    n: nOut, isOwn, ownSlot, nOwn, kiosks: Int32Array.from(region.outlets.map((x) => x.kiosks)),
    open: Uint8Array.from(region.outlets, (x) => (x.latent ? 0 : 1)), closedAt: new Int32Array(nOut), barred: new Uint8Array(nOut),
    expWait: new Float64Array(nOut), expServed: new Float64Array(nOut).fill(1),
    profit: new Float64Array(nOut).fill(NaN), contribution: new Float64Array(nOut).fill(NaN),
    ownTrade: ownTrade(s, region), partnerCan,
    partnerFixed: Float64Array.from(region.outlets.map((x) => (x.rentMonthly > 0 || x.staff > 0 ? x.rentMonthly + x.staff * s.stores.staffCostMonthly : s.partners.fixedCostMonthly))),
    sizeOwn, sizeKiosk, sizePartner, K: s.region.nearestOutlets,
    own: undefined!, kiosk: undefined!, partner: undefined!,
    cellAcc: new Float64Array(region.nCells * NC), factor: new Float64Array(nOut),
  };
  rebuildAccess(o, s, region);
  return o;
}

/** Nearest open outlets of each kind for every cell (own stores, kiosks, partners). */
function rebuildAccess(o: Outlets, s: Scenario, region: Region): void {
  const { open, isOwn, K } = o, lambda = s.choice.travelExponent;
  o.own = nearestOutlets(region, (j) => open[j] === 1 && isOwn[j] === 1, K, s.region.accessMin, lambda);
  o.kiosk = nearestOutlets(region, (j) => open[j] === 1 && isOwn[j] === 1 && region.outlets[j].kiosks > 0, K, s.region.accessMin, lambda);
  o.partner = nearestOutlets(region, (j) => open[j] === 1 && isOwn[j] === 0, K, s.region.accessMin, lambda);
}

/**
 * A starting customer's home outlet: one of the cell's three nearest own stores or partners (even
 * odds); the line was signed there too (its developer), before the run.
 */
export function drawHome(o: Outlets, c: Customers, i: number, rng: Rng): void {
  const cell = c.cell[i], K = o.K;
  const a = rng.next() < 0.5 && o.own.outlet[cell * K] >= 0 ? o.own : o.partner;
  if (a.outlet[cell * K] >= 0) c.home[i] = c.developer[i] = a.outlet[cell * K + Math.min(K - 1, Math.floor(rng.next() * 3))];
}

/**
 * Close the outlets the lever closes this month (`month` is the one starting, 1-based), let
 * partners leave and open (partners.ts, with the month's stream `rng`), rebuild the access tables
 * if anything changed and give the displaced customers their closure shock.
 */
export function applyOutletChanges(o: Outlets, s: Scenario, region: Region, c: Customers, hiWater: number, month: number, rng: Rng): void {
  const closed: number[] = [];
  if (month === s.levers.closures.fromMonth) {
    const index = new Map(region.outlets.map((x, j) => [x.id, j]));
    for (const id of new Set(s.levers.closures.outlets)) {
      const j = index.get(id);
      if (j === undefined) continue;
      o.barred[j] = 1;
      if (o.open[j]) { o.open[j] = 0; closed.push(j); }
    }
  }
  const { left, opened } = partnerMoves(o, s, region, rng);
  closed.push(...left);
  if (closed.length === 0 && opened.length === 0) return;
  for (const j of closed) o.closedAt[j] = month;
  // partners moving leave the own stores' tables as they were, and change only the cells near them
  if (closed.some((j) => o.isOwn[j] === 1)) rebuildAccess(o, s, region);
  else updateNearest(o.partner, region, (j) => o.open[j] === 1 && o.isOwn[j] === 0, [...closed, ...opened], s.region.accessMin, s.choice.travelExponent);
  if (closed.length > 0) displace(o, s, region, c, hiWater, closed);
}

/** The home customers of the outlets just closed: displaced, with the shock of their extra travel. */
function displace(o: Outlets, s: Scenario, region: Region, c: Customers, hiWater: number, closed: number[]): void {
  const justClosed = new Uint8Array(o.n);
  for (const j of closed) justClosed[j] = 1;
  const K = o.K, top = SHOCK_LEVELS - 1;
  for (let i = 0; i < hiWater; i++) {
    const j = c.home[i];
    if (j < 0 || !justClosed[j] || !(c.status[i] & ACTIVE)) continue;
    const cell = c.cell[i], a = o.isOwn[j] ? o.own : o.partner;
    const extra = a.outlet[cell * K] >= 0 ? a.travel[cell * K] - travelMinutes(region, cell, j, s.region.accessMin) : Infinity;
    const level = extra > 0 ? Math.min(top, Math.round(extra / SHOCK_LEVEL_MIN)) : 0;
    c.status[i] |= DISPLACED;
    c.shock[i] = (level << 3) | CLOSURE_SHOCK_MONTHS;
  }
}

/**
 * This month's access factors by cell × channel: Huff sums with last month's expected waits,
 * the hotline's wait factor, the account managers' availability, 1 for the remote channels.
 */
export function refreshAccessFactors(o: Outlets, s: Scenario, nCells: number, expHotlineWait: number, managerAvailability: number, hotlineServed = 1): void {
  const bw = s.choice.waitPerMin, cellAcc = o.cellAcc;
  for (let j = 0; j < o.n; j++) o.factor[j] = o.sizeOwn[j] * Math.exp(-bw * o.expWait[j]) * o.expServed[j];
  refreshAccess(o.own, o.factor, cellAcc, NC, CH.ownStore);
  refreshAccess(o.kiosk, o.sizeKiosk, cellAcc, NC, CH.kiosk);
  refreshAccess(o.partner, o.sizePartner, cellAcc, NC, CH.partner);
  const hot = Math.exp(-bw * expHotlineWait) * hotlineServed;
  for (let cell = 0; cell < nCells; cell++) {
    const b = cell * NC;
    for (let c = 0; c < NC; c++) if (c !== CH.ownStore && c !== CH.kiosk && c !== CH.partner) cellAcc[b + c] = 1;
    cellAcc[b + CH.hotline] = hot;
    cellAcc[b + CH.accountManager] = managerAvailability;
  }
}
