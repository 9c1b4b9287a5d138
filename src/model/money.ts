/**
 * Money per month (CNY). Channel cost (渠道成本) is everything it takes to run the channels:
 *
 *   own stores   Σ_open (rent + staff·staff cost + kiosks·kiosk cost + floor guides·staff cost)
 *   transactions Σ_c transactions_c · cost per transaction_c
 *   platforms    Σ_c fixed monthly cost_c (web, app, SMS, USSD, IVR)
 *   hotline      agents · agent cost;   account managers   managers · cost
 *   incentives   app/web incentive and e-channel points actually paid
 *   commissions  per new line by channel + partner service fees (酬金)
 *   other        other opex share · revenue
 * Handset subsidies (补贴) are reported apart (subsidySpend). Net contribution = revenue −
 * channel cost − subsidy spend. Seed 002 puts channel opex at 18.2 % of revenue.
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
}

/** Fixed monthly cost of an open own store. */
export function storeFixedCost(s: Scenario, o: Region['outlets'][number]): number {
  const guides = s.levers.diversion.floorGuide > 0 ? s.levers.diversion.floorGuideStaffPerStore : 0;
  return o.rentMonthly + (o.staff + guides) * s.stores.staffCostMonthly + o.kiosks * s.stores.kioskCostMonthly;
}

export function monthlyCosts(s: Scenario, region: Region, open: Uint8Array, tx: Float64Array, commission: Float64Array, revenue: number): MonthCosts {
  const byChannel = new Float64Array(NC);
  const byOutlet = new Float64Array(region.outlets.length);
  region.outlets.forEach((o, j) => {
    if (!open[j] || o.kind !== 'own') return;
    byOutlet[j] = storeFixedCost(s, o);
    byChannel[CH.ownStore] += byOutlet[j];
  });
  CHANNELS.forEach((c, ci) => {
    byChannel[ci] += tx[ci] * (s.channels[c].costPerTransaction + channelIncentive(s, c)) + s.channels[c].fixedMonthly;
  });
  byChannel[CH.hotline] += s.hotline.agents * s.hotline.agentCostMonthly;
  byChannel[CH.accountManager] += s.accountManagers.managers * s.accountManagers.costMonthly;
  for (let c = 0; c < NC; c++) byChannel[c] += commission[c];
  let total = s.money.otherOpexShare * revenue;
  for (let c = 0; c < NC; c++) total += byChannel[c];
  return { total, byChannel, byOutlet };
}
