/**
 * Reading a scenario file from disk: JSON syntax, schema, cross-references, the data files it
 * references (relative to the scenario file; src/io/), then command-line overrides of the
 * simulation block. Problems come back as an InputError naming the file and JSON path, or the data
 * file, row and column.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseScenario, parseScenarioText } from '../model/validate.ts';
import type { Scenario } from '../model/scenario.ts';
import { formatProblem } from '../io/problems.ts';
import { hasDataFiles, resolveDataFiles, type DataReport } from '../io/references.ts';
import { InputError } from './errors.ts';

export interface SimulationOverrides {
  months?: number;
  customers?: number;
  seed?: number;
  replications?: number;
}

/**
 * Read and validate a scenario; apply overrides and validate again (so they obey the same ranges).
 * A --customers override sets the number of customer agents: a weighted sample of the same city
 * (simulation.agents), so a smaller run keeps the city's outlets, queues and money.
 */
export function loadScenarioFile(file: string, overrides: SimulationOverrides = {}): Scenario {
  return loadScenarioWithData(file, overrides).scenario;
}

/** loadScenarioFile, with what was read from each referenced data file (encoding, rows). */
export function loadScenarioWithData(file: string, overrides: SimulationOverrides = {}): { scenario: Scenario; data: DataReport[] } {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? (e as Error).message})`);
  }
  const parsed = parseScenarioText(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) throw new InputError(parsed.problems.map((p) => `${file}: ${p.path}: ${p.message}`));
  let data: DataReport[] = [];
  if (hasDataFiles(parsed.scenario)) {
    const base = dirname(resolve(file));
    const resolved = resolveDataFiles(parsed.scenario, {
      read: (ref) => readFileSync(resolve(base, ref)),
      name: (ref) => relative(process.cwd(), join(base, ref)) || ref,
    });
    if (!resolved.ok) throw new InputError(resolved.problems.map(formatProblem));
    parsed.scenario = resolved.scenario;
    data = resolved.reports;
  }
  const sim = { ...parsed.scenario.simulation };
  for (const k of ['months', 'seed', 'replications'] as const) if (overrides[k] !== undefined) sim[k] = overrides[k]!;
  // --customers sets the agents simulated: a sample of the same city, each agent weighted.
  if (overrides.customers !== undefined) {
    if (overrides.customers > sim.customers) throw new InputError(`--customers: expected at most the scenario's ${sim.customers} subscribers (simulation.customers in ${file}); raise simulation.customers to grow the city`);
    sim.agents = overrides.customers === sim.customers ? null : overrides.customers;
  }
  const again = parseScenario({ ...parsed.scenario, simulation: sim });
  if (!again.ok) throw new InputError(again.problems.map((p) => `${file}: ${p.path}: ${p.message}${data.length > 0 ? ' (after reading its data files and command-line options)' : ' (after command-line options)'}`));
  return { scenario: again.scenario, data };
}
