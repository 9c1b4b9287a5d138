import { describe, expect, it } from 'vitest';
import { CH, NC, TIERS } from '../../src/model/domain.ts';
import { ACTIVE } from '../../src/model/customers.ts';
import { acquire, acquisitionTables, BAND_OF_TIER, logistic, logit } from '../../src/model/acquisition.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { runQueues } from '../../src/model/spillover.ts';
import { openedState, smallScenario, testRng } from './month.ts';

describe('acquisition: the tables', () => {
  it('P(win) and P(handset) follow the logistic formulas with hand-computed inputs', () => {
    const s = smallScenario({
      levers: { subsidy: { handset: { basic: 100, mid: 300, high: 800 }, eligibleTiers: ['supreme', 'gold'] }, commission: { perNewLine: { partner: 90 } } },
    });
    const a = acquisitionTables(s), q = s.acquisition;
    // S̃ = (800 [supreme, high] + 0 [diamond, not eligible] + 300 [gold, mid] + 0 + 0) / 5 = 220
    expect(a.meanSubsidy).toBe(220);
    const pWin = 1 / (1 + Math.exp(-(Math.log(q.baseWinShare / (1 - q.baseWinShare)) + q.subsidyPerCny * (220 - q.referenceSubsidy) + q.commissionPerCny * (90 - q.referenceCommission))));
    expect(a.pWin).toBeCloseTo(pWin, 14);
    TIERS.forEach((t, r) => {
      const sub = t === 'supreme' ? 800 : t === 'gold' ? 300 : 0;
      expect(a.handsetP[r], t).toBeCloseTo(logistic(logit(q.handsetShare) + q.handsetPerCny * (sub - q.referenceSubsidy)), 14);
    });
    expect(BAND_OF_TIER).toEqual([2, 2, 1, 0, 0]);
    expect(a.perLine[CH.partner]).toBe(90);
  });
});

describe('acquisition: a month of prospects', () => {
  const s = smallScenario({}, 20_000);
  const st = openedState(s);
  const activeBefore = Array.from(st.C.status.subarray(0, st.slots.hiWater)).filter((x) => x & ACTIVE).length;
  for (let k = 0; k < 4; k++) acquire(st, testRng(10 + k)); // four months' worth of prospects, one month's tables
  const t = st.tally;

  it('wins prospects with the logit probability: the won share within 4 binomial SE of P(win)', () => {
    expect(t.prospects).toBeGreaterThan(4000);
    const se = Math.sqrt((st.acq.pWin * (1 - st.acq.pWin)) / t.prospects);
    expect(Math.abs(t.won / t.prospects - st.acq.pWin)).toBeLessThan(4 * se);
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
    // every new line was counted once, in the service × channel row of the new line
    let row = 0;
    for (let c = 0; c < NC; c++) row += t.serviceChannel[st.sv.newLine * NC + c];
    expect(row).toBe(t.newLines);
  });
});
