/**
 * `channel-lab plan-closures <scenario.json> (--saving CNY | --close N)`: choose outlets to close
 * (网点关停) with the least loss of revenue and customers, under a churn-increase limit and a
 * travel limit, every candidate set simulated on common random numbers against the base. Writes
 * DIR/closures.json `{closed, saving, deltas, flows}` and DIR/ranking.csv (every open outlet's
 * efficiency class and, for the shortlist, its simulated marginal value); prints a summary.
 */
import type { Command } from 'commander';
import { toCsv } from '../experiment/csv.ts';
import { planClosures, type ClosurePlan } from '../experiment/levers/closures.ts';
import { closuresReport } from '../experiment/report/report.ts';
import type { Estimate } from '../experiment/levers/evaluate.ts';
import { KPIS, type KpiName } from '../model/kpis.ts';
import { InputError } from './errors.ts';
import { commonOptions, formatNumber, readCommon, textTable, writeOutput, type CommonOptionValues } from './experiment-io.ts';
import { runSearch } from './lever-io.ts';
import { intOption, numberOption } from './options.ts';
import { readReport, reportOptions, writeReport, type ReportOptionValues } from './report-io.ts';
import { loadScenarioFile } from './scenario-file.ts';
import { print } from './print.ts';

/** Replications per evaluated set unless --replications says otherwise: a search runs many sets. */
export const PLAN_REPLICATIONS = 5;

interface PlanOptionValues extends CommonOptionValues, ReportOptionValues {
  saving?: string;
  close?: string;
  maxChurnIncrease?: string;
  maxBeyondMin?: string;
  travelLimitMin?: string;
  shortlist?: string;
  maxEvaluations?: string;
}

export function registerPlanClosures(program: Command): void {
  reportOptions(commonOptions(
    program
      .command('plan-closures')
      .description('choose outlets to close for a saving (or a count) with the least loss, under churn and travel limits; writes closures.json')
      .argument('<scenario>', 'scenario JSON file'),
  ))
    .option('--saving <cny>', 'target saving, CNY/month (reduction in channelCost less the commissions of the sales lost)')
    .option('--close <n>', 'or: the number of outlets to close (maximising saving − revenue loss)')
    .option('--max-churn-increase <x>', 'limit on the increase of churnRateMonthly, absolute (e.g. 0.002 = 0.2 points a month)')
    .option('--max-beyond-min <share>', 'limit on the share of customers beyond --travel-limit-min of any own store (0–1)')
    .option('--travel-limit-min <t>', 'travel time, min, for --max-beyond-min')
    .option('--shortlist <k>', 'outlets whose single closure is simulated (default 8)')
    .option('--max-evaluations <n>', 'candidate sets simulated after the single closures (default 8)')
    .action(async (file: string, o: PlanOptionValues) => {
      const { overrides, workers } = readCommon(o);
      const saving = numberOption('saving', o.saving, 1, 1e12);
      const close = intOption('close', o.close, 1, 100_000);
      if ((saving === undefined) === (close === undefined)) throw new InputError('expected exactly one of --saving CNY or --close N');
      const maxChurnIncrease = numberOption('max-churn-increase', o.maxChurnIncrease, -1, 1);
      const maxShareBeyond = numberOption('max-beyond-min', o.maxBeyondMin, 0, 1);
      const limitMin = numberOption('travel-limit-min', o.travelLimitMin, 0, 10_000);
      if ((maxShareBeyond === undefined) !== (limitMin === undefined)) throw new InputError('--max-beyond-min and --travel-limit-min go together: the share of customers beyond T minutes of any own store');
      const shortlist = intOption('shortlist', o.shortlist, 1, 1000);
      const maxEvaluations = intOption('max-evaluations', o.maxEvaluations, 0, 1000);
      const scenario = loadScenarioFile(file, overrides);
      const report = readReport(o);
      const out = o.out ?? './out';
      const started = Date.now();
      await runSearch(workers, 'plan-closures', async (session) => {
        const plan = await planClosures(scenario, {
          pool: session.pool, signal: session.signal, onProgress: session.onProgress,
          replications: overrides.replications ?? Math.min(PLAN_REPLICATIONS, scenario.simulation.replications),
          saving, close, maxChurnIncrease, shortlist, maxEvaluations,
          travel: limitMin !== undefined ? { limitMin, maxShareBeyond: maxShareBeyond! } : undefined,
        });
        const closures = { closed: plan.closed, saving: plan.saving, deltas: plan.deltas, flows: plan.flows };
        writeOutput(out, 'closures.json', JSON.stringify(closures, null, 2) + '\n');
        writeOutput(out, 'ranking.csv', rankingCsv(plan));
        print(planText(plan, out, Date.now() - started, limitMin));
        if (report) writeReport(report, (ctx) => closuresReport(scenario, plan, ctx));
      });
    });
}

