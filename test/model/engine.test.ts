import { describe, expect, it } from 'vitest';
import { CHANNEL_FAMILY, CHANNELS, CH, FAMILIES } from '../../src/model/domain.ts';
import { ACTIVE, DISPLACED } from '../../src/model/customers.ts';
import { createModel, runReplication } from '../../src/model/engine.ts';
import type { ReplicationResult } from '../../src/model/types.ts';
import { resolveScenario } from '../../src/model/validate.ts';

const MONTHS = 4, CUSTOMERS = 3000;
const small = (extra: Record<string, unknown> = {}) =>
  resolveScenario({ ...extra, simulation: { months: MONTHS, customers: CUSTOMERS, seed: 42, ...(extra.simulation as object) } });

/** Everything a replication reports except its wall time. */
function outputs(r: ReplicationResult) {
  const { runtimeMs: _ignored, ...rest } = r;
  return rest;
}


describe('engine: determinism', () => {
  const s = small();

  it('gives identical outputs for the same seed and replication, however the months are ticked', () => {
    const a = runReplication(s, 1);
    expect(outputs(runReplication(s, 1))).toEqual(outputs(a));
    const m = createModel(s, 1);
    m.tick(1);
    m.tick(MONTHS - 1);
    expect(m.month).toBe(MONTHS);
    m.tick(1); // past the end: no effect
    expect(outputs(m.result())).toEqual(outputs(a));
  });

  it('gives different outputs for a different replication or seed', () => {
    const a = runReplication(s, 1);
    expect(runReplication(s, 2).monthly).not.toEqual(a.monthly);
    expect(runReplication(small({ simulation: { seed: 43 } }), 1).monthly).not.toEqual(a.monthly);
  });
});

describe('engine: invariants of a run', () => {
  const s = small({ money: { otherOpexShare: 0.05 } });
  const model = createModel(s, 0);
  const activeBefore: number[] = [], activeAfter: number[] = [];
  for (let m = 0; m < MONTHS; m++) {
    activeBefore.push(model.activeCount());
    model.tick(1);
    activeAfter.push(model.activeCount());
  }
  const r = model.result();
  const M = r.monthly;

  it('family shares sum to 1 each month and equal the families of the channel counts', () => {
    for (let m = 0; m < MONTHS; m++) {
      const sum = M.eChannelShare[m] + M.storeShare[m] + M.partnerShare[m] + M.hotlineShare[m] + M.directShare[m];
      expect(sum).toBeCloseTo(1, 12);
      const tx = r.channelMonthly[m];
      const completed = tx.reduce((a, b) => a + b, 0);
      const fam = Object.fromEntries(FAMILIES.map((f) => [f, 0]));
      CHANNELS.forEach((c, ci) => (fam[CHANNEL_FAMILY[c]] += tx[ci] / completed));
      expect(M.eChannelShare[m]).toBeCloseTo(fam.electronic, 12);
      expect(M.storeShare[m]).toBeCloseTo(fam.own, 12);
      expect(M.partnerShare[m]).toBeCloseTo(fam.partner, 12);
      expect(M.hotlineShare[m]).toBeCloseTo(fam.hotline, 12);
      expect(M.directShare[m]).toBeCloseTo(fam.direct, 12);
    }
  });

  it('keeps rates within [0, 1] and satisfaction within [0, 100]', () => {
    for (const k of ['diversionRate', 'abandonRate', 'churnRateMonthly', 'hotlineServiceLevel'] as const) {
      for (const v of M[k]) {
        expect(v, k).toBeGreaterThanOrEqual(0);
        expect(v, k).toBeLessThanOrEqual(1);
      }
    }
    for (const v of M.satisfaction) expect(v >= 0 && v <= 100).toBe(true);
    for (const k of ['storeWaitMeanMin', 'storeWaitP90Min', 'newLines', 'handsetsSold', 'subsidySpend', 'commissionSpend', 'channelCost', 'revenue'] as const) {
      for (const v of M[k]) expect(v, k).toBeGreaterThanOrEqual(0);
    }
  });

  it('conserves customers: active after a month = (active before + new lines) × (1 − churn rate)', () => {
    for (let m = 0; m < MONTHS; m++) {
      // churnRateMonthly = churned / at risk, and at risk must be everyone active before plus the new lines
      expect(activeAfter[m]).toBeCloseTo((activeBefore[m] + M.newLines[m]) * (1 - M.churnRateMonthly[m]), 6);
      expect(M.newLines[m]).toBeGreaterThan(0);
      expect(M.churnRateMonthly[m]).toBeGreaterThan(0);
    }
    const C = model.customers();
    let active = 0;
    for (let i = 0; i < C.capacity; i++) if (C.status[i] & ACTIVE) active++;
    expect(active).toBe(model.activeCount());
  });

  it('tallies transactions the same way by channel, by month and by service', () => {
    CHANNELS.forEach((c, ci) => {
      const byMonth = r.channelMonthly.reduce((a, tx) => a + tx[ci], 0);
      const byService = r.serviceChannel.reduce((a, row) => a + row[ci], 0);
      expect(r.channels[c].transactions, c).toBe(byMonth);
      expect(byService, c).toBe(byMonth);
    });
    // the last service row is the acquisition of new lines
    const acquired = r.serviceChannel[s.services.length].reduce((a, b) => a + b, 0);
    expect(acquired).toBe(M.newLines.reduce((a, b) => a + b, 0));
  });

  it('balances the money: net contribution = revenue − channel cost − subsidy, and channel costs add up', () => {
    for (let m = 0; m < MONTHS; m++) {
      expect(M.netContribution[m]).toBeCloseTo(M.revenue[m] - M.channelCost[m] - M.subsidySpend[m], 6);
      const completed = r.channelMonthly[m].reduce((a, b) => a + b, 0);
      expect(M.costPerTransaction[m] * completed).toBeCloseTo(M.channelCost[m], 6);
      expect(M.commissionSpend[m]).toBeLessThanOrEqual(M.channelCost[m]);
    }
    // per-channel costs + other opex (a share of revenue) = the channel cost KPI
    const byChannel = CHANNELS.reduce((a, c) => a + r.channels[c].cost, 0);
    const total = M.channelCost.reduce((a, b) => a + b, 0);
    const other = s.money.otherOpexShare * M.revenue.reduce((a, b) => a + b, 0);
    expect(byChannel + other).toBeCloseTo(total, 4);
  });

  it('serves sensitive services only at own-store counters, hotline referrals included', () => {
    const sensitive = s.services.flatMap((sv, k) => (sv.class === 'sensitive' ? [k] : []));
    expect(sensitive.length).toBeGreaterThan(0);
    let served = 0;
    for (const k of sensitive) {
      CHANNELS.forEach((c, ci) => {
        if (c !== 'ownStore') expect(r.serviceChannel[k][ci], `${s.services[k].id} via ${c}`).toBe(0);
      });
      served += r.serviceChannel[k][CH.ownStore];
    }
    expect(served).toBeGreaterThan(0);
    expect(r.handoffs[CH.hotline][CH.ownStore]).toBeGreaterThan(0); // the referral path ran
  });
});

