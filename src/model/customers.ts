/**
 * Customers as struct-of-arrays typed arrays: no object per customer. 35 bytes each:
 *
 *   segment u8 · tier u8 · cell u16 · arpu f32 · literacy u8 (0-255 ≙ 0-1) · adopted u8 (app user)
 *   familiarity u8 × 10 channels (0-255 ≙ 0-1) · satisfaction u8 (0-100) · tenure u16 (months)
 *   status u8 (bit 0 active, bit 1 displaced by a closure and not yet seen again, bit 2 prepaid
 *   预付费, bit 3 a contract with a minimum spend running) · shock u8 (closure effect: months left
 *   in bits 0-2, extra travel in 2-minute levels in bits 3-7) · home i32 (index of the outlet last
 *   used in person) · contract i8 (months left on a contract 合约; 0 or less: months since one ended,
 *   −127 for none) · handsetAge u8 (months since the handset was bought, at most 255) · developer
 *   i32 (the outlet that signed the line 发展渠道, −1 for a line signed remotely)
 *
 * A churned customer's slot is reused by a new line, so the arrays grow only when acquisition
 * outpaces churn.
 */
import { CH, CHANNELS, NC, NS, NT, SEGMENTS, TIERS } from './domain.ts';
import { Rng } from './rng.ts';
import { cumulative as cdf, searchCdf as pick, type Region } from './region.ts';
import type { Scenario } from './scenario.ts';

export const ACTIVE = 1;
export const DISPLACED = 2;
/** on prepaid (预付费) rather than postpaid */
export const PREPAID = 4;
/** the running contract carries the subsidy's minimum monthly spend */
export const MIN_SPEND = 8;
/** `contract` of a customer who never had a contract, or ended one long ago */
export const NO_CONTRACT = -127;
export const HANDSET_AGE_CAP = 255;

export interface Customers {
  capacity: number;
  segment: Uint8Array;
  tier: Uint8Array;
  cell: Uint16Array;
  arpu: Float32Array;
  literacy: Uint8Array;
  adopted: Uint8Array;
  familiarity: Uint8Array;
  satisfaction: Uint8Array;
  tenure: Uint16Array;
  status: Uint8Array;
  shock: Uint8Array;
  home: Int32Array;
  developer: Int32Array;
  contract: Int8Array;
  handsetAge: Uint8Array;
}

/** Bytes of customer state per slot (for the memory estimate). */
export const BYTES_PER_CUSTOMER = 1 + 1 + 2 + 4 + 1 + 1 + NC + 1 + 2 + 1 + 1 + 4 + 1 + 1 + 4;

/** ARPU multiplier of each tier relative to the tier-mix mean of the segment. */
export const TIER_ARPU: readonly number[] = [5, 2.8, 1.7, 1.0, 0.65];

/**
 * Familiarity at the start (0-1) by channel, before literacy and entitlement adjustments:
 * customers of 2009 know stores, the hotline and the SMS/IVR menus; few know the web hall.
 */
export const INITIAL_FAMILIARITY: Readonly<Record<string, number>> = {
  ownStore: 0.55, partner: 0.35, web: 0.15, app: 0.3, sms: 0.3, ussd: 0.1, ivr: 0.25, kiosk: 0.1, hotline: 0.45, accountManager: 0.5,
};

const FAMILIARITY0 = Float64Array.from(CHANNELS.map((c) => INITIAL_FAMILIARITY[c]));

/**
 * Room for `capacity` customers. The arrays start at zero and a slot holds a customer only once
 * drawCustomer (or copyCustomer) has filled it: nothing reads a slot before (every loop stops at
 * Slots.hiWater, and takeSlot hands out a slot before it is filled). So the arrays are not
 * pre-filled: a zeroed page is not resident until written, and the room a run never uses costs
 * address space, not memory.
 */
export function allocateCustomers(capacity: number): Customers {
  return {
    capacity,
    segment: new Uint8Array(capacity),
    tier: new Uint8Array(capacity),
    cell: new Uint16Array(capacity),
    arpu: new Float32Array(capacity),
    literacy: new Uint8Array(capacity),
    adopted: new Uint8Array(capacity),
    familiarity: new Uint8Array(capacity * NC),
    satisfaction: new Uint8Array(capacity),
    tenure: new Uint16Array(capacity),
    status: new Uint8Array(capacity),
    shock: new Uint8Array(capacity),
    home: new Int32Array(capacity),
    developer: new Int32Array(capacity),
    contract: new Int8Array(capacity),
    handsetAge: new Uint8Array(capacity),
  };
}

