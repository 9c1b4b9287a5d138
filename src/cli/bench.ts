/**
 * `channel-lab bench [--customers N] [--months M] [--threads T]`: one replication of the default
 * city (or --scenario), its outlets, staff and platform costs scaled to N customers, timed on
 * this machine after a 1,000-customer warm-up month; prints one JSON line.
 *
 * The unit of work is the customer-month: the customers active at the start of each month,
 * summed over the months. Every one of them is simulated that month (needs drawn, channels
 * chosen, churn tested), so the figure is fixed by the city and the months and two engines, two
 * versions or the engine and a reference implementation are compared on the same work. Choice
 * events are not that unit: they include re-choices after a failed queue, a reneged visit or an
 * unanswered call, so a city with worse queues makes more of them for the same customers — and
 * an engine that made queues worse would score better. Customers served would depend on the
 * month's demand in the same way; the start-of-month count does not, and any implementation can
 * take it exactly. It leaves out the month's new lines, which are simulated in the month they
 * join too (in the default city about 5 % of the customer-months: 11,314 new lines against
 * 236,709 customer-months at 20,000 customers × 12 months), the same share for every
 * implementation of the model. Events per customer-month sit beside it: how much choosing the
 * city asks, which the model's behaviour changes and the engine's speed does not.
 *
 * Fields (CONTRACTS.md):
 *   customerMonthsPerSec     customer-months over wallMs (the replication's set-up included)
 *   customerMonthsPerCpuSec  customer-months over cpuMs, the process's CPU time on every thread
 *   eventsPerCustomerMonth   choice events (re-choices included) per customer-month
 *   choiceEventsPerSec       choice events over wallMs
 *   customers, months, events, wallMs, cpuMs
 *   peakRssMb                the process's peak resident set (getrusage, so no peak is missed)
 *   rssPerCustomerBytes      that peak less the resident set before the replication, per customer
 * and besides: customerMonths, threads, setupMs, outlets, customerStateBytes (the customer
 * arrays' bytes per customer), baselineRssMb (resident before the replication) and phaseMs (wall
 * time per phase of the month). Counting the active customers takes a pass over the status
 * array between months, outside the timed spans.
 */
import { Option, type Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scaleWorld } from '../model/scale.ts';
import { createModel } from '../model/engine.ts';
import { PeerModel } from '../model/peer/month.ts';
import { BYTES_PER_CUSTOMER } from '../model/customers.ts';
import type { Scenario } from '../model/scenario.ts';
import { InputError } from './errors.ts';
import { MAX_THREADS, splitRunner } from '../experiment/threads.ts';
import { spawnNodeThread } from '../runtime/threads.node.ts';
import { intOption, pathOption } from './options.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { benchKernels } from './bench-kernels.ts';
import { print } from './print.ts';

/**
 * What bench times: one replication that advances a month at a time. The engine's Model is one;
 * the object-per-agent reference behind `--peer` (PeerModel, src/model/peer/) is another, timed
 * by the same measure().
 */
export interface BenchSubject {
  tick(months: number): void;
  /** customers active now */
  activeCount(): number;
  /** choice events so far */
  choiceEvents(): number;
  /** wall milliseconds per phase of the month so far, where the subject keeps them */
  phaseMs?(): Record<string, number>;
}

/** One subject's figures, under CONTRACTS.md's names. */
export interface BenchFigures {
  customerMonthsPerSec: number;
  customerMonthsPerCpuSec: number;
  eventsPerCustomerMonth: number;
  choiceEventsPerSec: number;
  customers: number;
  months: number;
  events: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  rssPerCustomerBytes: number;
  customerMonths: number;
  setupMs: number;
  baselineRssMb: number;
  phaseMs?: Record<string, number>;
}

/**
 * What `--peer` adds to the line: `peer`, the figures of the object-per-agent reference
 * (src/model/peer/, an object per customer, written to be read, not tuned) on the same scaled
 * city and months, measured by measure() in a process of its own (resident memory is the
 * process's, so the engine's peak cannot hide the peer's); and `ratio`, each oriented so that
 * above 1 favours the engine —
 * customerMonthsPerCpuSec and customerMonthsPerSec engine ÷ peer (the goal: ≥ 10 per CPU-second),
 * rssPerCustomerBytes peer ÷ engine (the goal: ≥ 4, a quarter of the memory or less).
 */
