import { describe, expect, it } from 'vitest';
import { aggregate, efficiencyClass, ONE_REPLICATION } from '../../src/experiment/aggregate.ts';
import { summarize, tQuantile } from '../../src/experiment/stats.ts';
import { CHANNELS } from '../../src/model/domain.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeResult } from '../fixtures/fake-result.ts';
import { seriesCsv } from '../../src/experiment/csv.ts';
import { runReplication } from '../../src/model/engine.ts';
import { summaryText } from '../../src/cli/run.ts';

const scenario = resolveScenario({ simulation: { months: 4, replications: 3, seed: 9 } });
const reps = [0, 1, 2].map((r) => fakeResult(9, r, 4));

describe('aggregate', () => {
  it('has the result.json contract keys with schemaVersion 1 and the scenario as run', () => {
    const r = aggregate(scenario, reps, { runtimeMs: 12 });
    expect(Object.keys(r).slice(0, 11)).toEqual(['schemaVersion', 'scenario', 'seed', 'replications', 'months', 'customers', 'kpis', 'series', 'channels', 'outlets', 'runtimeMs']);
    expect(r).toMatchObject({ schemaVersion: 1, seed: 9, replications: 3, months: 4, customers: scenario.simulation.customers, runtimeMs: 12, partial: false, replicationsDone: 3 });
    expect(r.scenario).toBe(scenario);
    expect(Object.keys(r.kpis)).toEqual([...KPIS]);
    expect(Object.keys(r.channels)).toEqual([...CHANNELS]);
  });

  it('summarises each KPI over the replications\' run values, with its unit', () => {
    const r = aggregate(scenario, reps);
    const s = summarize(reps.map((x) => x.run.satisfaction));
    expect(r.kpis.satisfaction).toEqual({ mean: s.mean, sd: s.sd, ci95: s.ci95, unit: 'points' });
    expect(r.series.revenue).toHaveLength(4);
    expect(r.series.revenue[2].month).toBe(3);
    const m3 = summarize(reps.map((x) => x.monthly.revenue[2]));
    expect(r.series.revenue[2]).toEqual({ month: 3, mean: m3.mean, lo: m3.ci95[0], hi: m3.ci95[1] });
  });

  it('channel shares sum to 1 and cost per transaction is cost ÷ transactions', () => {
    const r = aggregate(scenario, reps);
    const total = CHANNELS.reduce((a, c) => a + r.channels[c].share, 0);
    expect(total).toBeCloseTo(1, 12);
    expect(r.channels.app).toMatchObject({ family: 'electronic', transactions: 400, costPerTransaction: 0.5 });
    for (const p of CHANNELS.map((c) => r.channelSeries[c][0].share)) expect(p).toBeGreaterThan(0);
    expect(CHANNELS.reduce((a, c) => a + r.channelSeries[c][1].share, 0)).toBeCloseTo(1, 12);
  });

  it('classes outlets by seed 004: low < 20 new lines; mid below the mean revenue of open outlets of its kind; high otherwise', () => {
    const r = aggregate(scenario, reps);
    const cls = Object.fromEntries(r.outlets.map((o) => [o.id, o.efficiencyClass]));
    // own: mean revenue 150k → S01 (200k) high, S02 (100k) mid. Partners open: P001 (low, 10 lines), P002 (30k);
    // the mean over open partners is 40k, so P002 is mid and the closed P003 (90k, 50 lines) high.
    expect(cls).toEqual({ S01: 'high', S02: 'mid', P001: 'low', P002: 'mid', P003: 'high' });
    expect(r.outlets.find((o) => o.id === 'P003')!.open).toBe(false);
    expect(efficiencyClass(19.99, 1e9, 0)).toBe('low');
    expect(efficiencyClass(20, 5, 5)).toBe('high');
  });

  it('does not depend on the order replications arrive in (byte-identical JSON)', () => {
    const a = JSON.stringify(aggregate(scenario, reps));
    const b = JSON.stringify(aggregate(scenario, [reps[2], reps[0], reps[1]]));
    expect(b).toBe(a);
  });

  it('labels a run with fewer replications than asked for as partial, and averages closure flows', () => {
    const r = aggregate(scenario, reps.slice(0, 2), { requested: 3 });
    expect(r).toMatchObject({ partial: true, replicationsDone: 2, replications: 3 });
    expect(r.closureFlows.P003).toEqual({ partner: 0.6, lost: 0.25, app: 0.15 });
    expect(r.handoffs.transactions[0][1]).toBe(0.5);
  });

  it('refuses no replications', () => {
    expect(() => aggregate(scenario, [])).toThrow(/at least one replication/);
  });
});

