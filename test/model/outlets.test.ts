import { describe, expect, it } from 'vitest';
import { CH, NC } from '../../src/model/domain.ts';
import { ACTIVE, DISPLACED } from '../../src/model/customers.ts';
import { applyOutletChanges, CLOSURE_SHOCK_MONTHS, refreshAccessFactors } from '../../src/model/outlets.ts';
import { createState } from '../../src/model/state.ts';
import { smallScenario } from './month.ts';

describe('outlets: closures', () => {
  const s = smallScenario({ levers: { closures: { outlets: ['S02', 'P04'], fromMonth: 2 } } });
  const st = createState(s, 0);
  const o = st.outlets, C = st.C, n = st.slots.hiWater;
  const j = st.region.outlets.findIndex((x) => x.id === 'S02'), p = st.region.outlets.findIndex((x) => x.id === 'P04');
  const homed = Array.from({ length: n }, (_, i) => i).filter((i) => C.status[i] & ACTIVE && C.home[i] === j);

  it('closes nothing before the lever\'s month, then the listed outlets', () => {
    applyOutletChanges(o, s, st.region, C, n, 1);
    expect(o.open.every((x) => x === 1)).toBe(true);
    applyOutletChanges(o, s, st.region, C, n, 2);
    expect([o.open[j], o.open[p], o.closedAt[j], o.closedAt[p]]).toEqual([0, 0, 2, 2]);
    expect(o.open.reduce((a, x) => a + x, 0)).toBe(o.n - 2);
  });

  it('displaces exactly the closed outlets\' home customers, with the closure shock', () => {
    expect(homed.length).toBeGreaterThan(0);
    let wrong = 0, displaced = 0;
    for (let i = 0; i < n; i++) {
      const shouldBe = (C.status[i] & ACTIVE) !== 0 && (C.home[i] === j || C.home[i] === p);
      if (((C.status[i] & DISPLACED) !== 0) !== shouldBe || (shouldBe && C.shock[i] !== CLOSURE_SHOCK_MONTHS)) wrong++;
      if (shouldBe) displaced++;
    }
    expect(wrong).toBe(0);
    expect(displaced).toBeGreaterThan(homed.length);
  });

  it('rebuilds access: no cell lists a closed outlet, every cell still has an own store and a partner', () => {
    for (const a of [o.own, o.partner, o.kiosk]) expect(a.outlet.some((x) => x === j || x === p)).toBe(false);
    let without = 0;
    for (let cell = 0; cell < st.region.nCells; cell++) if (o.own.outlet[cell * o.K] < 0 || o.partner.outlet[cell * o.K] < 0) without++;
    expect(without).toBe(0);
  });
});

describe('outlets: partner exit', () => {
  it('a partner whose income stayed below its cost for exitMonths months leaves; one month of profit resets the count', () => {
    const s = smallScenario({ partners: { exitMonths: 3 } });
    const st = createState(s, 0), o = st.outlets;
    const [a, b] = [o.isOwn.indexOf(0), o.isOwn.indexOf(0, o.isOwn.indexOf(0) + 1)];
    o.lossMonths[a] = 3; o.lossMonths[b] = 2;
    applyOutletChanges(o, s, st.region, st.C, st.slots.hiWater, 5);
    expect([o.open[a], o.open[b]]).toEqual([0, 1]);
  });
});

describe('outlets: access factors', () => {
  it('are the Huff sums of size × time × wait factor for own stores, exp(−β·W) for the hotline, the availability for managers, 1 otherwise', () => {
    const s = smallScenario();
    const st = createState(s, 0), o = st.outlets;
    o.expWait.forEach((_, j) => { o.expWait[j] = (j % 5) * 2; });
    refreshAccessFactors(o, s, st.region.nCells, 3, 0.8);
    const bw = s.choice.waitPerMin;
    for (const cell of [0, 17, st.region.nCells - 1]) {
      let own = 0, partner = 0;
      for (let m = 0; m < o.K; m++) {
        const jo = o.own.outlet[cell * o.K + m], jp = o.partner.outlet[cell * o.K + m];
        if (jo >= 0) own += o.own.timeFactor[cell * o.K + m] * o.sizeOwn[jo] * Math.exp(-bw * o.expWait[jo]);
        if (jp >= 0) partner += o.partner.timeFactor[cell * o.K + m] * o.sizePartner[jp];
      }
      const acc = o.cellAcc.subarray(cell * NC, cell * NC + NC);
      expect(acc[CH.ownStore]).toBeCloseTo(own, 12);
      expect(acc[CH.partner]).toBeCloseTo(partner, 12);
      expect(acc[CH.hotline]).toBeCloseTo(Math.exp(-bw * 3), 15);
      expect(acc[CH.accountManager]).toBe(0.8);
      for (const c of ['web', 'app', 'sms', 'ussd', 'ivr'] as const) expect(acc[CH[c]], c).toBe(1);
    }
  });
});
