/**
 * The peer model: the engine's month (engine.ts) written object per agent, the way a modeller
 * would in Mesa, NetLogo or AgentScript — a Customer per subscriber, an Outlet per store and
 * partner, a Patch per grid cell, visits as objects in arrays sorted per store-day, Math.exp per
 * alternative of every choice. It is the readable reference a newcomer checks the engine against
 * (`channel-lab bench --peer` times both on the same city), written to be read, not tuned.
 *
 * A month, in the engine's order:
 *   1. closures by the lever (customers whose home outlet closed carry the closure effect)
 *   2. app adoption (Bass: p + q·F over the whole region, one step a month)
 *   3. access: Huff sums per patch with last month's waits; the hotline's and managers' factors
 *   4. acquisition: prospects ~ Poisson, won with P(win), each a new Customer who signs up
 *      through a sales channel chosen by the logit
 *   5. needs: per customer Poisson(Σ incidence), service by incidence, channel by logit, outlet
 *      by Huff; self-service failures re-choose or give up; counter visits and calls queued
 *   6. queues day by day: each open store's counters and the hotline, FIFO with reneging;
 *      a visitor who left re-chooses among the channels without a queue, or gives up
 *   7. staffing: each store's counters follow its demand (Erlang C at the recent load)
 *   8. churn hazard per customer, familiarity decay, tenure
 *   9. money (revenue, channel costs, commissions, subsidies) and the month's KPIs
 *
 * Simplified against the engine, on purpose (the figures need not match, only be close):
 *   - one agent per subscriber (no agent weights or shadow arrivals); one random stream
 *   - no partner exit, no partner service lists (可办业务), no sensitive-service hotline referral,
 *     no O2O pick-ups, no VIP green channel (one FCFS line per queue); a queue serves everyone
 *     who waits, however late the day runs
 *   - a visitor who reneged or a caller who hung up re-chooses among channels without a queue
 *     (the engine lets them queue again the next day); adoption peers are region-wide (the
 *     engine's default counts them by district); familiarity, literacy and satisfaction are
 *     real numbers (the engine stores 256 or 101 levels)
 */
import { CHANNEL_FAMILY, CHANNELS, HANDSET_BANDS, TIERS, type ChannelId } from '../domain.ts';
import { buildRegion, cellCentre, cumulative, searchCdf, type Region } from '../region.ts';
import { Rng } from '../rng.ts';
import { agentsOf, type Scenario } from '../scenario.ts';
import { managerAvailability, proactiveShare } from '../accountManagers.ts';
import { logistic, logit, BAND_OF_TIER } from '../acquisition.ts';
import { erlangC } from '../erlang.ts';
import { monthlyCosts } from '../money.ts';
import { Customer, peerServices, pick, type PeerService } from './customer.ts';
import { Outlet, Patch, arrivalMinute, drawOutlet, runQueueDay, type Visit } from './outlet.ts';

/** The peer's KPIs: monthly values, and their means over the months run (CONTRACTS.md names). */
export interface PeerKpis {
  eChannelShare: number;
  storeShare: number;
  partnerShare: number;
  hotlineShare: number;
  directShare: number;
  storeWaitMeanMin: number;
  hotlineServiceLevel: number;
  abandonRate: number;
  churnRateMonthly: number;
  satisfaction: number;
  newLines: number;
  revenue: number;
  channelCost: number;
  commissionSpend: number;
  subsidySpend: number;
  netContribution: number;
}

/** Weight of the latest month in the expected waits customers act on (dayqueues.ts WAIT_MEMORY). */
const WAIT_MEMORY = 0.5;

