import { afterAll, describe, expect, it } from 'vitest';
import {
  applyParameters, calibrate, CHECK_COLUMNS, checkRows, defaultFitPaths, driftOfRuns, driftRows, FIT_COLUMNS, fitOfRuns, fitRows, fromUnbounded, objective,
  resolveFitParameters, toUnbounded, withinInterval,
} from '../../src/experiment/calibrate.ts';
import { toCsv } from '../../src/experiment/csv.ts';
import { metricValues, parseMetric, type ObservedMetric } from '../../src/experiment/observed.ts';
import { createPool, inProcessFactory } from '../../src/experiment/pool.ts';
import { summarize } from '../../src/experiment/stats.ts';
import { runReplication } from '../../src/model/engine.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ReplicationResult } from '../../src/model/types.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { fakeResult } from '../fixtures/fake-result.ts';

const base = resolveScenario({});
const observedOf = (metric: string, value: number, weight = 1): ObservedMetric => ({ metric, spec: parseMetric(metric, base), value, weight });
const heldOut = (metric: string, value: number, extra?: Record<string, string>): ObservedMetric => ({ ...observedOf(metric, value), holdOut: true, ...(extra ? { extra } : {}) });

describe('parameter transforms', () => {
  it('map every real z into the bounds and invert each other inside them', () => {
    for (const [lo, hi] of [[0, 1], [-20, 20], [0, Infinity], [-Infinity, 5], [-Infinity, Infinity]]) {
      for (const z of [-30, -2, 0, 0.7, 30]) {
        const x = fromUnbounded(z, lo, hi);
        expect(x).toBeGreaterThanOrEqual(lo);
        expect(x).toBeLessThanOrEqual(hi);
      }
      for (const x of [Math.max(lo, -3) + 0.25, Math.min(hi, 4) - 0.25]) expect(fromUnbounded(toUnbounded(x, lo, hi), lo, hi)).toBeCloseTo(x, 12);
    }
  });
});

describe('resolveFitParameters', () => {
  it('reads a value with its schema bounds, and names services by id', () => {
    const [churn, counter] = resolveFitParameters(base, ['churn.baseMonthly', 'services.planChange.counterMin']);
    expect(churn).toMatchObject({ kind: 'value', start: 0.048, minimum: 0, maximum: 1, targets: [{ path: 'churn.baseMonthly' }] });
    expect(counter).toMatchObject({ start: 6, minimum: 0.1, maximum: 240, targets: [{ path: 'services.5.counterMin' }] });
  });

  it('a .* group is one multiplier whose range keeps every non-zero value in its own range', () => {
    const [m] = resolveFitParameters(base, ['services.enterpriseSolution.incidence.*']);
    // incidences 0, 0.002, 0, 0, 0.03, 0.15 in [0, 50]: zeros stay, the largest caps m at 50 / 0.15
    expect(m.kind).toBe('multiplier');
    expect(m.targets.map((t) => t.path)).toEqual(['services.14.incidence.business', 'services.14.incidence.sme', 'services.14.incidence.enterprise']);
    expect(m.minimum).toBe(0);
    expect(m.maximum).toBeCloseTo(50 / 0.15, 9);
    const s = applyParameters(base, [m], [2]);
    expect(s.services[14].incidence).toMatchObject({ youth: 0, business: 0.004, sme: 0.06, enterprise: 0.3 });
  });

  it('refuses unknown, integer, non-numeric and doubly set paths', () => {
    expect(() => resolveFitParameters(base, ['churn.base'])).toThrow(/^churn\.base: expected one of the fields of churn: baseMonthly, .*got "base"$/);
    expect(() => resolveFitParameters(base, ['hotline.agents'])).toThrow(/^hotline\.agents: expected continuous values only .*, got hotline\.agents, an integer parameter$/);
    expect(() => resolveFitParameters(base, ['adoption.peerScope'])).toThrow(/^adoption\.peerScope: expected a numeric parameter, got a string parameter$/);
    expect(() => resolveFitParameters(base, ['services.gprs.complexity'])).toThrow(/^services\.gprs\.complexity: expected a service id, one of .*balanceQuery.*, got "gprs"$/);
    expect(() => resolveFitParameters(base, ['channels.app.*', 'channels.app.asc'])).toThrow(/^channels\.app\.asc: expected each value set by one parameter, got both channels\.app\.\* and channels\.app\.asc$/);
    expect(() => resolveFitParameters(base, ['simulation.*'])).toThrow(/^simulation\.\*: expected continuous values only .*, got simulation\.\w+, an integer parameter$/);
    expect(() => resolveFitParameters(base, ['churn.base'])).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ parameter: 'fit', code: 'unknownField' })] }));
  });

  it('rounds fitted values to 6 significant digits and keeps them in range', () => {
    const params = resolveFitParameters(base, ['churn.baseMonthly']);
    expect(applyParameters(base, params, [0.0612345678]).churn.baseMonthly).toBe(0.0612346);
  });
});

