import { describe, expect, test } from 'vitest';
import { UNKNOWN_DAY } from '../../src/model/sampler.ts';
import { GLOW, IDLE, LIT, monthTrips, newFrame, placeAt, STAY, TRAVEL, TRAVELLING, TRIP } from '../../src/ui/lib/trips.ts';

const DAYS = 30;
// one record: member, channel, outlet, day
function tx(rows: Array<[number, number, number, number]>) {
  return {
    member: Uint16Array.from(rows, (r) => r[0]),
    channel: Uint8Array.from(rows, (r) => r[1]),
    outlet: Int32Array.from(rows, (r) => r[2]),
    day: Int8Array.from(rows, (r) => r[3]),
  };
}

describe('a month laid out in time', () => {
  test('records are ordered by start, each on its day, and dayStart indexes them', () => {
    const rows: Array<[number, number, number, number]> = Array.from({ length: 500 }, (_, k) => [k % 40, k % 10, k % 3 === 0 ? -1 : k % 7, k % 2 ? UNKNOWN_DAY : k % DAYS]);
    const t = monthTrips(tx(rows), 3, DAYS, 42);
    expect(t.n).toBe(500);
    for (let k = 1; k < t.n; k++) expect(t.start[k]).toBeGreaterThanOrEqual(t.start[k - 1]);
    expect(t.dayStart[0]).toBe(0);
    expect(t.dayStart[DAYS]).toBe(500);
    for (let d = 0; d < DAYS; d++) {
      for (let k = t.dayStart[d]; k < t.dayStart[d + 1]; k++) expect(Math.floor(t.start[k])).toBe(d);
    }
    // a known day is kept
    const known = monthTrips(tx([[0, 0, 1, 17]]), 0, DAYS, 1);
    expect(Math.floor(known.start[0])).toBe(17);
  });

  test('is deterministic, and unknown days spread over the whole month', () => {
    const rows: Array<[number, number, number, number]> = Array.from({ length: 3000 }, (_, k) => [k % 3000, 2, -1, UNKNOWN_DAY]);
    const a = monthTrips(tx(rows), 5, DAYS, 9), b = monthTrips(tx(rows), 5, DAYS, 9);
    expect(Array.from(a.start)).toEqual(Array.from(b.start));
    for (let d = 0; d < DAYS; d++) {
      const n = a.dayStart[d + 1] - a.dayStart[d];
      expect(n).toBeGreaterThan(50); // 100 expected per day
      expect(n).toBeLessThan(160);
    }
    expect(() => monthTrips(tx(rows), 0, 0, 1)).toThrow(/monthTrips: invalid days 0/);
  });
});

describe('where each customer is', () => {
  // two members at home (0, 0) and (10, 0); outlet 0 at (4, 3)
  const places = { homeX: [Float32Array.from([0, 10]), Float32Array.from([0, 10])], homeY: [new Float32Array(2), new Float32Array(2)], outletX: [4], outletY: [3] };
  const trips = [monthTrips(tx([[0, 0, 0, 2], [1, 3, -1, 2]]), 0, DAYS, 1)];
  const start0 = trips[0].start[trips[0].member[0] === 0 ? 0 : 1];
  const start1 = trips[0].start[trips[0].member[0] === 1 ? 0 : 1];

  test('at home before a trip, at the outlet during the stay, home again after it', () => {
    const f = newFrame(2);
    placeAt(f, start0 - 0.01, trips, places, DAYS);
    expect(f.state[0]).toBe(IDLE);
    expect([f.x[0], f.y[0]]).toEqual([0, 0]);
    placeAt(f, start0 + TRAVEL + STAY / 2, trips, places, DAYS);
    expect(f.state[0]).toBe(TRAVELLING);
    expect(f.channel[0]).toBe(0);
    expect(f.x[0]).toBeCloseTo(4, 5);
    expect(f.y[0]).toBeCloseTo(3, 5);
    placeAt(f, start0 + TRAVEL / 2, trips, places, DAYS);
    expect(f.x[0]).toBeGreaterThan(0);
    expect(f.x[0]).toBeLessThan(4);
    placeAt(f, start0 + TRIP + 0.01, trips, places, DAYS);
    expect(f.state[0]).toBe(IDLE);
    expect(f.x[0]).toBe(0);
  });

  test('a remote channel lights the customer up at home, brightest halfway', () => {
    const f = newFrame(2);
    placeAt(f, start1 + GLOW / 2, trips, places, DAYS);
    expect(f.state[1]).toBe(LIT);
    expect(f.channel[1]).toBe(3);
    expect([f.x[1], f.y[1]]).toEqual([10, 0]);
    expect(f.level[1]).toBeCloseTo(1, 6);
    placeAt(f, start1 + GLOW / 8, trips, places, DAYS);
    expect(f.level[1]).toBeLessThan(0.5);
    placeAt(f, start1 + GLOW + 0.01, trips, places, DAYS);
    expect(f.state[1]).toBe(IDLE);
  });

  test('counts the customers under way; a later transaction of the same customer takes over', () => {
    const both = [monthTrips(tx([[0, 0, 0, 4], [0, 5, -1, 4]]), 0, DAYS, 3)];
    const f = newFrame(2);
    const last = Math.max(both[0].start[0], both[0].start[1]);
    placeAt(f, last + 0.05, both, places, DAYS);
    expect(f.busy).toBe(1);
    expect(f.channel[0]).toBe(both[0].channel[1]);
  });

  test('a trip begun late in a month is still drawn early in the next', () => {
    const late = [monthTrips(tx([[0, 1, 0, DAYS - 1]]), 0, DAYS, 3), monthTrips(tx([]), 1, DAYS, 3)];
    const f = newFrame(2);
    const end = late[0].start[0] + TRIP - 0.01;
    expect(end).toBeGreaterThan(DAYS);
    placeAt(f, end, late, { ...places, homeX: [...places.homeX, places.homeX[0]], homeY: [...places.homeY, places.homeY[0]] }, DAYS);
    expect(f.state[0]).toBe(TRAVELLING);
  });
});
