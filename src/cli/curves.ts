/**
 * `channel-lab curves <scenario.json> --vary PATH=LO..HI [--steps K]`: response curves of a
 * subsidy or commission lever (补贴/酬金): new lines, handsets sold, cost per acquisition, partner
 * outlets still open (viability), net contribution and spend, each with its 95 % interval, at K
 * evenly spaced levels on common random numbers. Writes DIR/curves.csv; with
 * `--maximise KPI [--budget CNY]` also finds the level that maximises the KPI with subsidy +
 * commission spend within the budget (called best only when the paired differences to its
 * neighbouring levels exclude 0; otherwise the tied levels are named), and writes DIR/curves.json.
 */
import type { Command } from 'commander';
import { describePath } from '../experiment/paths.ts';
import { toCsv } from '../experiment/csv.ts';
import { curveRows, responseCurves, type CurvesResult } from '../experiment/levers/curves.ts';
import { curvesReport } from '../experiment/report/report.ts';
import { InputError } from './errors.ts';
import { commonOptions, formatNumber, readCommon, textTable, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { parseVary, runSearch } from './lever-io.ts';
import { intOption, kpiOption, numberOption } from './options.ts';
import { readReport, reportOptions, writeReport, type ReportOptionValues } from './report-io.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print } from './print.ts';

interface CurvesOptionValues extends CommonOptionValues, ReportOptionValues {
  vary?: string;
  steps?: string;
  exitMonths?: string;
  maximise?: string;
  budget?: string;
  refineRounds?: string;
}

export function registerCurves(program: Command): void {
  reportOptions(commonOptions(
    program
      .command('curves')
      .description('response curves of a subsidy or commission lever; the level maximising a KPI within a budget; writes curves.csv')
      .argument('<scenario>', 'scenario JSON file'),
  ))
    .option('--vary <PATH=LO..HI>', 'the lever and its range, e.g. levers.subsidy.handset.mid=0..1200 or levers.commission.perNewLine.partner=0..200')
    .option('--steps <k>', 'levels from LO to HI (default 7)')
    .option('--exit-months <m>', 'partners.exitMonths for the curves (default: the scenario\'s, or 3 when it is 0 so that partner viability applies)')
    .option('--maximise <kpi>', 'find the level with the highest mean of this KPI (e.g. netContribution)')
    .option('--budget <cny>', 'with --maximise: subsidy + commission spend, CNY/month, may not exceed this')
    .option('--refine-rounds <n>', 'with --maximise: rounds of midpoints simulated around the best level (default 2)')
    .action(async (file: string, o: CurvesOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const vary = parseVary(o.vary, 'levers.subsidy.handset.mid=0..1200');
      const steps = intOption('steps', o.steps, 2, 200) ?? 7;
      const exitMonths = intOption('exit-months', o.exitMonths, 1, 60);
      const budget = numberOption('budget', o.budget, 0, 1e13);
      const refineRounds = intOption('refine-rounds', o.refineRounds, 0, 20);
      const maximise = kpiOption('maximise', o.maximise);
      if (maximise === undefined && (budget !== undefined || refineRounds !== undefined)) throw new InputError('--budget and --refine-rounds need --maximise KPI');
      const scenario = loadScenarioFile(file, overrides);
      describePath(scenario, vary.path, 'vary');
      const report = readReport(o);
      const out = o.out ?? './out';
      await runSearch(workers, 'curves', async (session) => {
        const r = await responseCurves(scenario, {
          pool: session.pool, signal: session.signal, onProgress: session.onProgress,
          ...vary, steps, exitMonths,
          ...(maximise ? { maximise: { kpi: maximise, budget, refineRounds } } : {}),
        });
        const { columns, rows } = curveRows(r);
        writeOutput(out, 'curves.csv', toCsv(columns, rows));
        writeOutput(out, 'curves.json', JSON.stringify(r, null, 2) + '\n');
        print(curvesText(r, out));
        if (report) writeReport(report, (ctx) => curvesReport(scenario, r, ctx));
      });
    });
}

/** The curve as a table, what viability setting it used, and the optimum. */
export function curvesText(r: CurvesResult, out: string): string {
  const ci = (e: { mean: number; ci95: [number, number] }) => `${formatNumber(e.mean)} [${formatNumber(e.ci95[0])}, ${formatNumber(e.ci95[1])}]`;
  const rows = r.points.map((p) => [formatNumber(p.value), ci(p.figures.newLines), ci(p.figures.handsetsSold), ci(p.figures.costPerAcquisition), ci(p.figures.partnersOpen), ci(p.figures.netContribution), ci(p.figures.spend)]);
  const lines = [
    `${r.path}: ${r.points.length} levels × ${r.replications} replications on common random numbers, seed ${r.seed}`,
    `partner viability: partners.exitMonths = ${r.exitMonths}${r.exitMonthsSet ? ' (set for the curves: the scenario has 0, which turns viability off)' : ''}; ${r.partnersAtStart} partner outlets at the start`,
    '',
    textTable([r.path, 'new lines/mo', 'handsets/mo', 'cost per acquisition CNY', 'partners open', 'net contribution CNY/mo', 'spend CNY/mo'], rows),
  ];
  if (r.optimum) {
    const o = r.optimum;
    const within = o.budget !== null ? ` with spend ≤ ${formatNumber(o.budget)} CNY/month` : '';
    const refined = o.refined.length ? ` (refined at ${o.refined.map(formatNumber).join(', ')})` : '';
    const vs = o.neighbours.map((nb) => `${ci(nb.delta)} vs ${formatNumber(nb.value)}`).join(', ');
    if (o.distinguishable) {
      lines.push(`best level for ${o.kpi}${within}: ${r.path} = ${formatNumber(o.value)}, ${o.kpi} ${ci(o.achieved)}, spend ${ci(o.spend)}${refined}`);
      if (vs) lines.push(`  above each neighbour (paired difference, 95 % CI): ${vs}`);
    } else {
      lines.push(`no level is distinguishable from its neighbours in ${o.kpi}${within}: the paired differences' 95 % intervals include 0 (${vs}); ` +
        `levels ${o.tied.map(formatNumber).join(', ')} are tied; the highest mean is at ${r.path} = ${formatNumber(o.value)}, ${o.kpi} ${ci(o.achieved)}, spend ${ci(o.spend)}${refined}`);
    }
  }
  lines.push(`wrote ${out}/curves.csv, ${out}/curves.json`);
  return lines.join('\n') + '\n';
}