export interface PeerReport {
  peer: Omit<BenchFigures, 'phaseMs'>;
  ratio: { customerMonthsPerSec: number; customerMonthsPerCpuSec: number; rssPerCustomerBytes: number };
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure customer-months per second and memory per customer on the default model')
    .option('--customers <n>', 'customers', '1000000')
    .option('--months <m>', 'months', '12')
    .option('--threads <t>', `threads the replication runs on, 1–${MAX_THREADS} (the same numbers on any)`, '1')
    .option('--scenario <file>', 'scenario to run (default: scenarios/default.json), its world scaled to --customers')
    .option('--kernels', 'instead: the channel choice alone, a naive per-need logit and the engine\'s tables (bench-kernels.ts)')
    .option('--peer', 'also time the object-per-agent reference (src/model/peer/) on the same city and print the ratios')
    // the process `--peer` starts for the peer's figures: one subject, its line alone
    .addOption(new Option('--subject <name>').choices(['engine', 'peer']).default('engine').hideHelp())
    .action(async (opts: { customers: string; months: string; threads: string; scenario?: string; kernels?: boolean; peer?: boolean; subject: string }) => {
      const customers = intOption('customers', opts.customers, 100, 20_000_000)!;
      const months = intOption('months', opts.months, 1, 240)!;
      const threads = intOption('threads', opts.threads, 1, MAX_THREADS)!;
      if (threads > 1 && (opts.peer || opts.kernels)) throw new InputError(`--threads: ${threads} with --${opts.peer ? 'peer' : 'kernels'}: expected 1 (the reference and the kernels run on one thread)`);
      // The default city (or the given scenario) with its outlets and staff scaled to the customers.
      const file = pathOption('scenario', opts.scenario, 'a file') ?? fileURLToPath(new URL('../../scenarios/default.json', import.meta.url));
      const s0 = loadScenarioFile(file, { months });
      if (opts.kernels) {
        print(JSON.stringify(benchKernels(s0, customers)) + '\n');
        return;
      }
      if (threads > 1) {
        const base = scaleWorld(s0, customers);
        const { phaseMs, ...rest } = await measureThreads(base, customers, months, threads);
        print(JSON.stringify({
          ...rest, threads, outlets: base.outlets.generate.ownStores + base.outlets.generate.partners,
          customerStateBytes: BYTES_PER_CUSTOMER, phaseMs,
        }) + '\n');
        return;
      }
      const start = opts.subject === 'peer' ? (s: Scenario): BenchSubject => new PeerModel(s, 0) : (s: Scenario): BenchSubject => createModel(s, 0);
      // Warm-up: a 1,000-customer month first, so that the memory figures count what grows with
      // the customers (not the compiled code and fixed heap) and the timing the optimised code.
      start(scaleWorld(s0, 1000)).tick(1);
      const base = scaleWorld(s0, customers);
      const figures = measure(() => start(base), customers, months);
      const { phaseMs, ...rest } = figures;
      if (opts.subject === 'peer') {
        print(JSON.stringify(rest) + '\n');
        return;
      }
      const peer = opts.peer ? peerReport(rest, { customers, months, scenario: opts.scenario }) : {};
      print(JSON.stringify({
        ...rest, threads, outlets: base.outlets.generate.ownStores + base.outlets.generate.partners,
        customerStateBytes: BYTES_PER_CUSTOMER, phaseMs, ...peer,
      }) + '\n');
    });
}

/**
 * The peer's figures from a process of its own (this command with `--subject peer`, under the
 * same Node options), and the ratios against the engine's.
 * @throws {Error} when that process fails, with its error output
 */
function peerReport(engineFigures: Omit<BenchFigures, 'phaseMs'>, run: { customers: number; months: number; scenario?: string }): PeerReport {
  const args = ['bench', '--subject', 'peer', '--customers', String(run.customers), '--months', String(run.months), ...(run.scenario ? ['--scenario', run.scenario] : [])];
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`bench --peer: the peer's process ended with ${child.status ?? child.signal}: ${child.stderr.trim()}`);
  const peer = JSON.parse(child.stdout) as Omit<BenchFigures, 'phaseMs'>;
  const ratio = (a: number, b: number) => round2(a / b);
  return {
    peer,
    ratio: {
      customerMonthsPerSec: ratio(engineFigures.customerMonthsPerSec, peer.customerMonthsPerSec),
      customerMonthsPerCpuSec: ratio(engineFigures.customerMonthsPerCpuSec, peer.customerMonthsPerCpuSec),
      rssPerCustomerBytes: ratio(peer.rssPerCustomerBytes, engineFigures.rssPerCustomerBytes),
    },
  };
}

