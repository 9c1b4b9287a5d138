/**
 * `channel-lab sensitivity <scenario.json> --param PATH=DELTA [...] --kpi KPI`: one-at-a-time
 * ± perturbation of each parameter on common random numbers, ranked by the effect on the KPI
 * (tornado data). DELTA is in the parameter's units, or relative with a % sign (`10%`). Prints
 * JSON; with --out also writes DIR/sensitivity.json.
 */
import type { Command } from 'commander';
import { KPIS } from '../model/kpis.ts';
import { parseDecimal } from '../experiment/number-text.ts';
import { sensitivity, type SensitivityParam } from '../experiment/runner.ts';
import { InputError } from './errors.ts';
import { EXIT_CANCELLED, unlessCancelled, collect, commonOptions, readCommon, withSession, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { kpiOption, pathOption, quote, required, specOption } from './options.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print } from './print.ts';

interface SensitivityOptionValues extends CommonOptionValues {
  param: string[];
  kpi?: string;
}

export function registerSensitivity(program: Command): void {
  commonOptions(
    program
      .command('sensitivity')
      .description('one-at-a-time ± perturbation of parameters, ranked by effect on a KPI (tornado data)')
      .argument('<scenario>', 'scenario JSON file'),
    null,
  )
    .option('--param <PATH=DELTA>', 'parameter path and perturbation, in its units or relative with % (repeatable)', collect, [])
    .option('--kpi <name>', 'KPI to rank by')
    .option('--out <dir>', 'also write DIR/sensitivity.json')
    .action(async (file: string, o: SensitivityOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const kpi = required('kpi', kpiOption('kpi', o.kpi), `one of ${KPIS.join(', ')}`);
      const out = pathOption('out', o.out, 'a directory');
      if (o.param.length === 0) throw new InputError('--param: expected at least one PATH=DELTA (e.g. levers.diversion.floorGuide=0.1 or churn.baseMonthly=10%)');
      const params = o.param.map(parseParam);
      const scenario = loadScenarioFile(file, overrides);
      await withSession(workers, 'sensitivity', async (session) => {
        const result = await unlessCancelled(session, 'before any replication finished', () => sensitivity(scenario, { pool: session.pool, params, kpi, signal: session.signal, onProgress: session.onProgress }));
        if (result === undefined) return;
        const json = JSON.stringify(result, null, 2) + '\n';
        if (out) writeOutput(out, 'sensitivity.json', json);
        print(json);
        if (result.partial && session.cancelled) process.exitCode = EXIT_CANCELLED;
      });
    });
}

/** `PATH=DELTA` or `PATH=DELTA%` → a parameter to perturb. */
export function parseParam(spec: string): SensitivityParam {
  const [path, d] = specOption('param', spec, 'PATH=DELTA or PATH=DELTA%');
  const relative = d.endsWith('%');
  const delta = parseDecimal(relative ? d.slice(0, -1) : d);
  if (!(delta > 0)) throw new InputError(`--param ${path}: expected a delta > 0 (e.g. 0.1 or 10%), got ${quote(d)}`);
  return { path, delta: relative ? delta / 100 : delta, relative };
}
