/**
 * A run from the press of Run to a slide, in headless Chromium: progress that names what each
 * worker does with a time left from the first month; a reload mid-run offers to resume, and the
 * resumed run's numbers equal an uninterrupted run's, byte for byte; the KPI cards' definitions
 * on focus and their averaging window with a closure mid-run; a warning on an implausible result;
 * a one-replication run whose cards say their interval cannot be computed;
 * a chart exported with its title, legend and source; and a bundled scenario renamed by typing
 * keeps every character typed.
 *
 * The tests share one page and run in order.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPage } from './harness.ts';

const RUN_TIMEOUT_MS = 120_000;

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');

interface StoredRun {
  id: string;
  result: { kpis: Record<string, unknown>; series: Record<string, unknown>; replicationsDone: number; outlets: unknown[] };
  replicationKpis: unknown[];
  cancelled: boolean;
  afterChange?: { from: number; to: number };
}

/** The values of one object store. */
function readStore<T>(p: Page, store: string): Promise<T[]> {
  return p.evaluate((name) => new Promise<T[]>((resolve, reject) => {
    const open = indexedDB.open('channel-lab');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction(name, 'readonly').objectStore(name).getAll();
      req.onsuccess = () => {
        open.result.close();
        resolve(req.result as T[]);
      };
    };
  }), store);
}

async function setRunSize(p: Page, size: { customers: number; months: number; replications: number }) {
  await p.getByTestId('run-customers').fill(String(size.customers));
  await p.getByTestId('run-months').fill(String(size.months));
  await p.getByTestId('run-replications').fill(String(size.replications));
}

async function runToCompletion(p: Page, runs: number) {
  await p.getByTestId('run-button').click();
  await expect.poll(() => p.getByTestId('run-item').count(), { timeout: RUN_TIMEOUT_MS, interval: 200 }).toBe(runs);
  await p.locator('.run-panel[data-state="idle"]').waitFor();
}

beforeAll(async () => {
  ({ browser, page } = await openPage(baseUrl, 'scenario-picker', pageErrors, { locale: 'en-US', acceptDownloads: true }));
});

afterAll(async () => {
  await browser?.close();
});

