import { describe, expect, it } from 'vitest';
import { bucketVisits, createDayQueues, expectedWait, GONE, runDayQueues, WAIT_MEMORY, WAIT_SCALE, type QueueSpec } from '../../src/model/dayqueues.ts';
import { intradayProfile } from '../../src/model/queue.ts';
import { PICKUP } from '../../src/model/sampler.ts';
import { createVisits, dayOf, FLAG_PICKUP, pushVisit, slotOf, visitInfo, VisitReader } from '../../src/model/visits.ts';
import { testRng } from './month.ts';

// three stores reached from 50 cells: slot k of cell c is store (c + k) % 3
const CELLS = 50, K = 2, STORES = 3, DAYS = 30;
const slotOutlet = Int32Array.from({ length: CELLS * K }, (_, x) => (Math.floor(x / K) + (x % K)) % STORES);
const cellOf = Uint16Array.from({ length: 10_000 }, (_, i) => i % CELLS);
const spec = (weight: number, servers = [2, 3, 1]): QueueSpec => ({
  groups: STORES, slotOutlet, K, days: DAYS, weight, serviceMean: new Float64Array(256).fill(5), patientKey: 7, patienceMean: 20,
  servers, dayMin: [600, 600, 480], profile: intradayProfile(0.5),
});
function month(n: number) {
  const rng = testRng(2), b = createVisits(64);
  for (let i = 0; i < n; i++) pushVisit(b, i * 3 + rng.int(3), visitInfo(rng.int(8), rng.next() < 0.05 ? FLAG_PICKUP : 0, rng.int(K)));
  return b;
}

describe('day queues: days and buckets', () => {
  for (const w of [1, 2.5]) {
    it(`weight ${w}: every visit is once in its own store-day bucket, with ⌊w⌋ − 1 or ⌊w⌋ shadows; totals per bucket conserved`, () => {
      const b = month(1200), q = createDayQueues();
      const count = bucketVisits(q, b, cellOf, spec(w), testRng(3));
      const nb = STORES * DAYS;
      expect(count).toHaveLength(nb + 1);
      expect(count[0]).toBe(0);
      const own = new Int32Array(b.n), shadows = new Int32Array(b.n), reader = new VisitReader(b);
      const store = Int32Array.from(b.info.subarray(0, b.n), (inf) => slotOutlet[cellOf[reader.customer(inf)] * K + slotOf(inf)]);
      for (let k = 0; k < nb; k++) {
        for (let a = count[k]; a < count[k + 1]; a++) {
          const code = q.order[a], v = code >= 0 ? code : ~code;
          expect(Math.floor(k / DAYS), 'a copy queues at its visit\'s store').toBe(store[v]);
          const key = b.info[v] & 255, pickup = (b.info[v] >>> 8) & FLAG_PICKUP;
          expect(q.key[a]).toBe(pickup ? PICKUP : key);
          if (code >= 0) { own[v]++; expect(k % DAYS, 'the visit\'s own arrival is on its day').toBe(dayOf(b.info[v])); } else shadows[v]++;
        }
      }
      expect(Array.from(own).every((x) => x === 1)).toBe(true);
      const whole = Math.floor(w), frac = w - whole;
      for (const x of shadows) expect(x === whole - 1 || (frac > 0 && x === whole)).toBe(true);
      const total = shadows.reduce((a, x) => a + x, 0);
      // shadows: n(⌊w⌋ − 1) + Binomial(n, w − ⌊w⌋): within 4 SE of n(w − 1)
      expect(Math.abs(total - b.n * (w - 1))).toBeLessThanOrEqual(4 * Math.sqrt(b.n * frac * (1 - frac)) + 1e-9);
      expect(count[nb]).toBe(b.n + total);
    });
  }

  it('gives every visit an outcome: a wait in 1/32 min, or GONE; the patient key never reneges; no server, everyone reneges', () => {
    const b = month(3000), q = createDayQueues();
    let arrivals = 0, waits = 0;
    runDayQueues(q, b, cellOf, spec(1.5, [1, 1, 0]), testRng(4), (_g, m, wait) => { arrivals += m; for (let p = 0; p < m; p++) waits += wait[p]; });
    expect(arrivals).toBeGreaterThan(b.n);
    const reader = new VisitReader(b);
    let gone = 0;
    for (let v = 0; v < b.n; v++) {
      const inf = b.info[v], store = slotOutlet[cellOf[reader.customer(inf)] * K + slotOf(inf)], o = q.out[v];
      const patient = (inf & 255) === 7 && !((inf >>> 8) & FLAG_PICKUP);
      if (store === 2) expect(o).toBe(GONE);
      else if (patient) expect(o).not.toBe(GONE);
      if (o === GONE) gone++;
      else expect(o / WAIT_SCALE).toBeLessThan(24 * 60);
    }
    expect(gone).toBeGreaterThan(0);
    expect(waits).toBeGreaterThan(0);
  });

  it('expected waits: W ← (1 − m)·W + m·(month\'s mean), the mean 0 without arrivals', () => {
    expect(expectedWait(4, 30, 10)).toBe((1 - WAIT_MEMORY) * 4 + WAIT_MEMORY * 3);
    expect(expectedWait(4, 0, 0)).toBe((1 - WAIT_MEMORY) * 4);
  });
});
