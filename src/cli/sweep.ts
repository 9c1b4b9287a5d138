/**
 * `channel-lab sweep <scenario.json>`: a full grid (`--set PATH=v1,v2,...`, repeatable) or a
 * Latin hypercube (`--samples N --range PATH=LO..HI`, repeatable, seeded by --seed); writes
 * DIR/sweep.csv, one row per point with every KPI's mean and 95 % interval.
 */
import type { Command } from 'commander';
import type { Scenario } from '../model/scenario.ts';
import { toCsv } from '../experiment/csv.ts';
import { describePath, parseValue } from '../experiment/paths.ts';
import { sweep, type GridAxis } from '../experiment/runner.ts';
import { InputError } from './errors.ts';
import { EXIT_CANCELLED, unlessCancelled, collect, commonOptions, rangeSpec, readCommon, splitSpec, withSession, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { intOption } from './options.ts';
import { loadScenarioFile } from './scenario-file.ts';

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
      const scenario = loadScenarioFile(file, overrides);
      const samples = intOption('samples', o.samples, 1, 10_000);
      if (o.set.length > 0 && (samples !== undefined || o.range.length > 0)) throw new InputError('--set cannot be combined with --samples/--range: a sweep is a grid or a Latin hypercube');
      if (o.set.length === 0 && samples === undefined) throw new InputError('expected --set PATH=v1,v2,... (grid) or --samples N with --range PATH=LO..HI (Latin hypercube)');
      if (samples !== undefined && o.range.length === 0) throw new InputError('--samples: needs at least one --range PATH=LO..HI');
      if (samples === undefined && o.range.length > 0) throw new InputError('--range: needs --samples N');
      const grid = o.set.map((spec) => gridAxis(scenario, spec));
      const ranges = o.range.map((spec) => rangeSpec('range', spec));
      const out = o.out ?? './out';
      await withSession(workers, 'sweep', async (session) => {
        const result = await unlessCancelled(session, 'before any point finished', () => sweep(scenario, {
            pool: session.pool, signal: session.signal, onProgress: session.onProgress,
            ...(grid.length ? { grid } : { latin: { samples: samples!, ranges } }),
          }));
        if (result === undefined) return;
        writeOutput(out, 'sweep.csv', toCsv(result.columns, result.rows));
        const axes = grid.length ? grid.map((a) => `${a.path} (${a.values.length})`).join(' × ') : `Latin hypercube of ${samples} over ${ranges.map((r) => r.path).join(', ')}`;
        process.stdout.write(`${axes}: ${result.rows.length} points × ${result.replications} replications, seed ${result.seed}${result.partial ? ' (PARTIAL)' : ''}\nwrote ${out}/sweep.csv\n`);
        if (result.partial && session.cancelled) process.exitCode = EXIT_CANCELLED;
      });
    });
}

/** `PATH=v1,v2,...` → the path and its typed values. */
export function gridAxis(scenario: Scenario, spec: string): GridAxis {
  const [path, list] = splitSpec('set', spec, 'PATH=v1,v2,...');
  const info = describePath(scenario, path, 'set');
  return { path, values: list.split(',').map((v) => parseValue(info, v, 'set')) };
}
