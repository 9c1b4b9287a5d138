/**
 * The model. One month (`step`) runs, in order:
 *   1. outlet changes (closures from the lever; partners that left the network)
 *   2. digital adoption (Bass sub-steps, diffusion.ts)
 *   3. shared utility tables: segment × tier × service, cell access with last month's waits
 *   4. acquisition of new lines through the sales channels (subsidy, commission)
 *   5. every active customer's needs: Poisson count, service drawn from the segment mix, channel
 *      by logit (choice.ts), outlet by Huff (access.ts); hand-offs (floor guide, O2O pick-up,
 *      hotline referral of sensitive cases)
 *   6. store counters as queues within each open day (queue.ts); reneging customers re-choose
 *   7. the hotline queue; abandoning callers re-choose
 *   8. churn (churn.ts), familiarity decay, tenure
 *   9. money and KPIs (money.ts, recorder)
 * `tick(n)` runs n months headless; `runReplication` runs a whole replication.
 *
 * Randomness: stream (seed, replication, month, purpose) for each purpose, so a lever that changes
 * one month's draws leaves the other months' streams aligned (common random numbers).
 */
import { CH, CHANNELS, CHANNEL_FAMILY, HANDSET_BANDS, NC as N_CHANNELS, NS, NT as N_TIERS, SEGMENTS, TIERS } from './domain.ts';
import { agentsOf, type Scenario } from './scenario.ts';
import { buildRegion, cumulative, searchCdf, type Region } from './region.ts';
import { Rng } from './rng.ts';
import { customerTables, serviceChannels, sharedTable, LEVELS as N_LEVELS } from './choice.ts';
import { nearestOutlets, refreshAccess, type Access } from './access.ts';
import { ACTIVE, DISPLACED, allocateCustomers, drawCustomer, growCustomers, population, type Customers } from './customers.ts';
import { adoptionProbability } from './diffusion.ts';
import { intradayProfile, orderedArrivals, simulateQueue } from './queue.ts';
import { AliasBuilder, aliasDraw } from './alias.ts';
import { churnTables } from './churn.ts';
import { monthlyCosts } from './money.ts';
import { KPIS, type KpiName } from './kpis.ts';
import type { ReplicationResult, RunHooks } from './types.ts';
import { PICKUP, UNKNOWN_DAY, type SamplerOptions } from './sampler.ts';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

// Module-local copies: imported bindings can compile to getters, too slow for the hot loop.
const NC = N_CHANNELS, NT = N_TIERS, LEVELS = N_LEVELS;
// serveNeeds writes the customer factors out for exactly ten channels of 256 levels
if (NC !== 10 || LEVELS !== 256) throw new Error('engine.ts: serveNeeds expects 10 channels and 256 levels');
const S_OWN = CH.ownStore, S_PARTNER = CH.partner, S_KIOSK = CH.kiosk, S_HOTLINE = CH.hotline, S_AM = CH.accountManager;
const S_APP = CH.app, S_WEB = CH.web;
// (a new line never reneges: the queues know it by its service, acqIdx)
const FLAG_PICKUP = 1, FLAG_REFERRAL = 4, FLAG_RETRY = 8;
// p90 histograms: quarter-minute bins up to 8 h overall; half-minute bins up to 4 h per store
const WAIT_BIN = 0.25, WAIT_BINS = 1920, STORE_BIN = 0.5, STORE_BINS = 480;
const MAX_NEEDS = 40;
const PURPOSE = { init: 1, adoption: 2, acquisition: 3, needs: 4, stores: 5, hotline: 6, retry: 7, churn: 8 } as const;
/** Months a closure keeps raising the churn hazard of the outlet's displaced customers. */
export const CLOSURE_SHOCK_MONTHS = 6;
/** Weight of the latest month in the expected waits customers act on. */
const WAIT_MEMORY = 0.5;

/**
 * Visits to a queue (store counters, hotline) in the order they were made, one packed word each:
 *   service (8 bits) | flags (4) | access slot of the store, 0..63 (6) | day of the month (5)
 *   | customer step (9)
 * The store is accOwn.outlet[cell × K + slot], its travel time accOwn.travel[…] (the access
 * tables do not change within a month). Visits come in customer order, so the customer is
 * stored as the step from the previous visit's customer (0..510); any other step is written as
 * 511 and the customer's slot goes to `escaped`. Loops over visits therefore run in order and
 * decode as they go. 4 bytes a visit.
 */
interface Visits {
  n: number;
  info: Uint32Array;
  /** customer of the last visit pushed */
  last: number;
  escaped: Int32Array;
  nEscaped: number;
}
const INFO_FLAGS = 8, INFO_SLOT = 12, INFO_DAY = 18, INFO_STEP = 23, STEP_ESCAPE = 511, DAY_MASK = 31 << INFO_DAY;

