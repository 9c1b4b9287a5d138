/**
 * `--report FILE.html [--lang zh-CN|en]` and compare's practical reading, through real CLI
 * processes on small runs: the report is written beside the command's usual output (which stays
 * as it was: seek's stdout is still JSON), in the language asked for; compare prints what differs
 * and a verdict per KPI and keeps them in compare.json; scenarios of another size are compared
 * with a warning naming the reason; bad options exit 2 before anything runs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.ts';
import { KPIS } from '../../src/model/kpis.ts';

const cli = (...args: string[]) => runCli(args, 120_000);
const DEFAULT = join(ROOT, 'scenarios/default.json');
const SMALL = ['--customers', '1500', '--months', '3', '--replications', '2', '--workers', '1'];
const dir = mkdtempSync(join(tmpdir(), 'channel-lab-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('channel-lab compare: what differs, the verdicts, the report', () => {
  it('prints the parameter diff and a verdict column, keeps both in compare.json, and writes the report in Chinese', async () => {
    const out = join(dir, 'compare');
    const report = join(dir, 'compare.html');
    const r = await cli('compare', DEFAULT, join(ROOT, 'scenarios/subsidy-war.json'), ...SMALL, '--out', out, '--report', report);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`channel-lab: wrote the report ${report}\n`);
    expect(r.stdout).toContain('补贴大战 Subsidy war vs 默认情景 Default: a prefecture city, 2009: levers.subsidy.handset.basic: 50 → 200; ');
    expect(r.stdout).toMatch(/\ncommissionSpend .* (matters|negligible|significant but small|inconclusive)\n/);
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(json.results).toBeUndefined();
    expect(json.parameters[0].changes).toContainEqual({ path: 'levers.commission.perNewLine.partner', kind: 'value', base: 60, other: 120 });
    expect(json.comparability).toEqual([{ scenario: 1, problems: [] }]);
    expect(json.thresholds.satisfaction).toEqual({ kind: 'absolute', value: 0.5 });
    for (const k of KPIS) expect(['practical', 'negligible', 'significantButSmall', 'inconclusive']).toContain(json.kpis[k].deltas[0].practical);
    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN">')).toBe(true);
    expect(html).toContain('<h1>决策报告: 情景对比</h1>');
    expect((html.match(/<tr data-kpi="/g) ?? []).length).toBe(KPIS.length);
    // the report's verdicts are compare.json's
    for (const k of KPIS) expect(html).toMatch(new RegExp(`<tr data-kpi="${k}">.*?data-verdict="${json.kpis[k].deltas[0].practical}"`));
  });

  it('compares scenarios of another size with a warning naming the reason, in the output, on stderr and in the report', async () => {
    const short = join(dir, 'short.json');
    const scenario = JSON.parse(readFileSync(DEFAULT, 'utf8'));
    writeFileSync(short, JSON.stringify({ ...scenario, name: 'Short', simulation: { ...scenario.simulation, months: 2 } }));
    const out = join(dir, 'short-out');
    const report = join(dir, 'short.html');
    const r = await cli('compare', DEFAULT, short, '--customers', '1500', '--replications', '2', '--workers', '1', '--out', out, '--report', report, '--lang', 'en');
    expect(r.code).toBe(0);
    const line = 'Short is not comparable with 默认情景 Default: a prefecture city, 2009: months simulated differ: 24 against 2 — run-level KPIs average different months (start-up against steady state)';
    expect(r.stderr).toContain(`channel-lab: warning: ${line}\n`);
    expect(r.stdout).toContain(`WARNING: ${line}\n`);
    expect(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')).comparability).toEqual([{ scenario: 1, problems: [{ code: 'months', base: 24, other: 2 }] }]);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('lang="en"');
    expect(html).toContain('<section data-section="comparability" class="warning">');
    expect(html).toContain('<li data-code="months">months simulated differ: 24 against 2');
  }, 180_000);

  it('refuses a bad --lang, --lang without --report, and a report it could not write, before running anything', async () => {
    const bad = await cli('compare', DEFAULT, DEFAULT, ...SMALL, '--out', join(dir, 'x'), '--report', join(dir, 'x.html'), '--lang', 'fr');
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: 'channel-lab: --lang: expected zh-CN or en, got "fr"\n' });
    const alone = await cli('seek', DEFAULT, '--target', 'diversionRate=0.7', '--vary', 'levers.diversion.floorGuide=0..1', '--lang', 'en');
    expect(alone).toMatchObject({ code: 2, stdout: '', stderr: 'channel-lab: --lang: goes with --report FILE.html\n' });
    const proc = await cli('curves', DEFAULT, '--vary', 'levers.subsidy.handset.mid=0..600', ...SMALL, '--out', join(dir, 'c'), '--report', '/proc/report.html');
    expect(proc.code).toBe(2);
    expect(proc.stderr).toMatch(/^channel-lab: --report \/proc\/report\.html: \/proc is a kernel interface/);
    expect(existsSync(join(dir, 'c', 'curves.csv'))).toBe(false);
  });
});

describe('channel-lab seek --report', () => {
  it('keeps stdout JSON and writes the report of the diversion target found, in English when asked', async () => {
    const report = join(dir, 'seek.html');
    const r = await cli('seek', DEFAULT, '--target', 'diversionRate=0.7', '--vary', 'levers.diversion.floorGuide=0..1', ...SMALL, '--max-evaluations', '4', '--report', report, '--lang', 'en');
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.path).toBe('levers.diversion.floorGuide');
    expect(r.stderr).toBe(`channel-lab: wrote the report ${report}\n`);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<main class="report" data-kind="seek">');
    expect(html).toContain('At what <span translate="no">levers.diversion.floorGuide</span> does Diversion rate reach 70.0%?');
    expect(html).toContain(`<code translate="no">levers.diversion.floorGuide: 0.15 → ${Number(answer.value.toPrecision(6))}</code>`);
    // trace, forest, channel mix, waits; no closure flows chart: the runs are shorter than the
    // scenario's closures take to start, and the partners that left on their own (partner exit is
    // on in the default scenario) are named apart, not charted as closures
    expect((html.match(/<svg /g) ?? []).length).toBe(4);
    expect(html).toContain('No outlet of the plan closed within the run’s months.');
    expect(html).toMatch(/\d+ partner outlets left on their own during the run, because they lost money/);
  });
});
