import { describe, expect, it } from 'vitest';
import { createDayQueues, expectedServed, expectedWait, GONE, prepareShadows, runDay, WAIT_MEMORY, WAIT_SCALE, type QueueSpec } from '../../src/model/dayqueues.ts';
import { intradayProfile } from '../../src/model/queue.ts';
import { PICKUP } from '../../src/model/sampler.ts';
import { createDayVisits, FLAG_PICKUP, pushVisit, slotOf, visitInfo, type DayVisits } from '../../src/model/visits.ts';
import { testRng, visitsOf } from './month.ts';

// three stores reached from 50 cells: slot k of cell c is store (c + k) % 3
const CELLS = 50, K = 2, STORES = 3, DAYS = 30;
const slotOutlet = Int32Array.from({ length: CELLS * K }, (_, x) => (Math.floor(x / K) + (x % K)) % STORES);
const cellOf = Uint16Array.from({ length: 40_000 }, (_, i) => i % CELLS);
// customers 0, 5, 10, … are in the first tier (0), the others in tier 3
const tier = Uint8Array.from({ length: 40_000 }, (_, i) => (i % 5 === 0 ? 0 : 3));
const spec = (weight: number, servers = [2, 3, 1], priority = false): QueueSpec => ({
  groups: STORES, slotOutlet, K, days: DAYS, weight, serviceMean: new Float64Array(256).fill(5), patientKey: 7, patienceMean: 20,
  servers, dayMin: [600, 600, 480], profile: intradayProfile(0.5), first: Uint8Array.of(1, 1, 0, 0, 0), priority,
});
const storeOf = (customer: number, info: number) => slotOutlet[cellOf[customer] * K + slotOf(info)];
const keyOf = (info: number) => ((info >>> 8) & FLAG_PICKUP ? PICKUP : info & 255);

function month(n: number): DayVisits {
  const rng = testRng(2), b = createDayVisits(DAYS, 64, testRng(8));
  for (let i = 0; i < n; i++) pushVisit(b, i * 3 + rng.int(3), visitInfo(rng.int(8), rng.next() < 0.05 ? FLAG_PICKUP : 0, rng.int(K)));
  return b;
}

/** Every day run in order; arrivals per (store, day) and per store and key, as the queues saw them. */
function runMonth(b: DayVisits, sp: QueueSpec, each: (d: number, out: Uint16Array) => void = () => {}) {
  const q = createDayQueues(), rng = testRng(3);
  prepareShadows(q, b, cellOf, tier, sp, rng);
  const arrivals = new Int32Array(STORES * DAYS);
  let waits = 0;
  for (let d = 0; d < DAYS; d++) {
    runDay(q, b, d, cellOf, tier, sp, rng, (g, m, wait) => { arrivals[g * DAYS + d] += m; for (let p = 0; p < m; p++) waits += wait[p]; });
    each(d, q.out);
  }
  return { q, arrivals, waits };
}