function visits(cap: number): Visits {
  return { n: 0, info: new Uint32Array(cap), last: 0, escaped: new Int32Array(1024), nEscaped: 0 };
}
function clearVisits(b: Visits): void {
  b.n = 0; b.last = 0; b.nEscaped = 0;
}
function pushVisit(b: Visits, cust: number, info: number): Visits {
  if (b.n === b.info.length) {
    const g = visits(Math.ceil(b.n * 1.25) + 16);
    g.info.set(b.info);
    g.n = b.n; g.last = b.last; g.escaped = b.escaped; g.nEscaped = b.nEscaped;
    b = g;
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
  return b;
}
/** A queue outcome per visit: the wait in 1/32 min (at most WAIT_MAX), or GONE when the customer reneged. */
const WAIT_SCALE = 32, GONE = 0xffff, WAIT_MAX = 0xfffe;

export interface Model {
  readonly scenario: Scenario;
  readonly region: Region;
  readonly replication: number;
  /** months simulated so far */
  readonly month: number;
  customers(): Customers;
  /** active customers now */
  activeCount(): number;
  /** share of active customers who use the app */
  adoptionShare(): number;
  /** run n more months */
  tick(n?: number): void;
  /** the replication's outputs so far */
  result(): ReplicationResult;
  /** choice events so far */
  choiceEvents(): number;
  /** wall milliseconds spent in each phase of the month so far */
  phaseMs(): Record<string, number>;
}

export function createModel(s: Scenario, replication: number, options: SamplerOptions = {}): Model {
  // an optional record of single customers' transactions (training mode); it draws no numbers
  const sampler = options.sampler;
  let txDay = UNKNOWN_DAY;
  const t0 = performance.now();
  const seed = s.simulation.seed;
  const region = buildRegion(s);
  const nOut = region.outlets.length;
  const services = s.services;
  const nSv = services.length;
  if (nSv > 254) throw new RangeError('at most 254 services');
  // The acquisition pseudo-service (a new line) sits after the scenario's services.
  const acqIdx = nSv;
  const allServices = [...services.map((x) => ({ channels: x.channels, complexity: x.complexity })),
    { channels: ['ownStore', 'partner', 'web', 'app', 'accountManager'] as const, complexity: 0.5 }];
  const svcCh = serviceChannels(allServices.map((x) => x.channels));
  const queueFree = Uint8Array.from(services.map((x) => (x.queueFree ? 1 : 0)));
  const sensitive = Uint8Array.from(services.map((x) => (x.class === 'sensitive' ? 1 : 0)));
  const handsetSvc = Uint8Array.from(services.map((x) => (x.handset ? 1 : 0)));
  const counterMin = Float64Array.from([...services.map((x) => x.counterMin), s.acquisition.counterMin]);
  // mean service minutes by queue key: a service index, or PICKUP for an O2O pick-up
  const counterKeyMin = new Float64Array(256), hotlineService = new Float64Array(256).fill(s.hotline.ahtMin);
  counterKeyMin.set(counterMin);
  counterKeyMin[PICKUP] = s.handoffs.pickupMin;
  const complexity = Float64Array.from(services.map((x) => x.complexity));
  const kioskCan = Uint8Array.from(services.map((x) => (x.channels.includes('kiosk') ? 1 : 0)));
  const appCan = Uint8Array.from(services.map((x) => (x.channels.includes('app') ? 1 : 0)));
  const { digital: digitalT, habit: habitT } = customerTables(s);
  const churnT = churnTables(s);

  // Region and population tables
  const cellCdf = cumulative(region.cellWeight);
  const pop = population(s, region);
  const days = s.simulation.daysPerMonth;
  const profile = intradayProfile(s.stores.peakiness), callProfile = intradayProfile(s.hotline.peakiness);

  // Outlet state
  const isOwn = Uint8Array.from(region.outlets.map((o) => (o.kind === 'own' ? 1 : 0)));
  const outletKiosks = Int32Array.from(region.outlets.map((o) => o.kiosks));
  const open = new Uint8Array(nOut).fill(1);
  const closedAt = new Int32Array(nOut); // month an outlet closed (0 = open)
  const closureSet = new Set(s.levers.closures.outlets);
  const outletIndex = new Map(region.outlets.map((o, j) => [o.id, j]));
  const expWait = new Float64Array(nOut);
  const lossMonths = new Int32Array(nOut);
  // services each partner offers (imported 可办业务): a customer who finds the partner cannot do the
  // service re-chooses; null when every partner offers everything its channel carries
  const partnerCan = region.outlets.some((o) => o.kind === 'partner' && o.services) ? new Uint8Array(nOut * nSv) : null;
  if (partnerCan) region.outlets.forEach((o, j) => services.forEach((sv, k) => { partnerCan[j * nSv + k] = !o.services || o.services.includes(sv.id) ? 1 : 0; }));
  // a partner's own monthly cost: its row's rent and staff when given, else the default
  const partnerFixed = Float64Array.from(region.outlets.map((o) => (o.rentMonthly > 0 || o.staff > 0 ? o.rentMonthly + o.staff * s.stores.staffCostMonthly : s.partners.fixedCostMonthly)));
  const sizeOwn = new Float64Array(nOut), sizeKiosk = new Float64Array(nOut), sizePartner = new Float64Array(nOut);
  const factor = new Float64Array(nOut);
  const alpha = s.choice.attractivenessExponent, lambda = s.choice.travelExponent;
  region.outlets.forEach((o, j) => {
    const ref = o.kind === 'own' ? s.stores.counters : s.partners.desks;
    if (o.kind === 'own') {
      sizeOwn[j] = Math.pow((o.counters * o.attractiveness) / ref, alpha);
      sizeKiosk[j] = o.kiosks > 0 ? Math.pow(o.kiosks * o.attractiveness, alpha) : 0;
    } else sizePartner[j] = Math.pow((o.counters * o.attractiveness) / ref, alpha);
  });
  const K = s.region.nearestOutlets;
  let accOwn!: Access, accKiosk!: Access, accPartner!: Access;
  const rebuildAccess = () => {
    accOwn = nearestOutlets(region, (j) => open[j] === 1 && isOwn[j] === 1, K, s.region.accessMin, lambda);
    accKiosk = nearestOutlets(region, (j) => open[j] === 1 && isOwn[j] === 1 && region.outlets[j].kiosks > 0, K, s.region.accessMin, lambda);
    accPartner = nearestOutlets(region, (j) => open[j] === 1 && isOwn[j] === 0, K, s.region.accessMin, lambda);
  };
  rebuildAccess();
  const cellAcc = new Float64Array(region.nCells * NC);

  // Customers
  // Each agent stands for `weight` subscribers: counts and money are scaled by it, and the queues
  // carry the whole city's load through shadow arrivals (runDayQueues).
  const { agents, weight } = agentsOf(s);
  let C = allocateCustomers(Math.ceil(agents * 1.02) + 1024);
  // slots [blockStart[c], blockStart[c + 1]) were first given to customers living in cell c
  const blockStart = new Int32Array(region.nCells + 1), blockCursor = new Int32Array(region.nCells);
  {
    const rng = Rng.from(seed, replication, 0, PURPOSE.init);
    // Homes first, then customers in cell order: neighbours share slots next to each other, so
    // the month's loops read each cell's tables while they are in cache.
    const cells = new Uint16Array(agents);
    for (let i = 0; i < agents; i++) cells[i] = searchCdf(cellCdf, rng.next());
    cells.sort();
    for (let i = 0; i < agents; i++) blockStart[cells[i] + 1]++;
    for (let c = 0; c < region.nCells; c++) blockStart[c + 1] += blockStart[c];
    for (let i = 0; i < agents; i++) {
      drawCustomer(C, i, s, pop, cellCdf, rng, Math.min(600, Math.floor(rng.exponential(30))), null, cells[i]);
      // home outlet: one of the cell's three nearest own stores or partners (even odds)
      const a = rng.next() < 0.5 && accOwn.outlet[C.cell[i] * K] >= 0 ? accOwn : accPartner;
      if (a.outlet[C.cell[i] * K] >= 0) C.home[i] = a.outlet[C.cell[i] * K + Math.min(K - 1, Math.floor(rng.next() * 3))];
    }
  }
  let hiWater = agents; // slots [0, hiWater) have been used

  // Per-segment need rates and service mix
  const needRate = new Float64Array(NS);
  const svcProb = new Float64Array(NS * nSv), svcAlias = new Uint8Array(NS * nSv), svcWeight = new Float64Array(nSv);
  const aliasBuilder = new AliasBuilder();
  const poissonCdf = new Float64Array(NS * MAX_NEEDS);

  // Recorder
  const months = s.simulation.months;
  const monthly = Object.fromEntries(KPIS.map((k) => [k, [] as number[]])) as Record<KpiName, number[]>;
  const channelMonthly: number[][] = [];
  const chTxRun = new Float64Array(NC), chCostRun = new Float64Array(NC);
  const serviceChannel = new Float64Array((nSv + 1) * NC);
  const handoffs = new Float64Array(NC * NC);
  const oTx = new Float64Array(nOut), oNew = new Float64Array(nOut), oRev = new Float64Array(nOut), oCost = new Float64Array(nOut);
  const oWaitSum = new Float64Array(nOut), oWaitN = new Float64Array(nOut), oBusy = new Float64Array(nOut), oMonthsOpen = new Float64Array(nOut);
  const oP90Sum = new Float64Array(nOut);
  const flowCount = new Float64Array(nOut * (NC + 1)); // closed outlet × (channel | lost)
  let choiceEvents = 0;

  // Month accumulators
  const tx = new Float64Array(NC);
  const mNewByOutlet = new Float64Array(nOut), mTxByOutlet = new Float64Array(nOut), mPartnerIncome = new Float64Array(nOut), mPartnerPaid = new Float64Array(nOut);
  const storeHist = new Uint32Array(nOut * STORE_BINS);
  const allHist = new Uint32Array(WAIT_BINS);
  let qfDone = 0, qfOutside = 0, needs = 0, abandoned = 0, newLines = 0, handsets = 0, subsidy = 0;
  const commission = new Float64Array(NC); // by channel
  let waitSum = 0, waitN = 0, callsOffered = 0, callsQuick = 0, hotlineWaitSum = 0, amDemand = 0;
  let expHotlineWait = 0, amAvail = 1;

  // Sized for a typical month (about one counter visit and 0.3 calls per customer) to avoid regrowth.
  // Room for twice a typical month (about 1.45 counter visits and 0.3 calls per customer): pages
  // never written are never resident, and a buffer that must grow is copied, briefly doubling it.
  let stores = visits(Math.ceil(agents * 3) + 1024), calls = visits(Math.ceil(agents * 0.6) + 1024);
  const satAlpha = s.satisfaction.smoothing, good = s.satisfaction.goodExperience;
  const waitPen = s.satisfaction.waitPenaltyPerMin, travelPen = s.satisfaction.travelPenaltyPerMin;
  const litGain = s.adoption.literacyGain;
  const floorGuide = s.levers.diversion.floorGuide;
  const o2o = s.handoffs.o2oShare;
  const referral = s.hotline.sensitiveReferralShare;
  const subsidyByBand = HANDSET_BANDS.map((b) => s.levers.subsidy.handset[b]);
  const eligibleTier = Uint8Array.from(TIERS.map((t) => (s.levers.subsidy.eligibleTiers.includes(t) ? 1 : 0)));
  const bandOfTier = [2, 2, 1, 0, 0]; // supreme, diamond → high; gold → mid; silver, ordinary → basic
  const minSpend = s.levers.subsidy.minMonthlySpend;
  const perLine = new Float64Array(NC);
  for (const [c, v] of Object.entries(s.levers.commission.perNewLine)) perLine[CH[c as keyof typeof CH]] = v;
  const isElectronic = Uint8Array.from(CHANNELS.map((c) => (CHANNEL_FAMILY[c] === 'electronic' ? 1 : 0)));
  // Channels reached without travel or queue: web, app, SMS, USSD, IVR, account manager.
  const remote = Uint8Array.from(CHANNELS.map((c) => (c !== 'ownStore' && c !== 'partner' && c !== 'kiosk' && c !== 'hotline' ? 1 : 0)));
  const famGainQ = Math.round(s.adoption.familiarityGain * 256);
  // familiarity after a month's decay, by level: ⌊f · (1 − decay)⌋
  const familiarityDecayT = Uint8Array.from({ length: 256 }, (_, f) => Math.floor(f * (1 - s.adoption.familiarityDecay)));
  // literacy gained by n electronic transactions in a month: 1 − (1 − gain)^n of the gap to full
  const literacyGainT = Float64Array.from({ length: MAX_NEEDS + 1 }, (_, k) => 1 - Math.pow(1 - litGain, k));
  const family = CHANNELS.map((c) => CHANNEL_FAMILY[c]);

  let month = 0, storesDone = false;
  const phaseMs: Record<string, number> = {};
  let shared: Float64Array = new Float64Array(0);
  const w = new Float64Array(NC), customerWeight = new Float64Array(NC);

  /** Satisfaction, familiarity and literacy after a completed transaction. */
  function experience(i: number, c: number, travel: number, wait: number) {
    const f = i * NC + c;
    C.familiarity[f] += ((255 - C.familiarity[f]) * famGainQ) >> 8;
    if (isElectronic[c]) C.literacy[i] += Math.round((255 - C.literacy[i]) * litGain);
    const score = good - waitPen * wait - travelPen * travel;
    const v = C.satisfaction[i] + satAlpha * (score - C.satisfaction[i]);
    C.satisfaction[i] = v < 0 ? 0 : v > 100 ? 100 : Math.round(v);
  }

  /** A need served by channel c at outlet j (−1 if none): counts, money, hand-offs. */
  function complete(i: number, sv: number, c: number, j: number, travel: number, wait: number, rng: Rng) {
    if (sampler) sampler.record(i, c, j, sv, txDay);
    tx[c]++;
    serviceChannel[sv * NC + c]++;
    if (sv < nSv && queueFree[sv]) {
      qfDone++;
      if (c !== S_OWN) qfOutside++;
    }
    if (C.status[i] & DISPLACED) {
      flowCount[C.home[i] * (NC + 1) + c]++;
      C.status[i] &= ~DISPLACED;
    }
    if (j >= 0) {
      mTxByOutlet[j]++;
      C.home[i] = j;
      if (c === S_PARTNER) {
        mPartnerIncome[j] += s.partners.serviceFee;
        mPartnerPaid[j] += s.partners.serviceFee;
        commission[S_PARTNER] += s.partners.serviceFee;
      }
    }
    experience(i, c, travel, wait);
    if (sv === acqIdx) {
      newLines++;
      commission[c] += perLine[c];
      if (j >= 0) {
        mNewByOutlet[j]++;
        if (c === S_PARTNER) { mPartnerIncome[j] += perLine[c]; mPartnerPaid[j] += perLine[c]; }
      }
      const band = bandOfTier[C.tier[i]];
      const sub = eligibleTier[C.tier[i]] ? subsidyByBand[band] : 0;
      const a = s.acquisition;
      const pHandset = logistic(logit(a.handsetShare) + a.handsetPerCny * (sub - a.referenceSubsidy));
      if (rng.next() < pHandset) sellHandset(i, c, j, rng);
    } else if (handsetSvc[sv]) sellHandset(i, c, j, rng);
  }

  function sellHandset(i: number, c: number, j: number, rng: Rng) {
    handsets++;
    if (eligibleTier[C.tier[i]]) {
      subsidy += subsidyByBand[bandOfTier[C.tier[i]]];
      if (C.arpu[i] < minSpend) C.arpu[i] = minSpend;
    }
    if (c === S_PARTNER && j >= 0) mPartnerIncome[j] += s.partners.handsetMargin;
    if ((c === S_APP || c === S_WEB) && rng.next() < o2o) {
      const m = drawOutlet(accOwn, C.cell[i], rng.next());
      if (m >= 0) {
        handoffs[c * NC + S_OWN]++;
        const j = accOwn.outlet[C.cell[i] * K + m];
        // after this month's counters have run (a re-chosen order), the pick-up is counted without a queue
        if (storesDone) {
          mTxByOutlet[j]++;
          if (sampler) sampler.record(i, S_OWN, j, PICKUP, UNKNOWN_DAY);
        }
        else stores = pushVisit(stores, i, (FLAG_PICKUP << INFO_FLAGS) | (m << INFO_SLOT));
      }
    }
  }

  /** Draw slot m from an access table, −1 when the cell has none. */
  function drawOutlet(a: Access, cell: number, u: number): number {
    return a.total[cell] > 0 ? aliasDraw(a.prob, a.alias, cell * K, K, u) : -1;
  }

  /** Logit choice for customer i and service sv with channels in `exclude` (bit mask) removed; −1 if none. */
  function choose(i: number, sv: number, exclude: number, u: number): number {
    const base = ((C.segment[i] * NT + C.tier[i]) * (nSv + 1) + sv) * NC;
    const cellBase = C.cell[i] * NC, litBase = C.literacy[i] * NC, famBase = i * NC;
    let total = 0;
    for (let k = svcCh.offsets[sv]; k < svcCh.offsets[sv + 1]; k++) {
      const c = svcCh.list[k];
      let x = 0;
      if (!((exclude >> c) & 1) && (c !== S_APP || C.adopted[i])) {
        x = shared[base + c] * cellAcc[cellBase + c] * digitalT[litBase + c] * habitT[c * LEVELS + C.familiarity[famBase + c]];
      }
      w[c] = x;
      total += x;
    }
    if (!(total > 0)) return -1;
    let t = u * total;
    for (let k = svcCh.offsets[sv]; k < svcCh.offsets[sv + 1]; k++) {
      const c = svcCh.list[k];
      t -= w[c];
      if (t < 0 && w[c] > 0) return c;
    }
    for (let k = svcCh.offsets[sv + 1] - 1; k >= svcCh.offsets[sv]; k--) if (w[svcCh.list[k]] > 0) return svcCh.list[k];
    return -1;
  }

  /** Route a chosen channel: queue it, or complete it now. */
  /** `exclude`: channels already tried for this need (bit mask), carried into any re-choice. */
  function route(i: number, sv: number, c: number, rng: Rng, flags: number, exclude = 0) {
    const cell = C.cell[i];
    if (c === S_OWN) {
      const m = drawOutlet(accOwn, cell, rng.next());
      if (m < 0) return fail(i, sv, exclude | (1 << S_OWN), rng, flags);
      const j = accOwn.outlet[cell * K + m], tr = accOwn.travel[cell * K + m];
      if (sv < nSv && queueFree[sv] && floorGuide > 0 && rng.next() < floorGuide) {
        if (kioskCan[sv] && region.outlets[j].kiosks > 0) {
          handoffs[S_OWN * NC + S_KIOSK]++;
          return complete(i, sv, S_KIOSK, j, tr, 0, rng);
        }
        if (appCan[sv] && C.adopted[i]) {
          handoffs[S_OWN * NC + S_APP]++;
          return complete(i, sv, S_APP, -1, tr, 0, rng);
        }
      }
      stores = pushVisit(stores, i, sv | (flags << INFO_FLAGS) | (m << INFO_SLOT));
    } else if (c === S_PARTNER || c === S_KIOSK) {
      const a = c === S_PARTNER ? accPartner : accKiosk;
      const m = drawOutlet(a, cell, rng.next());
      if (m < 0) return fail(i, sv, exclude | (1 << c), rng, flags);
      const j = a.outlet[cell * K + m];
      if (c === S_PARTNER && partnerCan && sv < nSv && !partnerCan[j * nSv + sv]) return fail(i, sv, exclude | (1 << c), rng, flags);
      complete(i, sv, c, j, a.travel[cell * K + m], 0, rng);
    } else if (c === S_HOTLINE) {
      calls = pushVisit(calls, i, sv | (flags << INFO_FLAGS));
    } else {
      if (c === S_AM) amDemand++;
      complete(i, sv, c, -1, 0, 0, rng);
    }
  }

  /** A failed attempt: re-choose without the failed channels, or give up. */
  function fail(i: number, sv: number, exclude: number, rng: Rng, flags: number) {
    if (sv === acqIdx) { // a prospect turned away signs up elsewhere: no line, the slot is freed
      C.status[i] = 0;
      return;
    }
    if (rng.next() < s.choice.abandonAfterFailure) return abandon(i);
    const c = choose(i, sv, exclude, rng.next());
    choiceEvents++;
    if (c < 0) return abandon(i);
    route(i, sv, c, rng, flags | FLAG_RETRY, exclude);
  }

  function abandon(i: number) {
    abandoned++;
    const v = C.satisfaction[i] - s.satisfaction.failurePenalty * satAlpha;
    C.satisfaction[i] = v < 0 ? 0 : Math.round(v);
  }

  function applyOutletChanges() {
    let changed = false;
    if (month + 1 === s.levers.closures.fromMonth) {
      for (const id of closureSet) {
        const j = outletIndex.get(id);
        if (j !== undefined && open[j]) { closeOutlet(j); changed = true; }
      }
    }
    if (s.partners.exitMonths > 0) {
      for (let j = 0; j < nOut; j++) {
        if (open[j] && !isOwn[j] && lossMonths[j] >= s.partners.exitMonths) { closeOutlet(j); changed = true; }
      }
    }
    if (changed) rebuildAccess();
  }

  function closeOutlet(j: number) {
    open[j] = 0;
    closedAt[j] = month + 1;
    for (let i = 0; i < hiWater; i++) {
      if ((C.status[i] & ACTIVE) && C.home[i] === j) {
        C.status[i] |= DISPLACED;
        C.shock[i] = CLOSURE_SHOCK_MONTHS;
      }
    }
  }

  function diffuse(rng: Rng) {
    const steps = s.simulation.diffusionSubsteps, dt = 1 / steps;
    const p = s.adoption.p + s.levers.diversion.campaignP, q = s.adoption.q;
    const global = s.adoption.peerScope === 'global';
    const nD = global ? 1 : region.districts.length;
    const cellDistrict = region.cellDistrict, status = C.status, adopted = C.adopted, cell = C.cell;
    let adopters = new Float64Array(nD), next = new Float64Array(nD);
    const act = new Float64Array(nD), prob = new Float64Array(nD);
    for (let i = 0; i < hiWater; i++) {
      if (!(status[i] & ACTIVE)) continue;
      const d = global ? 0 : cellDistrict[cell[i]];
      act[d]++;
      adopters[d] += adopted[i];
    }
    // One pass a sub-step: adopt with F from the start of the sub-step, count F for the next.
    // Each non-adopter adopts with its district's probability, drawn by thinning: candidates
    // come up with the largest probability p_max — geometric gaps, one draw per candidate, not
    // per customer — and are kept with probability p_d / p_max.
    const fam = C.familiarity, n = hiWater;
    for (let st = 0; st < steps; st++) {
      let pMax = 0;
      for (let d = 0; d < nD; d++) {
        prob[d] = adoptionProbability(p, q, act[d] > 0 ? adopters[d] / act[d] : 0, dt);
        if (prob[d] > pMax) pMax = prob[d];
      }
      next.set(adopters);
      if (pMax > 0) {
        const rate = pMax >= 1 ? Infinity : -Math.log1p(-pMax);
        let gap = Math.floor(rng.exp1() / rate);
        for (let i = 0; i < n; i++) {
          if (!(status[i] & ACTIVE) || adopted[i]) continue;
          if (gap > 0) { gap--; continue; }
          gap = Math.floor(rng.exp1() / rate);
          const d = global ? 0 : cellDistrict[cell[i]];
          if (prob[d] === pMax || rng.next() * pMax < prob[d]) {
            adopted[i] = 1;
            next[d]++;
            const f = i * NC + S_APP;
            if (fam[f] < 64) fam[f] = 64;
          }
        }
      }
      [adopters, next] = [next, adopters];
    }
  }

  function prepareTables() {
    // Need rates: handset purchases respond to the subsidy (upgrades)
    const a = s.acquisition;
    const meanSub = meanSubsidy();
    const upgrade = Math.max(0, 1 + a.upgradePerCny * (meanSub - a.referenceSubsidy));
    for (let g = 0; g < NS; g++) {
      services.forEach((sv, k) => {
        svcWeight[k] = sv.incidence[SEGMENTS[g]] * (sv.handset ? upgrade : 1);
      });
      const total = aliasBuilder.build(svcWeight, 0, nSv, svcProb, svcAlias, g * nSv);
      needRate[g] = total;
      let p = Math.exp(-total), c = p;
      for (let n = 0; n < MAX_NEEDS; n++) {
        poissonCdf[g * MAX_NEEDS + n] = c;
        p *= total / (n + 1);
        c += p;
      }
    }
    // Shared utility factors; commissions push partner sales of new lines
    const push = s.acquisition.commissionPerCny * (s.levers.commission.perNewLine.partner - s.acquisition.referenceCommission);
    shared = sharedTable(s, allServices, (sv, c) => (sv === acqIdx && c === S_PARTNER ? push : 0));
    // Access: outlets' size × expected wait
    const bw = s.choice.waitPerMin;
    for (let j = 0; j < nOut; j++) factor[j] = sizeOwn[j] * Math.exp(-bw * expWait[j]);
    refreshAccess(accOwn, factor, cellAcc, NC, S_OWN);
    refreshAccess(accKiosk, sizeKiosk, cellAcc, NC, S_KIOSK);
    refreshAccess(accPartner, sizePartner, cellAcc, NC, S_PARTNER);
    const hot = Math.exp(-bw * expHotlineWait);
    for (let cell = 0; cell < region.nCells; cell++) {
      const b = cell * NC;
      for (let c = 0; c < NC; c++) if (c !== S_OWN && c !== S_KIOSK && c !== S_PARTNER) cellAcc[b + c] = 1;
      cellAcc[b + S_HOTLINE] = hot;
      cellAcc[b + S_AM] = amAvail;
    }
  }

  /** Subsidy per handset averaged over the tiers (0 for tiers not eligible). */
  function meanSubsidy(): number {
    return TIERS.reduce((acc, _, r) => acc + (eligibleTier[r] ? subsidyByBand[bandOfTier[r]] : 0), 0) / NT;
  }

  function acquire(rng: Rng) {
    const a = s.acquisition;
    const meanSub = meanSubsidy();
    const pWin = logistic(logit(a.baseWinShare) + a.subsidyPerCny * (meanSub - a.referenceSubsidy)
      + a.commissionPerCny * (s.levers.commission.perNewLine.partner - a.referenceCommission));
    const prospects = rng.poisson(a.marketMonthly * agents);
    let cursor = 0;
    blockCursor.set(blockStart.subarray(0, region.nCells));
    for (let k = 0; k < prospects; k++) {
      if (rng.next() >= pWin) continue;
      // a new line takes a free slot in its home cell's block (slots stay in cell order), else any
      const cell = searchCdf(cellCdf, rng.next());
      let i = blockCursor[cell];
      const end = blockStart[cell + 1];
      while (i < end && C.status[i] & ACTIVE) i++;
      blockCursor[cell] = i < end ? i + 1 : end;
      if (i >= end) {
        while (cursor < hiWater && C.status[cursor] & ACTIVE) cursor++;
        if (cursor >= C.capacity) C = growCustomers(C, Math.ceil(C.capacity * 1.1) + 1024);
        i = cursor++;
        if (i >= hiWater) hiWater = i + 1;
      }
      drawCustomer(C, i, s, pop, cellCdf, rng, 0, null, cell);
      const c = choose(i, acqIdx, 0, rng.next());
      choiceEvents++;
      if (c < 0) { C.status[i] = 0; continue; }
      route(i, acqIdx, c, rng, 0);
    }
  }

  /** Every active customer's needs this month: the hot loop. */
  function serveNeeds(rng: Rng) {
    const st = rng.state;
    let ra = st[0] | 0, rb = st[1] | 0, rc = st[2] | 0, rd = st[3] | 0, rt = 0;
    // Locals, not closure variables: the calls below would otherwise force a reload every use.
    const status = C.status, segment = C.segment, tier = C.tier, cellOf = C.cell, literacy = C.literacy;
    const fam = C.familiarity, adopted = C.adopted, satisfaction = C.satisfaction;
    const offs = svcCh.offsets, list = svcCh.list, sharedT = shared, acc = cellAcc, dig = digitalT, hab = habitT;
    const wl = w, txl = tx, svch = serviceChannel, qf = queueFree, hset = handsetSvc, rem = remote, elec = isElectronic;
    const pcdf = poissonCdf, sProb = svcProb, sAlias = svcAlias, sens = sensitive, cx = complexity, selfFail = s.choice.selfServiceFailure;
    const nSv1 = nSv + 1, n = hiWater, gainQ = famGainQ, alphaS = satAlpha, goodS = good, nServices = nSv;
    const home = C.home, fee = s.partners.serviceFee, kiosks = outletKiosks, kioskOk = kioskCan;
    const ownP = accOwn.prob, ownA = accOwn.alias, ownOutlet = accOwn.outlet, ownTravel = accOwn.travel;
    const partnerP = accPartner.prob, partnerA = accPartner.alias, partnerOutlet = accPartner.outlet, partnerTravel = accPartner.travel;
    const kioskP = accKiosk.prob, kioskA = accKiosk.alias, kioskOutlet = accKiosk.outlet, kioskTravel = accKiosk.travel;
    const cw = customerWeight, litGainT = literacyGainT;
    let events = 0, needCount = 0, qfAll = 0, am = 0, fees = 0;
    for (let i = 0; i < n; i++) {
      if (!(status[i] & ACTIVE)) continue;
      const g = segment[i];
      // number of needs: Poisson by inversion on the segment's table
      rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
      const u = (rt >>> 0) / 4294967296;
      let nNeeds = 0;
      const pb = g * MAX_NEEDS;
      while (nNeeds < MAX_NEEDS - 1 && u > pcdf[pb + nNeeds]) nNeeds++;
      if (nNeeds === 0) continue;
      needCount += nNeeds;
      const rowBase = (g * NT + tier[i]) * nSv1;
      const cellBase = cellOf[i] * NC, litBase = literacy[i] * NC, famBase = i * NC, cb = cellOf[i] * K;
      const hasApp = adopted[i], away = status[i] & DISPLACED;
      const sb = g * nServices;
      let sat: number = satisfaction[i], litUse = 0;
      // The customer's own factors (access, literacy, habit) are the same for every need this
      // month: one product per channel here, one multiplication per alternative below.
      // (written out for the ten channels: in a stand-alone copy of this loop V8 ran the straight line 14 % faster per choice)
      cw[0] = acc[cellBase] * dig[litBase] * hab[fam[famBase]];
      cw[1] = acc[cellBase + 1] * dig[litBase + 1] * hab[256 + fam[famBase + 1]];
      cw[2] = acc[cellBase + 2] * dig[litBase + 2] * hab[512 + fam[famBase + 2]];
      cw[3] = acc[cellBase + 3] * dig[litBase + 3] * hab[768 + fam[famBase + 3]];
      cw[4] = acc[cellBase + 4] * dig[litBase + 4] * hab[1024 + fam[famBase + 4]];
      cw[5] = acc[cellBase + 5] * dig[litBase + 5] * hab[1280 + fam[famBase + 5]];
      cw[6] = acc[cellBase + 6] * dig[litBase + 6] * hab[1536 + fam[famBase + 6]];
      cw[7] = acc[cellBase + 7] * dig[litBase + 7] * hab[1792 + fam[famBase + 7]];
      cw[8] = acc[cellBase + 8] * dig[litBase + 8] * hab[2048 + fam[famBase + 8]];
      cw[9] = acc[cellBase + 9] * dig[litBase + 9] * hab[2304 + fam[famBase + 9]];
      if (!hasApp) cw[S_APP] = 0;
      for (let k = 0; k < nNeeds; k++) {
        // service from the segment's mix (alias table)
        rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
        const xs = ((rt >>> 0) / 4294967296) * nServices, ks = xs | 0;
        const sv = xs - ks < sProb[sb + ks] ? ks : sAlias[sb + ks];
        // channel by logit over the channels that can carry it: running sums, then one uniform
        const base = (rowBase + sv) * NC;
        let total = 0;
        const o0 = offs[sv], o1 = offs[sv + 1];
        for (let q = o0; q < o1; q++) {
          const c = list[q];
          total += sharedT[base + c] * cw[c];
          wl[q - o0] = total;
        }
        events++;
        rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
        const t = ((rt >>> 0) / 4294967296) * total;
        let chosen = -1;
        if (total > 0) {
          let q = 0;
          const last = o1 - o0 - 1;
          while (q < last && wl[q] <= t) q++;
          // (t < total always; rounding could only leave q on a zero-weight tail: step back)
          while (q > 0 && wl[q] === wl[q - 1]) q--;
          chosen = list[o0 + q];
        }
        let failed = false;
        if (chosen >= 0 && elec[chosen] && selfFail > 0) {
          // a self-service attempt can fail: the harder the service and the less skilled the customer
          rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
          failed = (rt >>> 0) / 4294967296 < selfFail * cx[sv] * (1 - literacy[i] / 255);
        }
        if (failed || chosen < 0 || hset[sv] || away) {
          // the general path below
        } else if (rem[chosen]) {
          // The common case, a remote channel completing at once: what complete() does, inline.
          if (sampler) sampler.record(i, chosen, -1, sv, UNKNOWN_DAY);
          txl[chosen]++;
          svch[sv * NC + chosen]++;
          if (qf[sv]) qfAll++;
          const f = famBase + chosen;
          fam[f] += ((255 - fam[f]) * gainQ) >> 8;
          if (elec[chosen]) litUse++;
          else am++;
          sat += alphaS * (goodS - sat);
          continue;
        } else if ((chosen === S_OWN || chosen === S_KIOSK || (chosen === S_PARTNER && !partnerCan)) && !sens[sv]) {
          // The next most common cases, inline: a partner or a kiosk completes at once; a store
          // visit joins the counter queue unless a floor guide sends it to the store's kiosk
          // (a guide to the app takes the general path).
          rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
          const xo = ((rt >>> 0) / 4294967296) * K, ko = xo | 0;
          let ch = chosen, j = -1, tr = 0;
          if (chosen === S_OWN) {
            const m = xo - ko < ownP[cb + ko] ? ko : ownA[cb + ko];
            j = ownOutlet[cb + m]; tr = ownTravel[cb + m];
            let guided = false;
            if (qf[sv] && floorGuide > 0) {
              rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
              guided = (rt >>> 0) / 4294967296 < floorGuide;
            }
            if (!guided || !(kioskOk[sv] && kiosks[j] > 0)) {
              if (!guided || !(appCan[sv] && hasApp)) {
                stores = pushVisit(stores, i, sv | (m << INFO_SLOT));
                continue;
              }
              // redirected by a floor guide to the app: the general completion
              satisfaction[i] = sat < 0 ? 0 : sat > 100 ? 100 : Math.round(sat);
              st[0] = ra; st[1] = rb; st[2] = rc; st[3] = rd;
              handoffs[S_OWN * NC + S_APP]++;
              complete(i, sv, S_APP, -1, tr, 0, rng);
              sat = satisfaction[i];
              continue;
            }
            // redirected by a floor guide to a kiosk in the store
            handoffs[S_OWN * NC + S_KIOSK]++;
            ch = S_KIOSK;
          } else if (chosen === S_PARTNER) {
            const m = xo - ko < partnerP[cb + ko] ? ko : partnerA[cb + ko];
            j = partnerOutlet[cb + m]; tr = partnerTravel[cb + m];
            mPartnerIncome[j] += fee; mPartnerPaid[j] += fee; fees += fee;
          } else {
            const m = xo - ko < kioskP[cb + ko] ? ko : kioskA[cb + ko];
            j = kioskOutlet[cb + m]; tr = kioskTravel[cb + m];
          }
          if (sampler) sampler.record(i, ch, j, sv, UNKNOWN_DAY);
          txl[ch]++;
          svch[sv * NC + ch]++;
          if (qf[sv]) qfAll++;
          mTxByOutlet[j]++;
          home[i] = j;
          const f = famBase + ch;
          fam[f] += ((255 - fam[f]) * gainQ) >> 8;
          if (elec[ch]) litUse++;
          sat += alphaS * (goodS - travelPen * tr - sat);
          continue;
        }
        // Slower paths share state with complete(), route() and abandon(): sync it both ways.
        satisfaction[i] = sat < 0 ? 0 : sat > 100 ? 100 : Math.round(sat);
        st[0] = ra; st[1] = rb; st[2] = rc; st[3] = rd;
        if (chosen < 0) abandon(i);
        else if (failed) fail(i, sv, 1 << chosen, rng, 0);
        else {
          if (sens[sv] && referral > 0 && rng.next() < referral) {
            handoffs[S_HOTLINE * NC + S_OWN]++;
            calls = pushVisit(calls, i, sv | (FLAG_REFERRAL << INFO_FLAGS));
          }
          route(i, sv, chosen, rng, 0);
        }
        ra = st[0] | 0; rb = st[1] | 0; rc = st[2] | 0; rd = st[3] | 0;
        sat = satisfaction[i];
      }
      satisfaction[i] = sat < 0 ? 0 : sat > 100 ? 100 : Math.round(sat);
      if (litUse > 0) literacy[i] += Math.round((255 - literacy[i]) * litGainT[litUse]); // litUse ≤ needs < MAX_NEEDS
    }
    st[0] = ra; st[1] = rb; st[2] = rc; st[3] = rd;
    choiceEvents += events;
    needs += needCount;
    qfDone += qfAll;
    qfOutside += qfAll;
    amDemand += am;
    commission[S_PARTNER] += fees;
  }

  /**
   * Queue the month's visits: each is given a day, visits are bucketed by (server group, day)
   * with a counting sort, and each bucket runs as one FIFO queue (queue.ts). With agents
   * weighted w > 1 a visit enters the queue as w arrivals (floor(w), plus one more with
   * probability frac(w)): the agent and w − 1 shadow subscribers with their own day, service
   * time and patience, so the queue carries the whole city's load; shadows count in the wait
   * statistics and have no further effect.
   *
   * Within a bucket of m arrivals the times of day are m order statistics drawn directly in
   * ascending order (uniform spacings: cumulative sums of m + 1 exponentials, normalised, mapped
   * through the intraday profile), handed to the arrivals in a random order (Fisher–Yates), so
   * no sort is needed. `onBucket` sees every arrival of a bucket, shadows included; the visits'
   * own outcomes go to qOut (wait in 1/32 min, or GONE), indexed by visit, so that consequences
   * are applied afterwards in visit (= customer) order.
   */
  function runDayQueues(
    b: Visits, groups: number, slotOutlet: Int32Array | null, serviceMean: Float64Array, patientKey: number,
    patienceMean: number, servers: (g: number) => number, dayMin: (g: number) => number, dayProfile: Float64Array, rng: Rng,
    onBucket: (g: number, m: number, wait: Float64Array, reneged: Uint8Array) => void, busy?: Float64Array,
  ) {
    const n = b.n;
    if (n === 0) return;
    const info = b.info, escaped = b.escaped, cellOf = C.cell, nDays = days;
    const whole = Math.floor(weight), frac = weight - whole;
    const nb = groups * nDays;
    const count = new Int32Array(nb + 1);
    // pass 1: days and bucket sizes; pass 2 replays the shadows' draws to place them
    const replay = Uint32Array.from(rng.state);
    let ne = 0, i = 0, e = 0;
    for (let v = 0; v < n; v++) {
      const inf = info[v], step = inf >>> INFO_STEP;
      i = step === STEP_ESCAPE ? escaped[e++] : i + step;
      const d = Math.floor(rng.next() * nDays);
      info[v] = (inf & ~DAY_MASK) | (d << INFO_DAY);
      const g = slotOutlet === null ? 0 : slotOutlet[cellOf[i] * K + ((inf >>> INFO_SLOT) & 63)];
      count[g * nDays + d + 1]++;
      ne++;
      if (whole !== 1 || frac > 0) {
        const copies = whole - 1 + (frac > 0 && rng.next() < frac ? 1 : 0);
        for (let c = 0; c < copies; c++) count[g * nDays + Math.floor(rng.next() * nDays) + 1]++;
        ne += copies;
      }
    }
    for (let k = 0; k < nb; k++) count[k + 1] += count[k];
    if (qOrder.length < ne) { qOrder = new Int32Array(Math.max(ne, b.info.length)); qKey = new Uint8Array(qOrder.length); }
    if (qOut.length < n) qOut = new Uint16Array(b.info.length);
    // each arrival carries its service key (service, or PICKUP): the bucket loop then reads
    // nothing by visit index but the outcome it writes
    const order = qOrder, key = qKey, out = qOut, fill = count.slice(0, nb);
    const after = Uint32Array.from(rng.state);
    rng.state.set(replay);
    i = 0; e = 0;
    for (let v = 0; v < n; v++) {
      const inf = info[v], step = inf >>> INFO_STEP;
      i = step === STEP_ESCAPE ? escaped[e++] : i + step;
      rng.next();
      const g = slotOutlet === null ? 0 : slotOutlet[cellOf[i] * K + ((inf >>> INFO_SLOT) & 63)];
      const kv = (inf >>> INFO_FLAGS) & FLAG_PICKUP ? PICKUP : inf & 255;
      let at = fill[g * nDays + ((inf >>> INFO_DAY) & 31)]++;
      order[at] = v; key[at] = kv;
      if (whole !== 1 || frac > 0) {
        const copies = whole - 1 + (frac > 0 && rng.next() < frac ? 1 : 0);
        for (let c = 0; c < copies; c++) {
          at = fill[g * nDays + Math.floor(rng.next() * nDays)]++;
          order[at] = ~v; key[at] = kv;
        }
      }
    }
    rng.state.set(after);
    let maxB = 0;
    for (let k = 0; k < nb; k++) maxB = Math.max(maxB, count[k + 1] - count[k]);
    ensureQueueScratch(maxB);
    const { arr, svcT, pat, wait, reneged } = qs;
    for (let k = 0; k < nb; k++) {
      const lo = count[k], m = count[k + 1] - lo;
      if (m === 0) continue;
      const g = Math.floor(k / nDays), span = dayMin(g);
      orderedArrivals(rng, m, dayProfile, span, arr);
      for (let p = 0; p < m; p++) {
        // the p-th arrival is a random one of those left (Fisher–Yates, forwards)
        const q = lo + p + Math.floor(rng.next() * (m - p));
        const x = order[lo + p]; order[lo + p] = order[q]; order[q] = x;
        const kv = key[q];
        key[q] = key[lo + p];
        svcT[p] = rng.exp1() * serviceMean[kv];
        pat[p] = kv === patientKey ? Infinity : rng.exp1() * patienceMean;
      }
      const c = servers(g);
      if (c > 0) {
        if (qHeap.length < c) qHeap = new Float64Array(c);
        const res = simulateQueue(m, arr, svcT, pat, c, wait, reneged, qHeap);
        if (busy) busy[g] += res.busyMin;
      } else {
        wait.fill(0, 0, m);
        reneged.fill(1, 0, m);
      }
      onBucket(g, m, wait, reneged);
      for (let p = 0; p < m; p++) {
        const code = order[lo + p];
        if (code >= 0) {
          const wq = (wait[p] * WAIT_SCALE + 0.5) | 0;
          out[code] = reneged[p] ? GONE : wq < WAIT_MAX ? wq : WAIT_MAX;
        }
      }
    }
  }
  const qs = { cap: 0, arr: new Float64Array(0), svcT: new Float64Array(0), pat: new Float64Array(0), wait: new Float64Array(0), reneged: new Uint8Array(0) };
  let qOrder = new Int32Array(0), qKey = new Uint8Array(0), qOut = new Uint16Array(0), qHeap = new Float64Array(0);
  function ensureQueueScratch(m: number) {
    if (m <= qs.cap) return;
    const cap = Math.max(m, qs.cap * 2, 256);
    qs.cap = cap;
    qs.arr = new Float64Array(cap); qs.svcT = new Float64Array(cap); qs.pat = new Float64Array(cap);
    qs.wait = new Float64Array(cap); qs.reneged = new Uint8Array(cap);
  }

  /** Store counters: one FIFO queue per store and open day. */
  function runStores(rng: Rng, retryRng: Rng) {
    const b = stores;
    const monthSum = new Float64Array(nOut), monthN = new Float64Array(nOut);
    runDayQueues(
      b, nOut, accOwn.outlet, counterKeyMin, acqIdx, s.stores.patienceMeanMin,
      (j) => region.outlets[j].counters, (j) => region.outlets[j].openHours * 60, profile, rng,
      (j, m, wait) => {
        let sum = 0;
        const hb = j * STORE_BINS;
        for (let q = 0; q < m; q++) {
          const wt = wait[q];
          sum += wt;
          storeHist[hb + Math.min(STORE_BINS - 1, Math.floor(wt / STORE_BIN))]++;
          allHist[Math.min(WAIT_BINS - 1, Math.floor(wt / WAIT_BIN))]++;
        }
        waitSum += sum; waitN += m;
        monthSum[j] += sum; monthN[j] += m;
      },
      oBusy,
    );
    const out = qOut, info = b.info, escaped = b.escaped, cellOf = C.cell, ownOutlet = accOwn.outlet, ownTravel = accOwn.travel;
    const status = C.status, fam = C.familiarity, satisfaction = C.satisfaction, home = C.home;
    let served = 0, qfServed = 0, i = 0, e = 0;
    for (let v = 0; v < b.n; v++) {
      const inf = info[v], o = out[v], step = inf >>> INFO_STEP;
      i = step === STEP_ESCAPE ? escaped[e++] : i + step;
      const sv = inf & 255, f = (inf >>> INFO_FLAGS) & 15, cb = cellOf[i] * K + ((inf >>> INFO_SLOT) & 63);
      const j = ownOutlet[cb], tr = ownTravel[cb];
      if (o !== GONE && f === 0 && sv < nSv && !handsetSvc[sv] && !(status[i] & DISPLACED)) {
        // The common case, a plain service at the counter: what complete() does, inline.
        const d = (inf >>> INFO_DAY) & 31, wt = o / WAIT_SCALE;
        if (sampler) sampler.record(i, S_OWN, j, sv, d);
        served++;
        serviceChannel[sv * NC + S_OWN]++;
        if (queueFree[sv]) qfServed++;
        mTxByOutlet[j]++;
        home[i] = j;
        const fi = i * NC + S_OWN;
        fam[fi] += ((255 - fam[fi]) * famGainQ) >> 8;
        const x = satisfaction[i] + satAlpha * (good - waitPen * wt - travelPen * tr - satisfaction[i]);
        satisfaction[i] = x < 0 ? 0 : x > 100 ? 100 : Math.round(x);
        continue;
      }
      if (f & FLAG_PICKUP) { // a pick-up belongs to an order already counted
        mTxByOutlet[j]++;
        if (sampler) sampler.record(i, S_OWN, j, PICKUP, (inf >>> INFO_DAY) & 31);
        experience(i, S_OWN, tr, o === GONE ? s.stores.patienceMeanMin : o / WAIT_SCALE);
      } else if (o !== GONE) {
        txDay = (inf >>> INFO_DAY) & 31;
        complete(i, sv, S_OWN, j, tr, o / WAIT_SCALE, retryRng);
        txDay = UNKNOWN_DAY;
      } // else reneged: re-chosen in processRetries
    }
    tx[S_OWN] += served;
    qfDone += qfServed;
    for (let j = 0; j < nOut; j++) {
      oWaitSum[j] += monthSum[j]; oWaitN[j] += monthN[j];
      // customers act on expected waits: an exponentially weighted memory of monthly means
      expWait[j] = (1 - WAIT_MEMORY) * expWait[j] + WAIT_MEMORY * (monthN[j] > 0 ? monthSum[j] / monthN[j] : 0);
    }
  }

  /** The hotline: one FIFO queue per staffed day. */
  function runHotline(rng: Rng, retryRng: Rng) {
    const b = calls;
    const limit = s.hotline.answerWithinSec / 60;
    let wsum = 0, wn = 0, quickCalls = 0;
    runDayQueues(
      b, 1, null, hotlineService, -1, s.hotline.patienceMeanSec / 60,
      () => s.hotline.agents, () => s.hotline.hoursPerDay * 60, callProfile, rng,
      (_g, m, wait, reneged) => {
        for (let q = 0; q < m; q++) {
          wsum += wait[q];
          if (!reneged[q] && wait[q] <= limit) quickCalls++;
        }
        wn += m;
      },
    );
    const out = qOut, info = b.info, escaped = b.escaped;
    let i = 0, e = 0;
    for (let v = 0; v < b.n; v++) {
      const inf = info[v], o = out[v], sv = inf & 255, f = (inf >>> INFO_FLAGS) & 15, step = inf >>> INFO_STEP;
      i = step === STEP_ESCAPE ? escaped[e++] : i + step;
      if (f & FLAG_REFERRAL) continue; // the case goes on to a store
      if (o !== GONE) {
        txDay = (inf >>> INFO_DAY) & 31;
        complete(i, sv, S_HOTLINE, -1, 0, o / WAIT_SCALE, retryRng);
        txDay = UNKNOWN_DAY;
      } else if (f & FLAG_RETRY) abandon(i);
      else {
        choiceEvents++;
        const rc = retryRng.next() < s.choice.abandonAfterFailure ? -1 : choose(i, sv, (1 << S_HOTLINE) | (1 << S_OWN), retryRng.next());
        if (rc < 0) abandon(i);
        else route(i, sv, rc, retryRng, FLAG_RETRY, (1 << S_HOTLINE) | (1 << S_OWN));
      }
    }
    // service level over every call offered, shadows included
    callsOffered += wn;
    callsQuick += quickCalls;
    hotlineWaitSum += wsum;
    expHotlineWait = (1 - WAIT_MEMORY) * expHotlineWait + WAIT_MEMORY * (wn > 0 ? wsum / wn : 0);
  }

  /** Store visitors who reneged (their queue outcome is still in qOut) re-choose or give up, in visit order. */
  function processRetries(rng: Rng) {
    const b = stores, out = qOut, info = b.info, escaped = b.escaped;
    let i = 0, e = 0;
    for (let v = 0; v < b.n; v++) {
      const inf = info[v], step = inf >>> INFO_STEP;
      i = step === STEP_ESCAPE ? escaped[e++] : i + step;
      if (out[v] !== GONE) continue;
      const f = (inf >>> INFO_FLAGS) & 15;
      if (f & FLAG_PICKUP) continue;
      if (f & FLAG_RETRY) { abandon(i); continue; }
      fail(i, inf & 255, 1 << S_OWN, rng, f);
    }
  }

  function churnAndAge(rng: Rng): { churned: number; atRisk: number } {
    let churned = 0, atRisk = 0;
    const status = C.status, tier = C.tier, satisfaction = C.satisfaction, tenure = C.tenure, shock = C.shock, fam = C.familiarity;
    const decay = familiarityDecayT, n = hiWater;
    for (let i = 0; i < n; i++) {
      if (!(status[i] & ACTIVE)) continue;
      atRisk++;
      // churn with probability 1 − exp(−h): the event E < h for a standard exponential E
      if (rng.exp1() < churnT.hazard(tier[i], satisfaction[i], tenure[i], shock[i] > 0)) {
        churned++;
        if (status[i] & DISPLACED) flowCount[C.home[i] * (NC + 1) + NC]++;
        status[i] = 0;
        continue;
      }
      if (shock[i] > 0) shock[i]--;
      if (tenure[i] < 65535) tenure[i]++;
      const b = i * NC;
      for (let c = 0; c < NC; c++) fam[b + c] = decay[fam[b + c]];
    }
    return { churned, atRisk };
  }


  function step() {
    storesDone = false;
    let t = performance.now();
    const lap = (k: string) => { const now = performance.now(); phaseMs[k] = (phaseMs[k] ?? 0) + now - t; t = now; };
    applyOutletChanges();
    const r = (p: number) => Rng.from(seed, replication, month + 1, p);
    diffuse(r(PURPOSE.adoption));
    lap('adoption');
    prepareTables();
    tx.fill(0); mNewByOutlet.fill(0); mTxByOutlet.fill(0); mPartnerIncome.fill(0); mPartnerPaid.fill(0);
    storeHist.fill(0); allHist.fill(0);
    qfDone = qfOutside = needs = abandoned = newLines = handsets = subsidy = 0;
    commission.fill(0);
    waitSum = waitN = callsOffered = callsQuick = hotlineWaitSum = amDemand = 0;
    clearVisits(stores); clearVisits(calls);
    const retryRng = r(PURPOSE.retry);
    acquire(r(PURPOSE.acquisition));
    lap('tablesAndAcquisition');
    serveNeeds(r(PURPOSE.needs));
    lap('needs');
    runStores(r(PURPOSE.stores), retryRng);
    storesDone = true;
    processRetries(retryRng);
    lap('storeQueues');
    runHotline(r(PURPOSE.hotline), retryRng);
    lap('hotline');
    const capacity = s.accountManagers.managers * s.accountManagers.visitsPerManagerMonth;
    const strict = s.choice.directCapacityStrictness;
    const demand = amDemand * weight;
    amAvail = demand > capacity ? 1 - strict + strict * (capacity / demand) : 1;
    const { churned, atRisk } = churnAndAge(r(PURPOSE.churn));
    lap('churn');
    month++;
    record(churned, atRisk);
    lap('record');
  }

  function record(churned: number, atRisk: number) {
    let revenue = 0, satSum = 0, active = 0;
    const revByOutlet = new Float64Array(nOut);
    for (let i = 0; i < hiWater; i++) {
      if (!(C.status[i] & ACTIVE)) continue;
      active++;
      revenue += C.arpu[i];
      satSum += C.satisfaction[i];
      const h = C.home[i];
      if (h >= 0 && open[h]) revByOutlet[h] += C.arpu[i];
    }
    // agent counts → the city's counts
    const w = weight;
    revenue *= w;
    for (let j = 0; j < nOut; j++) { revByOutlet[j] *= w; mTxByOutlet[j] *= w; mNewByOutlet[j] *= w; mPartnerPaid[j] *= w; mPartnerIncome[j] *= w; }
    for (let c = 0; c < NC; c++) { tx[c] *= w; commission[c] *= w; }
    const cost = monthlyCosts(s, region, open, tx, commission, revenue);
    let completed = 0;
    for (let c = 0; c < NC; c++) completed += tx[c];
    const fam = { own: 0, partner: 0, electronic: 0, hotline: 0, direct: 0 };
    for (let c = 0; c < NC; c++) fam[family[c]] += tx[c];
    // A month without data for a KPI records NaN (absent), never a made-up 0 or 1.
    const share = (x: number) => (completed > 0 ? x / completed : NaN);
    const put = (k: KpiName, v: number) => monthly[k].push(v);
    put('eChannelShare', share(fam.electronic));
    put('storeShare', share(fam.own));
    put('partnerShare', share(fam.partner));
    put('hotlineShare', share(fam.hotline));
    put('directShare', share(fam.direct));
    put('diversionRate', qfDone > 0 ? qfOutside / qfDone : NaN);
    put('storeWaitMeanMin', waitN > 0 ? waitSum / waitN : NaN);
    put('storeWaitP90Min', waitN > 0 ? histQuantile(allHist, 0, WAIT_BINS, WAIT_BIN, 0.9) : NaN);
    put('hotlineServiceLevel', callsOffered > 0 ? callsQuick / callsOffered : NaN);
    put('abandonRate', needs > 0 ? abandoned / needs : NaN);
    put('churnRateMonthly', atRisk > 0 ? churned / atRisk : NaN);
    put('satisfaction', active > 0 ? satSum / active : NaN);
    put('newLines', newLines * w);
    put('handsetsSold', handsets * w);
    put('subsidySpend', subsidy * w);
    put('commissionSpend', commission.reduce((a, b) => a + b, 0));
    put('channelCost', cost.total);
    put('costPerTransaction', completed > 0 ? cost.total / completed : NaN);
    put('revenue', revenue);
    put('netContribution', revenue - cost.total - subsidy * w);
    channelMonthly.push(Array.from(tx));
    for (let c = 0; c < NC; c++) { chTxRun[c] += tx[c]; chCostRun[c] += cost.byChannel[c]; }
    for (let j = 0; j < nOut; j++) {
      if (!open[j]) continue;
      oMonthsOpen[j]++;
      oTx[j] += mTxByOutlet[j];
      oNew[j] += mNewByOutlet[j];
      oRev[j] += revByOutlet[j];
      oCost[j] += isOwn[j] ? cost.byOutlet[j] : mPartnerPaid[j];
      oP90Sum[j] += histQuantile(storeHist, j * STORE_BINS, STORE_BINS, STORE_BIN, 0.9);
      if (!isOwn[j]) {
        if (mPartnerIncome[j] < partnerFixed[j]) lossMonths[j]++;
        else lossMonths[j] = 0;
      }
    }
  }

  function result(): ReplicationResult {
    const run = Object.fromEntries(KPIS.map((k) => [k, mean(monthly[k])])) as Record<KpiName, number>;
    const channels = Object.fromEntries(CHANNELS.map((c, ci) => [c, { transactions: chTxRun[ci], cost: chCostRun[ci] }])) as ReplicationResult['channels'];
    const per = (a: Float64Array, j: number) => (oMonthsOpen[j] > 0 ? a[j] / oMonthsOpen[j] : 0);
    const closureFlows: Record<string, Record<string, number>> = {};
    for (let j = 0; j < nOut; j++) {
      if (!closedAt[j]) continue;
      let total = 0;
      for (let c = 0; c <= NC; c++) total += flowCount[j * (NC + 1) + c];
      const f: Record<string, number> = {};
      for (let c = 0; c <= NC; c++) f[c === NC ? 'lost' : CHANNELS[c]] = total > 0 ? flowCount[j * (NC + 1) + c] / total : 0;
      closureFlows[region.outlets[j].id] = f;
    }
    return {
      replication, seed, months: month, customers: agents, subscribers: s.simulation.customers, agentWeight: weight,
      monthly, run, channels, channelMonthly,
      serviceChannel: rows(serviceChannel, nSv + 1, NC, weight),
      handoffs: rows(handoffs, NC, NC, weight),
      outlets: region.outlets.map((o, j) => ({ id: o.id, name: o.name, kind: o.kind, x: o.x, y: o.y, open: open[j] === 1 })),
      outletStats: {
        transactions: region.outlets.map((_, j) => per(oTx, j)),
        newLines: region.outlets.map((_, j) => per(oNew, j)),
        revenue: region.outlets.map((_, j) => per(oRev, j)),
        cost: region.outlets.map((_, j) => per(oCost, j)),
        waitMeanMin: region.outlets.map((_, j) => (oWaitN[j] > 0 ? oWaitSum[j] / oWaitN[j] : 0)),
        waitP90Min: region.outlets.map((_, j) => per(oP90Sum, j)),
        utilization: region.outlets.map((o, j) => (isOwn[j] && oMonthsOpen[j] > 0 ? oBusy[j] / (o.counters * o.openHours * 60 * days * oMonthsOpen[j]) : 0)),
        open: region.outlets.map((_, j) => open[j] === 1),
      },
      closureFlows,
      choiceEvents,
      runtimeMs: performance.now() - t0,
    };
  }

  return {
    scenario: s, region, replication,
    get month() { return month; },
    customers: () => C,
    activeCount() {
      let n = 0;
      for (let i = 0; i < hiWater; i++) if (C.status[i] & ACTIVE) n++;
      return n;
    },
    adoptionShare() {
      let n = 0, a = 0;
      for (let i = 0; i < hiWater; i++) if (C.status[i] & ACTIVE) { n++; a += C.adopted[i]; }
      return n > 0 ? a / n : 0;
    },
    tick(n = 1) {
      for (let k = 0; k < n && month < months; k++) step();
    },
    result,
    choiceEvents: () => choiceEvents,
    phaseMs: () => ({ ...phaseMs }),
  };
}

/** Run one replication to the end. */
export function runReplication(s: Scenario, replication: number, hooks: RunHooks = {}): ReplicationResult {
  const model = createModel(s, replication);
  for (let m = 0; m < s.simulation.months; m++) {
    if (hooks.shouldStop?.()) throw new CancelledError();
    model.tick(1);
    hooks.onMonth?.(m + 1);
  }
  return model.result();
}

/** Quantile p of a histogram of `bins` bins of width `width` starting at `offset` (bin midpoint; 0 in the first bin). */
function histQuantile(h: Uint32Array, offset: number, bins: number, width: number, p: number): number {
  let total = 0;
  for (let b = 0; b < bins; b++) total += h[offset + b];
  if (total === 0) return 0;
  const target = p * total;
  let acc = 0;
  for (let b = 0; b < bins; b++) {
    acc += h[offset + b];
    if (acc >= target) return b === 0 ? 0 : (b + 0.5) * width;
  }
  return bins * width;
}

function rows(a: Float64Array, r: number, c: number, scale: number): number[][] {
  return Array.from({ length: r }, (_, i) => Array.from(a.subarray(i * c, (i + 1) * c), (x) => x * scale));
}

// Mean over the months that have the KPI (NaN marks a month without data); NaN when none has.
function mean(a: number[]): number {
  let s = 0, n = 0;
  for (const x of a) if (!Number.isNaN(x)) { s += x; n++; }
  return n > 0 ? s / n : NaN;
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
