import { describe, expect, it } from 'vitest';
import { ANY_DAY, appendVisit, clearVisits, createDayVisits, createVisits, dayOf, FLAG_PICKUP, FLAG_RETRY, flagsOf, pushVisit, serviceOf, slotOf, startDayVisits, visitInfo, VisitReader, withDay } from '../../src/model/visits.ts';
import { testRng, visitsOf } from './month.ts';

describe('visits: the packed buffer', () => {
  it('round-trips a customer sequence, escaped steps included, with each visit\'s service, flags, slot and day', () => {
    const rng = testRng(1);
    // ascending runs with small steps, steps at the 510/511 edge, big jumps, repeats and backward jumps
    const customers = [0, 0, 3, 513, 1023, 1024, 1024 + 511, 7, 8, 2_000_000, 2_000_000, 5];
    for (let k = 0; k < 3000; k++) customers.push(customers[customers.length - 1] + (rng.next() < 0.5 ? 600 + rng.int(5000) : rng.int(40)));
    customers.push(1, 0);
    const b = createVisits(16); // small: the buffer grows in place several times
    const want = customers.map((c, k) => ({ c, sv: k % 255, f: k % 3 === 0 ? FLAG_RETRY : k % 5 === 0 ? FLAG_PICKUP : 0, slot: k % 64, day: k % 31 }));
    for (const w of want) appendVisit(b, w.c, visitInfo(w.sv, w.f, w.slot));
    expect(b.n).toBe(want.length);
    for (let v = 0; v < b.n; v++) b.info[v] = withDay(b.info[v], want[v].day);
    const reader = new VisitReader(b);
    const got = Array.from(b.info.subarray(0, b.n), (inf) => ({ c: reader.customer(inf), sv: serviceOf(inf), f: flagsOf(inf), slot: slotOf(inf), day: dayOf(inf) }));
    expect(got).toEqual(want);
    // steps of 0..510 are stored in the word; every other step escapes (here more than the 1,024 first escapes)
    expect(b.nEscaped).toBe(customers.filter((c, k) => { const step = c - (k > 0 ? customers[k - 1] : 0); return step < 0 || step >= 511; }).length);
    expect(b.nEscaped).toBeGreaterThan(1024);
  });

  it('a cleared buffer starts again from customer 0', () => {
    const b = createVisits(4);
    appendVisit(b, 900, visitInfo(1, 0, 0));
    clearVisits(b);
    appendVisit(b, 2, visitInfo(2, 0, 5));
    expect([b.n, b.nEscaped]).toEqual([1, 0]);
    expect(new VisitReader(b).customer(b.info[0])).toBe(2);
  });
});

describe('visits: a month by day (DayVisits)', () => {
  it('before the queues run, a visit gets a uniform day: each day\'s count within 4 binomial SE of n/days', () => {
    const days = 30, n = 30_000, q = createDayVisits(days, 64, testRng(5));
    for (let i = 0; i < n; i++) expect(pushVisit(q, i, visitInfo(i % 7, 0, 0))).toBe(true);
    expect(q.n).toBe(n);
    const p = 1 / days, se = Math.sqrt(n * p * (1 - p));
    for (const b of q.day) expect(Math.abs(b.n - n * p)).toBeLessThan(4 * se);
    // each day's visits in the order made, each word carrying its day
    const all = visitsOf(q);
    expect(all.map((x) => x.customer).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    for (const x of all) expect(dayOf(x.info)).toBe(x.day);
  });

  it('while the queues run, a visit goes to the day `next`, and is refused when no day is left', () => {
    const q = createDayVisits(5, 8, testRng(6));
    q.next = 3;
    expect(pushVisit(q, 9, visitInfo(2, FLAG_RETRY, 1))).toBe(true);
    q.next = 5;
    expect(pushVisit(q, 10, visitInfo(2, FLAG_RETRY, 1))).toBe(false);
    expect([q.n, q.day[3].n, q.day.reduce((a, b) => a + b.n, 0)]).toEqual([1, 1, 1]);
    startDayVisits(q, testRng(7));
    expect([q.n, q.next, q.day[3].n]).toEqual([0, ANY_DAY, 0]);
  });
});
