/**
 * `channel-lab seek <scenario.json> --target KPI=VALUE --vary PATH=LO..HI`: the lever value at
 * which a KPI reaches its target (e.g. the floor-guide intensity for a 70 % diversion rate), on
 * common random numbers. Prints JSON `{path, value, achieved:{mean,ci95}, evaluations}` and, as
 * extras, what the value does against LO (cost, waits, satisfaction, churn). A target out of
 * reach exits 2 with the reachable range.
 */
import type { Command } from 'commander';
import { describePath } from '../experiment/paths.ts';
import { seek } from '../experiment/levers/seek.ts';
import { seekReport } from '../experiment/report/report.ts';
import { commonOptions, readCommon, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { parseTarget, parseVary, readableJson, runSearch } from './lever-io.ts';
import { intOption, numberOption, pathOption } from './options.ts';
import { readReport, reportOptions, writeReport, type ReportOptionValues } from './report-io.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print, printError } from './print.ts';

interface SeekOptionValues extends CommonOptionValues, ReportOptionValues {
  target?: string;
  vary?: string;
  storeP90Min?: string;
  xTolerance?: string;
  maxEvaluations?: string;
}

export function registerSeek(program: Command): void {
  reportOptions(commonOptions(
    program
      .command('seek')
      .description('find the lever value that reaches a KPI target (common random numbers); prints JSON')
      .argument('<scenario>', 'scenario JSON file'),
    null,
  ))
    .option('--target <KPI=VALUE>', 'the KPI and the value to reach, e.g. diversionRate=0.7')
    .option('--vary <PATH=LO..HI>', 'the numeric lever and its range, e.g. levers.diversion.floorGuide=0..1')
    .option('--store-p90-min <t>', 'also size each store\'s counters for this p90 wait at LO and at the value: counters and staff freed')
    .option('--x-tolerance <share>', 'stop when the bracket is narrower than this share of HI − LO (default 0.01)')
    .option('--max-evaluations <n>', 'most lever values simulated (default 12)')
    .option('--out <dir>', 'also write DIR/seek.json')
    .action(async (file: string, o: SeekOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const target = parseTarget(o.target);
      const vary = parseVary(o.vary);
      const storeP90Min = numberOption('store-p90-min', o.storeP90Min, 0.01, 600);
      const xTolerance = numberOption('x-tolerance', o.xTolerance, 1e-6, 1);
      const maxEvaluations = intOption('max-evaluations', o.maxEvaluations, 3, 200);
      const out = pathOption('out', o.out, 'a directory');
      const scenario = loadScenarioFile(file, overrides);
      describePath(scenario, vary.path, 'vary');
      const report = readReport(o);
      await runSearch(workers, 'seek', async (session) => {
        const r = await seek(scenario, {
          pool: session.pool, signal: session.signal, onProgress: session.onProgress,
          kpi: target.kpi, target: target.value, ...vary, storeP90Min, xTolerance, maxEvaluations,
        });
        const { runs: _runs, ...printed } = r;
        if (!r.monotone) printError(`channel-lab: warning: ${r.kpi} is not monotone over ${r.path}=${vary.lo}..${vary.hi} (LO, midpoint, HI); the value found is the first crossing of the target\n`);
        if (out) writeOutput(out, 'seek.json', JSON.stringify(printed, null, 2) + '\n');
        print(readableJson(printed));
        if (report) writeReport(report, (ctx) => seekReport(scenario, r, ctx));
      });
    });
}