describe('a KPI without data is absent, never a number', () => {
  const absentRun = (r: number) => {
    const x = fakeResult(9, r, 4);
    // no calls in any month of this replication, none in month 2 of replication 0
    x.monthly.hotlineServiceLevel = [NaN, NaN, NaN, NaN];
    x.run.hotlineServiceLevel = NaN;
    if (r === 0) { x.monthly.storeWaitMeanMin[1] = NaN; x.run.storeWaitMeanMin = NaN; }
    return x;
  };

  it('absent in every replication: mean, sd and ci95 null and "absent": "no data"; present KPIs keep their four keys', () => {
    const r = aggregate(scenario, [0, 1, 2].map(absentRun));
    expect(r.kpis.hotlineServiceLevel).toEqual({ mean: null, sd: null, ci95: null, unit: 'share', absent: 'no data' });
    expect(r.series.hotlineServiceLevel.map((p) => [p.mean, p.lo, p.hi])).toEqual(Array(4).fill([null, null, null]));
    expect(Object.keys(r.kpis.revenue)).toEqual(['mean', 'sd', 'ci95', 'unit']);
    const json = JSON.parse(JSON.stringify(r));
    expect(json.kpis.hotlineServiceLevel.mean).toBeNull();
  });

  it('absent in some replications: summarised over the others, which it counts; a month is averaged over the replications that have it', () => {
    const reps = [0, 1, 2].map(absentRun);
    const r = aggregate(scenario, reps);
    const s = summarize([reps[1].run.storeWaitMeanMin, reps[2].run.storeWaitMeanMin]);
    expect(r.kpis.storeWaitMeanMin).toMatchObject({ mean: s.mean, sd: s.sd, replicationsWithData: 2 });
    const m2 = summarize([reps[1].monthly.storeWaitMeanMin[1], reps[2].monthly.storeWaitMeanMin[1]]);
    expect(r.series.storeWaitMeanMin[1]).toEqual({ month: 2, mean: m2.mean, lo: m2.ci95[0], hi: m2.ci95[1] });
  });

  it('series.csv leaves the cells of a month without data empty', () => {
    const csv = seriesCsv(aggregate(scenario, [0, 1, 2].map(absentRun)));
    expect(csv).toContain('\r\n3,hotlineServiceLevel,,,\r\n');
  });
});

describe('intervals never leave the range of their quantity', () => {
  const withValues = (kpi: 'newLines' | 'storeShare' | 'netContribution', values: number[]) => values.map((v, i) => {
    const x = fakeResult(9, i, 1);
    x.run[kpi] = v;
    x.monthly[kpi] = [v];
    return x;
  });

  it('a count\'s t-interval that crosses 0 is cut at 0, a share\'s at 1; a money figure that can be a loss is not cut', () => {
    // t(0.975, 2) = 4.303: [0, 0, 30] gives 10 ± 4.303 · 17.32 / √3 = [−33.0, 53.0]
    const lines = aggregate(scenario, withValues('newLines', [0, 0, 30]));
    expect(lines.kpis.newLines.ci95![0]).toBe(0);
    expect(lines.kpis.newLines.ci95![1]).toBeCloseTo(10 + tQuantile(0.975, 2) * Math.sqrt(300) / Math.sqrt(3), 9);
    expect(lines.series.newLines[0].lo).toBe(0);
    const share = aggregate(scenario, withValues('storeShare', [1, 1, 0.9]));
    expect(share.kpis.storeShare.ci95![1]).toBe(1);
    expect(share.kpis.storeShare.ci95![0]).toBeLessThan(0.9);
    const money = aggregate(scenario, withValues('netContribution', [0, 0, 30]));
    expect(money.kpis.netContribution.ci95![0]).toBeCloseTo(10 - tQuantile(0.975, 2) * 10, 9);
  });
});