describe('objective and defaults', () => {
  it('is the weighted sum of squared relative errors; a figure of weight 0 (its observed value may be 0) adds nothing', () => {
    expect(objective([{ observed: 0.05, simulated: 0.055, weight: 2 }, { observed: 200, simulated: 180, weight: 1 }])).toBeCloseTo(2 * 0.01 + 0.01, 12);
    expect(objective([{ observed: 0.05, simulated: 0.055, weight: 2 }, { observed: 0, simulated: 0.01, weight: 0 }])).toBeCloseTo(2 * 0.01, 12);
  });

  it('picks one parameter per observed metric, skipping weight 0', () => {
    const obs = [observedOf('churnRateMonthly', 0.06), observedOf('share:app', 0.1), observedOf('mix:web:topUp', 0.02), observedOf('outletClass:low', 0.45), observedOf('outletClass:mid', 0.25), observedOf('storeWaitP90Min', 9, 0)];
    expect(defaultFitPaths(obs)).toEqual(['churn.baseMonthly', 'channels.app.asc', 'services.topUp.incidence.*', 'acquisition.marketMonthly']);
    expect(() => defaultFitPaths([observedOf('storeWaitP90Min', 9)])).toThrow(/^expected the parameters to fit named \(none by default for storeWaitP90Min\)/);
    expect(() => defaultFitPaths([observedOf('churnRateMonthly', 0.06, 0)])).toThrow(/^expected an observed metric with a positive weight, not held out, got none$/);
  });

  it('fit.csv rows give the interval as a half-width with its bounds', () => {
    const [row] = fitRows([{ metric: 'churnRateMonthly', observed: 0.06, weight: 1, simulated: 0.059, ci95: [0.057, 0.061], relativeError: -1 / 60, start: 0.05 }]);
    expect(row).toMatchObject({ metric: 'churnRateMonthly', observed: 0.06, simulated: 0.059, ci95_lo: 0.057, ci95_hi: 0.061 });
    expect(row.ci95).toBeCloseTo(0.002, 12);
  });
});

describe('the fit table without optimisation', () => {
  const reps = [0, 1, 2, 3].map((r) => fakeResult(42, r, 6));

  it('each row is the simulated mean over replications with its interval and the relative error', () => {
    const rows = fitOfRuns([observedOf('churnRateMonthly', 20), observedOf('share:app', 0.1, 0.5)], reps);
    const churn = summarize(reps.map((r) => r.run.churnRateMonthly));
    expect(rows[0]).toMatchObject({ metric: 'churnRateMonthly', observed: 20, weight: 1, simulated: churn.mean, ci95: churn.ci95, start: churn.mean });
    expect(rows[0].relativeError).toBeCloseTo((churn.mean - 20) / 20, 12);
    // 100·(i+1) transactions in channel i of 10: app (index 3) has 400 of 5,500
    expect(rows[1].simulated).toBeCloseTo(400 / 5500, 12);
    expect(rows[1].weight).toBe(0.5);
    expect(() => fitOfRuns([observedOf('share:app', 0.1)], [])).toThrow(/at least one replication/);
  });

  it('an observed 0, reported with weight 0, has no relative error: an empty cell in fit.csv', () => {
    const [row] = fitOfRuns([observedOf('share:app', 0, 0)], reps);
    expect(row.simulated).toBeCloseTo(400 / 5500, 12);
    expect(row.relativeError).toBeNaN();
    const line = toCsv(FIT_COLUMNS, fitRows([row])).split('\r\n')[1].split(',');
    expect(line[FIT_COLUMNS.indexOf('relativeError')]).toBe('');
  });

  it('inside: the observed value lies in the simulated interval', () => {
    expect(withinInterval({ observed: 0.5, ci95: [0.4, 0.6] })).toBe(true);
    expect(withinInterval({ observed: 0.7, ci95: [0.4, 0.6] })).toBe(false);
  });
});

