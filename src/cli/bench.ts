/**
 * `channel-lab bench [--customers N] [--months M]`: one replication of the full default model on
 * this thread; prints one JSON line of throughput and memory figures: CONTRACTS.md's
 * choiceEventsPerSec (events over wallMs, set-up included), customers, months, events, wallMs,
 * peakRssMb, and setupMs, cpuMs, outlets, customerStateBytes, rssPerCustomerBytes (peak RSS
 * growth over the run per customer), baselineRssMb and phaseMs (wall time per phase of the month).
 */
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { scaleWorld } from '../model/scale.ts';
import { createModel } from '../model/engine.ts';
import { BYTES_PER_CUSTOMER } from '../model/customers.ts';
import { intOption, pathOption } from './options.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { benchKernels } from './bench-kernels.ts';
import { print } from './print.ts';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure choice events per second and memory on the default model (one core)')
    .option('--customers <n>', 'customers', '1000000')
    .option('--months <m>', 'months', '12')
    .option('--scenario <file>', 'scenario to run (default: scenarios/default.json), its world scaled to --customers')
    .option('--kernels', 'instead: the channel choice alone, a naive per-need logit and the engine\'s tables (bench-kernels.ts)')
    .action((opts: { customers: string; months: string; scenario?: string; kernels?: boolean }) => {
      const customers = intOption('customers', opts.customers, 100, 20_000_000)!;
      const months = intOption('months', opts.months, 1, 240)!;
      // The default city (or the given scenario) with its outlets and staff scaled to the customers.
      const file = pathOption('scenario', opts.scenario, 'a file') ?? fileURLToPath(new URL('../../scenarios/default.json', import.meta.url));
      const s0 = loadScenarioFile(file, { months });
      if (opts.kernels) {
        print(JSON.stringify(benchKernels(s0, customers)) + '\n');
        return;
      }
      const base = scaleWorld(s0, customers);
      // Warm-up: a 1,000-customer month first, so that the memory figures count what grows with
      // the customers (not the engine's compiled code and fixed heap) and the timing the
      // optimised code.
      createModel(scaleWorld(s0, 1000), 0).tick(1);
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const model = createModel(base, 0);
      const setupMs = performance.now() - t0;
      for (let m = 0; m < months; m++) {
        model.tick(1);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const events = model.choiceEvents();
      const out = {
        choiceEventsPerSec: Math.round(events / (wallMs / 1000)),
        customers,
        months,
        events,
        wallMs: Math.round(wallMs),
        peakRssMb: Math.round(peakRss / 1048576),
        setupMs: Math.round(setupMs),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        outlets: base.outlets.generate.ownStores + base.outlets.generate.partners,
        customerStateBytes: BYTES_PER_CUSTOMER,
        rssPerCustomerBytes: Math.round((peakRss - rssBefore) / customers),
        baselineRssMb: Math.round(rssBefore / 1048576),
        phaseMs: Object.fromEntries(Object.entries(model.phaseMs()).map(([k, v]) => [k, Math.round(v)])),
      };
      print(JSON.stringify(out) + '\n');
    });
}