describe('the extinct city: every customer leaves in the first month', () => {
  // churn hazard e^(1.2 · 4 · 10)-fold: everyone leaves in month 1; no prospects replace them
  const city = resolveScenario({
    simulation: { customers: 2000, months: 3, replications: 3, seed: 5 },
    churn: { baseMonthly: 1, priceIndex: 5, priceEffect: 10 },
    acquisition: { marketMonthly: 0 },
  });
  const reps = [0, 1, 2].map((r) => runReplication(city, r));
  const result = aggregate(city, reps);
  const SHARES = ['eChannelShare', 'storeShare', 'partnerShare', 'hotlineShare', 'directShare'] as const;

  it('shares sum to 1 in every month with transactions and are absent (NaN) in the months without', () => {
    let withTx = 0, without = 0;
    for (const r of reps) {
      r.channelMonthly.forEach((tx, m) => {
        const shares = SHARES.map((k) => r.monthly[k][m]);
        if (tx.reduce((a, b) => a + b, 0) > 0) {
          withTx++;
          expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        } else {
          without++;
          expect(shares.every(Number.isNaN)).toBe(true);
        }
      });
    }
    expect(withTx).toBe(3); // month 1 of each replication
    expect(without).toBe(6);
    expect(SHARES.reduce((a, k) => a + result.kpis[k].mean!, 0)).toBeCloseTo(1, 12);
  });

  it('satisfaction and churn have no active customer to speak for after month 1: absent, never 0', () => {
    for (const r of reps) expect(r.monthly.churnRateMonthly).toEqual([1, NaN, NaN]);
    expect(result.kpis.churnRateMonthly).toMatchObject({ mean: 1, ci95: [1, 1] });
    expect(result.kpis.satisfaction).toMatchObject({ mean: null, absent: 'no data' });
    expect(result.kpis.hotlineServiceLevel.mean === null || (result.kpis.hotlineServiceLevel.mean >= 0 && result.kpis.hotlineServiceLevel.mean <= 1)).toBe(true);
    expect(result.series.storeShare.map((p) => p.mean === null)).toEqual([false, true, true]);
  });

  it('result.json writes the absent KPIs as null with the reason; series.csv leaves their cells empty; the summary says "no data"', () => {
    const json = JSON.parse(JSON.stringify(result));
    expect(json.kpis.satisfaction).toEqual({ mean: null, sd: null, ci95: null, unit: 'points', absent: 'no data' });
    expect(json.series.eChannelShare[2]).toEqual({ month: 3, mean: null, lo: null, hi: null });
    const csv = seriesCsv(result);
    expect(csv).toContain('\r\n2,eChannelShare,,,\r\n');
    expect(csv).toContain('\r\n1,satisfaction,,,\r\n');
    expect(summaryText(result, 'out')).toMatch(/satisfaction 满意度 +— +no data +points/);
  });
});

describe('one replication has no interval, never a zero-width one', () => {
  const one = aggregate(resolveScenario({ simulation: { months: 4, replications: 1, seed: 9 } }), [fakeResult(9, 0, 4)]);

  it('every KPI: its mean, sd and ci95 null and "interval": "one replication: no interval"; series months without lo and hi', () => {
    for (const k of KPIS) {
      expect(JSON.parse(JSON.stringify(one.kpis[k]))).toEqual({ mean: one.kpis[k].mean, sd: null, ci95: null, unit: one.kpis[k].unit, interval: ONE_REPLICATION });
      expect(one.kpis[k].mean).toBe(fakeResult(9, 0, 4).run[k]);
      for (const p of one.series[k]) expect([p.lo, p.hi]).toEqual([null, null]);
    }
  });

  it('a KPI that only one of three replications has: its mean, no interval, and the count', () => {
    const rs = [0, 1, 2].map((r) => {
      const x = fakeResult(9, r, 4);
      if (r > 0) { x.monthly.hotlineServiceLevel = [NaN, NaN, NaN, NaN]; x.run.hotlineServiceLevel = NaN; }
      return x;
    });
    const r = aggregate(scenario, rs);
    expect(r.kpis.hotlineServiceLevel).toEqual({ mean: rs[0].run.hotlineServiceLevel, sd: null, ci95: null, unit: 'share', interval: ONE_REPLICATION, replicationsWithData: 1 });
    expect(r.kpis.revenue.ci95).not.toBeNull();
  });

  it('series.csv leaves lo and hi empty; the run summary says the interval cannot be computed', () => {
    expect(seriesCsv(one)).toMatch(new RegExp(`\\r\\n1,eChannelShare,${one.series.eChannelShare[0].mean},,\\r\\n`));
    const text = summaryText(one, 'out');
    expect(text).toMatch(/\n1 replication: no 95 % intervals \(they need at least 2 replications\)\n/);
    expect(text).toMatch(/revenue 收入 +[\d,.]+ +one replication: no interval +CNY\/month/);
    expect(text).toMatch(/diversion target 分流目标 [\d.]+: not judged, diversionRate has no interval \(one replication\)/);
    expect(text).not.toMatch(/\[[\d.,]+, [\d.,]+\]/);
  });
});
