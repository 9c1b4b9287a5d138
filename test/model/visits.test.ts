import { describe, expect, it } from 'vitest';
import { clearVisits, createVisits, dayOf, FLAG_PICKUP, FLAG_RETRY, flagsOf, pushVisit, serviceOf, slotOf, visitInfo, VisitReader, withDay } from '../../src/model/visits.ts';
import { testRng } from './month.ts';

describe('visits: the packed buffer', () => {
  it('round-trips a customer sequence, escaped steps included, with each visit\'s service, flags, slot and day', () => {
    const rng = testRng(1);
    // ascending runs with small steps, steps at the 510/511 edge, big jumps, repeats and backward jumps
    const customers = [0, 0, 3, 513, 1023, 1024, 1024 + 511, 7, 8, 2_000_000, 2_000_000, 5];
    for (let k = 0; k < 3000; k++) customers.push(customers[customers.length - 1] + (rng.next() < 0.5 ? 600 + rng.int(5000) : rng.int(40)));
    customers.push(1, 0);
    const b = createVisits(16); // small: the buffer grows in place several times
    const want = customers.map((c, k) => ({ c, sv: k % 255, f: k % 3 === 0 ? FLAG_RETRY : k % 5 === 0 ? FLAG_PICKUP : 0, slot: k % 64, day: k % 31 }));
    for (const w of want) pushVisit(b, w.c, visitInfo(w.sv, w.f, w.slot));
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
    pushVisit(b, 900, visitInfo(1, 0, 0));
    clearVisits(b);
    pushVisit(b, 2, visitInfo(2, 0, 5));
    expect([b.n, b.nEscaped]).toEqual([1, 0]);
    expect(new VisitReader(b).customer(b.info[0])).toBe(2);
  });
});
