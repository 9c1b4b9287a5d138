/**
 * `channel-lab compare <a.json> <b.json> [more.json...]`: the scenarios on common random numbers;
 * each KPI's paired difference from the first scenario with its 95 % interval, marked significant
 * when the interval excludes 0, and its practical verdict against the KPI's threshold
 * (src/experiment/practical.ts). What each scenario changes from the first is printed above the
 * table; scenarios of another size (subscribers, agents, months) are compared with a warning
 * naming the reason. Writes DIR/compare.json; with --report FILE.html the decision report.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { KPIS } from '../model/kpis.ts';
import { compareScenarios, type CompareResult } from '../experiment/runner.ts';
import { changeText } from '../experiment/parameter-diff.ts';
import { comparisonReport, compareResultInput } from '../experiment/report/report.ts';
import { problemWords, verdictWord } from '../experiment/report-words.ts';
import { EXIT_CANCELLED, unlessCancelled, commonOptions, formatNumber, readCommon, textTable, withSession, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { readReport, reportOptions, writeReport, type ReportOptionValues } from './report-io.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print, printError } from './print.ts';

export function registerCompare(program: Command): void {
  reportOptions(commonOptions(
    program
      .command('compare')
      .description('compare scenarios on common random numbers; KPI deltas with 95 % CI and practical verdicts; writes compare.json')
      .argument('<a>', 'baseline scenario JSON file')
      .argument('<b>', 'scenario to compare with the baseline')
      .argument('[more...]', 'further scenarios, each compared with the baseline'),
  )).action(async (a: string, b: string, more: string[], o: CommonOptionValues & ReportOptionValues) => {
    const { overrides, workers } = readCommon(o);
    const report = readReport(o);
    const files = [a, b, ...more];
    const scenarios = files.map((f) => loadScenarioFile(f, overrides));
    const names = scenarios.map((s, i) => (s.name && s.name !== 'Untitled' ? s.name : basename(files[i])));
    const out = o.out ?? './out';
    await withSession(workers, 'compare', async (session) => {
      const result = await unlessCancelled(session, 'before any replication finished', () => compareScenarios(scenarios, { pool: session.pool, names, signal: session.signal, onProgress: session.onProgress, details: report !== null }));
      if (result === undefined) return;
      const { results: _results, ...written } = result;
      writeOutput(out, 'compare.json', JSON.stringify(written, null, 2) + '\n');
      for (const line of comparabilityLines(result)) printError(`channel-lab: warning: ${line}\n`);
      print(compareText(result, out));
      if (report) writeReport(report, (ctx) => comparisonReport(compareResultInput(result), ctx));
      if (result.partial && session.cancelled) process.exitCode = EXIT_CANCELLED;
    });
  });
}

/**
 * What each scenario changes from the first, any reason they are not alike in size, then each
 * KPI: the baseline's mean, each other scenario's mean, its difference with 95 % CI and its
 * practical verdict.
 */
export function compareText(r: CompareResult, out: string): string {
  const header = ['KPI', r.scenarios[0].name];
  r.scenarios.slice(1).forEach((s) => header.push(s.name, `Δ vs ${r.scenarios[0].name} (95 % CI)`, 'verdict'));
  const rows = KPIS.map((k) => {
    const v = r.kpis[k];
    const row = [k, formatNumber(v.values[0].mean)];
    v.deltas.forEach((d) => row.push(
      formatNumber(v.values[d.scenario].mean),
      `${d.mean >= 0 ? '+' : ''}${formatNumber(d.mean)} [${formatNumber(d.ci95[0])}, ${formatNumber(d.ci95[1])}]${d.significant ? ' *' : ''}`,
      verdictWord('en', d.practical),
    ));
    return row;
  });
  const head = `${r.scenarios.length} scenarios × ${r.replicationsDone} replications on common random numbers, seed ${r.seed}${r.partial ? ` (PARTIAL: ${r.replicationsDone} of ${r.replications})` : ''}`;
  const changes = r.parameters.map((p) => {
    const list = p.changes.map(changeText);
    return `${r.scenarios[p.scenario].name} vs ${r.scenarios[0].name}: ${list.length ? list.join('; ') : 'no parameter differs'}`;
  });
  const warnings = comparabilityLines(r).map((l) => `WARNING: ${l}`);
  return `${head}\n${[...changes, ...warnings].join('\n')}\n\n${textTable(header, rows)}\n* the 95 % interval of the difference excludes 0\n` +
    `verdict: matters (interval excludes 0, |Δ| ≥ threshold), negligible (interval within ± threshold), significant but small, inconclusive\nwrote ${out}/compare.json\n`;
}

/** Why scenarios are not alike in size, one line each: "B is not comparable with A: months simulated differ: 2 against 12 — …". */
export function comparabilityLines(r: CompareResult): string[] {
  return r.comparability.flatMap((c) => c.problems.map((p) => {
    const { what, why } = problemWords('en', p);
    return `${r.scenarios[c.scenario].name} is not comparable with ${r.scenarios[0].name}: ${what} — ${why}`;
  }));
}
