/**
 * The model's state: one object of typed arrays and numbers that every step of the month reads
 * and writes (acquire(st, rng), serveNeeds(st, rng), runQueues(st, …), …). Customers
 * are a struct of arrays (customers.ts), never an object each. Tables fixed by the scenario are
 * built here once; what changes is the customers, the outlets' state (outlets.ts), the month's
 * tallies and the run's record (recorder.ts), the queue buffers (visits.ts, dayqueues.ts), the
 * stores' staffed counters, the hotline's expected wait and answered share and the account
 * managers' availability.
 */
import { CH, NC, TIERS } from './domain.ts';
import { agentsOf, type Scenario } from './scenario.ts';
import { buildRegion, cumulative, type Region } from './region.ts';
import { Rng } from './rng.ts';
import { customerTables, managerFirstTable, sharedTable, type ChoiceTables } from './choice.ts';
import { allocateCustomers, population, populate, prospectTables, type Customers, type Population, type Slots } from './customers.ts';
import { churnTables, familiarityDecayTable, type ChurnTables } from './churn.ts';
import { intradayProfile } from './queue.ts';
import { serviceTables, type Services } from './services.ts';
import { createOutlets, drawHome, refreshAccessFactors, type Outlets } from './outlets.ts';
import { acquisitionTables, referenceConstant, type AcquisitionTables } from './acquisition.ts';
import { contractTables, initContracts, type ContractTables } from './contracts.ts';
import { createCompetitor, type Competitor } from './competitor.ts';
import { needTables, type NeedTables } from './needs.ts';
import { experienceRule, type Experience } from './completion.ts';
import { createDayVisits, startDayVisits, type DayVisits } from './visits.ts';
import { createDayQueues, type DayQueues, type QueueSpec } from './dayqueues.ts';
import { createStaffing, rosterMonth, type Staffing } from './stores.ts';
import { managerAvailability, proactiveShare } from './accountManagers.ts';
import { clearMonth, createRecorder, createTally, type Recorder, type Tally } from './recorder.ts';
import { BLOCKS } from './blocks.ts';
import { UNKNOWN_DAY, type TransactionSampler } from './sampler.ts';

/** What createModel accepts besides the scenario and replication. */
export interface ModelOptions {
  /** an optional record of single customers' transactions (training mode); it draws no numbers */
  sampler?: TransactionSampler;
  /**
   * false: every need and counter visit takes the general completion path instead of the hot
   * loop's inlined common cases (same results; for the differential test). Default true.
   */
  fastPaths?: boolean;
}

export interface ModelState {
  readonly s: Scenario;
  readonly region: Region;
  readonly seed: number;
  readonly replication: number;
  /** customer agents at the start, and the subscribers each stands for */
  readonly agents: number;
  readonly weight: number;
  readonly days: number;
  readonly sv: Services;
  readonly outlets: Outlets;
  readonly C: Customers;
  readonly slots: Slots;
  /** the prospects' sampling tables and cell distribution (customers.ts prospectTables) */
  readonly market: { readonly pop: Population; readonly cellCdf: Float64Array };
  readonly choice: ChoiceTables;
  readonly needs: NeedTables;
  readonly exp: Experience;
  readonly acq: AcquisitionTables;
  readonly contracts: ContractTables;
  /** the competitor's subsidy and price response (competitor.ts) */
  readonly competitor: Competitor;
  readonly churn: ChurnTables;
  readonly familiarityDecay: Uint8Array;
  /** the month's tally; while a block of needs is served (blocks.ts), that block's own */
  tally: Tally;
  /** each block's tally of the needs and of the settling, added to the month's in block order (blocks.ts) */
  readonly blockTallies: readonly Tally[];
  readonly rec: Recorder;
  /** the month's counter visits and calls by day (a block's own while an exported block is served), and each queue channel's scratch */
  stores: DayVisits;
  calls: DayVisits;
  readonly storeDays: DayQueues;
  readonly callDays: DayQueues;
  readonly storeQueue: QueueSpec;
  readonly hotlineQueue: QueueSpec;
  /** counters staffed at each own store (stores.ts) */
  readonly staffing: Staffing;
  /** months simulated so far */
  month: number;
  /** no counter day is left this month (a pick-up ordered now is counted without a queue) */
  storesDone: boolean;
  /** queue channels (bit mask) a re-choice may not take: both on the month's last queue day */
  closedQueues: number;
  /** day of the transaction being completed, for the sampler (UNKNOWN_DAY outside the queues) */
  txDay: number;
  expHotlineWait: number;
  /** share of calls answered, the memory customers act on (dayqueues.ts expectedServed) */
  expHotlineServed: number;
  /** account managers' availability (accountManagers.ts) */
  amAvail: number;
  /** share of proactive needs account managers take first this month (accountManagers.ts) */
  amFirstShare: number;
  readonly sampler: TransactionSampler | undefined;
  readonly fastPaths: boolean;
  /**
   * While one channel's served visits or answered calls are settled (completion.ts deferGains),
   * each customer's familiarity gains on `gainChannel` not yet applied (at most 255; null at other
   * times), applied in slot order afterwards (applyGains) instead of a scattered row each.
   */
  gains: Uint8Array | null;
  gainChannel: number;
  /** the room `gains` points into, kept from month to month (zero between settlings) */
  gainsRoom: Uint8Array;
}

/** Stream purposes: (seed, replication, month, purpose) keys each stream (rng.ts). */
export const PURPOSE = { init: 1, adoption: 2, acquisition: 3, needs: 4, stores: 5, hotline: 6, retry: 7, churn: 8, storeDays: 9, callDays: 10, partners: 11, counterSales: 12, callSales: 13, needDays: 14 } as const;