export class PeerModel {
  readonly s: Scenario;
  readonly region: Region;
  readonly rng: Rng;
  readonly outlets: Outlet[];
  readonly patches: Patch[];
  readonly customers: Customer[] = [];
  readonly services: PeerService[];
  readonly newLine: PeerService;
  month = 0;
  events = 0; // choice events (re-choices included)
  readonly monthly: PeerKpis[] = [];
  private readonly cellCdf: Float64Array;
  private hotline: Visit[][] = [];
  private hotlineExpectedWaitMin = 0;
  private hotlineServed = 1;
  private managerDemand = 0;
  private managerEligible = 0;
  private managerEligibleLast = 0;
  /** handset needs scale with the subsidy (upgrades, needs.ts) */
  private readonly upgrade: number;
  private tally = newTally();

  constructor(s: Scenario, replication = 0) {
    this.s = s;
    this.region = buildRegion(s);
    this.rng = Rng.from(s.simulation.seed, replication, 0x9ee7);
    this.outlets = this.region.outlets.map((row) => new Outlet(s, row));
    this.patches = Array.from({ length: this.region.nCells }, (_, k) => {
      const [x, y] = cellCentre(this.region, k);
      return new Patch(x, y, this.region.cellSpeed[k]);
    });
    for (const p of this.patches) p.findNearest(s, this.region, this.outlets);
    ({ services: this.services, newLine: this.newLine } = peerServices(s));
    this.cellCdf = cumulative(this.region.cellWeight);
    this.upgrade = Math.max(0, 1 + s.acquisition.upgradePerCny * (this.meanSubsidy() - s.acquisition.referenceSubsidy));
    const { agents } = agentsOf(s);
    for (let i = 0; i < agents; i++) {
      const c = new Customer(s, this.patches[searchCdf(this.cellCdf, this.rng.next())], Math.min(600, Math.floor(this.rng.exponential(30))), this.rng);
      // home: one of the three nearest own stores or partners, even odds (outlets.ts drawHome)
      const list = this.rng.next() < 0.5 && c.patch.own.length > 0 ? c.patch.own : c.patch.partner;
      if (list.length > 0) c.home = list[Math.min(list.length - 1, Math.floor(this.rng.next() * 3))].outlet;
      this.customers.push(c);
    }
  }

  activeCount(): number {
    return this.customers.filter((c) => c.active).length;
  }

  choiceEvents(): number {
    return this.events;
  }

  tick(n = 1): void {
    for (let k = 0; k < n && this.month < this.s.simulation.months; k++) this.step();
  }

  /** Means of the monthly KPIs so far (months without data for a KPI left out). */
  kpis(): PeerKpis {
    const keys = Object.keys(this.monthly[0] ?? {}) as (keyof PeerKpis)[];
    return Object.fromEntries(keys.map((k) => {
      const xs = this.monthly.map((m) => m[k]).filter((x) => Number.isFinite(x));
      return [k, xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN];
    })) as unknown as PeerKpis;
  }

  private step(): void {
    const s = this.s, month = this.month + 1;
    this.closeOutlets(month);
    this.adopt();
    this.openMonth();
    this.acquire();
    for (const c of this.customers) if (c.active) this.serveNeeds(c);
    for (let d = 0; d < s.simulation.daysPerMonth; d++) {
      for (const o of this.outlets) if (o.open && o.kind === 'own') this.storeDay(o, d);
      this.hotlineDay(d);
    }
    this.staffStores();
    const { churned, atRisk } = this.churnAndAge();
    this.month = month;
    this.record(churned, atRisk);
  }

  private closeOutlets(month: number): void {
    const lever = this.s.levers.closures;
    if (month !== lever.fromMonth || lever.outlets.length === 0) return;
    const closing = new Set(lever.outlets);
    const closed = this.outlets.filter((o) => o.open && closing.has(o.id));
    if (closed.length === 0) return;
    for (const o of closed) o.open = false;
    for (const c of this.customers) if (c.active && c.home !== null && !c.home.open) c.shockMonths = 6;
    for (const p of this.patches) p.findNearest(this.s, this.region, this.outlets);
  }

