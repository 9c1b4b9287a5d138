import { describe, expect, it } from 'vitest';
import { CH, NC } from '../../src/model/domain.ts';
import { abandon, applyGains, complete, deferGains, experience, gainFamiliarity, smooth } from '../../src/model/completion.ts';
import { openedState, smallScenario, testRng } from './month.ts';

describe('completion: counts and money of a transaction', () => {
  const st = openedState(smallScenario({ partners: { serviceFee: 3 }, levers: { commission: { perNewLine: { partner: 50, web: 7 } } } }));
  const t = st.tally, C = st.C;
  const partner = st.outlets.isOwn.indexOf(0);
  const sv = st.s.services.findIndex((x) => x.channels.includes('partner') && !x.handset);

  it('counts the transaction once by channel, by service and at the outlet, which becomes the customer\'s home', () => {
    complete(st, 5, sv, CH.partner, partner, 4, 0, testRng(1));
    expect(t.tx[CH.partner]).toBe(1);
    expect(t.serviceChannel[sv * NC + CH.partner]).toBe(1);
    expect(t.txByOutlet[partner]).toBe(1);
    expect(C.home[5]).toBe(partner);
  });

  it('pays a partner its fee, booked as commission; a new line adds its channel\'s commission: what the partner earns is what was paid', () => {
    const nl = st.sv.newLine;
    complete(st, 6, nl, CH.partner, partner, 4, 0, testRng(2));
    complete(st, 7, nl, CH.web, -1, 0, 0, testRng(3));
    expect(t.newLines).toBe(2);
    expect(t.commission[CH.partner]).toBe(3 + 3 + 50);
    expect(t.commission[CH.web]).toBe(7);
    expect(t.partnerPaid[partner]).toBe(3 + 3 + 50);
    // income = payments + a handset margin for each handset sold there
    expect(t.partnerIncome[partner] - t.partnerPaid[partner]).toBeGreaterThanOrEqual(0);
    expect(t.newByOutlet[partner]).toBe(1);
    // the line's developer (发展渠道): the partner that signed it; none for one signed on the web
    expect([C.developer[6], C.developer[7]]).toEqual([partner, -1]);
  });
});

describe('completion: experience, stored at once or held', () => {
  const s = smallScenario();
  const e = () => openedState(s);

  it('stored at once: S ← round(clamp(S + α(score − S))), literacy ← + round((255 − lit)·gain) for an electronic channel', () => {
    const st = e(), C = st.C, x = st.exp;
    C.satisfaction[1] = 60; C.literacy[1] = 100;
    experience(st, 1, CH.web, 10, 5);
    expect(C.satisfaction[1]).toBe(Math.round(60 + x.alpha * (x.good - x.waitPen * 5 - x.travelPen * 10 - 60)));
    expect(C.literacy[1]).toBe(100 + Math.round(155 * x.litGain));
    C.satisfaction[2] = 3;
    abandon(st, 2);
    expect(C.satisfaction[2]).toBe(0);
    expect(st.tally.abandoned).toBe(1);
  });

  it('held: satisfaction runs unrounded and uses are counted, the stored values untouched until the hot loop stores them', () => {
    const st = e(), C = st.C, x = st.exp;
    C.satisfaction[1] = 60; C.literacy[1] = 100;
    x.held = 1; x.sat = 60; x.uses = 0;
    experience(st, 1, CH.web, 0, 0);
    experience(st, 1, CH.ownStore, 12, 3);
    abandon(st, 1);
    const want = Math.max(0, smooth(smooth(60, x.good, x.alpha), x.good - x.waitPen * 3 - x.travelPen * 12, x.alpha) - x.failurePenalty * x.alpha);
    expect(x.sat).toBe(want);
    expect(x.uses).toBe(1);
    expect([C.satisfaction[1], C.literacy[1]]).toEqual([60, 100]);
    // another customer is not held
    experience(st, 2, CH.app, 0, 0);
    expect(x.uses).toBe(1);
    x.held = -1;
  });

  it('deferred familiarity gains: counted for the one channel, applied in slot order, the same bytes as applied at once', () => {
    const [now, later] = [e(), e()];
    const visits = [[5, CH.ownStore], [9, CH.ownStore], [5, CH.ownStore], [5, CH.hotline], [9, CH.ownStore], [5, CH.ownStore]] as const;
    now.C.familiarity[5 * NC + CH.ownStore] = 3; later.C.familiarity[5 * NC + CH.ownStore] = 3;
    for (const [i, c] of visits) gainFamiliarity(now, i, c);
    deferGains(later, CH.ownStore);
    for (const [i, c] of visits) gainFamiliarity(later, i, c);
    // the own-store gains wait; the hotline's, another channel, went in at once
    expect(later.C.familiarity[5 * NC + CH.ownStore]).toBe(3);
    expect(later.C.familiarity[5 * NC + CH.hotline]).toBe(now.C.familiarity[5 * NC + CH.hotline]);
    expect(Array.from(later.gains!.subarray(0, 10))).toEqual([0, 0, 0, 0, 0, 3, 0, 0, 0, 2]);
    applyGains(later);
    expect(later.gains).toBeNull();
    expect(Array.from(later.C.familiarity)).toEqual(Array.from(now.C.familiarity));
    expect(later.gainsRoom.every((k) => k === 0)).toBe(true);
    // past 255 counted gains a customer's next ones go in at once: still the same bytes
    const [a, b] = [e(), e()];
    deferGains(b, CH.ownStore);
    for (let k = 0; k < 300; k++) { gainFamiliarity(a, 7, CH.ownStore); gainFamiliarity(b, 7, CH.ownStore); }
    expect(b.gains![7]).toBe(255);
    applyGains(b);
    expect(b.C.familiarity[7 * NC + CH.ownStore]).toBe(a.C.familiarity[7 * NC + CH.ownStore]);
  });

  it('smooth stays within [0, 100]', () => {
    expect(smooth(10, -500, 0.25)).toBe(0);
    expect(smooth(100, 100, 0.25)).toBe(100);
    expect(smooth(50, 90, 0.25)).toBe(60);
  });
});
