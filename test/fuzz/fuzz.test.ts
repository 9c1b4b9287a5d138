/**
 * The CLI fuzz: seeded mutations of the bundled scenarios, the scenario corpus, the option lists
 * and the CSV/GeoJSON corpus (test/fuzz/corpus/README.md), each through the real CLI code in one
 * long-lived child process. Every case must end in exit 0 with a result.json that keeps the
 * engine's invariants, or in exit 2 with lines that name the path, option or file:row:column;
 * never exit 1, a crash, a stack trace or a hang (FUZZ_TIMEOUT_S, default 20 s a command).
 *
 * FUZZ_CASES sets the number of mutants (default 240; `FUZZ_CASES=2000 npx vitest run
 * test/fuzz` for the long run), FUZZ_SEED their seed (default 1). The summary of counts by outcome
 * is printed; README.md's "Reliability" section quotes it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusScenarioCases, dataCases, mutantCases, optionCases, splitWords } from './cases.ts';
import { printedProblems, resultProblems, stderrProblems } from './invariants.ts';
import { mutate } from './mutate.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { ROOT, runCases, summaryText, type Case } from './runner.ts';

const MUTANTS = Number(process.env.FUZZ_CASES ?? 240);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const TIMEOUT_MS = 1000 * Number(process.env.FUZZ_TIMEOUT_S ?? 20);

const tmp = mkdtempSync(join(tmpdir(), 'channel-lab-fuzz-'));
// thousands of small files on a loaded disk: more than the default 10 s
afterAll(() => rmSync(tmp, { recursive: true, force: true }), 120_000);

describe('CLI fuzz', () => {
  it(`${MUTANTS} mutated scenarios (seed ${SEED}), the scenario corpus, the option lists and the data files: exit 0 with sane results or exit 2 naming the place`, async () => {
    const cases: Case[] = [...mutantCases(MUTANTS, SEED, tmp), ...corpusScenarioCases(tmp), ...optionCases(tmp), ...dataCases()];
    const outcomes = await runCases(cases, { timeoutMs: TIMEOUT_MS });
    console.log(summaryText(outcomes));
    expect(outcomes).toHaveLength(cases.length);
    expect(outcomes.filter((o) => o.failed).map((o) => `${o.name} [${cases.find((c) => c.name === o.name)?.detail ?? ''}]: ${o.problems.join(' | ')}`)).toEqual([]);
    // the corpus reaches both ends: runs that finish and inputs that are refused, in every group
    for (const group of ['scenario', 'options'] as const) {
      expect(outcomes.some((o) => o.group === group && o.outcome.startsWith('exit 0'))).toBe(true);
      expect(outcomes.some((o) => o.group === group && o.outcome.startsWith('exit 2'))).toBe(true);
    }
  }, 60_000 + (MUTANTS + 300) * TIMEOUT_MS / 4);
});

describe('the fuzz harness', () => {
  it('mutants are the same for the same seed and index, and differ across indices', () => {
    const base = { simulation: { months: 3 }, region: { cellKm: 1 } };
    expect(mutate(base, 1, 7)).toEqual(mutate(base, 1, 7));
    expect(new Set(Array.from({ length: 20 }, (_, i) => mutate(base, 1, i).text)).size).toBeGreaterThan(10);
  });

  it('splits option lines like a shell: quotes, empty words, comments', () => {
    expect(splitWords(`run a.json --seed "" --set 'x=1, 2' # note`)).toEqual(['run', 'a.json', '--seed', '', '--set', 'x=1, 2']);
    expect(splitWords('  # only a comment')).toEqual([]);
  });

  it('flags a stack trace, a raw error and an exit-2 line that names nothing; passes a named problem', () => {
    expect(stderrProblems('channel-lab: internal error: x\n    at f (a.ts:1:1)\n', 1)).toHaveLength(1);
    expect(stderrProblems('TypeError: Cannot read properties of undefined\n', 2).join()).toMatch(/stack trace or raw error/);
    expect(stderrProblems('channel-lab: something went wrong\n', 2)).toEqual(['exit-2 line names no path, option or file: "channel-lab: something went wrong"']);
    expect(stderrProblems('channel-lab: a.json: $.region.cellKm: expected at least 0.1 km, got 0\n', 2)).toEqual([]);
    expect(stderrProblems('channel-lab: data/outlets.csv:3:5: expected a number\nerror: unknown option \'--x\'\n', 2)).toEqual([]);
  });

  it('flags a terminal control character printed raw, on stdout or stderr; passes one printed escaped', () => {
    expect(printedProblems('Plan\u001b[2J: valid\n', '')).toEqual(['raw control character U+001B printed on stdout: "Plan\\u001b[2J: valid"']);
    expect(printedProblems('', 'channel-lab: x\u202etxt.exe: cannot read\n')).toHaveLength(1);
    expect(printedProblems('Plan\\u001b[2J: valid\n', 'channel-lab: --seed: … got "\\u001b"\n')).toEqual([]);
  });

  it('flags a result.json whose shares do not sum to 1, a null that is not an absent KPI, an interval beside its mean, a negative count', () => {
    const kpi = (mean: number | null, lo = mean, hi = mean) => (mean === null ? { mean: null, sd: null, ci95: null, unit: 'share', absent: 'no data' } : { mean, sd: 0, ci95: [lo, hi], unit: 'share' });
    const good = {
      kpis: {
        eChannelShare: kpi(0.5), storeShare: kpi(0.2), partnerShare: kpi(0.2), hotlineShare: kpi(0.1), directShare: kpi(0),
        diversionRate: kpi(0.6), storeWaitMeanMin: kpi(3), storeWaitP90Min: kpi(8), hotlineServiceLevel: kpi(null), abandonRate: kpi(0.01),
        churnRateMonthly: kpi(0.05), satisfaction: kpi(77, 76, 78), newLines: kpi(100, 0, 300), handsetsSold: kpi(10), subsidySpend: kpi(5),
        commissionSpend: kpi(5), channelCost: kpi(5), costPerTransaction: kpi(5), revenue: kpi(5), netContribution: kpi(-5, -9, -1),
      },
      series: Object.fromEntries(KPIS.map((k) => [k, [{ month: 1, mean: null, lo: null, hi: null }]])),
      channels: { app: { transactions: 3, share: 1 } },
      outlets: [{ id: 'S01', transactions: 1, newLines: 0 }],
    };
    expect(resultProblems(JSON.stringify(good))).toEqual([]);
    // one replication: a mean, sd and ci95 null with the reason; null without the reason is not
    const one = structuredClone(good) as any;
    one.kpis.revenue = { mean: 5, sd: null, ci95: null, unit: 'CNY/month', interval: 'one replication: no interval' };
    expect(resultProblems(JSON.stringify(one))).toEqual([]);
    delete one.kpis.revenue.interval;
    expect(resultProblems(JSON.stringify(one))).toEqual([
      'kpis.revenue.sd is null', 'kpis.revenue.ci95 is null', 'kpis.revenue: no interval but {"mean":5,"sd":null,"ci95":null,"unit":"CNY/month"}',
    ]);
    const bad = structuredClone(good) as any;
    bad.kpis.eChannelShare.mean = 0.6;
    bad.kpis.eChannelShare.ci95 = [0.6, 0.6];
    bad.kpis.satisfaction = kpi(101, 100, 102);
    bad.kpis.newLines = kpi(100, -5, 300);
    bad.kpis.revenue.ci95 = [6, 7];
    bad.channels.app.share = null;
    expect(resultProblems(JSON.stringify(bad))).toEqual([
      'channels.app.share is null',
      'kpis.revenue: mean 5 outside ci95 [6, 7]',
      'satisfaction 101 [100,102] outside 0–100',
      'kpis.newLines: 100 [-5,300], a quantity that cannot be negative',
      'shares sum to 1.1',
    ]);
  });

  it('imports each data file with the kind its name starts with, and refuses a file named without one', async () => {
    const corpus = join(tmp, 'data-corpus');
    mkdirSync(join(corpus, 'csv'), { recursive: true });
    mkdirSync(join(corpus, 'geojson'), { recursive: true });
    copyFileSync(join(ROOT, 'scenarios/templates/outlets.csv'), join(corpus, 'csv', 'outlets-template.csv'));
    writeFileSync(join(corpus, 'csv', 'districts-broken.csv'), 'id,name\nD1,\n');
    copyFileSync(join(ROOT, 'scenarios/templates/districts.geojson'), join(corpus, 'geojson', 'districts-template.geojson'));
    const cases = dataCases(corpus);
    expect(cases.map((c) => c.steps[0].argv.filter((w) => !w.includes('/')))).toEqual([
      ['import', '--kind', 'districts'], ['import', '--kind', 'outlets'], ['import', '--kind', 'districts'],
    ]);
    const outcomes = await runCases(cases, { timeoutMs: TIMEOUT_MS });
    expect(outcomes.map((o) => o.outcome)).toEqual(['exit 2: import problem', 'exit 0', 'exit 0']);
    writeFileSync(join(corpus, 'csv', 'stores.csv'), 'id\n');
    expect(() => dataCases(corpus)).toThrow(/csv\/stores\.csv: name it outlets-…, districts-… or observed-…/);
  });

  it('records a command that overruns its time as a hang, and runs the next case in a fresh child', async () => {
    const slow: Case = { name: 'slow', group: 'options', steps: [{ argv: ['run', 'scenarios/default.json', '--customers', '20000', '--months', '6', '--replications', '4', '--out', join(tmp, 'slow')] }] };
    const quick: Case = { name: 'quick', group: 'options', steps: [{ argv: ['validate', 'scenarios/default.json'] }] };
    const outcomes = await runCases([slow, quick], { timeoutMs: 1500 });
    expect(outcomes.map((o) => [o.name, o.outcome])).toEqual([['slow', 'hang'], ['quick', 'exit 0']]);
  });
});