describe('held-out figures and drift', () => {
  it('default parameters come from the fitted figures only; all held out is nothing to fit', () => {
    expect(defaultFitPaths([observedOf('churnRateMonthly', 0.06), heldOut('outletClass:low', 0.45), heldOut('share:app', 0.1)])).toEqual(['churn.baseMonthly']);
    expect(() => defaultFitPaths([heldOut('churnRateMonthly', 0.06)])).toThrow(/^expected an observed metric with a positive weight, not held out, got none$/);
  });

  it('the fit table marks held-out rows; checks.csv says within or not and names the source', () => {
    const reps = [0, 1, 2, 3].map((r) => fakeResult(42, r, 6));
    const churn = summarize(reps.map((r) => r.run.churnRateMonthly));
    const rows = fitOfRuns([observedOf('churnRateMonthly', 20), heldOut('share:app', 400 / 5500, { source: 'seed 9', other: 'x' }), heldOut('churnRateMonthly', churn.ci95[1] + 1e-9)], reps);
    expect(rows.map((r) => r.holdOut ?? false)).toEqual([false, true, true]);
    const csv = checkRows(rows.filter((r) => r.holdOut));
    expect(csv.map((r) => [r.metric, r.within, r.source])).toEqual([['share:app', 'yes', 'seed 9'], ['churnRateMonthly', 'no', undefined]]);
    expect(csv[1].relativeError).toBeCloseTo((churn.mean - churn.ci95[1] - 1e-9) / (churn.ci95[1] + 1e-9), 12);
    expect(toCsv(CHECK_COLUMNS, csv).split('\r\n')[0]).toBe('\uFEFFmetric,observed,simulated,ci95,ci95_lo,ci95_hi,within,relativeError,published,source');
  });

  it('drift compares the first and second half of the window per replication; an odd window leaves its middle month out', () => {
    // churn rises by 0.01 a month from 0.05; replication r adds r/1000 to every month
    const reps = [0, 1, 2].map((r) => {
      const x = fakeResult(42, r, 7);
      return { ...x, monthly: { ...x.monthly, churnRateMonthly: [0, 1, 2, 3, 4, 5, 6].map((m) => 0.05 + 0.01 * m + r / 1000) } };
    });
    const observed = [observedOf('churnRateMonthly', 0.06), heldOut('mix:web:topUp', 0.02)];
    // months 2–7 after a warm-up of 1: halves 2–4 and 5–7
    const [d] = driftOfRuns(observed, reps, { from: 2, to: 7 });
    expect(d.first).toMatchObject({ from: 2, to: 4 });
    expect(d.second).toMatchObject({ from: 5, to: 7 });
    expect(d.first.mean).toBeCloseTo(0.051 + 0.02, 12);
    expect(d.difference.mean).toBeCloseTo(0.03, 12);
    expect(d.change).toBeCloseTo(0.03 / 0.071, 12);
    expect(d.drifts).toBe(true);
    // months 1–7: halves 1–3 and 5–7, month 4 in neither
    const [odd] = driftOfRuns(observed, reps, { from: 1, to: 7 });
    expect([odd.first.to, odd.second.from]).toEqual([3, 5]);
    expect(odd.difference.mean).toBeCloseTo(0.04, 12);
    // a service mix has no months to compare; nor has a one-month window
    expect(driftOfRuns(observed, reps, { from: 7, to: 7 })).toEqual([]);
    const flat = reps.map((r) => ({ ...r, monthly: { ...r.monthly, churnRateMonthly: r.monthly.churnRateMonthly.map((_, m) => 0.05 + (m % 2 ? 1 : -1) * r.replication / 1000) } }));
    const [still] = driftOfRuns(observed, flat, { from: 1, to: 6 });
    expect(still.drifts).toBe(false);
    expect(driftRows([d])[0]).toMatchObject({ metric: 'churnRateMonthly', holdOut: 'no', first_from: 2, first_to: 4, second_from: 5, second_to: 7, drifts: 'yes' });
  });
});