/**
 * One replication on `threads` worker_threads (src/experiment/threads.ts), timed from the threads'
 * start to the result: setupMs until every thread has built its model; CPU time and resident
 * memory are the process's, all threads included (each holds a whole model, so memory grows with
 * the threads); customer-months and choice events as thread 0 counts them, phaseMs its phases.
 */
async function measureThreads(s: Scenario, customers: number, months: number, threads: number): Promise<BenchFigures> {
  const ports = Array.from({ length: threads }, spawnNodeThread);
  try {
    // Warm-up on the same threads, as for one thread: a 1,000-customer month first.
    const runner = splitRunner(ports), small = scaleWorld(s, 1000);
    await runner.run({ ...small, simulation: { ...small.simulation, months: 1 } }, 0, () => {});
    const rssBefore = process.memoryUsage().rss, w0 = performance.now(), c0 = process.cpuUsage();
    let customerMonths = 0, events = 0, setupMs = 0, phaseMs: Record<string, number> = {};
    await runner.run(s, 0, (m) => { customerMonths += m.active; events = m.events; phaseMs = m.phaseMs; }, () => { setupMs = performance.now() - w0; });
    const c = process.cpuUsage(c0);
    const peakRss = Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss);
    return figures({ customerMonths, events, wall: performance.now() - w0, cpu: (c.user + c.system) / 1000, peakRss, rssBefore, setupMs, customers, months, phaseMs });
  } finally {
    await Promise.all(ports.map((p) => p.terminate()));
  }
}

/**
 * Time one replication of `months` months from its creation: wall and CPU time of the set-up and
 * of each month, the active customers counted at the start of each month (untimed), and the
 * process's resident memory from before the set-up to its peak.
 */
export function measure(create: () => BenchSubject, customers: number, months: number): BenchFigures {
  const rssBefore = process.memoryUsage().rss;
  let wall = 0, cpu = 0;
  const timed = <T>(f: () => T): T => {
    const t0 = performance.now(), c0 = process.cpuUsage();
    const value = f();
    const c = process.cpuUsage(c0);
    wall += performance.now() - t0;
    cpu += (c.user + c.system) / 1000;
    return value;
  };
  const subject = timed(create);
  const setupMs = wall;
  let customerMonths = 0;
  for (let m = 0; m < months; m++) {
    customerMonths += subject.activeCount();
    timed(() => subject.tick(1));
  }
  // getrusage's maximum resident set, in kilobytes on Linux: the peak, wherever in a month it was
  const peakRss = Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss);
  return figures({ customerMonths, events: subject.choiceEvents(), wall, cpu, peakRss, rssBefore, setupMs, customers, months, phaseMs: subject.phaseMs?.() });
}

/** The line's figures from what was counted and timed. */
function figures(x: {
  customerMonths: number; events: number; wall: number; cpu: number; peakRss: number; rssBefore: number; setupMs: number;
  customers: number; months: number; phaseMs?: Record<string, number>;
}): BenchFigures {
  const { customerMonths, events, wall, cpu, peakRss, rssBefore, setupMs, customers, months, phaseMs } = x;
  return {
    customerMonthsPerSec: Math.round(customerMonths / (wall / 1000)),
    customerMonthsPerCpuSec: Math.round(customerMonths / (cpu / 1000)),
    eventsPerCustomerMonth: round2(events / customerMonths),
    choiceEventsPerSec: Math.round(events / (wall / 1000)),
    customers,
    months,
    events,
    wallMs: Math.round(wall),
    cpuMs: Math.round(cpu),
    peakRssMb: Math.round(peakRss / 1048576),
    rssPerCustomerBytes: Math.round((peakRss - rssBefore) / customers),
    customerMonths,
    setupMs: Math.round(setupMs),
    baselineRssMb: Math.round(rssBefore / 1048576),
    ...(phaseMs ? { phaseMs: Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, Math.round(v)])) } : {}),
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
