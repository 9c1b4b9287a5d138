import { describe, expect, it } from 'vitest';
import { NC } from '../../src/model/domain.ts';
import { ACTIVE, MIN_SPEND } from '../../src/model/customers.ts';
import { createModel } from '../../src/model/engine.ts';
import { histQuantile, record } from '../../src/model/recorder.ts';
import { openedState, smallScenario } from './month.ts';

describe('histQuantile', () => {
  it('returns the midpoint of the first bin where the cumulative count reaches p of the total (0 in the first bin)', () => {
    // counts 5, 3, 2 in bins of width 0.5: 90 % of 10 is reached in bin 2 (cumulative 10)
    const h = Uint32Array.from([9, 9, 5, 3, 2, 9]);
    expect(histQuantile(h, 2, 3, 0.5, 0.9)).toBe(1.25);
    expect(histQuantile(h, 2, 3, 0.5, 0.5)).toBe(0); // 5 of 10 already in the first bin
    expect(histQuantile(h, 2, 3, 0.5, 0.8)).toBe(0.75);
    expect(histQuantile(new Uint32Array(4), 0, 4, 1, 0.9)).toBe(0);
  });
});

describe('recorder: the month closed from hand-built tallies', () => {
  const s = smallScenario({ money: { otherOpexShare: 0.1 } });
  const st = openedState(s);
  const t = st.tally;
  t.tx.set([40, 30, 10, 10, 0, 0, 0, 5, 4, 1]);
  t.commission[1] = 500;
  t.subsidy = 300;
  t.qfDone = 50; t.qfOutside = 20;
  record(st, 7, 140);
  const M = st.rec.monthly;

  it('gives family shares that sum to 1 and are the tallies\' shares', () => {
    const completed = 100 * st.weight;
    expect(M.storeShare[0]).toBeCloseTo(40 * st.weight / completed, 15);
    expect(M.eChannelShare[0]).toBeCloseTo(25 * st.weight / completed, 15); // web, app, kiosk
    const sum = M.eChannelShare[0] + M.storeShare[0] + M.partnerShare[0] + M.hotlineShare[0] + M.directShare[0];
    expect(sum).toBeCloseTo(1, 15);
    expect(M.diversionRate[0]).toBe(0.4);
    expect(M.churnRateMonthly[0]).toBe(0.05);
  });

  it('balances the money: net contribution = revenue − channel cost − subsidy, cost per transaction × transactions = channel cost', () => {
    expect(M.revenue[0]).toBeGreaterThan(0);
    expect(M.netContribution[0]).toBeCloseTo(M.revenue[0] - M.channelCost[0] - M.subsidySpend[0], 6);
    expect(M.subsidySpend[0]).toBe(300 * st.weight);
    expect(M.costPerTransaction[0] * 100 * st.weight).toBeCloseTo(M.channelCost[0], 6);
    expect(M.commissionSpend[0]).toBe(500 * st.weight);
    expect(st.rec.channelMonthly[0]).toHaveLength(NC);
  });
});

describe('recorder: revenue with a minimum spend 最低消费', () => {
  it('the starting customers in a handset contract pay max(ARPU, m); once their contracts end, their ARPU', () => {
    const m = 100;
    const st = openedState(smallScenario({ levers: { subsidy: { contractMonths: 18, minMonthlySpend: m, eligibleTiers: ['supreme', 'diamond', 'gold', 'silver', 'ordinary'] } } }, 5000));
    const C = st.C, n = st.slots.hiWater;
    let arpu = 0, uplift = 0, held = 0;
    for (let i = 0; i < n; i++) {
      if (!(C.status[i] & ACTIVE)) continue;
      arpu += C.arpu[i];
      if (C.contract[i] > 0 && C.status[i] & MIN_SPEND) { held++; uplift += Math.max(0, m - C.arpu[i]); }
    }
    // the start holds handset contracts with the flag set (initContracts), many below the minimum
    expect(held).toBeGreaterThan(100);
    expect(uplift).toBeGreaterThan(0.002 * arpu);
    record(st, 0, n);
    expect(st.rec.monthly.revenue[0]).toBeCloseTo((arpu + uplift) * st.weight, 0);
    // every contract ended last month: the flags are left set, the spend is the ARPU again
    for (let i = 0; i < n; i++) if (C.contract[i] > 0) C.contract[i] = 0;
    record(st, 0, n);
    expect(st.rec.monthly.revenue[1]).toBeCloseTo(arpu * st.weight, 0);
  });
});