  private adopt(): void {
    const a = this.s.adoption, active = this.customers.filter((c) => c.active);
    const share = active.filter((c) => c.hasApp).length / Math.max(1, active.length);
    const p = 1 - Math.exp(-(a.p + this.s.levers.diversion.campaignP + a.q * share));
    for (const c of active) {
      if (!c.hasApp && this.rng.next() < p) c.hasApp = true;
    }
  }

  private openMonth(): void {
    const s = this.s;
    this.tally = newTally();
    for (const o of this.outlets) o.openMonth(s.simulation.daysPerMonth);
    this.hotline = Array.from({ length: s.simulation.daysPerMonth }, () => []);
    for (const p of this.patches) p.refreshAccess(s);
  }

  /** The customer's access factor for channel c this month. */
  private access(c: Customer, ch: ChannelId): number {
    if (ch === 'ownStore' || ch === 'kiosk' || ch === 'partner') return c.patch.access[ch] ?? 0;
    if (ch === 'hotline') return this.s.hotline.agents > 0 ? Math.exp(-this.s.choice.waitPerMin * this.hotlineExpectedWaitMin) * this.hotlineServed : 0;
    if (ch === 'accountManager') return managerAvailability(this.s, this.managerDemand);
    return 1;
  }

  private choose(c: Customer, service: PeerService, exclude: ReadonlySet<ChannelId>): ChannelId | null {
    this.events++;
    return c.chooseChannel(this.s, service, exclude, (ch) => this.access(c, ch), this.rng);
  }

  private acquire(): void {
    const s = this.s, a = s.acquisition, lev = s.levers;
    const pWin = logistic(logit(a.baseWinShare) + a.subsidyPerCny * (this.meanSubsidy() - a.referenceSubsidy)
      + a.commissionPerCny * (lev.commission.perNewLine.partner - a.referenceCommission));
    const prospects = this.rng.poisson(a.marketMonthly * agentsOf(s).agents);
    for (let k = 0; k < prospects; k++) {
      if (this.rng.next() >= pWin) continue;
      const c = new Customer(s, this.patches[searchCdf(this.cellCdf, this.rng.next())], 0, this.rng);
      const ch = this.choose(c, this.newLine, new Set());
      if (ch === null) continue; // signs up elsewhere
      this.customers.push(c);
      this.route(c, this.newLine, ch, new Set(), true);
    }
  }

  private serveNeeds(c: Customer): void {
    const s = this.s;
    const weights = this.services.map((x) => x.incidence[c.segment] * (x.handset ? this.upgrade : 1));
    const needs = Math.min(39, this.rng.poisson(weights.reduce((x, y) => x + y, 0)));
    this.tally.needs += needs;
    const entitled = s.accountManagers.eligibleTiers.includes(c.tier) || s.accountManagers.eligibleSegments.includes(c.segment);
    for (let k = 0; k < needs; k++) {
      const service = pick(this.services, weights, this.rng);
      // proactive account management: the manager takes it first, up to capacity
      if (entitled && service.proactive && service.channels.includes('accountManager')) {
        this.managerEligible++;
        if (this.rng.next() < proactiveShare(s, this.managerEligibleLast)) {
          this.complete(c, service, 'accountManager', null, 0, 0);
          continue;
        }
      }
      const ch = this.choose(c, service, new Set());
      if (ch === null) { this.giveUp(c); continue; }
      this.route(c, service, ch, new Set(), true);
    }
  }

  /** S̃: the subsidy per handset averaged over the tiers, 0 for a tier not eligible (acquisition.ts) */
  private meanSubsidy(): number {
    const sub = this.s.levers.subsidy;
    return TIERS.reduce((acc, t, r) => acc + (sub.eligibleTiers.includes(t) ? sub.handset[HANDSET_BANDS[BAND_OF_TIER[r]]] : 0), 0) / TIERS.length;
  }

