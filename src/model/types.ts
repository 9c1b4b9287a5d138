/**
 * What one replication returns: plain objects and arrays only, so that it crosses postMessage
 * (Web Worker, worker_threads) intact and the experiment layer can aggregate it anywhere.
 */
import type { ChannelId } from './domain.ts';
import type { KpiName } from './kpis.ts';

export interface OutletRecord {
  id: string;
  name: string;
  kind: 'own' | 'partner';
  x: number;
  y: number;
  /** open at the end of the run (closed by the lever, or left the network) */
  open: boolean;
  /** a latent partner site (partners.latentSites): closed at the start, a partner may open there */
  latent?: true;
}

export interface OutletMonthly {
  /** per outlet, means over the months it was open */
  transactions: number[];
  newLines: number[];
  revenue: number[];
  cost: number[];
  waitMeanMin: number[];
  waitP90Min: number[];
  utilization: number[];
  open: boolean[];
}

/**
 * Each month's own figures per outlet, flat: entry m × outlets + j is month m + 1 (0-based m),
 * outlet j (city scale, like outletStats). A closed outlet's month is 0 with open 0.
 */
export interface OutletMonths {
  outlets: number;
  transactions: number[];
  newLines: number[];
  /** ARPU of the active customers whose home it is */
  revenue: number[];
  /** own store: its fixed cost; partner: what it was paid */
  cost: number[];
  /** store-queue arrivals (shadows included), their waits summed, and the 90 % point of the waits */
  waits: number[];
  waitSumMin: number[];
  waitP90Min: number[];
  /** counter minutes spent serving */
  busyMin: number[];
  /** counters staffed this month (own stores; 0 for partners and closed stores) */
  counters: number[];
  /** 1 when open this month, else 0 */
  open: number[];
}

/**
 * Service operations month by month (index 0 is month 1; city scale): the green channel's
 * effect, spill-over between the queue channels, counter staffing, platform costs and account
 * managers (docs/MODEL.md §7.13).
 */
export interface OperationsMonthly {
  /** mean store wait of arrivals in the VIP green channel (routing.vipTiers), and of the others, min */
  storeWaitVipMin: number[];
  storeWaitOtherMin: number[];
  /** hotline service level of VIP callers and of the others (1 with no calls) */
  hotlineServiceLevelVip: number[];
  hotlineServiceLevelOther: number[];
  /** calls answered by an agent (shadows included) */
  callsAnswered: number[];
  /** store visits and calls made while the queues ran: retries after a failed queue or channel, and pick-ups */
  lateStoreVisits: number[];
  lateCalls: number[];
  /** counters staffed over the open own stores, and their staff's cost, CNY */
  staffedCounters: number[];
  counterStaffCost: number[];
  /** the electronic platforms' share carried by the city, and fixed channel costs, CNY */
  platformCost: number[];
  /** account managers' transactions, and their share of the managers' capacity */
  amTransactions: number[];
  amUtilisation: number[];
}

/**
 * Partner outlets month by month (index 0 is month 1; docs/MODEL.md §7.12): those open at the
 * month's end, and next month's exit and entry hazards summed over the open partners and the
 * closed sites (partners.ts expectedMoves), from the profits booked this month.
 */
export interface PartnersMonthly {
  open: number[];
  expectedExits: number[];
  expectedEntries: number[];
}

export interface ReplicationResult {
  replication: number;
  seed: number;
  months: number;
  /** customer agents simulated */
  customers: number;
  /** subscribers in the region (simulation.customers) */
  subscribers: number;
  /** subscribers each agent stands for */
  agentWeight: number;
  /** kpi → value per month (index 0 is month 1) */
  monthly: Record<KpiName, number[]>;
  /** kpi → value over the run (mean of the monthly values) */
  run: Record<KpiName, number>;
  /** channel → completed transactions over the run, and its cost (CNY over the run) */
  channels: Record<ChannelId, { transactions: number; cost: number }>;
  /** completed transactions per month and channel: [month][channel index] */
  channelMonthly: number[][];
  /** completed transactions over the run: [service index][channel index] */
  serviceChannel: number[][];
  /** hand-offs over the run: [from channel][to channel] */
  handoffs: number[][];
  outlets: OutletRecord[];
  outletStats: OutletMonthly;
  /** the same figures month by month, so that a month's outlet figures need no differencing */
  outletMonths: OutletMonths;
  operations: OperationsMonthly;
  partners: PartnersMonthly;
  /** where the home customers of each closed outlet went: outlet id → destination → share */
  closureFlows: Record<string, Record<string, number>>;
  /** choice events made (for throughput figures) */
  choiceEvents: number;
  runtimeMs: number;
}

/** Callbacks a caller may pass to runReplication. */
export interface RunHooks {
  /** called after each simulated month (1-based) */
  onMonth?: (month: number) => void;
  /** polled between months; true stops the run, which then throws a CancelledError */
  shouldStop?: () => boolean;
}
