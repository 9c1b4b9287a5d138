/**
 * `channel-lab compare <a.json> <b.json> [more.json...]`: the scenarios on common random numbers;
 * each KPI's paired difference from the first scenario with its 95 % interval, marked significant
 * when the interval excludes 0. Writes DIR/compare.json.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { KPIS } from '../model/kpis.ts';
import { compareScenarios, type CompareResult } from '../experiment/runner.ts';
import { EXIT_CANCELLED, unlessCancelled, commonOptions, formatNumber, readCommon, textTable, withSession, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print } from './print.ts';

export function registerCompare(program: Command): void {
  commonOptions(
    program
      .command('compare')
      .description('compare scenarios on common random numbers; KPI deltas with 95 % CI; writes compare.json')
      .argument('<a>', 'baseline scenario JSON file')
      .argument('<b>', 'scenario to compare with the baseline')
      .argument('[more...]', 'further scenarios, each compared with the baseline'),
  ).action(async (a: string, b: string, more: string[], o: CommonOptionValues) => {
    const { overrides, workers } = readCommon(o);
    const files = [a, b, ...more];
    const scenarios = files.map((f) => loadScenarioFile(f, overrides));
    const names = scenarios.map((s, i) => (s.name && s.name !== 'Untitled' ? s.name : basename(files[i])));
    const out = o.out ?? './out';
    await withSession(workers, 'compare', async (session) => {
      const result = await unlessCancelled(session, 'before any replication finished', () => compareScenarios(scenarios, { pool: session.pool, names, signal: session.signal, onProgress: session.onProgress }));
      if (result === undefined) return;
      writeOutput(out, 'compare.json', JSON.stringify(result, null, 2) + '\n');
      print(compareText(result, out));
      if (result.partial && session.cancelled) process.exitCode = EXIT_CANCELLED;
    });
  });
}

/** Each KPI: the baseline's mean, then each other scenario's mean and its difference with 95 % CI. */
export function compareText(r: CompareResult, out: string): string {
  const header = ['KPI', r.scenarios[0].name];
  r.scenarios.slice(1).forEach((s) => header.push(s.name, `Δ vs ${r.scenarios[0].name} (95 % CI)`));
  const rows = KPIS.map((k) => {
    const v = r.kpis[k];
    const row = [k, formatNumber(v.values[0].mean)];
    v.deltas.forEach((d) => row.push(
      formatNumber(v.values[d.scenario].mean),
      `${d.mean >= 0 ? '+' : ''}${formatNumber(d.mean)} [${formatNumber(d.ci95[0])}, ${formatNumber(d.ci95[1])}]${d.significant ? ' *' : ''}`,
    ));
    return row;
  });
  const head = `${r.scenarios.length} scenarios × ${r.replicationsDone} replications on common random numbers, seed ${r.seed}${r.partial ? ` (PARTIAL: ${r.replicationsDone} of ${r.replications})` : ''}`;
  return `${head}\n\n${textTable(header, rows)}\n* the 95 % interval of the difference excludes 0\nwrote ${out}/compare.json\n`;
}
