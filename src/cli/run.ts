/**
 * `channel-lab run <scenario.json>`: the scenario's replications in parallel; writes
 * DIR/result.json, DIR/series.csv and DIR/outlets.csv and prints each KPI's mean and 95 % interval.
 * `--precision P` adds replications until every headline KPI's half-width is within P × |mean|.
 */
import type { Command } from 'commander';
import { targetVerdict } from '../experiment/target.ts';
import { KPIS, KPI_META } from '../model/kpis.ts';
import { NO_DATA, ONE_REPLICATION, type ExperimentResult } from '../experiment/aggregate.ts';
import { outletsCsv, seriesCsv } from '../experiment/csv.ts';
import { DEFAULT_MAX_REPLICATIONS, runExperiment } from '../experiment/runner.ts';
import { EXIT_CANCELLED, unlessCancelled, commonOptions, formatNumber, readCommon, textTable, withSession, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { intOption, numberOption } from './options.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print } from './print.ts';

interface RunOptionValues extends CommonOptionValues {
  precision?: string;
  maxReplications?: string;
}

export function registerRun(program: Command): void {
  commonOptions(
    program
      .command('run')
      .description('run a scenario; write result.json, series.csv and outlets.csv; print a KPI summary')
      .argument('<scenario>', 'scenario JSON file'),
  )
    .option('--precision <p>', 'add replications until every headline KPI\'s 95 % half-width is within P × |mean| (e.g. 0.02)')
    .option('--max-replications <n>', `cap on replications for --precision (default ${DEFAULT_MAX_REPLICATIONS})`)
    .action(async (file: string, o: RunOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const precision = numberOption('precision', o.precision, 1e-6, 10);
      const maxReplications = intOption('max-replications', o.maxReplications, 1, 10_000);
      const scenario = loadScenarioFile(file, overrides);
      const out = o.out ?? './out';
      await withSession(workers, 'run', async (session) => {
        const result = await unlessCancelled(session, 'before any replication finished', () => runExperiment({
            scenario, pool: session.pool, precision, maxReplications,
            signal: session.signal, onProgress: session.onProgress,
          }));
        if (result === undefined) return;
        writeOutput(out, 'result.json', JSON.stringify(result, null, 2) + '\n');
        writeOutput(out, 'series.csv', seriesCsv(result));
        writeOutput(out, 'outlets.csv', outletsCsv(result));
        print(summaryText(result, out));
        if (result.partial && session.cancelled) process.exitCode = EXIT_CANCELLED;
      });
    });
}

/** The KPI table and a line on what ran and where it went. */
export function summaryText(r: ExperimentResult, out: string): string {
  const rows = KPIS.map((k) => {
    const s = r.kpis[k];
    const label = `${k} ${KPI_META[k].zh}`;
    if (s.mean === null) return [label, '—', s.absent ?? NO_DATA, s.unit];
    if (s.ci95 === null) return [label, formatNumber(s.mean), s.interval ?? ONE_REPLICATION, s.unit];
    return [label, formatNumber(s.mean), `[${formatNumber(s.ci95[0])}, ${formatNumber(s.ci95[1])}]`, s.unit];
  });
  const lines = [
    `${r.scenario.name}: ${r.replicationsDone} replication${r.replicationsDone === 1 ? '' : 's'} × ${r.months} months × ${r.customers.toLocaleString('en-US')} customers` +
    `${r.agents !== r.customers ? ` (${r.agents.toLocaleString('en-US')} agents)` : ''}, seed ${r.seed}, ${(r.runtimeMs / 1000).toFixed(1)} s`,
  ];
  if (r.replicationsDone === 1) lines.push('1 replication: no 95 % intervals (they need at least 2 replications)');
  if (r.partial) lines.push(`PARTIAL: ${r.replicationsDone} of ${r.replications} replications finished${r.failures.length ? ` (${r.failures.length} failed)` : ''}`);
  if (r.precision) {
    const p = r.precision;
    lines.push(p.reached
      ? `precision ${p.target}: reached with ${p.replications} replications`
      : `precision ${p.target}: not reached after ${p.replications} replications (cap ${p.maxReplications}); still wider: ${p.unmet.join(', ')}`);
  }
  const target = r.scenario.levers.diversion.targetShare;
  const rate = r.kpis.diversionRate;
  const ci = rate.ci95;
  const verdict = ci ? targetVerdict(ci, target) : null;
  const diversion = ci
    ? `diversion target 分流目标 ${formatNumber(target)}: ${verdict === 'met' ? 'met' : verdict === 'missed' ? 'missed' : 'not distinguishable'} (diversionRate 95 % CI [${formatNumber(ci[0])}, ${formatNumber(ci[1])}])`
    : `diversion target 分流目标 ${formatNumber(target)}: not judged, diversionRate has no interval (${rate.mean === null ? NO_DATA : 'one replication'})`;
  return `${lines.join('\n')}\n\n${textTable(['KPI', 'mean', '95 % CI', 'unit'], rows)}\n${diversion}\nwrote ${out}/result.json, series.csv, outlets.csv\n`;
}
