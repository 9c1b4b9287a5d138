import { describe, expect, it } from 'vitest';
import { CH, NC, TIERS } from '../../src/model/domain.ts';
import { ACTIVE } from '../../src/model/customers.ts';
import { acquire, acquisitionTables, BAND_OF_TIER, logistic, logit, REFERENCE_PROSPECTS, solveConstant } from '../../src/model/acquisition.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { runQueues } from '../../src/model/spillover.ts';
import { createState } from '../../src/model/state.ts';
import { openedState, smallScenario, testRng } from './month.ts';

describe('acquisition: the tables', () => {
  it('P(handset) follows the logistic formula; partner effort is the margin ratio to the power e/(1 − e)', () => {
    const s = smallScenario({
      levers: { subsidy: { handset: { basic: 100, mid: 300, high: 800 }, eligibleTiers: ['supreme', 'gold'] }, commission: { perNewLine: { partner: 90 } } },
    });
    const a = acquisitionTables(s), q = s.acquisition;
    TIERS.forEach((t, r) => {
      const sub = t === 'supreme' ? 800 : t === 'gold' ? 300 : 0;
      expect(a.handsetP[r], t).toBeCloseTo(logistic(logit(q.handsetShare) + q.handsetPerCny * (sub - q.referenceSubsidy)), 14);
    });
    expect(BAND_OF_TIER).toEqual([2, 2, 1, 0, 0]);
    expect(a.perLine[CH.partner]).toBe(90);
    // at the reference commission and subsidy take-up the effort is 1; more commission, more effort
    const ref = acquisitionTables(smallScenario({ levers: { subsidy: { handset: { basic: 200, mid: 200, high: 200 }, eligibleTiers: [...TIERS] } } }));
    expect(ref.effort).toBeCloseTo(1, 12);
    expect(a.effort).toBeGreaterThan(1);
  });

  it('solves κ so that the mean win probability is the target, prospects without a sales point never winning', () => {
    const L = Float64Array.from({ length: 1000 }, (_, k) => (k % 10 === 0 ? -Infinity : Math.log(0.5 + (k % 7))));
    const k = solveConstant(0.45, L, 0.6);
    const mean = L.reduce((acc, l) => acc + logistic(k + 0.6 * l), 0) / L.length;
    expect(mean).toBeCloseTo(0.45, 9);
    // out of reach: 10 % can never win, so 0.95 cannot be met and κ runs to its bound
    expect(solveConstant(0.95, L, 0.6)).toBeGreaterThan(50);
    // stopping once the bounds meet gives, bit for bit, the value of the full 100 halvings
    const full = (target: number) => {
      let lo = -60, hi = 60;
      for (let it = 0; it < 100; it++) {
        const mid = (lo + hi) / 2;
        const m = L.reduce((acc, l) => acc + logistic(mid + 0.6 * l), 0) / L.length;
        if (m < target) lo = mid; else hi = mid;
      }
      return (lo + hi) / 2;
    };
    for (const target of [0.05, 0.3, 0.45, 0.8, 0.95]) expect(solveConstant(target, L, 0.6)).toBe(full(target));
  });
});

describe('acquisition: a month of prospects', () => {
  const s = smallScenario({}, 20_000);
  const st = openedState(s);
  const activeBefore = Array.from(st.C.status.subarray(0, st.slots.hiWater)).filter((x) => x & ACTIVE).length;
  for (let k = 0; k < 4; k++) acquire(st, testRng(10 + k)); // four months' worth of prospects, one month's tables
  const t = st.tally;

  it('wins about baseWinShare of the prospects in the city as it stands with no subsidy offered', () => {
    // no offer, the competitor at the status quo, nothing closed: the month's access is the
    // reference's, so the won share is baseWinShare up to κ's sampling error (REFERENCE_PROSPECTS)
    // and the binomial noise of the month
    const none = smallScenario({ levers: { subsidy: { eligibleTiers: [] } } }, 20_000);
    const s0 = openedState(none);
    for (let k = 0; k < 4; k++) acquire(s0, testRng(10 + k));
    const p = none.acquisition.baseWinShare, n = s0.tally.prospects;
    const se = Math.sqrt(p * (1 - p) / n) + Math.sqrt(p * (1 - p) / REFERENCE_PROSPECTS);
    expect(n).toBeGreaterThan(4000);
    expect(Math.abs(s0.tally.won / n - p)).toBeLessThan(4 * se);
  });

  it('conserves customers through the month: every won prospect is a new line or lost, and the active count follows', () => {
    // one store without staff this month: its sign-ups cannot be served, so some prospects are lost
    const closedDesk = st.outlets.isOwn.indexOf(1);
    (st.storeQueue.servers as number[])[closedDesk] = 0;
    serveNeeds(st, testRng(20));
    runQueues(st, testRng(21), testRng(23), testRng(22));
    expect(t.newLines).toBeGreaterThan(0);
    expect(t.newLines).toBeLessThanOrEqual(t.won);
    expect(t.lostProspects).toBeGreaterThan(0);
    expect(t.newLines + t.lostProspects).toBe(t.won);
    let active = 0;
    for (let i = 0; i < st.slots.hiWater; i++) if (st.C.status[i] & ACTIVE) active++;
    expect(active).toBe(activeBefore + t.won - t.lostProspects);
    let row = 0;
    for (let c = 0; c < NC; c++) row += t.serviceChannel[st.sv.newLine * NC + c];
    expect(row).toBe(t.newLines);
  });

  it('a city with no outlet in reach wins only through the web, app and account managers: far fewer prospects', () => {
    const shut = createState(s, 0);
    shut.outlets.open.fill(0);
    // the same prospects, drawn with the same stream, against a city without sales points in reach
    shut.outlets.own.total.fill(0); shut.outlets.partner.total.fill(0); shut.outlets.kiosk.total.fill(0);
    for (let cell = 0; cell < shut.region.nCells; cell++) {
      shut.outlets.cellAcc[cell * NC + CH.ownStore] = 0; shut.outlets.cellAcc[cell * NC + CH.partner] = 0; shut.outlets.cellAcc[cell * NC + CH.kiosk] = 0;
    }
    acquire(shut, testRng(10));
    const open = openedState(s);
    acquire(open, testRng(10));
    expect(shut.tally.prospects).toBe(open.tally.prospects);
    // own stores and partners carry over 90 % of the sales weight, so γ·ln(share left) takes the
    // win logit down by well over 1: fewer than half the wins remain
    expect(shut.tally.won).toBeLessThan(open.tally.won * 0.5);
  });
});