describe('parameter recovery', () => {
  // A small city so that the test takes seconds: 1,500 agents for 20,000 subscribers, 4 months.
  const small = resolveScenario({
    simulation: { customers: 20_000, agents: 1_500, months: 4, replications: 3, seed: 42 },
    region: { widthKm: 20, heightKm: 20, generate: { urban: 2, suburban: 2, rural: 2 } },
    outlets: { generate: { ownStores: 3, partners: 20 } },
  });
  const pool = createPool({ factory: inProcessFactory({ runReplication: (s, r) => runReplication(s, r) }), size: 1 });
  afterAll(() => pool.close());
  const paths = ['churn.baseMonthly', 'channels.app.asc'];
  const params = resolveFitParameters(small, paths);
  const truth = [0.05, 0.8];
  const start = [0.07, -0.4];
  const metrics = ['churnRateMonthly', 'share:app'].map((m) => ({ metric: m, spec: parseMetric(m, small) }));
  const run = async (s: Scenario, seed: number, n: number): Promise<ReplicationResult[]> => {
    const batch = await pool.run(Array.from({ length: n }, (_, r) => ({ scenario: { ...s, simulation: { ...s.simulation, seed } }, replication: r })));
    return batch.results as ReplicationResult[];
  };

  it('recovers churn.baseMonthly and channels.app.asc from figures simulated with other random numbers', async () => {
    // "Observed" figures: the model at the true values, 8 replications on another seed, so the
    // calibration (3 replications, seed 42) never sees the noise the figures were made with.
    const nObs = 8, nCal = small.simulation.replications;
    const obsReps = await run(applyParameters(small, params, truth), 1000, nObs);
    const obsSummaries = metrics.map((m) => summarize(metricValues(m.spec, obsReps)));
    const observed: ObservedMetric[] = metrics.map((m, i) => ({ ...m, value: obsSummaries[i].mean, weight: 1 }));

    // Tolerance. With as many metrics as parameters the fit solves s(θ̂) = o, so
    // θ̂ − θ ≈ (ε_obs − ε_cal) / slope: the error of the 8-replication observed mean against that of
    // the 3-replication simulated mean, both of sd σ/√n, over the metric's sensitivity to its
    // parameter (central difference on common random numbers at the truth). Tolerance: 3 standard
    // errors of that difference, σ estimated from the observed replications.
    const slope = await Promise.all(paths.map(async (_, k) => {
      const h = k === 0 ? 0.005 : 0.1;
      const at = (d: number) => truth.map((v, i) => (i === k ? v + d : v));
      const [lo, hi] = [await run(applyParameters(small, params, at(-h)), 42, nCal), await run(applyParameters(small, params, at(h)), 42, nCal)];
      return (summarize(metricValues(metrics[k].spec, hi)).mean - summarize(metricValues(metrics[k].spec, lo)).mean) / (2 * h);
    }));
    const tolerance = paths.map((_, k) => 3 * obsSummaries[k].sd * Math.sqrt(1 / nObs + 1 / nCal) / Math.abs(slope[k]));
    // The perturbed start is well outside the tolerance, so the test shows a real recovery.
    start.forEach((v, k) => expect(Math.abs(v - truth[k])).toBeGreaterThan(2 * tolerance[k]));

    const result = await calibrate({ scenario: applyParameters(small, params, start), observed, fit: paths, pool, maxEvaluations: 40 });
    const recovered = result.parameters.map((p) => p.fitted);
    recovered.forEach((v, k) => expect(Math.abs(v - truth[k])).toBeLessThan(tolerance[k]));
    expect(result.objective.fitted).toBeLessThan(result.objective.start / 100);
    for (const row of result.fit) expect(row.ci95[0] <= row.observed && row.observed <= row.ci95[1]).toBe(true);
    expect(result.evaluations).toBeLessThanOrEqual(40);
    expect(result.scenario.churn.baseMonthly).toBe(recovered[0]);
  }, 180_000);

  it('every evaluation of one point gives the same objective (common random numbers)', async () => {
    const observed = [observedOf('churnRateMonthly', 0.05)];
    const a = await calibrate({ scenario: small, observed, fit: ['churn.baseMonthly'], pool, maxEvaluations: 1 });
    const b = await calibrate({ scenario: small, observed, fit: ['churn.baseMonthly'], pool, maxEvaluations: 1 });
    expect(a.objective.start).toBe(b.objective.start);
    expect(a.evaluations).toBe(1);
    expect(a.parameters[0].fitted).toBe(small.churn.baseMonthly);
  }, 60_000);

  it('a held-out figure is out of the objective and reported as a check; figures compare after the warm-up, with their drift', async () => {
    const churn = observedOf('churnRateMonthly', 0.05);
    const a = await calibrate({ scenario: small, observed: [churn], fit: ['churn.baseMonthly'], pool, maxEvaluations: 1, warmUpMonths: 2 });
    // a held-out figure far from anything the model gives leaves the objective as it was
    const b = await calibrate({ scenario: small, observed: [churn, heldOut('share:app', 0.9)], fit: ['churn.baseMonthly'], pool, maxEvaluations: 1, warmUpMonths: 2 });
    expect(b.objective.start).toBe(a.objective.start);
    expect(b.fit.map((r) => r.metric)).toEqual(['churnRateMonthly']);
    expect(b.checks).toEqual([expect.objectContaining({ metric: 'share:app', observed: 0.9, holdOut: true })]);
    expect(withinInterval(b.checks[0])).toBe(false);
    expect(b.window).toEqual({ from: 3, to: 4 });
    expect(b.drift.map((d) => [d.metric, d.first.from, d.first.to, d.second.from, d.second.to])).toEqual([['churnRateMonthly', 3, 3, 4, 4], ['share:app', 3, 3, 4, 4]]);
    // months 3–4 only: the run's mean over months 3 and 4 of each replication
    expect(b.fit[0].simulated).toBeCloseTo((b.drift[0].first.mean + b.drift[0].second.mean) / 2, 12);
    await expect(calibrate({ scenario: small, observed: [churn], fit: ['churn.baseMonthly'], pool, maxEvaluations: 1, warmUpMonths: 4 }))
      .rejects.toThrow(expect.objectContaining({ message: 'expected an integer from 0 to 3, got 4', problems: [expect.objectContaining({ parameter: 'warmUpMonths', code: 'integerRange' })] }));
  }, 60_000);
});