describe('engine: agents standing for several subscribers', () => {
  it('scales counts by the agent weight and still conserves agents', () => {
    const W = 2;
    const s = small({ simulation: { customers: CUSTOMERS * W, agents: CUSTOMERS } });
    const model = createModel(s, 0);
    for (let m = 0; m < 2; m++) {
      const before = model.activeCount();
      model.tick(1);
      const M = model.result().monthly;
      expect(model.activeCount()).toBeCloseTo((before + M.newLines[m] / W) * (1 - M.churnRateMonthly[m]), 6);
    }
    const r = model.result();
    expect([r.customers, r.subscribers, r.agentWeight]).toEqual([CUSTOMERS, CUSTOMERS * W, W]);
    // every reported count is W times an agent count
    for (const row of r.serviceChannel) for (const x of row) expect(x % W).toBe(0);
    for (const x of r.monthly.newLines) expect(x % W).toBe(0);
    const shares = r.monthly.eChannelShare.map((e, m) => e + r.monthly.storeShare[m] + r.monthly.partnerShare[m] + r.monthly.hotlineShare[m] + r.monthly.directShare[m]);
    for (const x of shares) expect(x).toBeCloseTo(1, 12);
  });
});

describe('engine: levers', () => {
  it('a closed outlet is reported closed, serves nobody after closing, and its customers’ flows sum to 1', () => {
    // no partner leaves or opens and there are no latent sites: the lever's closure is the only one
    const s = small({ levers: { closures: { outlets: ['S03'], fromMonth: 2 } }, partners: { exitMonths: 0, entryRate: 0, latentSites: 0 } });
    const model = createModel(s, 0);
    const j = model.region.outlets.findIndex((o) => o.id === 'S03');
    expect(j).toBeGreaterThanOrEqual(0);
    model.tick(1);
    const before = model.result();
    expect(before.outlets[j].open).toBe(true);
    const txMonth1 = before.outletStats.transactions[j];
    expect(txMonth1).toBeGreaterThan(0);
    const C = model.customers();
    const homedBefore = new Set<number>();
    for (let i = 0; i < C.capacity; i++) if (C.status[i] & ACTIVE && C.home[i] === j) homedBefore.add(i);
    expect(homedBefore.size).toBeGreaterThan(0);
    model.tick(MONTHS - 1);
    const r = model.result();
    expect(r.outlets[j].open).toBe(false);
    expect(r.outletStats.open[j]).toBe(false);
    expect(r.outlets.filter((o) => !o.open).map((o) => o.id)).toEqual(['S03']);
    // mean over its one open month: nothing was added after the closure
    expect(r.outletStats.transactions[j]).toBe(txMonth1);
    // A customer served at an outlet takes it as home (new lines start with none), so a customer
    // homed at S03 now who was not homed there before the closure was served there after it.
    // Only S03's customers are displaced, and only until they are next served.
    let homed = 0, newlyHomed = 0, displacedElsewhere = 0;
    for (let i = 0; i < C.capacity; i++) {
      if (!(C.status[i] & ACTIVE)) continue;
      if (C.status[i] & DISPLACED && C.home[i] !== j) displacedElsewhere++;
      if (C.home[i] !== j) continue;
      homed++;
      if (!homedBefore.has(i)) newlyHomed++;
    }
    expect(newlyHomed).toBe(0);
    expect(displacedElsewhere).toBe(0);
    expect(homed).toBeLessThanOrEqual(homedBefore.size);
    const flows = r.closureFlows.S03;
    expect(Object.keys(r.closureFlows)).toEqual(['S03']);
    expect(Object.keys(flows).sort()).toEqual([...CHANNELS, 'lost'].sort());
    for (const v of Object.values(flows)) expect(v >= 0 && v <= 1).toBe(true);
    expect(Object.values(flows).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('a higher handset subsidy wins more new lines and sells more handsets, same seed', () => {
    const at = (cny: number) => small({ levers: { subsidy: { handset: { basic: cny, mid: cny, high: cny }, eligibleTiers: ['supreme', 'diamond', 'gold', 'silver', 'ordinary'] } } });
    const lo = at(0), hi = at(800);
    const [a, b] = [runReplication(lo, 0), runReplication(hi, 0)];
    const total = (x: ReplicationResult, k: 'newLines' | 'handsetsSold') => x.monthly[k].reduce((p, q) => p + q, 0);
    // At 800 CNY every prospect is offered a contract worth ln(1 + e^{β(800 − 12·lock-in)}) ≈ 2.8 in
    // utility, against the competitor's response, at most ρ·(800 − S_sq,r)·β ≤ 1.5 for a tier whose
    // status-quo offer was 50 (acquisition.ts, competitor.ts): the win share rises by far more than the noise.
    // Both counts are sums of (nearly) Poisson counts, so Var ≈ mean; the difference of two runs has
    // SE ≈ √(a + b) for independent runs, an upper bound here since common random numbers
    // correlate them positively. The effect must exceed 4 of those SEs to count as shown.
    for (const k of ['newLines', 'handsetsSold'] as const) {
      const d = total(b, k) - total(a, k);
      expect(d, k).toBeGreaterThan(4 * Math.sqrt(total(a, k) + total(b, k)));
    }
    expect(total(b, 'handsetsSold') > 0 && b.run.subsidySpend > a.run.subsidySpend).toBe(true);
  });

  it('a floor guide raises the diversion rate', () => {
    const off = runReplication(small({ levers: { diversion: { floorGuide: 0 } } }), 0);
    const on = runReplication(small({ levers: { diversion: { floorGuide: 0.6 } } }), 0);
    expect(off.handoffs[CH.ownStore][CH.kiosk] + off.handoffs[CH.ownStore][CH.app]).toBe(0);
    expect(on.handoffs[CH.ownStore][CH.kiosk] + on.handoffs[CH.ownStore][CH.app]).toBeGreaterThan(0);
    // pooled diversion over the run from the service × channel counts of queue-free services
    const s = small();
    const qf = s.services.flatMap((sv, k) => (sv.queueFree ? [k] : []));
    const pooled = (r: ReplicationResult) => {
      let done = 0, store = 0;
      for (const k of qf) { done += r.serviceChannel[k].reduce((a, b) => a + b, 0); store += r.serviceChannel[k][CH.ownStore]; }
      return { rate: 1 - store / done, done };
    };
    const [x, y] = [pooled(off), pooled(on)];
    // Binomial SE of each rate, inflated by the largest possible design effect for needs clustered
    // in customers: with Λ needs per customer (Poisson) and all of a customer's needs going the
    // same way, the variance is (Λ + 1) times binomial. Independent-runs SE bounds the CRN one.
    const se = (z: { rate: number; done: number }) => Math.sqrt(((z.done / CUSTOMERS + 1) * z.rate * (1 - z.rate)) / z.done);
    expect(y.rate - x.rate).toBeGreaterThan(4 * Math.hypot(se(x), se(y)));
    expect(on.run.diversionRate).toBeGreaterThan(off.run.diversionRate);
    for (let m = 0; m < MONTHS; m++) expect(on.monthly.diversionRate[m]).toBeGreaterThan(off.monthly.diversionRate[m]);
  });
});

describe('imported data the engine honours', () => {
  const seg = (x: Record<string, number>) => ({ youth: 0, business: 0, family: 0, senior: 0, sme: 0, enterprise: 0, ...x });
  const districts = [
    { id: 'A', type: 'urban', x: 8, y: 8, radiusKm: 3, population: 2, segments: seg({ senior: 100 }) },
    { id: 'B', type: 'rural', x: 30, y: 30, radiusKm: 5, population: 1, segments: seg({ youth: 50, business: 50 }), tiers: { supreme: 0, diamond: 0, gold: 10, silver: 0, ordinary: 0 } },
  ];
  const outlets = [
    { id: 'S1', kind: 'own', x: 8, y: 8 },
    { id: 'S2', kind: 'own', x: 30, y: 30 },
    { id: 'P1', kind: 'partner', x: 9, y: 8, services: ['topUp'] },
    { id: 'P2', kind: 'partner', x: 29, y: 30, services: ['topUp', 'balanceQuery'] },
  ];
  const scenario = () => small({ region: { districts }, outlets: { list: outlets } });

  it("draws each customer's segment and tier from the home district's own mix", () => {
    const model = createModel(scenario(), 0);
    const c = model.customers();
    let seniorsInA = 0, inA = 0, inB = 0, goldInB = 0;
    for (let i = 0; i < CUSTOMERS; i++) {
      const d = model.region.cellDistrict[c.cell[i]];
      if (d === 0) { inA++; if (c.segment[i] === 3) seniorsInA++; }
      else { inB++; if (c.tier[i] === 2) goldInB++; expect([0, 1]).toContain(c.segment[i]); }
    }
    expect(inA).toBeGreaterThan(0);
    expect(inB).toBeGreaterThan(0);
    expect(seniorsInA).toBe(inA);
    expect(goldInB).toBe(inB);
  });

  it('a partner only completes the services it offers (可办业务); the others go elsewhere', () => {
    const s = scenario();
    const r = runReplication(s, 0);
    const allowed = new Set(['topUp', 'balanceQuery']);
    let partnerTx = 0;
    s.services.forEach((sv, k) => {
      const n = r.serviceChannel[k][CH.partner];
      if (!allowed.has(sv.id)) expect(n, sv.id).toBe(0);
      partnerTx += n;
    });
    expect(partnerTx).toBeGreaterThan(0);
  });
});

describe('hand-offs in every month', () => {
  it('an O2O pick-up queues at the counter in every month, not only the first', async () => {
    const { RingSampler, PICKUP } = await import('../../src/model/sampler.ts');
    const s = small({ handoffs: { o2oShare: 1 }, channels: { app: { asc: 3 }, web: { asc: 3 } }, choice: { selfServiceFailure: 0 } });
    const sampler = new RingSampler(1 << 20);
    sampler.watch(Array.from({ length: CUSTOMERS }, (_, i) => i));
    const model = createModel(s, 0, { sampler });
    for (let m = 1; m <= MONTHS; m++) {
      model.tick(1);
      const t = sampler.drain();
      let pickups = 0, queued = 0;
      for (let k = 0; k < t.service.length; k++) if (t.service[k] === PICKUP) { pickups++; if (t.day[k] >= 0) queued++; }
      expect(pickups, `month ${m}`).toBeGreaterThan(0);
      // a pick-up queued at a counter has its day; only orders re-chosen after the counters ran have none
      expect(queued / pickups, `month ${m}`).toBeGreaterThan(0.9);
    }
  });
});
