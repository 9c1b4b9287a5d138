/**
 * The comparison you can take to a meeting, in headless Chromium, in zh-CN: two runs of another
 * size are refused with the reason named and shown only on request, under a warning; a higher
 * handset subsidy is compared on a baseline the user switches, each run labelled by what differs;
 * the forest plot draws every KPI; the decision report opens in a tab with its charts, prints to
 * an A4 PDF (page.pdf) and downloads as the same self-contained HTML.
 *
 * The tests share one page and run in order; runs are tiny (800 agents, 2–3 months, 2
 * replications): what is tested is the view, not the figures.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPage } from './harness.ts';
import { KPIS } from '../../src/model/kpis.ts';

const RUN_TIMEOUT_MS = 120_000;

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');

async function runWith(p: Page, months: number): Promise<void> {
  const before = await p.getByTestId('run-item').count();
  await p.getByTestId('run-customers').fill('800');
  await p.getByTestId('run-months').fill(String(months));
  await p.getByTestId('run-replications').fill('2');
  await p.getByTestId('run-button').click();
  await expect.poll(() => p.getByTestId('run-item').count(), { timeout: RUN_TIMEOUT_MS, interval: 200 }).toBe(before + 1);
  await p.locator('.run-panel[data-state="idle"]').waitFor({ timeout: 10_000 });
}

/** Tick exactly these runs (the list shows the newest first), in this order. */
async function tick(p: Page, ...nths: number[]): Promise<void> {
  const toggles = p.getByTestId('compare-toggle');
  for (let i = 0; i < (await toggles.count()); i++) await toggles.nth(i).uncheck();
  for (const n of nths) await toggles.nth(n).check();
}

beforeAll(async () => {
  ({ browser, page } = await openPage(baseUrl, 'run-button', pageErrors, { acceptDownloads: true }));
});

afterAll(async () => {
  await browser?.close();
});

