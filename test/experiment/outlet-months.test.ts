import { describe, expect, test } from 'vitest';
import { countOpenMonths, intradayFactor, meanCounterMin, monthOfOutlets, queueLengths, trackOutlets, type OutletRunning } from '../../src/experiment/outlet-months.ts';
import { createModel } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';

// The engine's running figures for given monthly truths: transactions and p90 are means over the
// months open; utilisation is busy minutes over capacity × months open; the mean wait is over
// every wait so far (waits counted in proportion to busy minutes).
function running(months: Array<{ tx: number[]; busy: number[]; wait: number[]; open: boolean[] }>, capacity: number[]) {
  const n = capacity.length;
  const txSum = new Array(n).fill(0), busySum = new Array(n).fill(0), waitSum = new Array(n).fill(0), openN = new Array(n).fill(0);
  return months.map((m) => {
    for (let j = 0; j < n; j++) {
      if (!m.open[j]) continue;
      openN[j]++;
      txSum[j] += m.tx[j];
      busySum[j] += m.busy[j];
      waitSum[j] += m.wait[j] * m.busy[j];
    }
    const out: OutletRunning = {
      transactions: txSum.map((v, j) => (openN[j] ? v / openN[j] : 0)),
      utilization: busySum.map((v, j) => (openN[j] && capacity[j] ? v / (capacity[j] * openN[j]) : 0)),
      waitMeanMin: waitSum.map((v, j) => (busySum[j] ? v / busySum[j] : 0)),
      open: [...m.open],
    };
    return out;
  });
}

describe('one month of outlet figures from the running ones', () => {
  test('recovers each month\'s transactions, utilisation and mean wait, closures included', () => {
    const capacity = [3 * 600 * 30, 2 * 600 * 30, 0];
    const truth = [
      { tx: [9000, 6000, 800], busy: [40_000, 20_000, 0], wait: [6, 3, 0], open: [true, true, true] },
      { tx: [9500, 5000, 900], busy: [45_000, 25_000, 0], wait: [8, 2, 0], open: [true, true, true] },
      { tx: [12_000, 0, 700], busy: [50_000, 0, 0], wait: [11, 0, 0], open: [true, false, true] },
    ];
    const runs = running(truth, capacity);
    let before: Float64Array = new Float64Array(3);
    runs.forEach((cur, m) => {
      const after = countOpenMonths(before, cur.open);
      const month = monthOfOutlets(m > 0 ? runs[m - 1] : null, cur, before, after, capacity);
      for (let j = 0; j < 3; j++) {
        expect(month.transactions[j], `tx ${m} ${j}`).toBeCloseTo(truth[m].open[j] ? truth[m].tx[j] : 0, 6);
        expect(month.utilization[j], `util ${m} ${j}`).toBeCloseTo(capacity[j] ? truth[m].busy[j] / capacity[j] : 0, 9);
        expect(month.waitMeanMin[j], `wait ${m} ${j}`).toBeCloseTo(truth[m].wait[j], 9);
      }
      before = after;
    });
  });

  test('mean counter time weights each service\'s counter minutes by own-store transactions', () => {
    // rows: services; columns: ownStore, partner
    expect(meanCounterMin([[30, 100], [10, 0]], [2, 10], 0)).toBeCloseTo((30 * 2 + 10 * 10) / 40, 12);
    expect(meanCounterMin([[0, 5]], [2], 0)).toBe(0);
  });

  test('the queue is Little\'s law: arrivals a minute (ρ·c/s̄) times the mean wait', () => {
    const q = queueLengths({ transactions: new Float64Array(2), utilization: Float64Array.from([0.8, 0]), waitMeanMin: Float64Array.from([5, 9]) }, [3, 2], 4);
    expect(q[0]).toBeCloseTo((0.8 * 3 / 4) * 5, 6);
    expect(q[1]).toBe(0);
    expect(Array.from(queueLengths({ transactions: new Float64Array(1), utilization: Float64Array.from([1]), waitMeanMin: Float64Array.from([1]) }, [1], 0))).toEqual([0]);
  });

  test('the intraday factor averages 1 over the open day and peaks at midday', () => {
    const a = 0.8, steps = 10_000;
    let sum = 0;
    for (let k = 0; k < steps; k++) sum += intradayFactor((k + 0.5) / steps, a);
    expect(sum / steps).toBeCloseTo(1, 4);
    expect(intradayFactor(0.5, a)).toBeGreaterThan(intradayFactor(0.1, a));
    expect(intradayFactor(0.5, 0)).toBe(1);
  });
});

describe('trackOutlets, month by month through a real replication', () => {
  test('the months add up to the run: transactions and busy minutes; a closed store has none after its closure', () => {
    // 2,000 agents for 20,000 subscribers, 5 months, two own stores closed from month 3.
    const s = resolveScenario({ simulation: { customers: 20_000, agents: 2_000, months: 5, seed: 11 }, levers: { closures: { outlets: ['S01', 'S02'], fromMonth: 3 } } });
    const model = createModel(s, 0);
    const outlets = model.region.outlets;
    const tracker = trackOutlets(s, outlets);
    const n = outlets.length;
    const tx = new Float64Array(n), busy = new Float64Array(n), open = new Float64Array(n);
    const capacity = outlets.map((o) => (o.kind === 'own' ? o.counters * o.openHours * 60 * s.simulation.daysPerMonth : 0));
    for (let m = 1; m <= 5; m++) {
      model.tick(1);
      const r = model.result();
      const month = tracker.next(r);
      for (let j = 0; j < n; j++) {
        tx[j] += month.transactions[j];
        busy[j] += month.utilization[j] * capacity[j];
        if (r.outletStats.open[j]) open[j]++;
        expect(month.queue[j]).toBeGreaterThanOrEqual(0);
        if (outlets[j].kind === 'partner') expect(month.queue[j]).toBe(0);
      }
      const closed = ['S01', 'S02'].map((id) => outlets.findIndex((o) => o.id === id));
      if (m >= 3) for (const j of closed) expect([month.transactions[j], month.utilization[j], month.queue[j]]).toEqual([0, 0, 0]);
    }
    const end = model.result().outletStats;
    for (let j = 0; j < n; j++) {
      // the running means times the months open are the sums of the months (to rounding)
      expect(tx[j], outlets[j].id).toBeCloseTo(end.transactions[j] * open[j], 6);
      if (capacity[j] > 0) expect(busy[j] / (capacity[j] * open[j]), outlets[j].id).toBeCloseTo(end.utilization[j], 9);
    }
    expect(tx.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
