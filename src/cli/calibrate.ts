/**
 * `channel-lab calibrate <scenario.json> [--observed FILE.csv] [--fit PATH,PATH...] [--warm-up M]`:
 * fits parameters to observed figures (src/experiment/calibrate.ts) and writes DIR/calibrated.json
 * (the scenario file, resolved, with the fitted values), DIR/fit.csv (metric, observed, simulated,
 * ci95, …), DIR/checks.csv (the held-out figures: the out-of-sample checks), DIR/drift.csv (each
 * figure's first against second half of the compared months) and DIR/calibration.json (all of it
 * in one file); prints the fit, checks and drift tables and the fitted values. The figures are the scenario's own (observed.file
 * or observed.figures), as the workbench's calibration view takes them, unless --observed names a
 * file: that file replaces them, and the command says so on stderr.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { KPIS } from '../model/kpis.ts';
import type { Scenario } from '../model/scenario.ts';
import {
  applyParameters, calibrate, CHECK_COLUMNS, checkRows, defaultFitPaths, DRIFT_COLUMNS, driftRows, FIT_COLUMNS, fitRows, resolveFitParameters, withinInterval,
  type CalibrationResult, type FitParameter, type FitRow,
} from '../experiment/calibrate.ts';
import { toCsv } from '../experiment/csv.ts';
import { importObservedMetrics, observedMetrics, type ObservedMetric } from '../experiment/observed.ts';
import { formatProblem } from '../io/problems.ts';
import type { DataReport } from '../io/references.ts';
import { InputError } from './errors.ts';
import { EXIT_CANCELLED, unlessCancelled, commonOptions, formatNumber, readCommon, textTable, withSession, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { intOption, listOption, pathOption } from './options.ts';
import { loadScenarioFile, loadScenarioWithData } from './scenario-file.ts';
import { print } from './print.ts';

interface CalibrateOptionValues extends CommonOptionValues {
  observed?: string;
  fit?: string;
  maxEvaluations?: string;
  warmUp?: string;
}

const METRIC_HELP = `
Observed figures: the scenario's observed.file or observed.figures, or --observed FILE.csv (which
replaces them). CSV columns metric,value[,weight][,holdOut] (指标,数值,权重,留出); other columns
(source, note) are kept. Shares may be percentages (6.02%). Weight 0 reports a metric without
fitting it; an observed 0 can only be reported (the objective divides by it), so it needs weight 0.
holdOut yes (or "holdOut": true in observed.figures) leaves a figure out of the fit and reports it
at the fitted values as an out-of-sample check (checks.csv). Metrics:
  <kpi>                     a KPI's run mean (mean of its monthly values):
${wrap(KPIS.join(', '), 100, '                            ')}
  share:<channel>           the channel's share of completed transactions
  mix:<channel>:<service>   share of the channel's transactions that are this service
  mix:<channel>:<service>/* the same among the services named by the channel's /* rows only
                            (their observed values are rescaled to sum to 1)
  outletClass:low|mid|high  share of open partner outlets per efficiency class (seed 004:
                            low < 20 new lines a month; mid below the mean revenue; high)
  <kpi>/<kpi>               ratio of two KPIs' sums over the months, e.g. channelCost/revenue
Objective: weighted sum of squared relative errors, every evaluation on the same seed and
replications (common random numbers), over the months after --warm-up (a service mix: over the
whole run, which is all a replication keeps of it); drift.csv compares each figure's first and
second half of those months. --fit paths are dotted scenario paths (services by id or
index); a path ending in .* fits one multiplier for every number under it, e.g.
services.dataService.incidence.*. Default parameters: churnRateMonthly → churn.baseMonthly,
share:<c> → channels.<c>.asc, mix:<c>:<s> → services.<s>.incidence.*, outletClass → acquisition.marketMonthly.
`;

export function registerCalibrate(program: Command): void {
  commonOptions(
    program
      .command('calibrate')
      .description('fit parameters to observed figures; writes calibrated.json, fit.csv, checks.csv, drift.csv and calibration.json')
      .argument('<scenario>', 'scenario JSON file'),
  )
    .option('--observed <file.csv>', 'observed figures: CSV with columns metric,value[,weight] (default: the scenario\'s observed figures, which a file given here replaces)')
    .option('--fit <paths>', 'comma-separated parameter paths to fit, PATH,PATH,... (default: one per observed metric, see below)')
    .option('--max-evaluations <k>', 'most scenario evaluations (default 40 × (parameters + 1))')
    .option('--warm-up <months>', 'months left out at the start before figures are compared (default 0)')
    .addHelpText('after', METRIC_HELP)
    .action(async (file: string, o: CalibrateOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const maxEvaluations = intOption('max-evaluations', o.maxEvaluations, 1, 100_000);
      const warmUpMonths = intOption('warm-up', o.warmUp, 0, 239);
      const { scenario, data } = loadScenarioWithData(file, overrides);
      const months = scenario.simulation.months;
      if (warmUpMonths !== undefined && warmUpMonths >= months) throw new InputError(`--warm-up ${warmUpMonths}: expected fewer months than the run's ${months}, so that some months are compared`);
      const { observed, source } = observedFigures(file, o.observed === undefined ? undefined : pathOption('observed', o.observed, 'a file'), scenario, data);
      const paths = o.fit !== undefined ? listOption('fit', o.fit, 'PATH,PATH,...') : defaultFitPaths(observed);
      // Check the paths before any worker starts.
      const params = resolveFitParameters(scenario, paths);
      const out = o.out ?? './out';
      await withSession(workers, 'calibrate', async (session) => {
        const result = await unlessCancelled(session, 'before the starting point was evaluated', () => calibrate({
            scenario, observed, fit: paths, maxEvaluations, warmUpMonths,
            pool: session.pool, signal: session.signal, onProgress: session.onProgress,
          }));
        if (result === undefined) return;
        const calibrated = calibratedScenario(file, out, source, params, result);
        writeOutput(out, 'calibrated.json', JSON.stringify(calibrated, null, 2) + '\n');
        writeOutput(out, 'fit.csv', toCsv(FIT_COLUMNS, fitRows(result.fit)));
        writeOutput(out, 'checks.csv', toCsv(CHECK_COLUMNS, checkRows(result.checks)));
        writeOutput(out, 'drift.csv', toCsv(DRIFT_COLUMNS, driftRows(result.drift)));
        writeOutput(out, 'calibration.json', JSON.stringify(calibrationJson(result), null, 2) + '\n');
        print(calibrationText(result, out));
        if (result.reason === 'aborted' && session.cancelled) process.exitCode = EXIT_CANCELLED;
      });
    });
}

/**
 * The figures to fit and what to call their source: the file --observed names (replacing the
 * scenario's own figures, which stderr then says), else the scenario's observed figures.
 * @throws {InputError} every problem at its row and column or JSON path, or no figures at all
 */
