/**
 * Time to the first figure, in headless Chromium: from the press of Run on the default scenario
 * (100,000 customers × 24 months × 10 replications, as bundled) to the first KPI card showing a
 * number — a provisional one, from the first simulated month — in a fresh page each time (no
 * worker started yet). Also: the preview server makes the page cross-origin isolated, the
 * provisional cards say what they rest on and sharpen as months arrive, and a run of fewer
 * replications than workers splits each replication across Web Worker threads with the numbers
 * of one thread in Node.
 *
 * The tests share one browser and run in order.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, countWorkers, workersStarted } from './harness.ts';
import { ROOT, runCli } from '../helpers/cli.ts';

/**
 * Issue 18's goal. Measured on this 2-core machine, a fresh page each press: 470, 516 and 538 ms
 * with the load average at 2.4; 853 to 1233 ms over six presses at 7 (other sessions' tests and
 * builds). Every press must meet it, not their median: the bound is what a planner waits, and at
 * load 7 it still leaves 0.75 s.
 */
const FIRST_KPI_LIMIT_MS = 2000;
const PRESSES = 3;

let browser: Browser;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');

async function openApp(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(baseUrl);
  await expect.poll(() => page.getByTestId('run-button').isEnabled(), { timeout: 30_000 }).toBe(true);
  return page;
}

/**
 * Press Run and measure, in the page, from the click to the first KPI card value with a digit in
 * it (a MutationObserver sees it in the task that renders it); then cancel the run.
 */
async function timeToFirstKpi(page: Page): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __clickAt?: number; __firstKpiAt?: number };
    delete w.__clickAt;
    delete w.__firstKpiAt;
    document.querySelector('[data-testid="run-button"]')!.addEventListener('click', () => (w.__clickAt = performance.now()), { capture: true, once: true });
    const seen = () => [...document.querySelectorAll('.kpi-value')].some((e) => /\d/.test(e.textContent ?? ''));
    const observer = new MutationObserver(() => {
      if (w.__clickAt !== undefined && w.__firstKpiAt === undefined && seen()) {
        w.__firstKpiAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('run-button').click();
  await page.waitForFunction(() => (window as unknown as { __firstKpiAt?: number }).__firstKpiAt !== undefined, undefined, { timeout: 60_000 });
  return page.evaluate(() => {
    const w = window as unknown as { __clickAt: number; __firstKpiAt: number };
    return w.__firstKpiAt - w.__clickAt;
  });
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
});

describe('the first KPI of a run', () => {
  test(`shows within ${FIRST_KPI_LIMIT_MS} ms of pressing Run on the default scenario, in a cross-origin isolated page`, async () => {
    const times: number[] = [];
    for (let i = 0; i < PRESSES; i++) {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
      const page = await openApp(context);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.getByTestId('idle-notice').count()).toBe(0);
      times.push(await timeToFirstKpi(page));
      await page.getByTestId('cancel-button').click();
      await context.close();
    }
    console.info(`[browser tests] first KPI after pressing Run: ${times.map((t) => `${Math.round(t)} ms`).join(', ')}`);
    for (const t of times) expect(t).toBeLessThanOrEqual(FIRST_KPI_LIMIT_MS);
  });

  test('provisional cards say they rest on the replication-months so far, sharpen as months arrive, and give way to the finished run', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await openApp(context);
    await page.getByTestId('run-customers').fill('20000');
    await page.getByTestId('run-months').fill('12');
    await page.getByTestId('run-replications').fill('2');
    await page.getByTestId('run-button').click();
    const section = page.getByTestId('kpi-cards-provisional');
    await section.waitFor({ timeout: 30_000 });
    const restsOn = async () => Number(await section.getAttribute('data-replication-months'));
    const first = await restsOn();
    expect(first).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('kpi-provisional').textContent()).toMatch(/^\s*Provisional: each card is the mean of the \d+ replication-months simulated so far, of 24 \([01] of 2 replications finished\)/);
    // every card a provisional mean, or "no data" for a KPI no month has had yet
    const cards = page.locator('[data-testid="kpi-cards-provisional"] .kpi-ci');
    expect(await cards.filter({ hasText: /^provisional$/ }).count() + await cards.filter({ hasText: /^no data$/ }).count()).toBe(20);
    await expect.poll(restsOn, { timeout: 60_000, interval: 50 }).toBeGreaterThan(first);
    // the finished run takes the cards' place, with its intervals
    await page.locator('.run-panel[data-state="idle"]').waitFor({ timeout: 120_000 });
    expect(await section.count()).toBe(0);
    expect(await page.getByTestId('kpi-eChannelShare').textContent()).toMatch(/^\d+(\.\d+)?%$/);
    expect(await page.locator('.kpi-ci', { hasText: /\[.*\]/ }).count()).toBeGreaterThan(0);
    await context.close();
  });

  test('a run of fewer replications than workers splits each across threads (real Web Workers), says so, and gives the numbers of one thread in Node', async () => {
    // This machine has 2 cores, so the workbench runs 1 worker and never splits: the page is told
    // it has 5 cores (4 workers, the fewest that split unasked), the one stand-in in these tests.
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 5 }));
    await countWorkers(context);
    const page = await openApp(context);
    expect(await page.getByText('workers: 4').count()).toBe(1);
    const size = async (customers: string, replications: string) => {
      await page.getByTestId('run-customers').fill(customers);
      await page.getByTestId('run-months').fill('2');
      await page.getByTestId('run-replications').fill(replications);
      await page.getByTestId('run-replications').press('Tab');
      const text = async (id: string) => page.getByTestId(id).textContent({ timeout: 1_000 }).catch(() => null);
      return { threads: await text('threads-notice'), idle: await text('idle-notice') };
    };
    expect(await size('20000', '4')).toEqual({ threads: null, idle: null });
    expect(await size('20000', '2')).toEqual({ threads: null, idle: '2 of 4 workers stay idle: a replication of fewer than 50,000 agents keeps to one thread.' });
    expect(await size('60000', '3')).toEqual({ threads: null, idle: '1 of 4 workers stay idle: the replications cannot share them evenly.' });
    expect(await size('60000', '1')).toEqual({ threads: 'Each replication runs on 4 threads, with the numbers of one.', idle: null });
    await page.getByTestId('run-button').click();
    await page.locator('.run-panel[data-state="idle"]').waitFor({ timeout: 120_000 });
    const workers = await workersStarted(page);
    expect(workers.filter((w) => w === 'replication-thread')).toHaveLength(4);
    // the same replication on one thread in Node: the same KPI means
    const stored = await page.evaluate(() => new Promise<{ result: { kpis: Record<string, { mean: number | null }> } }[]>((resolve, reject) => {
      const open = indexedDB.open('channel-lab');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const req = open.result.transaction('runs', 'readonly').objectStore('runs').getAll();
        req.onsuccess = () => { open.result.close(); resolve(req.result); };
      };
    }));
    await context.close();
    const out = mkdtempSync(join(tmpdir(), 'channel-lab-threads-'));
    try {
      const node = await runCli(['run', join(ROOT, 'scenarios/default.json'), '--customers', '60000', '--months', '2', '--replications', '1', '--threads', '1', '--out', out]);
      expect(node.code, node.stderr).toBe(0);
      const expected = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).kpis as Record<string, { mean: number | null }>;
      expect(stored).toHaveLength(1);
      const means = (k: Record<string, { mean: number | null }>) => Object.fromEntries(Object.entries(k).map(([name, v]) => [name, v.mean]));
      expect(means(stored[0].result.kpis)).toEqual(means(expected));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
