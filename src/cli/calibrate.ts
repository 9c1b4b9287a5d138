/**
 * `channel-lab calibrate <scenario.json> --observed FILE.csv [--fit PATH,PATH...]`: fits parameters
 * to observed figures (src/experiment/calibrate.ts) and writes DIR/calibrated.json (the scenario
 * file, resolved, with the fitted values) and DIR/fit.csv (metric, observed, simulated, ci95, …);
 * prints the fit table and the fitted values.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { KPIS } from '../model/kpis.ts';
import type { Scenario } from '../model/scenario.ts';
import { applyParameters, calibrate, defaultFitPaths, FIT_COLUMNS, fitRows, resolveFitParameters, type CalibrationResult, type FitParameter } from '../experiment/calibrate.ts';
import { toCsv } from '../experiment/csv.ts';
import { importObservedMetrics } from '../experiment/observed-csv.ts';
import { formatProblem } from '../io/problems.ts';
import { InputError } from './errors.ts';
import { EXIT_CANCELLED, unlessCancelled, commonOptions, formatNumber, readCommon, textTable, withSession, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { intOption, listOption, pathOption, required } from './options.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print } from './print.ts';

interface CalibrateOptionValues extends CommonOptionValues {
  observed?: string;
  fit?: string;
  maxEvaluations?: string;
}

const METRIC_HELP = `
Observed CSV: columns metric,value[,weight] (指标,数值,权重); other columns (source, note) are kept.
Values may be percentages (6.02%). Weight 0 reports a metric without fitting it. Metrics:
  <kpi>                     a KPI's run mean (mean of its monthly values):
${wrap(KPIS.join(', '), 100, '                            ')}
  share:<channel>           the channel's share of completed transactions
  mix:<channel>:<service>   share of the channel's transactions that are this service
  mix:<channel>:<service>/* the same among the services named by the channel's /* rows only
                            (their observed values are rescaled to sum to 1)
  outletClass:low|mid|high  share of open partner outlets per efficiency class (seed 004:
                            low < 20 new lines a month; mid below the mean revenue; high)
Objective: weighted sum of squared relative errors, every evaluation on the same seed and
replications (common random numbers). --fit paths are dotted scenario paths (services by id or
index); a path ending in .* fits one multiplier for every number under it, e.g.
services.dataService.incidence.*. Default parameters: churnRateMonthly → churn.baseMonthly,
share:<c> → channels.<c>.asc, mix:<c>:<s> → services.<s>.incidence.*, outletClass → acquisition.marketMonthly.
`;

export function registerCalibrate(program: Command): void {
  commonOptions(
    program
      .command('calibrate')
      .description('fit parameters to observed figures; writes calibrated.json and fit.csv')
      .argument('<scenario>', 'scenario JSON file'),
  )
    .option('--observed <file.csv>', 'observed figures: CSV with columns metric,value[,weight]')
    .option('--fit <paths>', 'comma-separated parameter paths to fit, PATH,PATH,... (default: one per observed metric, see below)')
    .option('--max-evaluations <k>', 'most scenario evaluations (default 40 × (parameters + 1))')
    .addHelpText('after', METRIC_HELP)
    .action(async (file: string, o: CalibrateOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const maxEvaluations = intOption('max-evaluations', o.maxEvaluations, 1, 100_000);
      const observedFile = required('observed', pathOption('observed', o.observed, 'a file'), 'a CSV file with columns metric,value[,weight]');
      const fit = o.fit === undefined ? undefined : listOption('fit', o.fit, 'PATH,PATH,...');
      const scenario = loadScenarioFile(file, overrides);
      const imported = importObservedMetrics(readBytes(observedFile), observedFile, scenario);
      if (!imported.ok) throw new InputError(imported.problems.map(formatProblem));
      const observed = imported.records;
      const paths = fit ?? defaultFitPaths(observed);
      // Check the paths before any worker starts.
      const params = resolveFitParameters(scenario, paths);
      const out = o.out ?? './out';
      await withSession(workers, 'calibrate', async (session) => {
        const result = await unlessCancelled(session, 'before the starting point was evaluated', () => calibrate({
            scenario, observed, fit: paths, maxEvaluations,
            pool: session.pool, signal: session.signal, onProgress: session.onProgress,
          }));
        if (result === undefined) return;
        const calibrated = calibratedScenario(file, out, observedFile, params, result);
        writeOutput(out, 'calibrated.json', JSON.stringify(calibrated, null, 2) + '\n');
        writeOutput(out, 'fit.csv', toCsv(FIT_COLUMNS, fitRows(result.fit)));
        print(calibrationText(result, out));
        if (result.reason === 'aborted' && session.cancelled) process.exitCode = EXIT_CANCELLED;
      });
    });
}

/**
 * The scenario file as written (without --months, --customers and the like, which only made the
 * fit faster), resolved, with the fitted values, a description of the fit, and its $schema
 * reference re-based so that it still points at the schema from the output directory.
 */