/** Copy customer `from` of `a` into slot `to` of `b` (every array). */
export function copyCustomer(a: Customers, from: number, b: Customers, to: number): void {
  b.segment[to] = a.segment[from]; b.tier[to] = a.tier[from]; b.cell[to] = a.cell[from]; b.arpu[to] = a.arpu[from];
  b.literacy[to] = a.literacy[from]; b.adopted[to] = a.adopted[from];
  // byte by byte: a subarray per copy cost more than the copy (one per customer won)
  for (let c = 0, fa = a.familiarity, fb = b.familiarity, x = from * NC, y = to * NC; c < NC; c++) fb[y + c] = fa[x + c];
  b.satisfaction[to] = a.satisfaction[from]; b.tenure[to] = a.tenure[from]; b.status[to] = a.status[from];
  b.shock[to] = a.shock[from]; b.home[to] = a.home[from]; b.developer[to] = a.developer[from]; b.contract[to] = a.contract[from]; b.handsetAge[to] = a.handsetAge[from];
}

/** More room, in place: the arrays are replaced by longer copies; existing slots keep their index. */
export function growCustomers(c: Customers, capacity: number): void {
  const g = allocateCustomers(capacity);
  for (const k of Object.keys(g) as (keyof Customers)[]) {
    if (k === 'capacity') continue;
    (g[k] as Uint8Array).set(c[k] as Uint8Array);
  }
  Object.assign(c, g);
}

/** Whether slot i holds an active customer (a churned customer's slot and a lost prospect's do not). */
export function isActive(c: Customers, i: number): boolean {
  return (c.status[i] & ACTIVE) !== 0;
}

/** The slots of active customers among the first `count`, ascending. */
export function activeCustomers(c: Customers, count = c.capacity): Int32Array {
  let n = 0;
  for (let i = 0; i < count; i++) if (c.status[i] & ACTIVE) n++;
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < count; i++) if (c.status[i] & ACTIVE) out[k++] = i;
  return out;
}

/**
 * Slot layout: customers are stored in the order of their home cells, so that the month's loops
 * read each cell's tables while they are in cache. Slots [start[c], start[c + 1]) were first given
 * to customers living in cell c; a new line takes a free slot in its cell's block when there is
 * one (a churned neighbour's), else the first free slot anywhere, else a new one at the end.
 */
export interface Slots {
  start: Int32Array;
  /** per cell, the first slot of its block not yet searched this month */
  cursor: Int32Array;
  /** the first slot not yet searched this month for a new line whose block is full */
  anywhere: number;
  /** slots [0, hiWater) have been used */
  hiWater: number;
}

/**
 * Draw `agents` customers: home cells first (sorted, which fixes the slot layout), then each
 * customer with a tenure of Exp(30) months capped at 600, then `home(i)` (the outlet last used
 * in person, drawn by the caller from the access tables).
 */
export function populate(
  c: Customers, agents: number, s: Scenario, pop: Population, cellCdf: Float64Array, nCells: number, rng: Rng, home: (i: number) => void,
): Slots {
  const cells = new Uint16Array(agents);
  for (let i = 0; i < agents; i++) cells[i] = pick(cellCdf, rng.next());
  cells.sort();
  const start = new Int32Array(nCells + 1);
  for (let i = 0; i < agents; i++) start[cells[i] + 1]++;
  for (let k = 0; k < nCells; k++) start[k + 1] += start[k];
  for (let i = 0; i < agents; i++) {
    drawCustomer(c, i, s, pop, cellCdf, rng, Math.min(600, Math.floor(rng.exponential(30))), null, cells[i]);
    home(i);
  }
  return { start, cursor: new Int32Array(nCells), anywhere: 0, hiWater: agents };
}

/** Start a month's search for free slots. */
export function rewindSlots(slots: Slots): void {
  slots.cursor.set(slots.start.subarray(0, slots.cursor.length));
  slots.anywhere = 0;
}

/** A free slot for a new line living in `cell` (the arrays grow by a tenth when full). */
export function takeSlot(slots: Slots, c: Customers, cell: number): number {
  let i = slots.cursor[cell];
  const end = slots.start[cell + 1];
  while (i < end && c.status[i] & ACTIVE) i++;
  slots.cursor[cell] = i < end ? i + 1 : end;
  if (i < end) return i;
  let k = slots.anywhere;
  while (k < slots.hiWater && c.status[k] & ACTIVE) k++;
  if (k >= c.capacity) growCustomers(c, Math.ceil(c.capacity * 1.1) + 1024);
  slots.anywhere = k + 1;
  if (k >= slots.hiWater) slots.hiWater = k + 1;
  return k;
}