describe('day queues: days, shadows and buckets', () => {
  it('weight 3: each store-day queues its own visits and exactly two shadows of each of the store\'s visits over the month, with their keys', () => {
    const b = month(1200), sp = spec(3), q = createDayQueues();
    prepareShadows(q, b, cellOf, tier, sp, testRng(3));
    const visitsByStoreKey = new Int32Array(STORES * 256), shadowsByStoreKey = new Int32Array(STORES * 256);
    for (const x of visitsOf(b)) visitsByStoreKey[storeOf(x.customer, x.info) * 256 + keyOf(x.info)]++;
    for (let k = 0; k < STORES * DAYS; k++) {
      const g = Math.floor(k / DAYS);
      for (let a = q.shadowAt[k]; a < q.shadowAt[k + 1]; a++) shadowsByStoreKey[g * 256 + q.shadowKey[a]]++;
    }
    expect(Array.from(shadowsByStoreKey)).toEqual(Array.from(visitsByStoreKey, (x) => 2 * x));
    expect(Array.from(b.firstRound)).toEqual(b.day.map((x) => x.n));
    // and the queues see exactly those: visits + shadows per store-day
    const { arrivals } = runMonth(b, sp);
    const own = new Int32Array(STORES * DAYS);
    for (const x of visitsOf(b)) own[storeOf(x.customer, x.info) * DAYS + x.day]++;
    for (let k = 0; k < STORES * DAYS; k++) expect(arrivals[k]).toBe(own[k] + q.shadowAt[k + 1] - q.shadowAt[k]);
  });

  it('weight 2.5: shadows number n(⌊w⌋ − 1) + Binomial(n, w − ⌊w⌋), within 4 SE of n(w − 1)', () => {
    const b = month(3000), w = 2.5, q = createDayQueues();
    prepareShadows(q, b, cellOf, tier, spec(w), testRng(3));
    const total = q.shadowAt[STORES * DAYS], frac = w - Math.floor(w);
    expect(Math.abs(total - b.n * (w - 1))).toBeLessThanOrEqual(4 * Math.sqrt(b.n * frac * (1 - frac)));
  });

  it('a visit made while the queues run queues on its day with its ⌊w⌋ − 1 shadows there', () => {
    const b = month(600), sp = spec(3), q = createDayQueues(), rng = testRng(3);
    prepareShadows(q, b, cellOf, tier, sp, rng);
    b.next = 4;
    const late = visitInfo(2, 8, 0);
    pushVisit(b, 12, late);
    let seen = 0;
    const base = new Int32Array(STORES);
    runDay(q, b, 4, cellOf, tier, sp, rng, (g, m) => { base[g] = m; });
    seen = base[storeOf(12, late)];
    // the same day without the late visit
    b.day[4].n--;
    const again = createDayQueues();
    prepareShadows(again, b, cellOf, tier, sp, testRng(3));
    runDay(again, b, 4, cellOf, tier, sp, testRng(99), (g, m) => { if (g === storeOf(12, late)) seen -= m; });
    expect(seen).toBe(3);
  });

  it('gives every visit an outcome: a wait in 1/32 min, or GONE; the patient key never reneges; no server, everyone reneges', () => {
    const b = month(3000);
    let gone = 0;
    const { waits } = runMonth(b, spec(1.5, [1, 1, 0]), (d, out) => {
      for (const x of visitsOf(b).filter((y) => y.day === d)) {
        const o = out[x.v], store = storeOf(x.customer, x.info), patient = (x.info & 255) === 7 && !((x.info >>> 8) & FLAG_PICKUP);
        if (store === 2) expect(o).toBe(GONE);
        else if (patient) expect(o).not.toBe(GONE);
        if (o === GONE) gone++;
        else expect(o / WAIT_SCALE).toBeLessThan(24 * 60);
      }
    });
    expect(gone).toBeGreaterThan(0);
    expect(waits).toBeGreaterThan(0);
  });

  it('the green channel, on the same arrivals, shortens the first tier\'s mean wait and lengthens the others\'', () => {
    const b = month(9000);
    const meanWaits = (priority: boolean) => {
      const sum = [0, 0], n = [0, 0];
      runMonth(b, spec(1, [1, 1, 1], priority), (d, out) => {
        for (const x of visitsOf(b).filter((y) => y.day === d)) {
          if (out[x.v] === GONE) continue;
          const c = tier[x.customer] === 0 ? 0 : 1;
          sum[c] += out[x.v] / WAIT_SCALE; n[c]++;
        }
      });
      return [sum[0] / n[0], sum[1] / n[1]];
    };
    // the lane changes no draw, so both runs see the same arrivals, service times and patience
    const [vipOn, othersOn] = meanWaits(true);
    const [vipOff, othersOff] = meanWaits(false);
    // one or two servers: a first-tier visitor still waits out the service in progress, so the cut is a third, not more
    expect(vipOn).toBeLessThan(0.8 * vipOff);
    expect(othersOn).toBeGreaterThan(othersOff);
  });
});

describe('day queues: expectations', () => {
  it('W ← (1 − m)·W + m·(month\'s mean), the mean 0 without arrivals; the served share likewise, unchanged without arrivals', () => {
    expect(expectedWait(4, 30, 10)).toBe((1 - WAIT_MEMORY) * 4 + WAIT_MEMORY * 3);
    expect(expectedWait(4, 0, 0)).toBe((1 - WAIT_MEMORY) * 4);
    expect(expectedServed(1, 6, 10)).toBe((1 - WAIT_MEMORY) + WAIT_MEMORY * 0.6);
    expect(expectedServed(0.3, 0, 0)).toBe(0.3);
  });
});
