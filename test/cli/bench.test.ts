import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type Outcome } from '../helpers/cli.ts';
import { loadScenarioFile } from '../../src/cli/scenario-file.ts';
import { scaleWorld } from '../../src/model/scale.ts';
import { createModel } from '../../src/model/engine.ts';

const CUSTOMERS = 3000;
const MONTHS = 3;

/** CONTRACTS.md's fields of the bench line. */
const CONTRACT = [
  'customerMonthsPerSec', 'customerMonthsPerCpuSec', 'eventsPerCustomerMonth', 'choiceEventsPerSec', 'customers', 'months',
  'events', 'wallMs', 'cpuMs', 'peakRssMb', 'rssPerCustomerBytes',
];

let run: Outcome;
let line: Record<string, number>;
beforeAll(async () => {
  run = await runCli(['bench', '--customers', String(CUSTOMERS), '--months', String(MONTHS), '--threads', '1']);
  line = JSON.parse(run.stdout);
});

describe('channel-lab bench', () => {
  it('prints one JSON line with the contract\'s fields, every one a finite number', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    for (const k of CONTRACT) expect(Number.isFinite(line[k]), k).toBe(true);
    expect(line).toMatchObject({ customers: CUSTOMERS, months: MONTHS, threads: 1 });
  });

  it('counts customer-months as the customers active at the start of each month, as the engine has them', () => {
    // The same scaled city and replication 0, counted here month by month.
    const s = scaleWorld(loadScenarioFile(fileURLToPath(new URL('../../scenarios/default.json', import.meta.url)), { months: MONTHS }), CUSTOMERS);
    const model = createModel(s, 0);
    let expected = 0;
    for (let m = 0; m < MONTHS; m++) {
      expected += model.activeCount();
      model.tick(1);
    }
    expect(line.customerMonths).toBe(expected);
    expect(line.events).toBe(model.choiceEvents());
    // every agent is active at the start; churn and new lines move the count by a few per cent a month
    expect(expected).toBeGreaterThan(CUSTOMERS * MONTHS * 0.9);
    expect(expected).toBeLessThan(CUSTOMERS * MONTHS * 1.1);
  });

  it('derives the rates from the counts and times it prints (within their rounding)', () => {
    // wallMs and cpuMs are rounded to the millisecond: relative error at most 0.5 / ms, plus the rate's own rounding to 1
    const within = (rate: number, count: number, ms: number) => {
      const exact = count / (ms / 1000);
      expect(Math.abs(rate - exact)).toBeLessThanOrEqual(exact * (0.5 / ms) * 1.01 + 1);
    };
    within(line.customerMonthsPerSec, line.customerMonths, line.wallMs);
    within(line.customerMonthsPerCpuSec, line.customerMonths, line.cpuMs);
    within(line.choiceEventsPerSec, line.events, line.wallMs);
    expect(line.eventsPerCustomerMonth).toBeCloseTo(line.events / line.customerMonths, 2);
    expect(line.peakRssMb).toBeGreaterThanOrEqual(line.baselineRssMb);
    expect(line.setupMs).toBeLessThanOrEqual(line.wallMs);
  });

  it('with --peer, adds the reference\'s figures on the same city and the ratios, oriented so that above 1 favours the engine', async () => {
    const withPeer = await runCli(['bench', '--customers', '1000', '--months', '1', '--peer']);
    expect(withPeer.code).toBe(0);
    expect(withPeer.stderr).toBe('');
    const l = JSON.parse(withPeer.stdout);
    for (const k of CONTRACT) {
      expect(Number.isFinite(l[k]), k).toBe(true);
      expect(Number.isFinite(l.peer[k]), `peer.${k}`).toBe(true);
    }
    expect(l.peer).toMatchObject({ customers: 1000, months: 1 });
    // every agent is active at the start of the first month, in both
    expect(l.peer.customerMonths).toBe(1000);
    expect(l.customerMonths).toBe(1000);
    // the ratios are of the printed figures, rounded to two decimals
    expect(l.ratio.customerMonthsPerSec).toBeCloseTo(l.customerMonthsPerSec / l.peer.customerMonthsPerSec, 2);
    expect(l.ratio.customerMonthsPerCpuSec).toBeCloseTo(l.customerMonthsPerCpuSec / l.peer.customerMonthsPerCpuSec, 2);
    expect(l.ratio.rssPerCustomerBytes).toBeCloseTo(l.peer.rssPerCustomerBytes / l.rssPerCustomerBytes, 2);
  });

  it('times the replication on --threads threads: the same work counted (customer-months, choice events), threads in the line', async () => {
    const two = await runCli(['bench', '--customers', String(CUSTOMERS), '--months', String(MONTHS), '--threads', '2']);
    expect(two.code, two.stderr).toBe(0);
    const l = JSON.parse(two.stdout);
    for (const k of CONTRACT) expect(Number.isFinite(l[k]), k).toBe(true);
    expect(l).toMatchObject({ threads: 2, customerMonths: line.customerMonths, events: line.events });
  });

  it('refuses --threads outside 1–16, and threads with --peer, with exit 2 naming --threads', async () => {
    const zero = await runCli(['bench', '--threads', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe('channel-lab: --threads: expected an integer from 1 to 16, got "0"\n');
    const peer = await runCli(['bench', '--customers', '1000', '--months', '1', '--threads', '2', '--peer']);
    expect(peer.code).toBe(2);
    expect(peer.stdout).toBe('');
    expect(peer.stderr).toBe('channel-lab: --threads: 2 with --peer: expected 1 (the reference and the kernels run on one thread)\n');
  });
});
