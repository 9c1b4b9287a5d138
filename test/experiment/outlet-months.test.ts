import { describe, expect, test } from 'vitest';
import { intradayFactor, outletMonth } from '../../src/experiment/outlet-months.ts';
import { createModel } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';

describe('outletMonth, month by month through a real replication', () => {
  // 2,000 agents for 20,000 subscribers (each agent weighs 10), 5 months, two own stores closed from month 3.
  const s = resolveScenario({ simulation: { customers: 20_000, agents: 2_000, months: 5, seed: 11 }, levers: { closures: { outlets: ['S01', 'S02'], fromMonth: 3 } } });
  const model = createModel(s, 0);
  const outlets = model.region.outlets;
  const n = outlets.length;
  const openMin = outlets.map((o) => o.openHours * 60 * s.simulation.daysPerMonth);
  const months = Array.from({ length: 5 }, (_, m) => {
    model.tick(1);
    return outletMonth(model.result(), m + 1, outlets, s);
  });
  const end = model.result();

  test('the months add up to the run: transactions, busy minutes and the mean wait of every open month', () => {
    const tx = new Float64Array(n), busy = new Float64Array(n), waitWeighted = new Float64Array(n), open = new Float64Array(n), staffedMin = new Float64Array(n);
    months.forEach((month, m) => {
      for (let j = 0; j < n; j++) {
        const on = end.outletMonths.open[m * n + j] === 1;
        if (on) open[j]++;
        tx[j] += month.transactions[j];
        // the month's staffed counters (staffing follows demand)
        busy[j] += month.utilization[j] * end.outletMonths.counters[m * n + j] * openMin[j];
        staffedMin[j] += end.outletMonths.counters[m * n + j] * openMin[j];
        waitWeighted[j] += month.waitMeanMin[j] * end.outletMonths.waits[m * n + j];
      }
    });
    let waited = 0;
    for (let j = 0; j < n; j++) {
      const id = outlets[j].id;
      // the engine's running figures are means over the months open
      expect(tx[j], id).toBeCloseTo(end.outletStats.transactions[j] * open[j], 6);
      if (outlets[j].kind !== 'own') continue;
      expect(busy[j] / staffedMin[j], id).toBeCloseTo(end.outletStats.utilization[j], 9);
      const arrivals = Array.from({ length: 5 }, (_, m) => end.outletMonths.waits[m * n + j]).reduce((a, b) => a + b, 0);
      if (arrivals > 0) expect(waitWeighted[j] / arrivals, id).toBeCloseTo(end.outletStats.waitMeanMin[j], 9);
      waited += waitWeighted[j];
    }
    expect(waited).toBeGreaterThan(0);
  });

  test('the queue is Little\'s law: arrivals per open minute times the mean wait; none at partners or at a closed store', () => {
    const closed = ['S01', 'S02'].map((id) => outlets.findIndex((o) => o.id === id));
    months.forEach((month, m) => {
      for (let j = 0; j < n; j++) {
        const arrivals = end.outletMonths.waits[m * n + j];
        if (outlets[j].kind === 'partner') expect(month.queue[j]).toBe(0);
        else expect(month.queue[j], `${outlets[j].id} month ${m + 1}`).toBeCloseTo((arrivals / openMin[j]) * month.waitMeanMin[j], 4);
        expect(month.utilization[j]).toBeLessThanOrEqual(1);
      }
      if (m + 1 >= 3) for (const j of closed) expect([month.transactions[j], month.utilization[j], month.queue[j]]).toEqual([0, 0, 0]);
    });
    expect(months.some((month) => month.queue.some((q) => q > 0))).toBe(true);
  });

  test('refuses a month the result does not hold', () => {
    expect(() => outletMonth(end, 6, outlets, s)).toThrow(/^outletMonth: month 6 is not in the result \(5 months\)$/);
    expect(() => outletMonth(end, 0, outlets, s)).toThrow(RangeError);
  });
});

describe('intradayFactor', () => {
  test('averages 1 over the open day and peaks at midday', () => {
    const a = 0.8, steps = 10_000;
    let sum = 0;
    for (let k = 0; k < steps; k++) sum += intradayFactor((k + 0.5) / steps, a);
    expect(sum / steps).toBeCloseTo(1, 4);
    expect(intradayFactor(0.5, a)).toBeGreaterThan(intradayFactor(0.1, a));
    expect(intradayFactor(0.5, 0)).toBe(1);
  });
});