export function observedFigures(file: string, option: string | undefined, scenario: Scenario, data: readonly DataReport[]): { observed: ObservedMetric[]; source: string } {
  const own = scenario.observed.figures.length;
  if (option !== undefined) {
    if (own > 0) process.stderr.write(`channel-lab: --observed ${option} replaces the ${own} observed figure${own === 1 ? '' : 's'} of ${file}\n`);
    const imported = importObservedMetrics(readBytes(option), option, scenario);
    if (!imported.ok) throw new InputError(imported.problems.map(formatProblem));
    return { observed: imported.records, source: option };
  }
  if (own === 0) throw new InputError(`--observed: required, since ${file} has no observed figures (observed.file or observed.figures); expected a CSV file with columns metric,value[,weight]`);
  const taken = observedMetrics(scenario, scenario.observed.figures, file);
  if (!taken.ok) throw new InputError(taken.problems.map(formatProblem));
  const read = data.find((d) => d.kind === 'observed');
  return { observed: taken.metrics, source: read ? read.file : `${file} (observed.figures)` };
}

/**
 * The scenario file as written (without --months, --customers and the like, which only made the
 * fit faster), resolved, with the fitted values, a description of the fit, and its $schema
 * reference re-based so that it still points at the schema from the output directory.
 */
export function calibratedScenario(file: string, out: string, observedSource: string, params: readonly FitParameter[], r: CalibrationResult): Scenario {
  const original = loadScenarioFile(file);
  const fitted = applyParameters(original, params, r.parameters.map((p) => p.fitted));
  const held = r.checks.length > 0 ? `held out as checks: ${r.checks.map((c) => `${c.metric} ${withinInterval(c) ? 'within' : 'outside'} the interval`).join(', ')}; ` : '';
  const warm = r.warmUpMonths > 0 ? `compared over months ${r.window.from}–${r.window.to} (warm-up ${r.warmUpMonths}); ` : '';
  const note = `Calibrated by channel-lab calibrate: ${r.parameters.map((p) => `${p.path} ${formatNumber(p.start)} → ${formatNumber(p.fitted)}`).join('; ')}; ` +
    `fitted to ${r.fit.length} observed figures of ${observedSource} (${r.fit.map((f) => f.metric).join(', ')}); ${held}${warm}` +
    `objective (weighted squared relative error) ${formatNumber(r.objective.start)} → ${formatNumber(r.objective.fitted)}; ` +
    `${r.replications} replications × ${r.months} months × ${r.agents.toLocaleString('en-US')} agents, seed ${r.seed}, ${r.evaluations} evaluations.`;
  const schema = fitted.$schema;
  return {
    ...fitted,
    ...(schema !== undefined ? { $schema: rebase(schema, dirname(file), out) } : {}),
    description: fitted.description ? `${fitted.description}\n\n${note}` : note,
  };
}