  /**
   * Take a need to its chosen channel: fail (self-service, no outlet), queue it (`canQueue`) or
   * complete it now. A failure gives up or re-chooses without the channels tried.
   */
  private route(c: Customer, service: PeerService, ch: ChannelId, tried: Set<ChannelId>, canQueue: boolean): void {
    const s = this.s;
    const electronic = CHANNEL_FAMILY[ch] === 'electronic';
    if (electronic && this.rng.next() < s.choice.selfServiceFailure * service.complexity * (1 - c.literacy)) return this.fail(c, service, ch, tried, canQueue);
    if (ch === 'ownStore') {
      const r = drawOutlet(c.patch.own, this.rng);
      if (r === null) return this.fail(c, service, ch, tried, canQueue);
      // the floor guide (引导员) sends a queue-free need to the kiosks, or else to the app
      if (service.queueFree && this.rng.next() < s.levers.diversion.floorGuide) {
        if (service.channels.includes('kiosk') && r.outlet.kiosks > 0) return this.complete(c, service, 'kiosk', r.outlet, r.travelMin, 0);
        if (service.channels.includes('app') && c.hasApp) return this.complete(c, service, 'app', null, r.travelMin, 0);
      }
      if (!canQueue) return this.fail(c, service, ch, tried, canQueue);
      r.outlet.days[this.rng.int(s.simulation.daysPerMonth)].push(this.visit(c, service, r.travelMin, service.counterMin, s.stores.patienceMeanMin));
    } else if (ch === 'partner' || ch === 'kiosk') {
      const r = drawOutlet(ch === 'partner' ? c.patch.partner : c.patch.kiosk, this.rng);
      if (r === null) return this.fail(c, service, ch, tried, canQueue);
      this.complete(c, service, ch, r.outlet, r.travelMin, 0);
    } else if (ch === 'hotline') {
      if (!canQueue) return this.fail(c, service, ch, tried, canQueue);
      this.hotline[this.rng.int(s.simulation.daysPerMonth)].push(this.visit(c, service, 0, s.hotline.ahtMin, s.hotline.patienceMeanSec / 60));
    } else this.complete(c, service, ch, null, 0, 0);
  }

  private visit(c: Customer, service: PeerService, travelMin: number, serviceMean: number, patienceMean: number): Visit {
    return {
      customer: c, service, travelMin, arrivalMin: 0, serviceMin: this.rng.exponential(serviceMean),
      // a new line never walks out
      patienceMin: service === this.newLine ? Infinity : this.rng.exponential(patienceMean), waitMin: null,
    };
  }

  private fail(c: Customer, service: PeerService, ch: ChannelId, tried: Set<ChannelId>, canQueue: boolean): void {
    tried.add(ch);
    if (this.rng.next() < this.s.choice.abandonAfterFailure) return this.giveUp(c);
    const next = this.choose(c, service, tried);
    if (next === null) return this.giveUp(c);
    this.route(c, service, next, tried, canQueue);
  }

  private giveUp(c: Customer): void {
    this.tally.abandoned++;
    c.abandon(this.s);
  }

  private complete(c: Customer, service: PeerService, ch: ChannelId, outlet: Outlet | null, travelMin: number, waitMin: number): void {
    const s = this.s, t = this.tally;
    t.tx[ch]++;
    if (outlet !== null) c.home = outlet;
    if (ch === 'partner') t.commission.partner += s.partners.serviceFee;
    if (ch === 'accountManager') t.managerTx++;
    c.experience(s, ch, CHANNEL_FAMILY[ch] === 'electronic', travelMin, waitMin);
    let handset = service.handset;
    if (service === this.newLine) {
      t.newLines++;
      t.commission[ch] += s.levers.commission.perNewLine[ch as keyof typeof s.levers.commission.perNewLine] ?? 0;
      const sub = s.levers.subsidy, eligible = sub.eligibleTiers.includes(c.tier);
      const subsidy = eligible ? sub.handset[HANDSET_BANDS[BAND_OF_TIER[TIERS.indexOf(c.tier)]]] : 0;
      handset = this.rng.next() < logistic(logit(s.acquisition.handsetShare) + s.acquisition.handsetPerCny * (subsidy - s.acquisition.referenceSubsidy));
    }
    if (handset) {
      const sub = s.levers.subsidy;
      if (sub.eligibleTiers.includes(c.tier)) {
        t.subsidy += sub.handset[HANDSET_BANDS[BAND_OF_TIER[TIERS.indexOf(c.tier)]]];
        c.arpu = Math.max(c.arpu, sub.minMonthlySpend);
      }
    }
  }