/** Sampling tables shared by initialisation and acquisition. */
export interface Population {
  segmentCdf: Float64Array;
  tierCdf: Float64Array[]; // per segment
  arpuBase: Float64Array; // per segment × tier
  /** per district: its own segment mix when imported data gives one (else null: the scenario's) */
  districtSegmentCdf: (Float64Array | null)[];
  /** per district: its own tier mix when imported data gives one (else null: the segment's) */
  districtTierCdf: (Float64Array | null)[];
  /** per district: the mean weight of its customers' types (1 without churn weights) */
  districtWeight: Float64Array;
  cellDistrict: Uint16Array;
  /** per segment: its prepaid share, and the spread of handset ages at the start (half-normal σ, months; 0: no handset purchases) */
  prepaidShare: Float64Array;
  handsetAgeSd: Float64Array;
}

/**
 * The customers' sampling tables: the scenario's mix (segments, tiers, prepaid shares, districts'
 * own mixes). With `churnWeights` each type is weighted by its churn hazard out of contract,
 * churn.tierFactor_r × (churn.prepaidFactor if prepaid): the prospects' tables (prospectTables).
 */
export function population(s: Scenario, region: Pick<Region, 'districts' | 'cellDistrict'>, churnWeights = false): Population {
  const tierW = TIERS.map((t) => (churnWeights ? s.churn.tierFactor[t] : 1)), phi = churnWeights ? s.churn.prepaidFactor : 1;
  // a segment's weight: its share × the mean weight of its tier mix × (1 + q·(φ − 1)), q its prepaid share
  const prepaidW = SEGMENTS.map((g) => 1 + s.churn.prepaidShare[g] * (phi - 1));
  const meanTierW = (mix: number[]) => { const n = mix.reduce((a, m) => a + m, 0); return churnWeights && n > 0 ? mix.reduce((a, m, r) => a + m * tierW[r], 0) / n : 1; };
  const segTiers = SEGMENTS.map((g) => TIERS.map((t) => s.segments[g].tierMix[t]));
  const segShares = SEGMENTS.map((g) => s.segments[g].share);
  const segW = (shares: number[], tiers: number[] | null) => shares.map((x, gi) => (x > 0 ? x * meanTierW(tiers ?? segTiers[gi]) * prepaidW[gi] : 0));
  const mean = (w: number[], shares: number[]) => w.reduce((a, b) => a + b, 0) / shares.reduce((a, b) => a + b, 0);
  const segmentCdf = cdf(segW(segShares, null));
  const tierCdf = segTiers.map((mix) => cdf(mix.map((m, r) => m * tierW[r])));
  const districtSegmentCdf: (Float64Array | null)[] = [], districtTierCdf: (Float64Array | null)[] = [];
  const districtWeight = new Float64Array(region.districts.length).fill(mean(segW(segShares, null), segShares));
  region.districts.forEach((d, k) => {
    const own = d.segments ? SEGMENTS.map((g) => d.segments![g] ?? 0) : null;
    const tiers = d.tiers ? TIERS.map((t) => d.tiers![t] ?? 0) : null;
    const hasOwn = own !== null && own.some((x) => x > 0), hasTiers = tiers !== null && tiers.some((x) => x > 0);
    districtTierCdf.push(hasTiers ? cdf(tiers!.map((m, r) => m * tierW[r])) : null);
    // the district's own tier mix weighs its segments too (all alike without churn weights)
    const shares = hasOwn ? own! : segShares, w = segW(shares, hasTiers ? tiers : null);
    districtSegmentCdf.push(hasOwn || (churnWeights && hasTiers) ? cdf(w) : null);
    if (hasOwn || hasTiers) districtWeight[k] = mean(w, shares);
  });
  const arpuBase = new Float64Array(NS * NT);
  SEGMENTS.forEach((g, gi) => {
    const mix = TIERS.map((t) => s.segments[g].tierMix[t]);
    const total = mix.reduce((a, b) => a + b, 0);
    const meanMult = mix.reduce((a, m, r) => a + m * TIER_ARPU[r], 0) / total;
    for (let r = 0; r < NT; r++) arpuBase[gi * NT + r] = (s.segments[g].arpu * TIER_ARPU[r]) / meanMult;
  });
  // Handset ages at the start are those of a renewal process in equilibrium: with the Weibull(2)
  // purchase hazard of needs.ts and mean cycle T = 1/rate, the age density is ∝ exp(−(a/λ)²),
  // λ = 2T/√π, a half-normal of σ = λ/√2.
  const handsetAgeSd = Float64Array.from(SEGMENTS, (g) => {
    const rate = s.services.reduce((a, sv) => a + (sv.handset ? sv.incidence[g] : 0), 0);
    return rate > 0 ? (2 / rate / Math.sqrt(Math.PI)) / Math.SQRT2 : 0;
  });
  // the prepaid share among a segment's hazard-weighted customers: q·φ / (q·φ + 1 − q)
  const prepaidShare = Float64Array.from(SEGMENTS, (g, gi) => (s.churn.prepaidShare[g] * phi) / prepaidW[gi]);
  return { segmentCdf, tierCdf, arpuBase, districtSegmentCdf, districtTierCdf, districtWeight, cellDistrict: region.cellDistrict, prepaidShare, handsetAgeSd };
}