/** What the command prints: what ran, the fit and checks tables, the drift, the fitted values, where the files went. */
export function calibrationText(r: CalibrationResult, out: string): string {
  const rows = r.fit.map((f) => [
    f.metric, formatNumber(f.observed), formatNumber(f.simulated), interval(f),
    percent(f.relativeError), formatNumber(f.start), formatNumber(f.weight),
  ]);
  const checks = r.checks.length === 0 ? ['no held-out figures: nothing checks the fit out of sample (mark figures holdOut)', '']
    : [
      `out-of-sample checks (held out, not fitted): ${r.checks.filter(withinInterval).length} of ${r.checks.length} within the simulated 95 % interval`,
      textTable(['held out', 'published', 'simulated', '95 % CI', 'within', 'error'], r.checks.map((c) => [
        c.metric, formatNumber(c.observed) + (c.published !== undefined ? ` (as written ${formatNumber(c.published)})` : ''),
        formatNumber(c.simulated), interval(c), withinInterval(c) ? 'yes' : 'no', percent(c.relativeError),
      ])),
    ];
  const moving = r.drift.filter((d) => d.drifts).length;
  const drift = r.drift.length === 0 ? [`no drift: the compared months ${r.window.from}–${r.window.to} have no two halves, or no figure is measured month by month`, '']
    : [
      `drift within months ${r.window.from}–${r.window.to}${r.warmUpMonths > 0 ? ` (after a warm-up of ${r.warmUpMonths})` : ' (no warm-up)'}: ` +
      `${moving} of ${r.drift.length} figures move between months ${span(r.drift[0].first)} and ${span(r.drift[0].second)}` +
      (moving > 0 ? '; the fit matches their average over the window, not each month' : ''),
      textTable(['metric', 'first half', 'second half', 'change', 'difference 95 % CI', 'drifts'], r.drift.map((d) => [
        d.metric + (d.holdOut ? ' (held out)' : ''), formatNumber(d.first.mean), formatNumber(d.second.mean), percent(d.change),
        `[${formatNumber(d.difference.ci95[0])}, ${formatNumber(d.difference.ci95[1])}]`, d.drifts ? 'yes' : 'no',
      ])),
    ];
  const whole = r.wholeRun.length > 0 && r.warmUpMonths > 0
    ? [`compared over the whole run (a replication keeps no month-by-month service mix): ${r.wholeRun.join(', ')}`, ''] : [];
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
    ...checks,
    ...drift,
    ...whole,
    textTable(['parameter', 'start', 'fitted', 'range', 'kind'], params),
    `wrote ${out}/calibrated.json, fit.csv, checks.csv, drift.csv, calibration.json`,
    '',
  ].join('\n');
}

/**
 * calibration.json: what ran, the fitted parameters, the fit, the out-of-sample checks (each with
 * `within`) and the drift, in one file. Non-finite numbers (an unbounded range, the relative error
 * of an observed 0) are null.
 */
export function calibrationJson(r: CalibrationResult): object {
  return {
    scenario: r.scenario.name,
    seed: r.seed, replications: r.replications, months: r.months, agents: r.agents,
    warmUpMonths: r.warmUpMonths, window: r.window, wholeRun: r.wholeRun,
    objective: r.objective, evaluations: r.evaluations, iterations: r.iterations, reason: r.reason,
    parameters: r.parameters.map((p) => ({ path: p.path, kind: p.kind, start: p.start, fitted: p.fitted, minimum: p.minimum, maximum: p.maximum, values: p.values })),
    fit: r.fit,
    checks: r.checks.map((c) => ({ ...c, within: withinInterval(c) })),
    drift: r.drift,
    runtimeMs: r.runtimeMs,
  };
}

// Months from…to as "3–6", or "4" for one month.
function span(s: { from: number; to: number }): string {
  return s.from === s.to ? String(s.from) : `${s.from}–${s.to}`;
}

function interval(f: Pick<FitRow, 'ci95'>): string {
  return `[${formatNumber(f.ci95[0])}, ${formatNumber(f.ci95[1])}]`;
}

// A relative error or change as a signed percentage; an undefined one (observed 0) as a dash.
function percent(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %` : '—';
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
