/**
 * The recorder: what a month tallies while it runs, the month's KPIs from the tallies (kpis.ts,
 * CONTRACTS.md; definitions in docs/MODEL.md §7.13), and the replication's result (types.ts).
 *
 * Counts are kept in agents during the month and scaled by the agent weight w here (§7.14):
 * transactions, commissions, new lines, handsets, subsidy, revenue and the per-outlet figures.
 * Rates and means are ratios of agent counts. Percentiles come from histograms (histQuantile):
 * quarter-minute bins up to 8 h over all stores, half-minute bins up to 4 h per store.
 */
import { CH, CHANNEL_FAMILY, CHANNELS, NC } from './domain.ts';
import { KPIS, type KpiName } from './kpis.ts';
import { monthlyCosts } from './money.ts';
import { ACTIVE } from './customers.ts';
import { spend } from './contracts.ts';
import { bookPartners, expectedMoves } from './partners.ts';
import type { OperationsMonthly, OutletMonths, PartnersMonthly, ReplicationResult } from './types.ts';
import type { ModelState } from './state.ts';

export const WAIT_BIN = 0.25, WAIT_BINS = 1920, STORE_BIN = 0.5, STORE_BINS = 480;

/** What the month's steps add up; the first group is cleared every month, the second runs on. */
export interface Tally {
  /** completed transactions by channel */
  tx: Float64Array;
  /** commissions (per new line, partner service fees) by channel */
  commission: Float64Array;
  newByOutlet: Float64Array;
  txByOutlet: Float64Array;
  /** a partner's income from the operator (fees, commissions, handset margins) and what it was paid */
  partnerIncome: Float64Array;
  partnerPaid: Float64Array;
  /** the part of a partner's income earned by selling (commissions per line, handset margins) */
  partnerSales: Float64Array;
  /** store waits: per store (STORE_BINS each) and over all stores */
  storeHist: Uint32Array;
  allHist: Uint32Array;
  /** completed queue-free needs, and those completed outside own stores */
  qfDone: number;
  qfOutside: number;
  needs: number;
  abandoned: number;
  newLines: number;
  handsets: number;
  subsidy: number;
  /** store-queue arrivals (shadows included) and their waits; the same for the first (VIP) class */
  waitSum: number;
  waitN: number;
  waitSumFirst: number;
  waitNFirst: number;
  /** calls offered (shadows included), their waits, those answered, those answered within the target; the first class's */
  callsOffered: number;
  callWaitSum: number;
  callsAnswered: number;
  callsQuick: number;
  callsOfferedFirst: number;
  callsQuickFirst: number;
  /** needs served by account managers (agents), and needs their managers could take first (proactive) */
  amDemand: number;
  amEligible: number;
  /** prospects, those won, and those lost again (no channel or outlet, a store that could not serve them) */
  prospects: number;
  won: number;
  lostProspects: number;
  /** per store: waits summed, arrivals, counter minutes spent serving, arrivals who reneged, service minutes the arrivals brought */
  waitSumByOutlet: Float64Array;
  waitNByOutlet: Float64Array;
  busyByOutlet: Float64Array;
  renegedByOutlet: Float64Array;
  offeredByOutlet: Float64Array;

  // over the run
  choiceEvents: number;
  /** (service, new line last) × channel */
  serviceChannel: Float64Array;
  /** from channel × to channel */
  handoffs: Float64Array;
  /** closed outlet × (channel | lost) */
  flowCount: Float64Array;
  /** counter minutes spent serving, per store */
  busy: Float64Array;
}

/**
 * A tally for nOut outlets and nServices services, with per-store wait histograms for `nStores`
 * own stores (STORE_BINS each, by Outlets.ownSlot: partners have no queue). 0 leaves them out:
 * the blocks' tallies (blocks.ts) never hold a queue's waits.
 */
export function createTally(nOut: number, nServices: number, nStores: number): Tally {
  return {
    tx: new Float64Array(NC), commission: new Float64Array(NC),
    newByOutlet: new Float64Array(nOut), txByOutlet: new Float64Array(nOut), partnerIncome: new Float64Array(nOut), partnerPaid: new Float64Array(nOut), partnerSales: new Float64Array(nOut),
    storeHist: new Uint32Array(nStores * STORE_BINS), allHist: new Uint32Array(WAIT_BINS),
    qfDone: 0, qfOutside: 0, needs: 0, abandoned: 0, newLines: 0, handsets: 0, subsidy: 0,
    waitSum: 0, waitN: 0, waitSumFirst: 0, waitNFirst: 0,
    callsOffered: 0, callWaitSum: 0, callsAnswered: 0, callsQuick: 0, callsOfferedFirst: 0, callsQuickFirst: 0, amDemand: 0, amEligible: 0, prospects: 0, won: 0, lostProspects: 0,
    waitSumByOutlet: new Float64Array(nOut), waitNByOutlet: new Float64Array(nOut), busyByOutlet: new Float64Array(nOut),
    renegedByOutlet: new Float64Array(nOut), offeredByOutlet: new Float64Array(nOut),
    choiceEvents: 0, serviceChannel: new Float64Array((nServices + 1) * NC), handoffs: new Float64Array(NC * NC),
    flowCount: new Float64Array(nOut * (NC + 1)), busy: new Float64Array(nOut),
  };
}

