import { describe, expect, it } from 'vitest';
import { CH, NC } from '../../src/model/domain.ts';
import { ACTIVE, DISPLACED } from '../../src/model/customers.ts';
import { travelMinutes } from '../../src/model/access.ts';
import { applyOutletChanges, CLOSURE_SHOCK_MONTHS, refreshAccessFactors, SHOCK_LEVEL_MIN } from '../../src/model/outlets.ts';
import { createState } from '../../src/model/state.ts';
import { smallScenario, testRng } from './month.ts';

describe('outlets: closures', () => {
  // partners neither leave nor open: the lever's closures alone
  const s = smallScenario({ levers: { closures: { outlets: ['S02', 'P04', 'L03'], fromMonth: 2 } }, partners: { exitMonths: 0, entryRate: 0 } });
  const st = createState(s, 0);
  const o = st.outlets, C = st.C, n = st.slots.hiWater;
  const id = (x: string) => st.region.outlets.findIndex((q) => q.id === x);
  const j = id('S02'), p = id('P04'), l = id('L03');
  const homed = Array.from({ length: n }, (_, i) => i).filter((i) => C.status[i] & ACTIVE && C.home[i] === j);

  it('closes nothing before the lever\'s month, then the listed outlets; a latent site is barred', () => {
    const latent = st.region.outlets.filter((x) => x.latent).length;
    expect(latent).toBe(s.partners.latentSites);
    expect(o.open.reduce((a, x) => a + x, 0)).toBe(o.n - latent);
    applyOutletChanges(o, s, st.region, C, n, 1, testRng(1));
    expect(o.open.reduce((a, x) => a + x, 0)).toBe(o.n - latent);
    applyOutletChanges(o, s, st.region, C, n, 2, testRng(2));
    expect([o.open[j], o.open[p], o.closedAt[j], o.closedAt[p], o.barred[l], o.closedAt[l]]).toEqual([0, 0, 2, 2, 1, 0]);
    expect(o.open.reduce((a, x) => a + x, 0)).toBe(o.n - latent - 2);
  });

  it('displaces exactly the closed outlets\' home customers, with a shock of their extra travel to the nearest outlet of the kind left', () => {
    expect(homed.length).toBeGreaterThan(0);
    let wrong = 0, displaced = 0, shocked = 0;
    for (let i = 0; i < n; i++) {
      const shouldBe = (C.status[i] & ACTIVE) !== 0 && (C.home[i] === j || C.home[i] === p);
      if (((C.status[i] & DISPLACED) !== 0) !== shouldBe) wrong++;
      if (!shouldBe) continue;
      displaced++;
      const q = C.home[i], a = o.isOwn[q] ? o.own : o.partner, cell = C.cell[i];
      const extra = a.travel[cell * o.K] - travelMinutes(st.region, cell, q, s.region.accessMin);
      const level = extra > 0 ? Math.min(31, Math.round(extra / SHOCK_LEVEL_MIN)) : 0;
      if (C.shock[i] !== ((level << 3) | CLOSURE_SHOCK_MONTHS)) wrong++;
      if (level > 0) shocked++;
    }
    expect(wrong).toBe(0);
    expect(displaced).toBeGreaterThan(homed.length);
    expect(shocked).toBeGreaterThan(0);
  });

  it('rebuilds access: no cell lists a closed outlet, every cell still has an own store and a partner', () => {
    for (const a of [o.own, o.partner, o.kiosk]) expect(a.outlet.some((x) => x === j || x === p || x === l)).toBe(false);
    let without = 0;
    for (let cell = 0; cell < st.region.nCells; cell++) if (o.own.outlet[cell * o.K] < 0 || o.partner.outlet[cell * o.K] < 0) without++;
    expect(without).toBe(0);
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