describe('compare you can take to a meeting', () => {
  test('runs of another size are refused, naming the reason; compared anyway, they stay under a warning', async () => {
    await runWith(page, 3);
    await runWith(page, 2);
    await tick(page, 1, 0); // the 3-month run first: it is the baseline
    const view = page.getByTestId('compare-view');
    const refused = view.getByTestId('compare-refused');
    await refused.waitFor();
    expect(await refused.getAttribute('role')).toBe('alert');
    expect(await refused.locator('li[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(['months']);
    expect(await refused.textContent()).toContain('模拟月数不同：3 对 2');
    expect(await view.locator('tbody tr[data-kpi]').count()).toBe(0);
    expect(await view.getByTestId('report-export').count()).toBe(0);

    await view.getByTestId('compare-anyway').click();
    await view.getByTestId('compare-warning').waitFor();
    expect(await view.getByTestId('compare-refused').count()).toBe(0);
    expect(await view.getByTestId('compare-warning').textContent()).toContain('模拟月数不同');
    expect(await view.locator('tbody tr[data-kpi]').count()).toBe(KPIS.length);
    // the run is labelled by what differs from the baseline
    expect(await view.getByTestId('compare-run-label').textContent()).toContain('simulation.months: 3 → 2');
  });

  test('a higher handset subsidy against a baseline the user switches; the forest plot draws every KPI', async () => {
    await page.locator('[id="f-$.levers.subsidy.handset.high"]').fill('900');
    await runWith(page, 3);
    // ticked first, the subsidy run is the baseline
    await tick(page, 0, 2);
    const view = page.getByTestId('compare-view');
    await view.locator('tbody tr[data-kpi]').first().waitFor();
    expect(await view.getByTestId('compare-refused').count()).toBe(0);
    expect(await view.getByTestId('compare-warning').count()).toBe(0);
    const label = view.getByTestId('compare-run-label');
    expect(await label.textContent()).toContain('levers.subsidy.handset.high: 900 → 600');
    const subsidyDelta = () => view.locator('tr[data-kpi="subsidySpend"] td.delta').textContent();
    expect((await subsidyDelta())!.trim()).toMatch(/^−/);

    const baseline = view.getByTestId('compare-baseline');
    const other = await baseline.locator('option').nth(1).getAttribute('value');
    await baseline.selectOption(other!);
    await expect.poll(() => label.textContent()).toContain('levers.subsidy.handset.high: 600 → 900');
    expect((await subsidyDelta())!.trim()).toMatch(/^\+/);
    // the verdict in words in every row; colour (the class) only where the difference matters
    const verdicts = await view.locator('tbody td.verdict').evaluateAll((els) => els.map((e) => ({ v: e.getAttribute('data-verdict'), practical: e.classList.contains('practical'), text: e.textContent ?? '' })));
    expect(verdicts).toHaveLength(KPIS.length);
    for (const x of verdicts) {
      expect(['practical', 'negligible', 'significantButSmall', 'inconclusive']).toContain(x.v);
      expect(x.practical).toBe(x.v === 'practical');
      expect(x.text).toMatch(/有实际意义|可忽略|显著但很小|尚无定论/);
    }

    const forest = view.getByTestId('forest-plot');
    await forest.locator('svg').waitFor();
    const rows = await forest.locator('g.forest-row').evaluateAll((els) => els.map((e) => ({ kpi: e.getAttribute('data-kpi'), verdict: e.getAttribute('data-verdict'), marks: e.querySelectorAll('line, circle').length })));
    expect(rows.map((r) => r.kpi)).toEqual([...KPIS]);
    expect(rows.map((r) => r.verdict)).toEqual(verdicts.map((x) => x.v));
    expect(rows.filter((r) => r.marks >= 2).length).toBeGreaterThanOrEqual(KPIS.length - 2); // an interval and a mean (a KPI without data draws none)
    expect(await forest.locator('rect.band').count()).toBe(1);
  });

  test('a threshold the user sets re-reads the verdicts and is kept over a reload', async () => {
    const view = page.getByTestId('compare-view');
    await view.getByTestId('compare-thresholds').locator('summary').click();
    const field = view.getByTestId('threshold-satisfaction');
    await field.fill('0.001');
    await field.blur();
    await expect.poll(() => view.locator('tr[data-kpi="satisfaction"] td.verdict .ci').textContent()).toContain('±0.001');
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByTestId('run-button').waitFor();
    await tick(page, 2, 0);
    await expect.poll(() => page.getByTestId('compare-view').locator('tr[data-kpi="satisfaction"] td.verdict .ci').textContent()).toContain('±0.001');
  });

  test('the report opens in a tab with its charts, prints to A4 PDF and downloads as the same HTML', async () => {
    const view = page.getByTestId('compare-view');
    const [tab] = await Promise.all([page.waitForEvent('popup'), view.getByTestId('report-export').click()]);
    tab.on('pageerror', (e) => pageErrors.push(`report: ${e.message}`));
    await tab.waitForLoadState('load');
    expect(await tab.locator('html').getAttribute('lang')).toBe('zh-CN');
    const sections = await tab.locator('section[data-section]').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    for (const s of ['question', 'answer', 'scenarios', 'kpis', 'forest', 'charts', 'closures', 'assumptions', 'run']) expect(sections).toContain(s);
    expect(await tab.locator('section[data-section="kpis"] tbody tr').count()).toBe(KPIS.length);
    expect(await tab.locator('section[data-section="forest"] svg g.forest-row').count()).toBe(KPIS.length);
    expect(await tab.locator('section[data-section="charts"] svg').count()).toBe(2); // channel mix, store waits
    expect(await tab.locator('section[data-section="scenarios"]').textContent()).toContain('levers.subsidy.handset.high: 600 → 900');
    // self-contained: nothing to fetch
    const external = await tab.evaluate(() => [...document.querySelectorAll('[src], [href]')].map((e) => e.getAttribute('src') ?? e.getAttribute('href')));
    expect(external).toEqual([]);
    const headings = await tab.locator('h2').allTextContents();
    for (const h of headings) expect(h).toMatch(/[\u4e00-\u9fff]/);

    const pdf = await tab.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    console.info(`[browser tests] report: ${pages} A4 pages, ${pdf.length} bytes of PDF`);
    expect(pages).toBeGreaterThanOrEqual(2);

    const [download] = await Promise.all([page.waitForEvent('download'), view.getByTestId('report-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(file).toContain('data-section="forest"');
    expect(pageErrors).toEqual([]);
  });

  test('a lever answer has its report too: the diversion target found, with its search trace', async () => {
    await page.getByTestId('nav-levers').click();
    await page.getByTestId('plan-agents').fill('600');
    await page.getByTestId('plan-months').fill('3');
    await page.getByTestId('plan-replications').fill('2');
    await page.getByTestId('seek-run').click();
    const panel = page.getByTestId('seek-panel');
    await panel.getByTestId('seek-value').waitFor({ timeout: RUN_TIMEOUT_MS });
    const [tab] = await Promise.all([page.waitForEvent('popup'), panel.getByTestId('report-export').click()]);
    await tab.waitForLoadState('load');
    expect(await tab.locator('main').getAttribute('data-kind')).toBe('seek');
    expect(await tab.locator('section[data-section="question"]').textContent()).toContain('levers.diversion.floorGuide');
    // the trace, the channel mix and the waits; the forest plot of what applying the value changes
    expect(await tab.locator('section[data-section="charts"] svg').count()).toBe(3);
    expect(await tab.locator('section[data-section="forest"] g.forest-row').count()).toBe(KPIS.length);
    const pdf = await tab.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageErrors).toEqual([]);
  });
});