export function clearMonth(t: Tally): void {
  t.tx.fill(0); t.commission.fill(0);
  t.newByOutlet.fill(0); t.txByOutlet.fill(0); t.partnerIncome.fill(0); t.partnerPaid.fill(0); t.partnerSales.fill(0);
  t.storeHist.fill(0); t.allHist.fill(0);
  t.qfDone = t.qfOutside = t.needs = t.abandoned = t.newLines = t.handsets = t.subsidy = 0;
  t.waitSum = t.waitN = t.callsOffered = t.callsQuick = t.amDemand = t.prospects = t.won = t.lostProspects = 0;
  t.amEligible = t.waitSumFirst = t.waitNFirst = t.callWaitSum = t.callsAnswered = t.callsOfferedFirst = t.callsQuickFirst = 0;
  t.waitSumByOutlet.fill(0); t.waitNByOutlet.fill(0); t.busyByOutlet.fill(0); t.renegedByOutlet.fill(0); t.offeredByOutlet.fill(0);
}

/** The run so far: KPIs by month and per-outlet sums over the months each outlet was open. */
export interface Recorder {
  monthly: Record<KpiName, number[]>;
  channelMonthly: number[][];
  chTx: Float64Array;
  chCost: Float64Array;
  oTx: Float64Array;
  oNew: Float64Array;
  oRev: Float64Array;
  oCost: Float64Array;
  oWaitSum: Float64Array;
  oWaitN: Float64Array;
  oMonthsOpen: Float64Array;
  oP90Sum: Float64Array;
  /** staffed counter-minutes open, per store (utilisation's denominator) */
  oCounterMin: Float64Array;
  outletMonths: OutletMonths;
  operations: OperationsMonthly;
  partners: PartnersMonthly;
}

export function createRecorder(nOut: number): Recorder {
  const z = () => new Float64Array(nOut);
  return {
    monthly: Object.fromEntries(KPIS.map((k) => [k, [] as number[]])) as Record<KpiName, number[]>,
    channelMonthly: [], chTx: new Float64Array(NC), chCost: new Float64Array(NC),
    oTx: z(), oNew: z(), oRev: z(), oCost: z(), oWaitSum: z(), oWaitN: z(), oMonthsOpen: z(), oP90Sum: z(), oCounterMin: z(),
    outletMonths: {
      outlets: nOut, transactions: [], newLines: [], revenue: [], cost: [], waits: [], waitSumMin: [], waitP90Min: [], busyMin: [], counters: [], open: [],
    },
    operations: {
      storeWaitVipMin: [], storeWaitOtherMin: [], hotlineServiceLevelVip: [], hotlineServiceLevelOther: [], callsAnswered: [],
      lateStoreVisits: [], lateCalls: [], staffedCounters: [], counterStaffCost: [], platformCost: [], amTransactions: [], amUtilisation: [],
    },
    partners: { open: [], expectedExits: [], expectedEntries: [] },
  };
}

