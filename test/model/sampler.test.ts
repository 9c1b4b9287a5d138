import { describe, expect, test } from 'vitest';
import { MAX_SAMPLE, PICKUP, RingSampler, UNKNOWN_DAY } from '../../src/model/sampler.ts';
import { createModel } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';

describe('RingSampler', () => {
  test('keeps only the watched customers, as sample positions, in the order recorded', () => {
    const s = new RingSampler(16);
    s.watch([7, 3, 12]);
    s.record(3, 1, 5, 2, 4);
    s.record(4, 1, 5, 2, 4); // not watched
    s.record(12, 8, -1, 0, UNKNOWN_DAY);
    s.record(99, 8, -1, 0, 0); // beyond every watched slot
    s.record(7, 0, 2, PICKUP, 29);
    const d = s.drain();
    expect(Array.from(d.member)).toEqual([1, 2, 0]);
    expect(Array.from(d.channel)).toEqual([1, 8, 0]);
    expect(Array.from(d.outlet)).toEqual([5, -1, 2]);
    expect(Array.from(d.service)).toEqual([2, 0, PICKUP]);
    expect(Array.from(d.day)).toEqual([4, UNKNOWN_DAY, 29]);
    expect(d.dropped).toBe(0);
  });

  test('a full ring keeps the newest records, oldest first, and counts the ones overwritten', () => {
    const s = new RingSampler(4);
    s.watch([0]);
    for (let k = 0; k < 10; k++) s.record(0, k, k, 0, 0);
    expect(s.size).toBe(4);
    const d = s.drain();
    expect(Array.from(d.channel)).toEqual([6, 7, 8, 9]);
    expect(d.dropped).toBe(6);
  });

  test('drain empties the ring; records after it start afresh', () => {
    const s = new RingSampler(3);
    s.watch([1]);
    s.record(1, 1, 0, 0, 0);
    s.record(1, 2, 0, 0, 0);
    s.drain();
    s.record(1, 3, 0, 0, 0);
    s.record(1, 4, 0, 0, 0);
    s.record(1, 5, 0, 0, 0);
    const d = s.drain();
    expect(Array.from(d.channel)).toEqual([3, 4, 5]);
    expect(d.dropped).toBe(0);
    expect(s.drain().member.length).toBe(0);
  });

  test('nothing is recorded before watch, and bad samples are refused by name', () => {
    const s = new RingSampler(8);
    s.record(0, 1, 0, 0, 0);
    expect(s.size).toBe(0);
    expect(() => s.watch([1, 1])).toThrow(/RingSampler\.watch: customer slot 1 listed twice/);
    expect(() => s.watch([-1])).toThrow(/RingSampler\.watch: invalid customer slot -1/);
    expect(() => s.watch(new Int32Array(MAX_SAMPLE + 1).map((_, i) => i))).toThrow(/at most 65535/);
    expect(() => new RingSampler(0)).toThrow(/invalid capacity/);
  });
});

describe('the engine with a sampler', () => {
  const scenario = resolveScenario({ simulation: { months: 3, customers: 20_000, agents: 2_000, seed: 7 }, handoffs: { o2oShare: 0.9 } });

  test('watching every customer, the records are the completed transactions (plus O2O pick-ups)', () => {
    const sampler = new RingSampler(1 << 20);
    const model = createModel(scenario, 0, { sampler });
    sampler.watch(Array.from({ length: model.customers().capacity }, (_, i) => i));
    model.tick(3);
    const d = sampler.drain();
    let pickups = 0;
    for (const v of d.service) if (v === PICKUP) pickups++;
    const r = model.result();
    const completed = r.serviceChannel.flat().reduce((a, b) => a + b, 0) / r.agentWeight;
    expect(d.dropped).toBe(0);
    expect(d.member.length - pickups).toBe(Math.round(completed));
    // outlets only for the channels that have them
    for (let k = 0; k < d.member.length; k++) {
      const own = d.channel[k] === 0, partner = d.channel[k] === 1;
      if (own || partner) expect(d.outlet[k]).toBeGreaterThanOrEqual(0);
      expect(d.day[k]).toBeLessThan(scenario.simulation.daysPerMonth);
    }
  });

  test('a sampler changes nothing in the results (it draws no numbers)', () => {
    const plain = createModel(scenario, 1);
    const sampler = new RingSampler(1 << 16);
    const sampled = createModel(scenario, 1, { sampler });
    sampler.watch([0, 5, 10, 15]);
    plain.tick(3);
    sampled.tick(3);
    const a = plain.result(), b = sampled.result();
    expect(b.monthly).toEqual(a.monthly);
    expect(b.serviceChannel).toEqual(a.serviceChannel);
    expect(b.outletStats).toEqual(a.outletStats);
  });
});
