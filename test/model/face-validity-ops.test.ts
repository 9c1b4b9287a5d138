/**
 * Face validity of the service-operations submodels (docs/MODEL.md §7.3–7.5, §7.11): each test
 * runs a baseline and a change on common random numbers (same seed, replication r paired with
 * replication r) and asserts the direction the seeds and queueing theory give, with a minimum size.
 *
 * The world: the default city (100,000 subscribers, 12 own stores, 80 partners, 7 hotline agents,
 * 12 account managers) with 2,500 agents standing for 40 subscribers each (the queues carry the
 * whole city's load, §7.14), 6 months, no closures. A run takes about a second; the file about 20 s.
 *
 * Significance: R = 5 paired replications; a direction counts when the mean paired difference is
 * more than t(0.999; 4 df) = 7.17 standard errors from zero, so a change with no effect passes
 * with probability under 0.1 %. Each test also states the smallest effect it accepts and why.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runReplication } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import type { ReplicationResult } from '../../src/model/types.ts';

const R = 5, T_999 = 7.17, MONTHS = 6;
const file = (path: string) => {
  const { $schema: _ignored, ...rest } = JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
  return rest;
};
const world = (path: string, change: Record<string, unknown> = {}) => resolveScenario({
  ...file(path), ...change,
  simulation: { months: MONTHS, customers: 100_000, agents: 2500, seed: 42 },
  levers: { ...file(path).levers, closures: { outlets: [] } },
});
const runs = (path: string, change: Record<string, unknown> = {}) => {
  const s = world(path, change);
  return Array.from({ length: R }, (_, r) => runReplication(s, r));
};
const mean = (a: number[], from = 0) => a.slice(from).reduce((x, y) => x + y, 0) / (a.length - from);

/** Paired differences change − baseline of a figure: their mean and its standard error. */
function paired(base: ReplicationResult[], change: ReplicationResult[], f: (r: ReplicationResult) => number) {
  const d = base.map((b, r) => f(change[r]) - f(b));
  const m = mean(d), sd = Math.sqrt(d.reduce((a, x) => a + (x - m) ** 2, 0) / (R - 1));
  return { mean: m, se: sd / Math.sqrt(R), base: mean(base.map(f)) };
}

const baseline = runs('scenarios/default.json');

describe('face validity: service operations (common random numbers, 5 paired replications)', () => {
  it('no hotline agents: nobody is answered and the load goes to the stores', () => {
    const none = runs('scenarios/default.json', { hotline: { agents: 0 } });
    for (const r of none) {
      expect(r.channels.hotline.transactions).toBe(0);
      expect(r.operations.callsAnswered.every((x) => x === 0)).toBe(true);
    }
    const stores = paired(baseline, none, (r) => r.channels.ownStore.transactions);
    const hotline = mean(baseline.map((r) => r.channels.hotline.transactions));
    // Minimum: every service the hotline carries can also be done at a store, and the stores hold
    // a third of all transactions; by the logit's proportional substitution well over a tenth of
    // the hotline's former transactions should reach the counters.
    expect(stores.mean).toBeGreaterThan(0.1 * hotline);
    expect(stores.mean).toBeGreaterThan(T_999 * stores.se);
  }, 60_000);

  it('the VIP green channel lowers the top tiers\' store waits by more than half and raises the others\' a little', () => {
    const off = runs('scenarios/default.json', { routing: { storePriority: false, hotlinePriority: false } });
    const vip = paired(off, baseline, (r) => mean(r.operations.storeWaitVipMin));
    const others = paired(off, baseline, (r) => mean(r.operations.storeWaitOtherMin));
    // Minimum: in M/M/c with non-preemptive priority (Cobham 1954) the first class waits
    // W_FCFS·(1 − ρ)/(1 − σ₁); at the default stores' ρ ≈ 0.8 and σ₁ ≈ 0.04 that is a fifth of
    // the FCFS wait, so a cut of more than half is conservative.
    expect(-vip.mean).toBeGreaterThan(0.5 * vip.base);
    expect(-vip.mean).toBeGreaterThan(T_999 * vip.se);
    // The others wait W_FCFS/(1 − σ₁), about 4 % longer: the direction, and at most a fifth more.
    expect(others.mean).toBeGreaterThan(0);
    expect(others.mean).toBeLessThan(0.2 * others.base);
    // On the hotline a VIP caller still waits for the next agent to free (4 min / 7 agents ≈ 34 s
    // at the peak), so the 20-second service level moves by a few points only: the direction, at
    // 4 SE (a correct model fails with probability about 1 % at 4 degrees of freedom).
    const calls = paired(off, baseline, (r) => mean(r.operations.hotlineServiceLevelVip));
    expect(calls.mean).toBeGreaterThan(4 * calls.se);
  }, 60_000);

  it('a diversion push releases counters within a few months (lower counter-staff cost) while its e-channel costs rise', () => {
    const push = runs('scenarios/diversion-push.json');
    // months 4–6: staffing follows demand with a memory of one month and one counter a month
    const staff = paired(baseline, push, (r) => mean(r.operations.counterStaffCost, 3));
    const eCost = paired(baseline, push, (r) => ['web', 'app', 'sms', 'ussd', 'ivr', 'kiosk'].reduce((a, c) => a + r.channels[c as 'web'].cost, 0));
    // Minimum: the push takes about a third of the counter demand away; the stores that were not
    // already at their last counter release one, worth one staffed counter's staff (1.6 × 6,000
    // CNY a month) in the city at the least.
    expect(-staff.mean).toBeGreaterThanOrEqual(1.6 * 6000);
    expect(-staff.mean).toBeGreaterThan(T_999 * staff.se);
    // The push pays 3 CNY of app credit and 1 CNY of points on each of tens of thousands of
    // e-transactions a month: its e-channel costs at least double.
    expect(eCost.mean).toBeGreaterThan(eCost.base);
    expect(eCost.mean).toBeGreaterThan(T_999 * eCost.se);
  }, 60_000);
});