export function calibratedScenario(file: string, out: string, observedFile: string, params: readonly FitParameter[], r: CalibrationResult): Scenario {
  const original = loadScenarioFile(file);
  const fitted = applyParameters(original, params, r.parameters.map((p) => p.fitted));
  const note = `Calibrated by channel-lab calibrate: ${r.parameters.map((p) => `${p.path} ${formatNumber(p.start)} → ${formatNumber(p.fitted)}`).join('; ')}; ` +
    `fitted to ${r.fit.length} observed figures of ${observedFile} (${r.fit.map((f) => f.metric).join(', ')}); ` +
    `objective (weighted squared relative error) ${formatNumber(r.objective.start)} → ${formatNumber(r.objective.fitted)}; ` +
    `${r.replications} replications × ${r.months} months × ${r.agents.toLocaleString('en-US')} agents, seed ${r.seed}, ${r.evaluations} evaluations.`;
  const schema = fitted.$schema;
  return {
    ...fitted,
    ...(schema !== undefined ? { $schema: rebase(schema, dirname(file), out) } : {}),
    description: fitted.description ? `${fitted.description}\n\n${note}` : note,
  };
}

/** What the command prints: what ran, the fit table, the fitted values, where the files went. */
export function calibrationText(r: CalibrationResult, out: string): string {
  const rows = r.fit.map((f) => [
    f.metric, formatNumber(f.observed), formatNumber(f.simulated), `[${formatNumber(f.ci95[0])}, ${formatNumber(f.ci95[1])}]`,
    `${(100 * f.relativeError).toFixed(1)} %`, formatNumber(f.start), formatNumber(f.weight),
  ]);
  const params = r.parameters.map((p) => [
    p.path, formatNumber(p.start), formatNumber(p.fitted), `[${formatNumber(p.minimum)}, ${formatNumber(p.maximum)}]`,
    p.kind === 'multiplier' ? `multiplier of ${p.targets.length} values` : 'value',
  ]);
  const stop = r.reason === 'converged' ? 'converged' : r.reason === 'aborted' ? 'CANCELLED: best so far' : 'evaluation budget spent';
  return [
    `${r.scenario.name}: ${r.parameters.length} parameter${r.parameters.length === 1 ? '' : 's'} fitted to ${r.fit.length} observed figure${r.fit.length === 1 ? '' : 's'}; ` +
    `${r.replications} replications × ${r.months} months × ${r.agents.toLocaleString('en-US')} agents, seed ${r.seed} (common random numbers)`,
    `objective ${formatNumber(r.objective.start)} → ${formatNumber(r.objective.fitted)} after ${r.evaluations} evaluations, ${r.iterations} iterations (${stop}), ${(r.runtimeMs / 1000).toFixed(1)} s`,
    '',
    textTable(['metric', 'observed', 'simulated', '95 % CI', 'error', 'at start', 'weight'], rows),
    textTable(['parameter', 'start', 'fitted', 'range', 'kind'], params),
    `wrote ${out}/calibrated.json, fit.csv`,
    '',
  ].join('\n');
}

// Text broken into lines of at most `width` characters at spaces, each line indented.
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(resolve(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? (e as Error).message})`);
  }
}

// A relative $schema is relative to its file: re-base it on the output directory (URLs stay).
function rebase(schema: string, fromDir: string, toDir: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(schema) || isAbsolute(schema)) return schema;
  const path = relative(resolve(toDir), resolve(fromDir, schema)).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
