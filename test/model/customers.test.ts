import { describe, expect, it } from 'vitest';
import { ACTIVE, DISPLACED, PREPAID, activeCustomers, allocateCustomers, drawCustomer, growCustomers, isActive, population, prospectTables, rewindSlots, takeSlot } from '../../src/model/customers.ts';
import { NS, NT, SEGMENTS, TIERS } from '../../src/model/domain.ts';
import { buildRegion } from '../../src/model/region.ts';
import { Rng } from '../../src/model/rng.ts';
import { createModel } from '../../src/model/engine.ts';
import { openedState, smallScenario } from './month.ts';

describe('customers: the slot layout', () => {
  const st = openedState(smallScenario());
  const { C, slots } = st, nCells = st.region.nCells;

  it('stores the starting customers in the order of their home cells, each cell a block', () => {
    expect(slots.hiWater).toBe(st.agents);
    expect(slots.start[nCells]).toBe(st.agents);
    for (let c = 0; c < nCells; c++) for (let i = slots.start[c]; i < slots.start[c + 1]; i++) expect(C.cell[i]).toBe(c);
  });

  it('gives a new line a free slot of its cell\'s block first, then the first free slot anywhere, then a new one', () => {
    let cell = 0; // the most populous cell
    for (let c = 1; c < nCells; c++) if (slots.start[c + 1] - slots.start[c] > slots.start[cell + 1] - slots.start[cell]) cell = c;
    const lo = slots.start[cell], hi = slots.start[cell + 1];
    expect(hi - lo).toBeGreaterThan(1);
    C.status[lo + 1] = 0; // a churned neighbour
    const other = lo > 0 ? lo - 1 : hi; // a slot of another cell
    C.status[other] = 0;
    rewindSlots(slots);
    expect(takeSlot(slots, C, cell)).toBe(lo + 1);
    C.status[lo + 1] = ACTIVE;
    expect(takeSlot(slots, C, cell)).toBe(other);
    C.status[other] = ACTIVE;
    const before = slots.hiWater;
    expect(takeSlot(slots, C, cell)).toBe(before);
    expect(slots.hiWater).toBe(before + 1);
  });

  it('grows in place when every slot is taken, keeping every slot\'s content', () => {
    const c = allocateCustomers(4);
    c.status.fill(ACTIVE); c.arpu.set([1, 2, 3, 4]); c.familiarity[39] = 77;
    const slots2 = { start: Int32Array.from([0, 4]), cursor: new Int32Array(1), anywhere: 0, hiWater: 4 };
    rewindSlots(slots2);
    expect(takeSlot(slots2, c, 0)).toBe(4);
    expect(c.capacity).toBeGreaterThan(4);
    expect(Array.from(c.arpu.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(c.familiarity[39]).toBe(77);
    expect(c.status[c.capacity - 1]).toBe(0); // the new room holds nobody until a customer is drawn into it
    const arrays = { ...c };
    growCustomers(c, c.capacity + 1);
    expect(c.arpu).not.toBe(arrays.arpu);
  });
});

describe('customers: status accessors', () => {
  it('read the active bit, whatever else is set', () => {
    const c = allocateCustomers(6);
    c.status.set([ACTIVE, 0, ACTIVE | DISPLACED, DISPLACED, ACTIVE, 0]);
    expect([0, 1, 2, 3, 4, 5].map((i) => isActive(c, i))).toEqual([true, false, true, false, true, false]);
    expect(Array.from(activeCustomers(c))).toEqual([0, 2, 4]);
    expect(Array.from(activeCustomers(c, 3))).toEqual([0, 2]);
  });

  it('conserve customers over a month: active after = active before + won − lost − churned', () => {
    const s = smallScenario({}, 3000, 3);
    const model = createModel(s, 0);
    for (let m = 0; m < 3; m++) {
      const before = activeCustomers(model.customers()).length;
      model.tick(1);
      const M = model.result().monthly;
      const after = activeCustomers(model.customers()).length;
      // churn rate = churned / at risk, at risk = before + new lines (won − lost)
      const atRisk = before + M.newLines[m];
      expect(after).toBe(Math.round(atRisk * (1 - M.churnRateMonthly[m])));
    }
  });
});

describe('customers: the prospects are the market\'s switchers', () => {
  it('draws each type in proportion to its share × its churn hazard out of contract (tier factor, prepaid factor), within 4 SE', () => {
    const s = smallScenario();
    const region = buildRegion(s), { pop, cellCdf } = prospectTables(s, region), base = population(s, region);
    const n = 200_000, c = allocateCustomers(1), rng = Rng.from(5, 1);
    const tiers = new Float64Array(NT), segs = new Float64Array(NS), prepaid = new Float64Array(NS);
    for (let k = 0; k < n; k++) {
      drawCustomer(c, 0, s, pop, cellCdf, rng, 0, null);
      tiers[c.tier[0]]++; segs[c.segment[0]]++;
      if (c.status[0] & PREPAID) prepaid[c.segment[0]]++;
    }
    // expected: the base's joint mix, each type × tierFactor × (prepaidFactor if prepaid), normalised
    const f = TIERS.map((t) => s.churn.tierFactor[t]), phi = s.churn.prepaidFactor;
    const joint = SEGMENTS.map((g) => {
      const mix = TIERS.map((t) => s.segments[g].tierMix[t]), m = mix.reduce((a, b) => a + b, 0), q = s.churn.prepaidShare[g];
      return mix.map((x, r) => (s.segments[g].share * x / m) * f[r] * (1 + q * (phi - 1)));
    });
    const total = joint.flat().reduce((a, b) => a + b, 0);
    const within = (got: number, p: number) => expect(Math.abs(got - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    TIERS.forEach((_, r) => within(tiers[r], joint.reduce((a, row) => a + row[r], 0) / total));
    SEGMENTS.forEach((g, gi) => {
      within(segs[gi], joint[gi].reduce((a, b) => a + b, 0) / total);
      const q = s.churn.prepaidShare[g], pq = (q * phi) / (q * phi + 1 - q);
      expect(Math.abs(prepaid[gi] - segs[gi] * pq)).toBeLessThan(4 * Math.sqrt(segs[gi] * pq * (1 - pq)) + 1);
    });
    // the starting base keeps the scenario's own mix: its tables are the unweighted ones
    expect(Array.from(base.prepaidShare)).toEqual(SEGMENTS.map((g) => s.churn.prepaidShare[g]));
    expect(Array.from(base.districtWeight).every((w) => Math.abs(w - 1) < 1e-12)).toBe(true);
  });
});