export function createState(s: Scenario, replication: number, options: ModelOptions = {}): ModelState {
  const seed = s.simulation.seed;
  const region = buildRegion(s);
  const sv = serviceTables(s);
  const outlets = createOutlets(s, region);
  const acq = acquisitionTables(s);
  const contracts = contractTables(s);
  const { digital, habit } = customerTables(s);
  // partners' selling effort weighs their sales: new lines and handsets (acquisition.ts)
  const effort = Math.log(acq.effort);
  const choice: ChoiceTables = {
    channels: sv.channels, rows: sv.n + 1, digital, habit, cellAcc: outlets.cellAcc, cum: new Float64Array(NC),
    shared: sharedTable(s, sv.all, (k, c) => (c === CH.partner && (k === sv.newLine || sv.handset[k]) ? effort : 0)),
    managerFirst: managerFirstTable(s, sv.all),
  };
  // Each agent stands for `weight` subscribers: counts and money are scaled by it, and the queues
  // carry the whole city's load through shadow arrivals (dayqueues.ts).
  const { agents, weight } = agentsOf(s);
  const cellCdf = cumulative(region.cellWeight);
  const pop = population(s, region), market = prospectTables(s, region);
  // Room for the first month's new lines too (they come before anyone has churned to free a
  // slot): pages never written are never resident, while growing later copies every array,
  // briefly holding both copies (customers.ts).
  const C = allocateCustomers(Math.ceil(agents * (1.02 + 1.5 * s.acquisition.marketMonthly)) + 1024);
  const init = Rng.from(seed, replication, 0, PURPOSE.init);
  const slots = populate(C, agents, s, pop, cellCdf, region.nCells, init, (i) => drawHome(outlets, C, i, init));
  initContracts(C, slots.hiWater, contracts, init);
  // the outside option's constant, on the city as it stands at the start (acquisition.ts): the
  // access factors month 1 will see; a hotline without agents answers nobody, and customers know it
  const amAvail = managerAvailability(s, 0), hotlineServed = s.hotline.agents > 0 ? 1 : 0;
  refreshAccessFactors(outlets, s, region.nCells, 0, amAvail, hotlineServed);
  acq.constant = referenceConstant(s, sv, market.pop, market.cellCdf, choice, Float64Array.from(outlets.cellAcc));
  const days = s.simulation.daysPerMonth;
  const staffing = createStaffing(region);
  // the green channel (绿色通道): these tiers are served first where the lane is on
  const vip = new Set(s.routing.vipTiers), first = Uint8Array.from(TIERS, (t) => (vip.has(t) ? 1 : 0));
  const storeQueue: QueueSpec = {
    groups: outlets.n, slotOutlet: outlets.own.outlet, K: outlets.K, days, weight,
    serviceMean: sv.counterMin, patientKey: sv.newLine, patienceMean: s.stores.patienceMeanMin,
    servers: staffing.counters, dayMin: region.outlets.map((o) => o.openHours * 60),
    profile: intradayProfile(s.stores.peakiness), first, priority: s.routing.storePriority,
  };
  const hotlineQueue: QueueSpec = {
    groups: 1, slotOutlet: null, K: outlets.K, days, weight,
    serviceMean: sv.callMin, patientKey: -1, patienceMean: s.hotline.patienceMeanSec / 60,
    servers: [s.hotline.agents], dayMin: [s.hotline.hoursPerDay * 60], profile: intradayProfile(s.hotline.peakiness),
    first, priority: s.routing.hotlinePriority,
  };
  return {
    s, region, seed, replication, agents, weight, days, sv, outlets, C, slots, market, choice,
    needs: needTables(s, contracts), exp: experienceRule(s), acq, contracts, competitor: createCompetitor(s),
    churn: churnTables(s), familiarityDecay: familiarityDecayTable(s.adoption.familiarityDecay),
    tally: createTally(outlets.n, sv.n, outlets.nOwn), blockTallies: Array.from({ length: BLOCKS }, () => createTally(outlets.n, sv.n, 0)), rec: createRecorder(outlets.n),
    // Room for twice a typical month (about 1.45 counter visits and 0.3 calls per customer): pages
    // never written are never resident, and a buffer that must grow is copied, briefly doubling it.
    stores: createDayVisits(days, Math.ceil(agents * 3) + 1024, Rng.from(seed, replication, 0, PURPOSE.storeDays)),
    calls: createDayVisits(days, Math.ceil(agents * 0.6) + 1024, Rng.from(seed, replication, 0, PURPOSE.callDays)),
    storeDays: createDayQueues(), callDays: createDayQueues(), storeQueue, hotlineQueue, staffing,
    month: 0, storesDone: false, closedQueues: 0, txDay: UNKNOWN_DAY, expHotlineWait: 0,
    expHotlineServed: hotlineServed, amAvail, amFirstShare: proactiveShare(s, 0),
    sampler: options.sampler, fastPaths: options.fastPaths ?? true, gains: null, gainChannel: -1, gainsRoom: new Uint8Array(0),
  };
}

/** Open a month: access factors with last month's waits, tallies and queue buffers emptied. */
export function openMonth(st: ModelState): void {
  const month = st.month + 1;
  st.storesDone = false;
  rosterMonth(st.staffing);
  refreshAccessFactors(st.outlets, st.s, st.region.nCells, st.expHotlineWait, st.amAvail, st.expHotlineServed);
  clearMonth(st.tally);
  startDayVisits(st.stores, Rng.from(st.seed, st.replication, month, PURPOSE.storeDays));
  startDayVisits(st.calls, Rng.from(st.seed, st.replication, month, PURPOSE.callDays));
}
