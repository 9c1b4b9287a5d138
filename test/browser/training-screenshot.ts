/**
 * Writes docs/training.png: the training mode's presenter layout at 1440×900, lesson 1
 * (diversion) side by side, mid-month.
 * Run with `npx tsx test/browser/training-screenshot.ts` (SHOT_LOCALE=zh-CN for the Chinese UI).
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildApp, requireChineseFont, CHROMIUM_ARGS, ensureChromium, ROOT, serveApp } from './harness.ts';

requireChineseFont();

const outDir = await buildApp();
const { url, server } = await serveApp(outDir);
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ locale: process.env.SHOT_LOCALE ?? 'en-US', viewport: { width: 1440, height: 900 } });
  await page.goto(`${url}#training`);
  await page.getByTestId('lesson-diversion').click();
  await page.getByTestId('training-presenter').click();
  // four months simulated, then a moment in the middle of a working day of month 4
  await page.waitForFunction(() => parseFloat(getComputedStyle(document.querySelector('[data-testid="training-scrubber"]')!).getPropertyValue('--ready')) >= 33, null, { timeout: 120_000 });
  await page.getByTestId('training-scrubber').fill(String(3 + 14.35 / 30));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  const path = join(ROOT, 'docs/training.png');
  await page.screenshot({ path });
  console.log(`wrote ${path}`);
} finally {
  await browser.close();
  await server.close();
}
