/**
 * `channel-lab sweep <scenario.json>`: a full grid (`--set PATH=v1,v2,...`, repeatable) or a
 * Latin hypercube (`--samples N --range PATH=LO..HI`, repeatable, seeded by --seed); writes
 * DIR/sweep.csv, one row per point with the replications it rests on, whether that is fewer than
 * asked (partial: Ctrl-C), and every KPI's mean and 95 % interval.
 */
import type { Command } from 'commander';
import type { Scenario } from '../model/scenario.ts';
import { toCsv } from '../experiment/csv.ts';
import { describePath, parseValue } from '../experiment/paths.ts';
import { sweep, type GridAxis, type SweepResult } from '../experiment/runner.ts';
import { InputError } from './errors.ts';
import { EXIT_CANCELLED, unlessCancelled, collect, commonOptions, readCommon, withSession, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { intOption, listOption, rangeOption, specOption } from './options.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print } from './print.ts';

interface SweepOptionValues extends CommonOptionValues {
  set: string[];
  range: string[];
  samples?: string;
}

export function registerSweep(program: Command): void {
  commonOptions(
    program
      .command('sweep')
      .description('run a grid (--set) or a Latin hypercube (--samples, --range) over parameter paths; writes sweep.csv')
      .argument('<scenario>', 'scenario JSON file'),
  )
    .option('--set <PATH=v1,v2,...>', 'grid axis: a parameter path and its values (repeatable)', collect, [])
    .option('--samples <n>', 'Latin hypercube: number of points')
    .option('--range <PATH=LO..HI>', 'Latin hypercube axis: a numeric parameter path and its range (repeatable)', collect, [])
    .action(async (file: string, o: SweepOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const samples = intOption('samples', o.samples, 1, 10_000);
      const ranges = o.range.map((spec) => rangeOption('range', spec));
      if (o.set.length > 0 && (samples !== undefined || o.range.length > 0)) throw new InputError('--set cannot be combined with --samples/--range: a sweep is a grid or a Latin hypercube');
      if (o.set.length === 0 && samples === undefined) throw new InputError('expected --set PATH=v1,v2,... (grid) or --samples N with --range PATH=LO..HI (Latin hypercube)');
      if (samples !== undefined && o.range.length === 0) throw new InputError('--samples: needs at least one --range PATH=LO..HI');
      if (samples === undefined && o.range.length > 0) throw new InputError('--range: needs --samples N');
      const scenario = loadScenarioFile(file, overrides);
      const grid = o.set.map((spec) => gridAxis(scenario, spec));
      const out = o.out ?? './out';
      await withSession(workers, 'sweep', async (session) => {
        const result = await unlessCancelled(session, 'before any point finished', () => sweep(scenario, {
            pool: session.pool, signal: session.signal, onProgress: session.onProgress,
            ...(grid.length ? { grid } : { latin: { samples: samples!, ranges } }),
          }));
        if (result === undefined) return;
        writeOutput(out, 'sweep.csv', toCsv(result.columns, result.rows));
        const axes = grid.length ? grid.map((a) => `${a.path} (${a.values.length})`).join(' × ') : `Latin hypercube of ${samples} over ${ranges.map((r) => r.path).join(', ')}`;
        print(`${axes}: ${result.rows.length} points × ${result.replications} replications, seed ${result.seed}\n${partialLine(result)}wrote ${out}/sweep.csv\n`);
        if (result.partial && session.cancelled) process.exitCode = EXIT_CANCELLED;
      });
    });
}

/** For a sweep cut short: what finished, and where sweep.csv says which points are short. */
export function partialLine(r: Pick<SweepResult, 'rows' | 'replications' | 'partial' | 'failures'>): string {
  if (!r.partial) return '';
  const done = r.rows.reduce((n, row) => n + Number(row.replications), 0);
  const short = r.rows.filter((row) => row.partial).length;
  const failed = r.failures.length ? ` (${r.failures.length} failed)` : '';
  return `PARTIAL: ${done} of ${r.rows.length * r.replications} replications finished${failed}; ${r.rows.length - short} of ${r.rows.length} points complete, ` +
    `the other ${short} marked partial=true in sweep.csv with the replications each rests on\n`;
}

/** `PATH=v1,v2,...` → the path and its typed values (no empty value: `0,,1` and `0,1,` are refused). */
export function gridAxis(scenario: Scenario, spec: string): GridAxis {
  const [path, list] = specOption('set', spec, 'PATH=v1,v2,...');
  const info = describePath(scenario, path, 'set');
  return { path, values: listOption(`set ${path}`, list, 'v1,v2,...').map((v) => parseValue(info, v, 'set')) };
}