describe('a run, from Run to a slide', () => {
  test('typing a new name on a bundled scenario keeps every character, in a copy, with the focus in the field', async () => {
    await page.getByTestId('scenario-picker').selectOption('bundled:default');
    const field = page.locator('#f-\\$\\.name');
    const before = await field.inputValue();
    await field.focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' Pilot 7', { delay: 20 });
    await expect.poll(() => field.inputValue()).toBe(`${before} Pilot 7`);
    expect(await page.getByTestId('scenario-picker').inputValue()).toMatch(/^user:/);
    expect(await page.getByTestId('scenario-picker').locator('option:checked').textContent()).toBe(`${before} Pilot 7`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-$.name');
  });

  test('progress names each worker’s replication and month, the time left from the first month, and the time so far', async () => {
    await setRunSize(page, { customers: 20_000, months: 6, replications: 6 });
    // Every text the activity line shows, from the first frame of the run.
    await page.evaluate(() => {
      const w = window as unknown as { __activity: string[] };
      w.__activity = [];
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="run-activity"]')?.textContent;
        if (text && text !== w.__activity.at(-1)) w.__activity.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('run-button').click();
    const activity = page.getByTestId('run-activity');
    await expect.poll(() => activity.textContent(), { timeout: RUN_TIMEOUT_MS, interval: 100 }).toMatch(/Replication \d: month \d of 6/);
    expect(await page.getByTestId('run-eta').textContent()).toMatch(/about (\d+ s|\d+ min \d+ s) left/);
    expect(await activity.textContent()).toMatch(/\d+ s so far/);
    // before its first month, a replication says it is building its customers, with no time left yet
    const seen = await page.evaluate(() => (window as unknown as { __activity: string[] }).__activity);
    expect(seen.find((t) => t.includes('building'))).toMatch(/Replication 1: building 20,000 customers….*time left known after the first month/);
  });

  test('a reload mid-run offers to resume; the resumed run equals an uninterrupted one, byte for byte', async () => {
    // Reload once two of the six replications are in.
    await expect.poll(async () => Number(/(\d) of 6 replications done/.exec((await page.locator('.progress-text').textContent()) ?? '')?.[1] ?? 0), { timeout: RUN_TIMEOUT_MS, interval: 50 }).toBeGreaterThanOrEqual(2);
    await page.reload();
    const banner = page.getByTestId('resume-banner');
    await banner.waitFor({ timeout: 30_000 });
    const done = Number(/stopped at (\d) of 6/.exec((await banner.textContent()) ?? '')?.[1]);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(6);
    expect(await page.getByTestId('run-item').count()).toBe(0);
    await page.getByTestId('resume-run').click();
    await expect.poll(() => page.getByTestId('run-item').count(), { timeout: RUN_TIMEOUT_MS, interval: 200 }).toBe(1);
    await page.locator('.run-panel[data-state="idle"]').waitFor();
    expect(await banner.count()).toBe(0);
    // nothing left in flight
    expect(await readStore(page, 'inflight')).toEqual([]);
    expect(await readStore(page, 'inflightReplications')).toEqual([]);

    await runToCompletion(page, 2);
    const [uninterrupted, resumed] = (await readStore<StoredRun>(page, 'runs')).sort((a, b) => (a.id < b.id ? 1 : -1));
    expect(resumed.result.replicationsDone).toBe(6);
    expect(resumed.cancelled).toBe(false);
    expect(resumed.result.kpis).toEqual(uninterrupted.result.kpis);
    expect(resumed.result.series).toEqual(uninterrupted.result.series);
    expect(resumed.replicationKpis).toEqual(uninterrupted.replicationKpis);
  });

  test('a KPI card gives its definition on focus (described by it, Escape hides it) and says what it averages', async () => {
    const card = page.locator('.kpi', { has: page.getByTestId('kpi-netContribution') });
    const info = card.getByRole('button', { name: /Net contribution/ });
    await info.focus();
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    expect(await info.getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    expect(await tip.textContent()).toContain('Revenue less channel cost less handset subsidies');
    expect(await tip.textContent()).toContain('Mean of months 1–6 (6 months), 6 replications.');
    await page.keyboard.press('Escape');
    await expect.poll(() => tip.isVisible()).toBe(false);
    expect(await page.getByTestId('kpi-window').textContent()).toContain('months 1–6 (6 months), over 6 replications');
  });

  test('outlets closed from month 7 of 9: the cards say the averages mix 6 months before and 3 after, and show the 3 after on request', async () => {
    await setRunSize(page, { customers: 3000, months: 9, replications: 3 });
    await runToCompletion(page, 3);
    expect(await page.getByTestId('kpi-window-mixed').textContent()).toContain('mix 6 months before the closure with 3 after it');
    const whole = await page.getByTestId('kpi-storeShare').textContent();
    await page.getByTestId('kpi-window-after').click();
    await expect.poll(() => page.getByTestId('kpi-cards').getAttribute('data-window')).toBe('7-9');
    expect(await page.getByTestId('kpi-storeShare').textContent()).not.toBe(whole);
    expect(await page.getByTestId('kpi-window').textContent()).toContain('months 7–9 (3 months)');
    const stored = (await readStore<StoredRun>(page, 'runs')).find((r) => r.afterChange);
    expect(stored?.afterChange).toMatchObject({ from: 7, to: 9 });
  });

  test('a chart exported for a slide carries its title, scenario, unit, legend and source', async () => {
    const chart = page.getByTestId('chart-channel-mix');
    const [download] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /SVG/ }).click()]);
    const svg = readFileSync((await download.path())!, 'utf8');
    for (const text of ['Channel mix', 'Scenario: ', 'Unit: %', 'Shaded bands: 95 % interval over replications', 'Own stores 自营实体', 'Electronic 电子渠道',
      'Source: Channel Lab, model 0.1.0+m1', '3 replications × 9 months × 3,000 customers simulated', 'seed 42']) {
      expect(svg, text).toContain(text);
    }
    expect(svg).toContain('class="legend-swatch"');
    expect(svg).toContain('class="mark area"');
  });

  test('an implausible result is flagged above the KPI cards: churn of most customers a month', async () => {
    const scenario = { name: 'Churn storm', simulation: { customers: 20_000, agents: 2000, months: 3, replications: 2 }, churn: { baseMonthly: 0.9 } };
    await page.getByTestId('import-file').setInputFiles({ name: 'storm.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
    await expect.poll(() => page.getByTestId('scenario-picker').locator('option:checked').textContent()).toBe('Churn storm');
    await runToCompletion(page, 4);
    const warnings = page.getByTestId('plausibility-warnings');
    await warnings.waitFor();
    expect(await warnings.locator('li[data-rule="churnHigh"]').textContent()).toMatch(/Monthly churn is \d+\.\d%, above 30%/);
  });

  test('one replication: each KPI card says its interval cannot be computed, in both languages, and the run loads after a reload', async () => {
    await setRunSize(page, { customers: 2000, months: 2, replications: 1 });
    await runToCompletion(page, 5);
    const line = page.getByTestId('kpi-revenue-no-interval');
    expect(await line.textContent()).toBe('one replication: no interval');
    expect(await page.locator('.kpi-ci').filter({ hasText: /[[\]]/ }).count()).toBe(0);
    await page.getByTestId('language-switch').click();
    await expect.poll(() => line.textContent()).toBe('一次重复，无法计算区间');
    await page.getByTestId('language-switch').click();
    const stored = (await readStore<StoredRun>(page, 'runs')).find((r) => r.result.replicationsDone === 1)!;
    expect(stored.result.kpis.revenue).toMatchObject({ sd: null, ci95: null, interval: 'one replication: no interval' });
    // a stored run with null intervals is not set aside as damaged on reading
    await page.reload();
    await expect.poll(() => page.getByTestId('run-item').count(), { timeout: 30_000 }).toBe(5);
    await page.locator(`[data-testid="run-item"][data-run-id="${stored.id}"] .run-actions button`).first().click();
    await expect.poll(() => page.getByTestId('kpi-revenue-no-interval').textContent(), { timeout: 30_000 }).toBe('one replication: no interval');
  });

  test('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
