import { describe, expect, it } from 'vitest';
import { CH, CHANNELS, NC } from '../../src/model/domain.ts';
import { monthlyCosts, storeFixedCost } from '../../src/model/money.ts';
import { buildRegion } from '../../src/model/region.ts';
import { smallScenario } from './month.ts';

describe('money: a hand-built month', () => {
  const cost = (costPerTransaction: number, fixedMonthly = 0) => ({ costPerTransaction, fixedMonthly });
  const s = smallScenario({
    outlets: { list: [
      { id: 'S1', kind: 'own', x: 5, y: 5, rentMonthly: 20_000, staff: 4, kiosks: 2 },
      { id: 'S2', kind: 'own', x: 9, y: 9, rentMonthly: 10_000, staff: 3, kiosks: 0 },
      { id: 'P1', kind: 'partner', x: 7, y: 7 },
    ] },
    channels: {
      ownStore: cost(4), partner: cost(2), web: cost(0.2, 60_000), app: cost(0.1, 80_000), sms: cost(0.05, 20_000),
      ussd: cost(0.05, 10_000), ivr: cost(0.3, 30_000), kiosk: cost(0.6), hotline: cost(0), accountManager: cost(0),
    },
    stores: { staffCostMonthly: 6_000, kioskCostMonthly: 1_200 },
    hotline: { agents: 10, agentCostMonthly: 5_500 },
    accountManagers: { managers: 2, costMonthly: 12_000 },
    levers: { diversion: { appIncentiveCny: 1, pointsPerEChannel: 0.5, floorGuide: 0.3, floorGuideStaffPerStore: 1 } },
    money: { otherOpexShare: 0.1 },
    partners: { latentSites: 0 },
  });
  const region = buildRegion(s);
  const open = Uint8Array.from([1, 0, 1]); // S2 closed
  const tx = new Float64Array(NC);
  const set = (c: keyof typeof CH, v: number, a: Float64Array) => { a[CH[c]] = v; };
  set('ownStore', 100, tx); set('partner', 50, tx); set('web', 200, tx); set('app', 300, tx); set('ivr', 10, tx);
  set('kiosk', 20, tx); set('hotline', 40, tx); set('accountManager', 5, tx);
  const commission = new Float64Array(NC);
  set('partner', 700, commission); set('web', 100, commission);
  const m = monthlyCosts(s, region, open, tx, commission, 1_000_000);

  it('charges an open own store rent + (staff + floor guides)·staff cost + kiosks·kiosk cost, a closed one nothing', () => {
    expect(storeFixedCost(s, region.outlets[0])).toBe(20_000 + (4 + 1) * 6_000 + 2 * 1_200);
    expect(Array.from(m.byOutlet)).toEqual([52_400, 0, 0]);
  });

  it('gives each channel its transactions × (cost + incentives paid) + platform + staff + commissions', () => {
    const want: Record<string, number> = {
      ownStore: 52_400 + 100 * 4, partner: 50 * 2 + 700, web: 200 * (0.2 + 1 + 0.5) + 60_000 + 100, app: 300 * (0.1 + 1 + 0.5) + 80_000,
      sms: 20_000, ussd: 10_000, ivr: 10 * (0.3 + 0.5) + 30_000, kiosk: 20 * (0.6 + 0.5), hotline: 10 * 5_500, accountManager: 2 * 12_000,
    };
    CHANNELS.forEach((c, ci) => expect(m.byChannel[ci], c).toBeCloseTo(want[c], 9));
  });

  it('totals the channels plus the other-opex share of revenue: 333,550 + 100,000', () => {
    expect(m.total).toBeCloseTo(433_550, 8);
    expect(m.total).toBeCloseTo(m.byChannel.reduce((a, b) => a + b, 0) + 0.1 * 1_000_000, 8);
  });
});

describe('money: staffed counters and shared platforms', () => {
  const s = smallScenario({ outlets: { list: [
    { id: 'S1', kind: 'own', x: 5, y: 5, counters: 3, rentMonthly: 20_000, staff: 4.8, kiosks: 0 },
    { id: 'P1', kind: 'partner', x: 7, y: 7 },
  ] }, levers: { diversion: { floorGuide: 0 } } });
  const region = buildRegion(s), open = Uint8Array.from([1, 1]), none = new Float64Array(NC);

  it('a store\'s staff cost follows its staffed counters: two of three staffed cost two thirds of its staff', () => {
    const all = monthlyCosts(s, region, open, none, none, 0, [3, 0]), two = monthlyCosts(s, region, open, none, none, 0, [2, 0]);
    expect(all.counterStaff).toBeCloseTo(4.8 * 6_000, 9);
    expect(two.counterStaff).toBeCloseTo((2 / 3) * 4.8 * 6_000, 9);
    expect(all.byChannel[CH.ownStore] - two.byChannel[CH.ownStore]).toBeCloseTo(all.counterStaff - two.counterStaff, 9);
    expect(two.byOutlet[0]).toBe(storeFixedCost(s, region.outlets[0], 2));
  });

  it('the e-channel platforms are allocated per active subscriber, whatever the transactions', () => {
    const per = CHANNELS.reduce((a, c) => a + s.channels[c].platformPerSubscriberMonth, 0);
    expect(per).toBeCloseTo(0.4, 12); // web 0.12, app 0.16, SMS 0.04, USSD 0.02, IVR 0.06 (§8.1)
    const busy = new Float64Array(NC).fill(1000);
    const a = monthlyCosts(s, region, open, none, none, 0, undefined, 50_000), b = monthlyCosts(s, region, open, busy, none, 0, undefined, 50_000);
    expect(a.platform).toBeCloseTo(per * 50_000, 9);
    expect(b.platform).toBe(a.platform);
    expect(a.byChannel[CH.app]).toBeCloseTo(s.channels.app.platformPerSubscriberMonth * 50_000, 9);
  });
});
