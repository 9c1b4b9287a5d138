/**
 * Writes docs/screenshot.png: the main view after two runs of the default scenario (the second
 * with one more own store closed from the map), compared. Run with `npx tsx test/browser/screenshot.ts`
 * (SHOT_LOCALE=zh-CN for the Chinese UI; SHOT_FULL=file.png also writes the whole page).
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildApp, requireChineseFont, CHROMIUM_ARGS, ensureChromium, ROOT, serveApp } from './harness.ts';

requireChineseFont();

const outDir = await buildApp();
const { url, server } = await serveApp(outDir);
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ locale: process.env.SHOT_LOCALE ?? 'en-US', viewport: { width: 1440, height: 1500 } });
  await page.goto(url);
  await page.getByTestId('scenario-picker').waitFor();
  await page.getByTestId('run-customers').fill('20000');
  await page.getByTestId('run-months').fill('12');
  await page.getByTestId('run-replications').fill('4');
  const runOnce = async (n: number) => {
    await page.getByTestId('run-button').click();
    await page.waitForFunction((k) => document.querySelectorAll('[data-testid="run-item"]').length === k, n, { timeout: 300_000 });
    await page.locator('.run-panel[data-state="idle"]').waitFor();
  };
  await runOnce(1);
  // Close the busiest open own store, then run again and compare.
  const busiest = await page.evaluate(() => {
    const own = [...document.querySelectorAll<SVGGElement>('[data-outlet-id][data-kind="own"][data-open="true"]')];
    own.sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width);
    return own[0]?.dataset.outletId ?? null;
  });
  if (busiest) {
    await page.locator(`[data-outlet-id="${busiest}"]`).focus();
    await page.keyboard.press('Enter');
  }
  await runOnce(2);
  for (const t of await page.getByTestId('compare-toggle').all()) await t.check();
  await page.getByTestId('notice-info').first().waitFor({ timeout: 1000 }).catch(() => {});
  for (const b of await page.locator('.notice button').all()) await b.click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  const path = join(ROOT, 'docs/screenshot.png');
  await page.screenshot({ path });
  if (process.env.SHOT_FULL) await page.screenshot({ path: process.env.SHOT_FULL, fullPage: true });
  if (process.env.SHOT_PARTS) {
    await page.getByTestId('outlet-map-card').screenshot({ path: join(process.env.SHOT_PARTS, 'map.png') });
    await page.getByTestId('compare-view').screenshot({ path: join(process.env.SHOT_PARTS, 'compare.png') });
  }
  console.log(`wrote ${path}`);
} finally {
  await browser.close();
  await server.close();
}