  /** Day d at store o: arrival times, the FIFO queue at its staffed counters, then the outcomes in visit order. */
  private storeDay(o: Outlet, d: number): void {
    const visits = o.days[d];
    if (visits.length === 0) return;
    const order = visits.slice();
    for (const v of visits) v.arrivalMin = arrivalMinute(o.openMin, this.s.stores.peakiness, this.rng);
    runQueueDay(visits, o.staffed);
    for (const v of order) {
      o.arrivals++;
      o.offeredMin += v.serviceMin;
      if (v.waitMin === null) {
        o.waitSumMin += v.patienceMin;
        this.tally.waitSum += v.patienceMin;
        this.tally.waitN++;
        this.fail(v.customer, v.service, 'ownStore', new Set(['ownStore', 'hotline']), false);
        continue;
      }
      o.served++;
      o.waitSumMin += v.waitMin;
      this.tally.waitSum += v.waitMin;
      this.tally.waitN++;
      this.complete(v.customer, v.service, 'ownStore', o, v.travelMin, v.waitMin);
    }
  }

  private hotlineDay(d: number): void {
    const s = this.s, calls = this.hotline[d];
    if (calls.length === 0) return;
    const order = calls.slice();
    for (const v of calls) v.arrivalMin = arrivalMinute(s.hotline.hoursPerDay * 60, s.hotline.peakiness, this.rng);
    runQueueDay(calls, s.hotline.agents);
    for (const v of order) {
      const t = this.tally;
      t.callsOffered++;
      t.callWaitSum += v.waitMin ?? v.patienceMin;
      if (v.waitMin === null) {
        this.fail(v.customer, v.service, 'hotline', new Set(['ownStore', 'hotline']), false);
        continue;
      }
      t.callsAnswered++;
      if (v.waitMin <= s.hotline.answerWithinSec / 60) t.callsQuick++;
      this.complete(v.customer, v.service, 'hotline', null, 0, v.waitMin);
    }
  }

  /** Expected waits for next month, and each store's counters towards its demand (stores.ts, Erlang C). */
  private staffStores(): void {
    const s = this.s, st = s.stores.staffing, days = s.simulation.daysPerMonth;
    for (const o of this.outlets) {
      if (!o.open || o.kind !== 'own') continue;
      if (o.arrivals > 0) {
        o.expectedWaitMin = (1 - WAIT_MEMORY) * o.expectedWaitMin + WAIT_MEMORY * (o.waitSumMin / o.arrivals);
        o.expectedServed = (1 - WAIT_MEMORY) * o.expectedServed + WAIT_MEMORY * (o.served / o.arrivals);
      } else o.expectedWaitMin *= 1 - WAIT_MEMORY;
      if (!st.followDemand) continue;
      const load = o.offeredMin / (o.openMin * days);
      o.load = Number.isNaN(o.load) ? load : (1 - WAIT_MEMORY) * o.load + WAIT_MEMORY * load;
      const meanService = o.arrivals > 0 ? o.offeredMin / o.arrivals : 0;
      let need = Math.max(st.minCounters, Math.floor(o.load) + 1);
      while (need < o.counters && erlangC(need, o.load) * meanService / (need - o.load) > st.meanWaitMin) need++;
      need = Math.min(o.counters, need);
      o.staffed += Math.max(-st.stepPerMonth, Math.min(st.stepPerMonth, need - o.staffed));
    }
    const t = this.tally;
    if (t.callsOffered > 0) {
      this.hotlineExpectedWaitMin = (1 - WAIT_MEMORY) * this.hotlineExpectedWaitMin + WAIT_MEMORY * (t.callWaitSum / t.callsOffered);
      this.hotlineServed = (1 - WAIT_MEMORY) * this.hotlineServed + WAIT_MEMORY * (t.callsAnswered / t.callsOffered);
    }
    this.managerDemand = t.managerTx;
    this.managerEligibleLast = this.managerEligible;
    this.managerEligible = 0;
  }

