/**
 * Every view fits every common screen, in headless Chromium: at 1024, 1280, 1440 and 1920 px, in
 * Chinese and in English, the workbench (with results, the map and a comparison), the levers (with
 * a target found, response curves, a closure what-if and sizing), calibration (with a fit table)
 * and data import (with a rejected file's problems) scroll no wider than the window, no element
 * sticks out of its container (a wide table may scroll inside its own box), and every KPI card's
 * text fits its card.
 *
 * The views are filled once, at a tiny run size (800 agents, 3 months, 2 replications), then
 * measured at each width in each language; the training view is measured by its own tests.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { misfits, openPage, ROOT } from './harness.ts';

const WIDTHS = [1024, 1280, 1440, 1920];
const VIEWS = ['workbench', 'levers', 'calibration', 'data'] as const;
const SEARCH_TIMEOUT_MS = 120_000;

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');

async function show(p: Page, view: (typeof VIEWS)[number]) {
  await p.getByTestId(`nav-${view}`).click();
  await p.getByTestId(view === 'workbench' ? 'run-button' : `${view}-view`).waitFor();
  // two frames for layout, and the staged results to mount
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
}

beforeAll(async () => {
  ({ browser, page } = await openPage(baseUrl, 'scenario-picker', pageErrors, { viewport: { width: 1440, height: 900 } }));
});

afterAll(async () => {
  await browser?.close();
});

describe('every view fits 1024–1920 px', () => {
  test('the views are filled: two runs compared, every lever answered, a fit table, a rejected import', async () => {
    await page.getByTestId('run-customers').fill('800');
    await page.getByTestId('run-months').fill('3');
    await page.getByTestId('run-replications').fill('2');
    for (const n of [1, 2]) {
      await page.getByTestId('run-button').click();
      await expect.poll(() => page.getByTestId('run-item').count(), { timeout: SEARCH_TIMEOUT_MS }).toBe(n);
      await page.locator('.run-panel[data-state="idle"]').waitFor();
    }
    for (const t of await page.getByTestId('compare-toggle').all()) await t.check();
    await page.getByTestId('compare-view').locator('td.delta').first().waitFor();

    await show(page, 'levers');
    await page.getByTestId('plan-agents').fill('800');
    await page.getByTestId('plan-months').fill('3');
    await page.getByTestId('plan-replications').fill('2');
    await page.getByTestId('seek-target').fill('70');
    await page.getByTestId('seek-run').click();
    await page.getByTestId('seek-result').locator('[data-testid="seek-value"], [data-testid="seek-out-of-reach"]').first().waitFor({ timeout: SEARCH_TIMEOUT_MS });
    await page.getByTestId('curves-steps').fill('3');
    await page.getByTestId('curves-run').click();
    await page.getByTestId('curves-chart').waitFor({ timeout: SEARCH_TIMEOUT_MS });
    await page.getByTestId('closures-whatif').click();
    await page.getByTestId('closure-flows').waitFor({ timeout: SEARCH_TIMEOUT_MS });
    await page.getByTestId('sizing-run').click();
    await page.getByTestId('sizing-table').waitFor({ timeout: SEARCH_TIMEOUT_MS });

    await show(page, 'calibration');
    await page.getByTestId('observed-example').click();
    await page.getByTestId('observed-loaded').waitFor();
    await page.getByTestId('cal-evaluate').click();
    await page.getByTestId('fit-table').waitFor({ timeout: SEARCH_TIMEOUT_MS });

    await show(page, 'data');
    await page.getByTestId('data-file').setInputFiles(join(ROOT, 'test/fixtures/io/outlets-broken.csv'));
    await page.locator('[data-testid="import-batch"][data-status="rejected"]').first().waitFor({ timeout: 30_000 });
  });

  for (const locale of ['zh-CN', 'en'] as const) {
    test(`in ${locale}: no view scrolls sideways, nothing sticks out, KPI cards hold their text`, async () => {
      if ((await page.evaluate(() => document.documentElement.lang)) !== locale) {
        await page.getByTestId('language-switch').click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
      }
      const found: string[] = [];
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const view of VIEWS) {
          await show(page, view);
          for (const m of await misfits(page)) found.push(`${view} at ${width} px: ${m}`);
        }
      }
      expect(found).toEqual([]);
    });
  }

  test('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