/** Every ranked outlet: class, figures, and the simulated single closure for the shortlist. */
export function rankingCsv(p: ClosurePlan): string {
  const columns = ['rank', 'id', 'name', 'kind', 'efficiencyClass', 'newLines', 'revenue', 'transactions', 'fixedCost', 'score', 'shortlisted',
    'saving_mean', 'saving_lo', 'saving_hi', 'revenueLoss_mean', 'revenueLoss_lo', 'revenueLoss_hi', 'churnIncrease_mean', 'churnIncrease_lo', 'churnIncrease_hi'];
  const rows = p.ranking.map((r, i) => ({
    rank: i + 1, id: r.id, name: r.name, kind: r.kind, efficiencyClass: r.efficiencyClass,
    newLines: r.newLines, revenue: r.revenue, transactions: r.transactions, fixedCost: r.fixedCost, score: r.score, shortlisted: r.shortlisted,
    saving_mean: r.single?.saving.mean, saving_lo: r.single?.saving.ci95[0], saving_hi: r.single?.saving.ci95[1],
    revenueLoss_mean: r.single?.revenueLoss.mean, revenueLoss_lo: r.single?.revenueLoss.ci95[0], revenueLoss_hi: r.single?.revenueLoss.ci95[1],
    churnIncrease_mean: r.single?.churnIncrease.mean, churnIncrease_lo: r.single?.churnIncrease.ci95[0], churnIncrease_hi: r.single?.churnIncrease.ci95[1],
  }));
  return toCsv(columns, rows);
}

/** The KPIs a closure moves most, each with its paired difference and 95 % interval. */
export function closureDeltaTable(deltas: Record<KpiName, Estimate>, heading: string): string {
  const rows = KPIS.filter((k) => CLOSURE_KPIS.includes(k)).map((k) => [k, estimateText(deltas[k])]);
  return textTable(['KPI', heading], rows);
}

/** Where each closed outlet's home customers went, one row an outlet, a column a destination. */
export function flowsText(flows: Record<string, Record<string, number>>): string {
  const dests = [...new Set(Object.values(flows).flatMap((f) => Object.keys(f)))];
  const rows = Object.entries(flows).map(([id, f]) => [id, ...dests.map((d) => `${(100 * (f[d] ?? 0)).toFixed(1)} %`)]);
  return 'where the closed outlets\' customers went (first channel used after the closure; lost = churned first)\n' + textTable(['outlet', ...dests], rows);
}

/** A mean with its 95 % interval: `12.3 [11.9, 12.8]`. */
export function estimateText(e: Estimate): string {
  return `${formatNumber(e.mean)} [${formatNumber(e.ci95[0])}, ${formatNumber(e.ci95[1])}]`;
}

const CLOSURE_KPIS: readonly KpiName[] = ['channelCost', 'commissionSpend', 'revenue', 'netContribution', 'churnRateMonthly', 'satisfaction', 'storeWaitMeanMin', 'storeWaitP90Min', 'newLines', 'storeShare', 'partnerShare', 'eChannelShare'];

/** The shortlist's marginal values, the chosen set with its deltas, and where customers went. */
export function planText(p: ClosurePlan, out: string, wallMs: number, limitMin?: number): string {
  const short = p.ranking.filter((r) => r.shortlisted).map((r) => [
    r.id, r.kind, r.efficiencyClass, formatNumber(r.newLines), formatNumber(r.revenue), formatNumber(r.fixedCost),
    estimateText(r.single!.saving), estimateText(r.single!.revenueLoss), estimateText(r.single!.churnIncrease),
  ]);
  const lines = [
    `${p.replications} replications a set on common random numbers, seed ${p.seed}; figures are monthly means over months ${p.fromMonth}–${p.months} (closures from month ${p.fromMonth}), against the base`,
    p.alreadyClosed.length ? `already closed in the scenario (kept closed): ${p.alreadyClosed.join(', ')}` : '',
    '',
    `shortlist: marginal value of closing each alone (of ${p.ranking.length} open outlets ranked; all in ${out}/ranking.csv)`,
    textTable(['outlet', 'kind', 'class', 'new lines/mo', 'revenue/mo', 'fixed cost/mo', 'saving (95 % CI)', 'revenue loss (95 % CI)', 'churn increase (95 % CI)'], short),
    `chosen: ${p.closed.join(', ')}  saving ${formatNumber(p.best.saving.mean)} CNY/month [${formatNumber(p.best.saving.ci95[0])}, ${formatNumber(p.best.saving.ci95[1])}], ` +
      `revenue loss ${formatNumber(p.best.revenueLoss.mean)}, churn ${p.best.churnIncrease.mean >= 0 ? '+' : ''}${formatNumber(p.best.churnIncrease.mean)}/month` +
      (p.best.shareBeyond !== null ? `, ${(100 * p.best.shareBeyond).toFixed(1)} % of customers beyond ${limitMin} min of an own store (base ${(100 * p.shareBeyondBase!).toFixed(1)} %)` : ''),
    '',
    closureDeltaTable(p.deltas, 'Δ vs base (95 % CI)'),
    flowsText(p.flows),
    `${p.evaluations} scenarios simulated (${p.tried.length} closure sets) in ${(wallMs / 1000).toFixed(0)} s`,
    `wrote ${out}/closures.json, ${out}/ranking.csv`,
  ];
  return lines.filter((l, i) => l !== '' || i > 1).join('\n') + '\n';
}
