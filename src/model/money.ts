/**
 * Money per month (CNY). Channel cost (渠道成本) is everything it takes to run the channels:
 *
 *   own stores   Σ_open (rent + staff·(staffed counters/counters)·staff cost + kiosks·kiosk cost
 *                       + floor guides·staff cost)
 *   transactions Σ_c transactions_c · cost per transaction_c
 *   platforms    Σ_c (platform cost per subscriber-month_c · active subscribers + fixed monthly cost_c)
 *   hotline      agents · agent cost;   account managers   managers · cost
 *   incentives   app/web incentive and e-channel points actually paid
 *   commissions  per new line by channel + partner service fees (酬金)
 *   other        other opex share · revenue
 * Handset subsidies (补贴) are reported apart (subsidySpend). Net contribution = revenue −
 * channel cost − subsidy spend. Seed 002 puts channel opex at 18.2 % of revenue.
 *
 * The electronic channels' platforms (web hall, app, SMS, USSD, IVR) are provincial systems that
 * many cities share: a city carries its subscribers' share, a cost per subscriber and month that
 * does not grow with its transactions. Counter staff follow the staffed counters (stores.ts), so
 * a store that releases counters saves their staff.
 */
import { CH, CHANNELS, NC } from './domain.ts';
import { channelIncentive } from './choice.ts';
import type { Region } from './region.ts';
import type { Scenario } from './scenario.ts';

export interface MonthCosts {
  total: number;
  /** cost attributed to each channel (commissions to partner, stores to ownStore…) */
  byChannel: Float64Array;
  /** fixed cost of each own store (0 for partners and closed stores) */
  byOutlet: Float64Array;
  /** the open stores' counter staff (their staff as staffed, floor guides apart) */
  counterStaff: number;
  /** the platforms' share carried by the city, and fixed channel costs */
  platform: number;
}

/** Staff cost of an own store with `staffed` counters open: its staff scale with them. */
export function counterStaffCost(s: Scenario, o: Region['outlets'][number], staffed = o.counters): number {
  return o.staff * (staffed / o.counters) * s.stores.staffCostMonthly;
}

/** Fixed monthly cost of an open own store with `staffed` counters open. */
export function storeFixedCost(s: Scenario, o: Region['outlets'][number], staffed = o.counters): number {
  const guides = s.levers.diversion.floorGuide > 0 ? s.levers.diversion.floorGuideStaffPerStore : 0;
  return o.rentMonthly + counterStaffCost(s, o, staffed) + guides * s.stores.staffCostMonthly + o.kiosks * s.stores.kioskCostMonthly;
}

/**
 * The month's costs. `staffed`: counters staffed by outlet (all of them when omitted);
 * `subscribers`: active subscribers, over whom the platforms' cost is allocated.
 */
export function monthlyCosts(
  s: Scenario, region: Region, open: Uint8Array, tx: Float64Array, commission: Float64Array, revenue: number,
  staffed?: ArrayLike<number>, subscribers = 0,
): MonthCosts {
  const byChannel = new Float64Array(NC);
  const byOutlet = new Float64Array(region.outlets.length);
  let counterStaff = 0, platform = 0;
  region.outlets.forEach((o, j) => {
    if (!open[j] || o.kind !== 'own') return;
    const c = staffed ? staffed[j] : o.counters;
    byOutlet[j] = storeFixedCost(s, o, c);
    counterStaff += counterStaffCost(s, o, c);
    byChannel[CH.ownStore] += byOutlet[j];
  });
  CHANNELS.forEach((c, ci) => {
    const p = s.channels[c], shared = p.platformPerSubscriberMonth * subscribers + p.fixedMonthly;
    platform += shared;
    byChannel[ci] += tx[ci] * (p.costPerTransaction + channelIncentive(s, c)) + shared;
  });
  byChannel[CH.hotline] += s.hotline.agents * s.hotline.agentCostMonthly;
  byChannel[CH.accountManager] += s.accountManagers.managers * s.accountManagers.costMonthly;
  for (let c = 0; c < NC; c++) byChannel[c] += commission[c];
  let total = s.money.otherOpexShare * revenue;
  for (let c = 0; c < NC; c++) total += byChannel[c];
  return { total, byChannel, byOutlet, counterStaff, platform };
}