  private churnAndAge(): { churned: number; atRisk: number } {
    const s = this.s;
    let churned = 0, atRisk = 0;
    for (const c of this.customers) {
      if (!c.active) continue;
      atRisk++;
      if (this.rng.next() < 1 - Math.exp(-c.churnHazard(s))) {
        c.active = false;
        churned++;
        continue;
      }
      if (c.shockMonths > 0) c.shockMonths--;
      c.tenure++;
      for (const ch of CHANNELS) c.familiarity[ch] *= 1 - s.adoption.familiarityDecay;
    }
    // the churned leave the model (their slots are not reused: a new Customer is a new object)
    const stay = this.customers.filter((c) => c.active);
    this.customers.length = 0;
    for (const c of stay) this.customers.push(c);
    return { churned, atRisk };
  }

  private record(churned: number, atRisk: number): void {
    const s = this.s, t = this.tally;
    let revenue = 0, satisfaction = 0;
    for (const c of this.customers) {
      revenue += c.arpu;
      satisfaction += c.satisfaction;
    }
    const tx = Float64Array.from(CHANNELS, (c) => t.tx[c]);
    const commission = Float64Array.from(CHANNELS, (c) => t.commission[c]);
    const open = Uint8Array.from(this.outlets, (o) => (o.open ? 1 : 0));
    const staffed = this.outlets.map((o) => o.staffed);
    const cost = monthlyCosts(s, this.region, open, tx, commission, revenue, staffed, this.customers.length);
    const byFamily = { own: 0, partner: 0, electronic: 0, hotline: 0, direct: 0 };
    let completed = 0;
    for (const c of CHANNELS) {
      byFamily[CHANNEL_FAMILY[c]] += t.tx[c];
      completed += t.tx[c];
    }
    const share = (x: number) => (completed > 0 ? x / completed : Number.NaN);
    this.monthly.push({
      eChannelShare: share(byFamily.electronic),
      storeShare: share(byFamily.own),
      partnerShare: share(byFamily.partner),
      hotlineShare: share(byFamily.hotline),
      directShare: share(byFamily.direct),
      storeWaitMeanMin: t.waitN > 0 ? t.waitSum / t.waitN : Number.NaN,
      hotlineServiceLevel: t.callsOffered > 0 ? t.callsQuick / t.callsOffered : Number.NaN,
      abandonRate: t.needs > 0 ? t.abandoned / t.needs : Number.NaN,
      churnRateMonthly: atRisk > 0 ? churned / atRisk : Number.NaN,
      satisfaction: this.customers.length > 0 ? satisfaction / this.customers.length : Number.NaN,
      newLines: t.newLines,
      revenue,
      channelCost: cost.total,
      commissionSpend: commission.reduce((a, b) => a + b, 0),
      subsidySpend: t.subsidy,
      netContribution: revenue - cost.total - t.subsidy,
    });
  }
}

/** The month's counts. */
function newTally() {
  const zero = () => Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<ChannelId, number>;
  return {
    tx: zero(), commission: zero(), needs: 0, abandoned: 0, newLines: 0, subsidy: 0, managerTx: 0,
    waitSum: 0, waitN: 0, callsOffered: 0, callsAnswered: 0, callsQuick: 0, callWaitSum: 0,
  };
}
