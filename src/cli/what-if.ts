/**
 * `channel-lab what-if <scenario.json> [--close ID,ID...]`: the workbench's closure what-if
 * (网点关停假设, src/experiment/levers/what-if.ts) from the command line. The outlets named by
 * --close (by default the scenario's own levers.closures.outlets, the set the workbench takes from
 * the map) closed from levers.closures.fromMonth, against the same scenario with none closed, on
 * common random numbers. Writes DIR/what-if.json `{closed, fromMonth, months, replications, seed,
 * deltas, saving, revenueLoss, flows, weights, names, ranking, beyond, evaluations}`; prints the
 * saving, the revenue loss, the KPIs a closure moves and where the customers went.
 */
import type { Command } from 'commander';
import { closureWhatIf, type ClosureWhatIf } from '../experiment/levers/what-if.ts';
import { commonOptions, formatNumber, readCommon, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { runSearch } from './lever-io.ts';
import { numberOption } from './options.ts';
import { closureDeltaTable, estimateText, flowsText } from './plan-closures.ts';
import { loadScenarioFile } from './scenario-file.ts';

interface WhatIfOptionValues extends CommonOptionValues {
  close?: string;
  travelLimitMin?: string;
}

export function registerWhatIf(program: Command): void {
  commonOptions(
    program
      .command('what-if')
      .description('close a set of outlets against none closed, on common random numbers; saving, revenue loss, KPI deltas, flows; writes what-if.json')
      .argument('<scenario>', 'scenario JSON file'),
  )
    .option('--close <ids>', 'comma-separated outlet ids to close, ID,ID,... (default: the scenario\'s levers.closures.outlets)')
    .option('--travel-limit-min <t>', 'also give the share of customers beyond T minutes of an open own store, with none and with these closed')
    .action(async (file: string, o: WhatIfOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const travelLimitMin = numberOption('travel-limit-min', o.travelLimitMin, 0, 10_000);
      const scenario = loadScenarioFile(file, overrides);
      const ids = o.close !== undefined ? o.close.split(',').map((id) => id.trim()).filter((id) => id !== '') : scenario.levers.closures.outlets;
      const out = o.out ?? './out';
      await runSearch(workers, 'what-if', async (session) => {
        const r = await closureWhatIf(scenario, ids, {
          pool: session.pool, signal: session.signal, onProgress: session.onProgress,
          ...(travelLimitMin !== undefined ? { travelLimitMin } : {}),
        });
        const { runs: _runs, ...written } = r;
        writeOutput(out, 'what-if.json', JSON.stringify(written, null, 2) + '\n');
        process.stdout.write(whatIfText(r, out));
      });
    });
}

/** What was closed, the saving and revenue loss, the KPIs it moves and where the customers went. */
export function whatIfText(r: ClosureWhatIf, out: string): string {
  const b = r.beyond;
  return [
    `closing ${r.closed.join(', ')} from month ${r.fromMonth}, against none closed: ${r.replications} replications on common random numbers, seed ${r.seed}; ` +
      `figures are monthly means over months ${r.fromMonth}–${r.months}`,
    `saving ${estimateText(r.saving)} CNY/month; revenue loss ${estimateText(r.revenueLoss)} CNY/month`,
    b ? `customers beyond ${formatNumber(b.limitMin)} min of an open own store: ${(100 * b.none).toFixed(1)} % with none closed, ${(100 * b.closed).toFixed(1)} % with these closed` : '',
    '',
    closureDeltaTable(r.deltas, 'Δ vs none closed (95 % CI)'),
    flowsText(r.flows),
    `wrote ${out}/what-if.json`,
  ].filter((l, i) => l !== '' || i > 2).join('\n') + '\n';
}