/** Close the month: its KPIs and per-outlet figures; the partners' profits (partners.ts). */
export function record(m: ModelState, churned: number, atRisk: number): void {
  const { s, region, outlets, C, tally: t, rec } = m;
  const nOut = outlets.n, open = outlets.open;
  let revenue = 0, satSum = 0, active = 0;
  const revByOutlet = new Float64Array(nOut), minSpend = m.contracts.minSpend;
  for (let i = 0; i < m.slots.hiWater; i++) {
    if (!(C.status[i] & ACTIVE)) continue;
    active++;
    const a = spend(C, i, minSpend);
    revenue += a;
    satSum += C.satisfaction[i];
    // an outlet's revenue is its developed customers' (发展用户收入, seed 004), not its visitors'
    const d = C.developer[i];
    if (d >= 0 && open[d]) revByOutlet[d] += a;
  }
  // agent counts → the city's counts
  const w = m.weight;
  revenue *= w;
  for (let j = 0; j < nOut; j++) { revByOutlet[j] *= w; t.txByOutlet[j] *= w; t.newByOutlet[j] *= w; t.partnerPaid[j] *= w; t.partnerIncome[j] *= w; t.partnerSales[j] *= w; }
  for (let c = 0; c < NC; c++) { t.tx[c] *= w; t.commission[c] *= w; }
  const staffed = m.staffing.counters;
  const cost = monthlyCosts(s, region, open, t.tx, t.commission, revenue, staffed, active * w);
  let completed = 0;
  for (let c = 0; c < NC; c++) completed += t.tx[c];
  const fam = { own: 0, partner: 0, electronic: 0, hotline: 0, direct: 0 };
  for (let c = 0; c < NC; c++) fam[CHANNEL_FAMILY[CHANNELS[c]]] += t.tx[c];
  // A month without data for a KPI records NaN (absent), never a made-up 0 or 1.
  const share = (x: number) => (completed > 0 ? x / completed : NaN);
  const put = (k: KpiName, v: number) => rec.monthly[k].push(v);
  put('eChannelShare', share(fam.electronic));
  put('storeShare', share(fam.own));
  put('partnerShare', share(fam.partner));
  put('hotlineShare', share(fam.hotline));
  put('directShare', share(fam.direct));
  put('diversionRate', t.qfDone > 0 ? t.qfOutside / t.qfDone : NaN);
  put('storeWaitMeanMin', t.waitN > 0 ? t.waitSum / t.waitN : NaN);
  put('storeWaitP90Min', t.waitN > 0 ? histQuantile(t.allHist, 0, WAIT_BINS, WAIT_BIN, 0.9) : NaN);
  put('hotlineServiceLevel', t.callsOffered > 0 ? t.callsQuick / t.callsOffered : NaN);
  put('abandonRate', t.needs > 0 ? t.abandoned / t.needs : NaN);
  put('churnRateMonthly', atRisk > 0 ? churned / atRisk : NaN);
  put('satisfaction', active > 0 ? satSum / active : NaN);
  put('newLines', t.newLines * w);
  put('handsetsSold', t.handsets * w);
  put('subsidySpend', t.subsidy * w);
  put('commissionSpend', t.commission.reduce((a, b) => a + b, 0));
  put('channelCost', cost.total);
  put('costPerTransaction', completed > 0 ? cost.total / completed : NaN);
  put('revenue', revenue);
  put('netContribution', revenue - cost.total - t.subsidy * w);
  rec.channelMonthly.push(Array.from(t.tx));
  recordOperations(m, cost.counterStaff, cost.platform);
  for (let c = 0; c < NC; c++) { rec.chTx[c] += t.tx[c]; rec.chCost[c] += cost.byChannel[c]; }
  const om = rec.outletMonths;
  for (let j = 0; j < nOut; j++) {
    rec.oWaitSum[j] += t.waitSumByOutlet[j]; rec.oWaitN[j] += t.waitNByOutlet[j];
    const on = open[j] === 1;
    const oCost = !on ? 0 : outlets.isOwn[j] ? cost.byOutlet[j] : t.partnerPaid[j];
    const p90 = on && outlets.isOwn[j] ? histQuantile(t.storeHist, outlets.ownSlot[j] * STORE_BINS, STORE_BINS, STORE_BIN, 0.9) : 0;
    om.transactions.push(on ? t.txByOutlet[j] : 0); om.newLines.push(on ? t.newByOutlet[j] : 0);
    om.revenue.push(revByOutlet[j]); om.cost.push(oCost);
    om.waits.push(t.waitNByOutlet[j]); om.waitSumMin.push(t.waitSumByOutlet[j]); om.waitP90Min.push(p90);
    om.busyMin.push(t.busyByOutlet[j]); om.counters.push(on && outlets.isOwn[j] ? staffed[j] : 0); om.open.push(on ? 1 : 0);
    if (!on) continue;
    rec.oMonthsOpen[j]++;
    if (outlets.isOwn[j]) rec.oCounterMin[j] += staffed[j] * region.outlets[j].openHours * 60 * m.days;
    rec.oTx[j] += t.txByOutlet[j];
    rec.oNew[j] += t.newByOutlet[j];
    rec.oRev[j] += revByOutlet[j];
    rec.oCost[j] += oCost;
    rec.oP90Sum[j] += p90;
  }
  bookPartners(outlets, t, m.acq.effortCost);
  const moves = expectedMoves(outlets, s, region), pm = rec.partners;
  let partners = 0;
  for (let j = 0; j < nOut; j++) if (open[j] && !outlets.isOwn[j]) partners++;
  pm.open.push(partners); pm.expectedExits.push(moves.exits); pm.expectedEntries.push(moves.entries);
}

export interface RunInfo {
  replication: number;
  seed: number;
  months: number;
  agents: number;
  days: number;
  runtimeMs: number;
}

