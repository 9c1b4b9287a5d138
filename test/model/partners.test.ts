import { describe, expect, it } from 'vitest';
import { bookPartners, expectedMoves, partnerMoves, PROFIT_MEMORY } from '../../src/model/partners.ts';
import { createState } from '../../src/model/state.ts';
import { smallScenario, testRng } from './month.ts';

describe('partners: exit and entry hazards', () => {
  it('a partner losing its whole fixed cost leaves with hazard 1/exitMonths; a profitable one never leaves', () => {
    const s = smallScenario({ partners: { exitMonths: 4, entryRate: 0 } });
    const st = createState(s, 0), o = st.outlets;
    const partners = Array.from({ length: o.n }, (_, j) => j).filter((j) => !o.isOwn[j] && o.open[j]);
    let left = 0, trials = 0, wrongLeavers = 0;
    for (let k = 0; k < 60; k++) {
      partners.forEach((j, q) => { o.open[j] = 1; o.profit[j] = q % 2 === 0 ? -o.partnerFixed[j] : 100; });
      const moved = partnerMoves(o, s, st.region, testRng(100 + k));
      for (const j of moved.left) if (o.profit[j] > 0) wrongLeavers++;
      left += moved.left.length;
      trials += Math.ceil(partners.length / 2);
      expect(moved.opened).toEqual([]);
    }
    expect(wrongLeavers).toBe(0);
    const p = 1 / 4;
    expect(Math.abs(left / trials - p)).toBeLessThan(4 * Math.sqrt(p * (1 - p) / trials));
  });

  it('a closed site opens with hazard entryRate when its neighbours\' contribution pays its fixed cost twice over; a barred one never', () => {
    const s = smallScenario({ partners: { exitMonths: 0, entryRate: 0.2, ownTradeSpread: 0 } });
    const st = createState(s, 0), o = st.outlets;
    const sites = Array.from({ length: o.n }, (_, j) => j).filter((j) => !o.isOwn[j] && !o.open[j]);
    const barred = sites.filter((_, q) => q % 4 === 0);
    for (const j of barred) o.barred[j] = 1;
    let opened = 0, trials = 0, wrong = 0;
    for (let k = 0; k < 40; k++) {
      for (const j of sites) o.open[j] = 0;
      // neighbours bring F − ownTrade + F: the expected profit is F, the full hazard
      for (let j = 0; j < o.n; j++) if (!o.isOwn[j]) o.contribution[j] = 2 * o.partnerFixed[j] - o.ownTrade[j];
      const moved = partnerMoves(o, s, st.region, testRng(300 + k));
      for (const j of moved.opened) if (o.barred[j]) wrong++;
      opened += moved.opened.length;
      trials += sites.length - barred.length;
    }
    expect(wrong).toBe(0);
    expect(Math.abs(opened / trials - 0.2)).toBeLessThan(4 * Math.sqrt(0.2 * 0.8 / trials));
  });
});

describe('partners: expected moves (the entry rate\'s balance)', () => {
  it('sums the exit and entry hazards: half the partners at a whole loss (1/4), half at half a loss (1/8); sites expecting half their fixed cost (0.2 x 1/2); the draws agree within 4 SE', () => {
    const s = smallScenario({ partners: { exitMonths: 4, entryRate: 0.2, ownTradeSpread: 0 } });
    const st = createState(s, 0), o = st.outlets;
    const partners = Array.from({ length: o.n }, (_, j) => j).filter((j) => !o.isOwn[j] && o.open[j]);
    const sites = Array.from({ length: o.n }, (_, j) => j).filter((j) => !o.isOwn[j] && !o.open[j]);
    // one fixed cost and one own trade for all (generated outlets, no spread), as the half-profit needs
    expect(new Set([...partners, ...sites].map((j) => o.partnerFixed[j])).size).toBe(1);
    const set = () => {
      for (const j of sites) o.open[j] = 0;
      partners.forEach((j, q) => { o.open[j] = 1; o.profit[j] = (q % 2 === 0 ? -1 : -0.5) * o.partnerFixed[j]; o.contribution[j] = 1.5 * o.partnerFixed[j] - o.ownTrade[j]; });
    };
    set();
    const e = expectedMoves(o, s, st.region);
    const exits = partners.reduce((a, _, q) => a + (q % 2 === 0 ? 0.25 : 0.125), 0), entries = sites.length * 0.1;
    expect(e.exits).toBeCloseTo(exits, 12);
    expect(e.entries).toBeCloseTo(entries, 12);
    let left = 0, opened = 0;
    const R = 40;
    for (let k = 0; k < R; k++) {
      set();
      const moved = partnerMoves(o, s, st.region, testRng(500 + k));
      left += moved.left.length; opened += moved.opened.length;
    }
    // independent Bernoulli draws: variance Σ p(1 − p) per month
    const varExits = partners.reduce((a, _, q) => a + (q % 2 === 0 ? 0.25 * 0.75 : 0.125 * 0.875), 0), varEntries = sites.length * 0.09;
    expect(Math.abs(left - R * exits)).toBeLessThan(4 * Math.sqrt(R * varExits));
    expect(Math.abs(opened - R * entries)).toBeLessThan(4 * Math.sqrt(R * varEntries));
  });
});

describe('partners: the month\'s books', () => {
  it('profit = income − a·sales + own trade − fixed cost, smoothed with weight PROFIT_MEMORY after the first month', () => {
    const s = smallScenario();
    const st = createState(s, 0), o = st.outlets, t = st.tally, a = st.acq.effortCost;
    const j = o.isOwn.indexOf(0);
    t.partnerIncome[j] = 3000; t.partnerSales[j] = 2000;
    bookPartners(o, t, a);
    const first = 3000 - a * 2000 + o.ownTrade[j] - o.partnerFixed[j];
    expect(o.profit[j]).toBeCloseTo(first, 9);
    t.partnerIncome[j] = 1000; t.partnerSales[j] = 0;
    bookPartners(o, t, a);
    expect(o.profit[j]).toBeCloseTo(first + PROFIT_MEMORY * (1000 + o.ownTrade[j] - o.partnerFixed[j] - first), 9);
    expect(o.contribution[j]).toBeCloseTo(3000 - a * 2000 + PROFIT_MEMORY * (1000 - (3000 - a * 2000)), 9);
    // own trade: log-normal with the scenario's median, the same in every replication
    expect(Array.from(createState(s, 3).outlets.ownTrade)).toEqual(Array.from(o.ownTrade));
  });
});
