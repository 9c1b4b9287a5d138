/**
 * The model's state: one object of typed arrays and numbers that every step of the month reads
 * and writes (acquire(st, rng), serveNeeds(st, rng), runStores(st, rng, retryRng), …). Customers
 * are a struct of arrays (customers.ts), never an object each. Tables fixed by the scenario are
 * built here once; what changes is the customers, the outlets' state (outlets.ts), the month's
 * tallies and the run's record (recorder.ts), the queue buffers (visits.ts, dayqueues.ts), the
 * expected hotline wait and the account managers' availability.
 */
import { CH, NC } from './domain.ts';
import { agentsOf, type Scenario } from './scenario.ts';
import { buildRegion, cumulative, type Region } from './region.ts';
import { Rng } from './rng.ts';
import { customerTables, sharedTable, type ChoiceTables } from './choice.ts';
import { allocateCustomers, population, populate, type Customers, type Population, type Slots } from './customers.ts';
import { churnTables, familiarityDecayTable, type ChurnTables } from './churn.ts';
import { intradayProfile } from './queue.ts';
import { serviceTables, type Services } from './services.ts';
import { createOutlets, drawHome, refreshAccessFactors, type Outlets } from './outlets.ts';
import { acquisitionTables, referenceConstant, type AcquisitionTables } from './acquisition.ts';
import { contractTables, initContracts, type ContractTables } from './contracts.ts';
import { createCompetitor, type Competitor } from './competitor.ts';
import { needTables, type NeedTables } from './needs.ts';
import { experienceRule, type Experience } from './completion.ts';
import { clearVisits, createVisits, type Visits } from './visits.ts';
import { createDayQueues, type DayQueues, type QueueSpec } from './dayqueues.ts';
import { clearMonth, createRecorder, createTally, type Recorder, type Tally } from './recorder.ts';
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
  readonly pop: Population;
  readonly cellCdf: Float64Array;
  readonly choice: ChoiceTables;
  readonly needs: NeedTables;
  readonly exp: Experience;
  readonly acq: AcquisitionTables;
  readonly contracts: ContractTables;
  /** the competitor's subsidy and price response (competitor.ts) */
  readonly competitor: Competitor;
  readonly churn: ChurnTables;
  readonly familiarityDecay: Uint8Array;
  readonly tally: Tally;
  readonly rec: Recorder;
  /** the month's counter visits and calls, and the queues' scratch */
  readonly stores: Visits;
  readonly calls: Visits;
  readonly queues: DayQueues;
  readonly storeQueue: QueueSpec;
  readonly hotlineQueue: QueueSpec;
  /** months simulated so far */
  month: number;
  /** this month's counters have run (a pick-up ordered later is counted without a queue) */
  storesDone: boolean;
  /** day of the transaction being completed, for the sampler (UNKNOWN_DAY outside the queues) */
  txDay: number;
  expHotlineWait: number;
  /** account managers' availability (accountManagers.ts) */
  amAvail: number;
  readonly sampler: TransactionSampler | undefined;
  readonly fastPaths: boolean;
}

/** Stream purposes: (seed, replication, month, purpose) keys each stream (rng.ts). */
export const PURPOSE = { init: 1, adoption: 2, acquisition: 3, needs: 4, stores: 5, hotline: 6, retry: 7, churn: 8, partners: 9 } as const;

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
  };
  // Each agent stands for `weight` subscribers: counts and money are scaled by it, and the queues
  // carry the whole city's load through shadow arrivals (dayqueues.ts).
  const { agents, weight } = agentsOf(s);
  const cellCdf = cumulative(region.cellWeight);
  const pop = population(s, region);
  const C = allocateCustomers(Math.ceil(agents * 1.02) + 1024);
  const init = Rng.from(seed, replication, 0, PURPOSE.init);
  const slots = populate(C, agents, s, pop, cellCdf, region.nCells, init, (i) => drawHome(outlets, C, i, init));
  initContracts(C, slots.hiWater, contracts, init);
  // the outside option's constant, on the city as it stands at the start (acquisition.ts)
  refreshAccessFactors(outlets, s, region.nCells, 0, 1);
  acq.constant = referenceConstant(s, sv, pop, cellCdf, choice, Float64Array.from(outlets.cellAcc));
  const days = s.simulation.daysPerMonth;
  const storeQueue: QueueSpec = {
    groups: outlets.n, slotOutlet: outlets.own.outlet, K: outlets.K, days, weight,
    serviceMean: sv.counterMin, patientKey: sv.newLine, patienceMean: s.stores.patienceMeanMin,
    servers: region.outlets.map((o) => o.counters), dayMin: region.outlets.map((o) => o.openHours * 60),
    profile: intradayProfile(s.stores.peakiness),
  };
  const hotlineQueue: QueueSpec = {
    groups: 1, slotOutlet: null, K: outlets.K, days, weight,
    serviceMean: sv.callMin, patientKey: -1, patienceMean: s.hotline.patienceMeanSec / 60,
    servers: [s.hotline.agents], dayMin: [s.hotline.hoursPerDay * 60], profile: intradayProfile(s.hotline.peakiness),
  };
  return {
    s, region, seed, replication, agents, weight, days, sv, outlets, C, slots, pop, cellCdf, choice,
    needs: needTables(s, contracts), exp: experienceRule(s), acq, contracts, competitor: createCompetitor(s),
    churn: churnTables(s), familiarityDecay: familiarityDecayTable(s.adoption.familiarityDecay),
    tally: createTally(outlets.n, sv.n), rec: createRecorder(outlets.n),
    // Room for twice a typical month (about 1.45 counter visits and 0.3 calls per customer): pages
    // never written are never resident, and a buffer that must grow is copied, briefly doubling it.
    stores: createVisits(Math.ceil(agents * 3) + 1024), calls: createVisits(Math.ceil(agents * 0.6) + 1024),
    queues: createDayQueues(), storeQueue, hotlineQueue,
    month: 0, storesDone: false, txDay: UNKNOWN_DAY, expHotlineWait: 0, amAvail: 1,
    sampler: options.sampler, fastPaths: options.fastPaths ?? true,
  };
}

/** Open a month: access factors with last month's waits, tallies and queue buffers emptied. */
export function openMonth(st: ModelState): void {
  st.storesDone = false;
  refreshAccessFactors(st.outlets, st.s, st.region.nCells, st.expHotlineWait, st.amAvail);
  clearMonth(st.tally);
  clearVisits(st.stores);
  clearVisits(st.calls);
}