/**
 * The month's prospects (acquisition.ts) are the market's switchers: where operators trade
 * customers, those of a kind come onto the market about as often as customers of that kind leave.
 * So each type (segment × tier × prepaid) is weighted by its churn hazard out of contract,
 * churn.tierFactor × churn.prepaidFactor if prepaid, and each cell by its population × its
 * district's mean weight. A base drawn in the scenario's mix then keeps that mix as far as the
 * other hazard factors (satisfaction, tenure, contracts) are alike across types; drawn in the
 * base's own mix, the prospects replaced the low tiers and prepaid lines more slowly than they
 * left, and the default city's base drifted to the high tiers (docs/MODEL.md §7.10).
 */
export function prospectTables(s: Scenario, region: Pick<Region, 'districts' | 'cellDistrict' | 'cellWeight'>): { pop: Population; cellCdf: Float64Array } {
  const pop = population(s, region, true);
  return { pop, cellCdf: cdf(Array.from(region.cellWeight, (w, k) => w * pop.districtWeight[region.cellDistrict[k]])) };
}

/** Fill slot i with a new customer drawn from the scenario's population. */
export function drawCustomer(
  c: Customers, i: number, s: Scenario, pop: Population, cellCdf: Float64Array, rng: Rng, tenure: number, adoptedShare: number | null,
  home = -1,
): void {
  // home first (drawn here unless given): imported districts may carry their own segment and tier mix
  const cell = home >= 0 ? home : pick(cellCdf, rng.next());
  const d = pop.cellDistrict[cell];
  const g = pick(pop.districtSegmentCdf[d] ?? pop.segmentCdf, rng.next());
  const r = pick(pop.districtTierCdf[d] ?? pop.tierCdf[g], rng.next());
  const seg = s.segments[SEGMENTS[g]];
  c.segment[i] = g;
  c.tier[i] = r;
  c.cell[i] = cell;
  c.arpu[i] = pop.arpuBase[g * NT + r] * Math.exp(0.25 * rng.normal() - 0.03125);
  const lit = Math.min(1, Math.max(0, seg.literacy + 0.15 * rng.normal()));
  c.literacy[i] = Math.round(lit * 255);
  c.adopted[i] = rng.next() < (adoptedShare ?? seg.appAdopted) ? 1 : 0;
  const base = i * NC;
  for (let ch = 0; ch < NC; ch++) {
    const f0 = FAMILIARITY0[ch];
    let f = f0;
    if (ch === CH.web || ch === CH.ussd || ch === CH.kiosk) f *= 0.5 + lit;
    if (ch === CH.app) f = c.adopted[i] ? f0 + 0.3 : 0;
    if (ch === CH.accountManager && !(g >= 4 || s.accountManagers.eligibleTiers.includes(TIERS[r]))) f = 0;
    c.familiarity[base + ch] = Math.round(Math.min(1, f) * 255);
  }
  c.satisfaction[i] = Math.round(s.satisfaction.initial);
  c.tenure[i] = tenure;
  c.status[i] = rng.next() < pop.prepaidShare[g] ? ACTIVE | PREPAID : ACTIVE;
  c.shock[i] = 0;
  c.home[i] = -1;
  c.developer[i] = -1;
  c.contract[i] = NO_CONTRACT;
  const sd = pop.handsetAgeSd[g];
  c.handsetAge[i] = sd > 0 ? Math.min(HANDSET_AGE_CAP, Math.floor(Math.abs(rng.normal()) * sd)) : HANDSET_AGE_CAP;
}