describe('recorder: an outlet\'s revenue is its developed customers\' (发展用户收入)', () => {
  it('books each active customer\'s spend to the open outlet that signed the line, whatever outlet they last visited', () => {
    const st = openedState(smallScenario());
    const C = st.C, n = st.slots.hiWater, o = st.outlets;
    const partner = o.isOwn.indexOf(0), store = o.isOwn.indexOf(1);
    // every customer last visited the store; the first hundred active ones were signed by the partner
    let signed = 0, expected = 0;
    for (let i = 0; i < n; i++) {
      C.home[i] = store;
      C.developer[i] = -1;
      if (signed < 100 && C.status[i] & ACTIVE) { C.developer[i] = partner; expected += C.arpu[i]; signed++; }
    }
    record(st, 0, n);
    expect(st.rec.outletMonths.revenue[partner]).toBeCloseTo(expected * st.weight, 3);
    expect(st.rec.outletMonths.revenue[store]).toBe(0);
  });
});

describe('recorder: per-month outlet figures', () => {
  const months = 4;
  const s = smallScenario({ levers: { closures: { outlets: ['S02'], fromMonth: 3 } } }, 3000, months);
  const model = createModel(s, 0);
  model.tick(months);
  const r = model.result(), om = r.outletMonths, n = om.outlets;
  const j2 = r.outlets.findIndex((o) => o.id === 'S02');

  it('holds months × outlets entries per field, and an outlet closed from month 3 is open in months 1–2 only', () => {
    expect(n).toBe(r.outlets.length);
    for (const k of ['transactions', 'newLines', 'revenue', 'cost', 'waits', 'waitSumMin', 'waitP90Min', 'busyMin', 'counters', 'open'] as const) expect(om[k], k).toHaveLength(months * n);
    expect([0, 1, 2, 3].map((m) => om.open[m * n + j2])).toEqual([1, 1, 0, 0]);
    expect(om.transactions[j2]).toBeGreaterThan(0);
    for (const k of ['transactions', 'newLines', 'revenue', 'cost', 'waits', 'busyMin'] as const) expect(om[k][2 * n + j2], k).toBe(0);
  });

  it('adds up, month by month, to the run figures of outletStats (means over the months open)', () => {
    let checked = 0;
    for (let j = 0; j < n; j++) {
      let open = 0, tx = 0, lines = 0, rev = 0, cost = 0, p90 = 0, waits = 0, waitSum = 0, busy = 0, counterMonths = 0;
      for (let m = 0; m < months; m++) {
        const k = m * n + j;
        open += om.open[k]; tx += om.transactions[k]; lines += om.newLines[k]; rev += om.revenue[k]; cost += om.cost[k];
        p90 += om.waitP90Min[k]; waits += om.waits[k]; waitSum += om.waitSumMin[k]; busy += om.busyMin[k]; counterMonths += om.counters[k];
      }
      // a latent partner site that never opened has no months to average: its figures are 0
      if (open === 0) { expect([r.outletStats.transactions[j], r.outletStats.newLines[j], r.outletStats.cost[j]]).toEqual([0, 0, 0]); continue; }
      expect(r.outletStats.transactions[j]).toBe(tx / open);
      expect(r.outletStats.newLines[j]).toBe(lines / open);
      expect(r.outletStats.revenue[j]).toBe(rev / open);
      expect(r.outletStats.cost[j]).toBe(cost / open);
      expect(r.outletStats.waitP90Min[j]).toBe(p90 / open);
      expect(r.outletStats.waitMeanMin[j]).toBe(waits > 0 ? waitSum / waits : 0);
      if (r.outlets[j].kind === 'own') {
        const out = model.region.outlets[j];
        // the run's busy minutes are summed queue by queue, the months' month by month: equal to rounding;
        // utilisation is over the counters staffed each month (stores.ts staffing)
        expect(r.outletStats.utilization[j]).toBeCloseTo(busy / (counterMonths * out.openHours * 60 * s.simulation.daysPerMonth), 13);
        expect(counterMonths).toBeLessThanOrEqual(out.counters * open);
        if (busy > 0) checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});