/** The replication's result from the recorder and the run's tallies. */
export function result(m: ModelState, info: RunInfo): ReplicationResult {
  const { s, region, outlets, tally: t, rec } = m;
  const nOut = outlets.n, open = outlets.open, w = m.weight;
  const run = Object.fromEntries(KPIS.map((k) => [k, mean(rec.monthly[k])])) as Record<KpiName, number>;
  const channels = Object.fromEntries(CHANNELS.map((c, ci) => [c, { transactions: rec.chTx[ci], cost: rec.chCost[ci] }])) as ReplicationResult['channels'];
  const per = (a: Float64Array, j: number) => (rec.oMonthsOpen[j] > 0 ? a[j] / rec.oMonthsOpen[j] : 0);
  const closureFlows: Record<string, Record<string, number>> = {};
  for (let j = 0; j < nOut; j++) {
    if (!outlets.closedAt[j]) continue;
    let total = 0;
    for (let c = 0; c <= NC; c++) total += t.flowCount[j * (NC + 1) + c];
    const f: Record<string, number> = {};
    for (let c = 0; c <= NC; c++) f[c === NC ? 'lost' : CHANNELS[c]] = total > 0 ? t.flowCount[j * (NC + 1) + c] / total : 0;
    closureFlows[region.outlets[j].id] = f;
  }
  const each = (f: (j: number) => number) => region.outlets.map((_, j) => f(j));
  return {
    replication: info.replication, seed: info.seed, months: info.months, customers: info.agents, subscribers: s.simulation.customers, agentWeight: w,
    monthly: rec.monthly, run, channels, channelMonthly: rec.channelMonthly,
    serviceChannel: rows(t.serviceChannel, s.services.length + 1, NC, w),
    handoffs: rows(t.handoffs, NC, NC, w),
    outlets: region.outlets.map((o, j) => ({ id: o.id, name: o.name, kind: o.kind, x: o.x, y: o.y, open: open[j] === 1, ...(o.latent ? { latent: true as const } : {}) })),
    outletStats: {
      transactions: each((j) => per(rec.oTx, j)),
      newLines: each((j) => per(rec.oNew, j)),
      revenue: each((j) => per(rec.oRev, j)),
      cost: each((j) => per(rec.oCost, j)),
      waitMeanMin: each((j) => (rec.oWaitN[j] > 0 ? rec.oWaitSum[j] / rec.oWaitN[j] : 0)),
      waitP90Min: each((j) => per(rec.oP90Sum, j)),
      utilization: region.outlets.map((_, j) => (rec.oCounterMin[j] > 0 ? t.busy[j] / rec.oCounterMin[j] : 0)),
      open: region.outlets.map((_, j) => open[j] === 1),
    },
    outletMonths: rec.outletMonths,
    operations: rec.operations, partners: rec.partners,
    closureFlows,
    choiceEvents: t.choiceEvents,
    runtimeMs: info.runtimeMs,
  };
}

/** The month's service-operations figures (types.ts OperationsMonthly). */
function recordOperations(m: ModelState, counterStaff: number, platform: number): void {
  const { s, tally: t, outlets, rec } = m, ops = rec.operations, w = m.weight;
  const ratio = (x: number, n: number, none: number) => (n > 0 ? x / n : none);
  ops.storeWaitVipMin.push(ratio(t.waitSumFirst, t.waitNFirst, 0));
  ops.storeWaitOtherMin.push(ratio(t.waitSum - t.waitSumFirst, t.waitN - t.waitNFirst, 0));
  ops.hotlineServiceLevelVip.push(ratio(t.callsQuickFirst, t.callsOfferedFirst, 1));
  ops.hotlineServiceLevelOther.push(ratio(t.callsQuick - t.callsQuickFirst, t.callsOffered - t.callsOfferedFirst, 1));
  ops.callsAnswered.push(t.callsAnswered);
  const late = (b: ModelState['stores']) => (b.n - b.firstRound.reduce((a, x) => a + x, 0)) * w;
  ops.lateStoreVisits.push(late(m.stores));
  ops.lateCalls.push(late(m.calls));
  let counters = 0;
  for (let j = 0; j < outlets.n; j++) if (outlets.isOwn[j] && outlets.open[j]) counters += m.staffing.counters[j];
  ops.staffedCounters.push(counters);
  ops.counterStaffCost.push(counterStaff);
  ops.platformCost.push(platform);
  const capacity = s.accountManagers.managers * s.accountManagers.visitsPerManagerMonth;
  ops.amTransactions.push(t.tx[CH.accountManager]);
  ops.amUtilisation.push(ratio(t.tx[CH.accountManager], capacity, 0));
}

/** Quantile p of a histogram of `bins` bins of width `width` starting at `offset` (bin midpoint; 0 in the first bin). */
export function histQuantile(h: Uint32Array, offset: number, bins: number, width: number, p: number): number {
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
