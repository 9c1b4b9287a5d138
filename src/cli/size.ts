/**
 * `channel-lab size <scenario.json> --store-p90-min T`: counters per own store for a p90 wait
 * target and hotline agents for the scenario's service-level target (85 % in 20 s), from the
 * simulated demand with Erlang C at the peak-hour rate, then verified by simulation with the new
 * counters and agents. Writes DIR/sizing.json, DIR/sizing.csv (one row per store) and
 * DIR/sized-scenario.json (the scenario with the counters and agents found); prints a summary.
 */
import type { Command } from 'commander';
import { toCsv } from '../experiment/csv.ts';
import { sizeCapacity, type SizeResult } from '../experiment/levers/sizing.ts';
import { commonOptions, formatNumber, readCommon, textTable, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { runSearch } from './lever-io.ts';
import { intOption, requiredNumber } from './options.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print } from './print.ts';

interface SizeOptionValues extends CommonOptionValues {
  storeP90Min?: string;
  maxRounds?: string;
}

export function registerSize(program: Command): void {
  commonOptions(
    program
      .command('size')
      .description('counters per store for a p90 wait target and hotline agents for 85 %/20 s, from simulated demand; verified by simulation')
      .argument('<scenario>', 'scenario JSON file'),
  )
    .option('--store-p90-min <t>', 'p90 store wait target, min (90 % of counter visitors wait at most this)')
    .option('--max-rounds <n>', 'verification runs at most (default 3)')
    .action(async (file: string, o: SizeOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const storeP90Min = requiredNumber('store-p90-min', o.storeP90Min, 0.01, 600);
      const maxRounds = intOption('max-rounds', o.maxRounds, 1, 20);
      const scenario = loadScenarioFile(file, overrides);
      const out = o.out ?? './out';
      await runSearch(workers, 'size', async (session) => {
        const r = await sizeCapacity(scenario, { pool: session.pool, signal: session.signal, onProgress: session.onProgress, storeP90Min, maxRounds });
        const { scenario: sized, ...report } = r;
        writeOutput(out, 'sizing.json', JSON.stringify(report, null, 2) + '\n');
        writeOutput(out, 'sizing.csv', sizingCsv(r));
        writeOutput(out, 'sized-scenario.json', JSON.stringify(sized, null, 2) + '\n');
        print(sizingText(r, out));
      });
    });
}

export function sizingCsv(r: SizeResult): string {
  const columns = ['id', 'name', 'counters', 'arrivalsPerHour', 'peakArrivalsPerHour', 'meanServiceMin', 'loadErlang', 'busyErlang',
    'waitP90Min_mean', 'closedForm', 'needed', 'verifiedP90Min_mean', 'verifiedP90Min_lo', 'verifiedP90Min_hi', 'meets', 'spare', 'spareStaff'];
  return toCsv(columns, r.stores.map((s) => ({
    ...s, waitP90Min_mean: s.waitP90Min.mean,
    verifiedP90Min_mean: s.verifiedP90Min.mean, verifiedP90Min_lo: s.verifiedP90Min.ci95[0], verifiedP90Min_hi: s.verifiedP90Min.ci95[1],
    waitP90Min: undefined, verifiedP90Min: undefined,
  })));
}

export function sizingText(r: SizeResult, out: string): string {
  const ci = (e: { mean: number; ci95: [number, number] }) => `${formatNumber(e.mean)} [${formatNumber(e.ci95[0])}, ${formatNumber(e.ci95[1])}]`;
  const rows = r.stores.map((s) => [
    s.id, String(s.counters), formatNumber(s.arrivalsPerHour), formatNumber(s.peakArrivalsPerHour), formatNumber(s.loadErlang), formatNumber(s.busyErlang),
    formatNumber(s.waitP90Min.mean), String(s.closedForm), String(s.needed), ci(s.verifiedP90Min), s.meets ? 'yes' : 'NO', `${s.spare > 0 ? '+' : ''}${s.spare}`,
  ]);
  const h = r.hotline;
  const spare = r.stores.reduce((a, s) => a + s.spare, 0);
  return [
    `counters for a p90 store wait ≤ ${r.storeP90Min} min (Erlang C at the peak-hour rate: peak factor (1+a)/(1+2a/π) = ${r.peakFactor.toFixed(3)} for stores.peakiness a = ${r.peakiness}); ` +
      `${r.replications} replications, seed ${r.seed}; verified by simulation in ${r.rounds} run${r.rounds > 1 ? 's' : ''}`,
    '',
    textTable(['store', 'counters', 'arrivals/h', 'peak/h', 'load Erl', 'busy Erl (sim)', 'p90 now', 'closed form', 'needed', 'p90 with needed (95 % CI)', 'meets', 'spare'], rows),
    'sized for the peak hour; the simulated p90 is over the whole day, so a store at or under the target now may still need a counter more for its peak',
    `counters: ${r.stores.reduce((a, s) => a + s.counters, 0)} now, ${r.stores.reduce((a, s) => a + s.needed, 0)} needed (${spare >= 0 ? `${spare} can be freed` : `${-spare} more`}; ` +
      `${formatNumber(Math.abs(spare * r.staffPerCounter))} staff at ${r.staffPerCounter} a counter)`,
    `hotline: ${formatNumber(h.callsPerHour)} calls/h offered (peak ${formatNumber(h.peakCallsPerHour)}: factor ${h.peakFactor.toFixed(3)} for hotline.peakiness ${r.scenario.hotline.peakiness}), AHT ${h.ahtMin} min; ${h.agents} agents now give ${ci(h.serviceLevel)} answered within ${h.answerWithinSec} s; ` +
      `closed form for ${(100 * h.target).toFixed(0)} %: ${h.closedForm}; needed after verification: ${h.needed} (simulated ${ci(h.verifiedServiceLevel)}${h.meets ? '' : ', target NOT met'})`,
    `wrote ${out}/sizing.json, ${out}/sizing.csv, ${out}/sized-scenario.json`,
  ].join('\n') + '\n';
}
