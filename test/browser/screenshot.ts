/**
 * Writes docs/screenshot.png: the main view after two runs of the default scenario (the second
 * with one more own store closed from the map), compared; then docs/levers.png (a diversion
 * target found, response curves, a closure what-if), docs/calibration.png (the fit table of the
 * bundled 2009 figures) and docs/data.png (the sample city's GBK outlets and districts imported).
 * Run with `npx tsx test/browser/screenshot.ts` (SHOT_LOCALE=zh-CN for the Chinese UI;
 * SHOT_FULL=file.png also writes the whole main page).
 */
import { readFileSync } from 'node:fs';
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
    await page.getByTestId('outlet-map').locator(`[data-outlet-id="${busiest}"]`).focus();
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

  // The planning views, each answering its question at a small planning size.
  const shoot = async (name: string) => {
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(500);
    const file = join(ROOT, `docs/${name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  };
  const SEARCH = { timeout: 300_000 };
  await page.getByTestId('nav-levers').click();
  await page.getByTestId('plan-agents').fill('5000');
  await page.getByTestId('plan-months').fill('6');
  await page.getByTestId('plan-replications').fill('3');
  await page.getByTestId('seek-target').fill('70');
  await page.getByTestId('seek-run').click();
  await page.getByTestId('seek-value').waitFor(SEARCH);
  await page.getByTestId('curves-steps').fill('4');
  await page.getByTestId('curves-run').click();
  await page.getByTestId('curves-chart').waitFor(SEARCH);
  await shoot('levers');

  await page.getByTestId('nav-calibration').click();
  await page.getByTestId('observed-example').click();
  await page.getByTestId('observed-loaded').waitFor();
  await page.getByTestId('cal-evaluate').click();
  await page.getByTestId('fit-table').waitFor(SEARCH);
  await page.getByTestId('fit-table').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const cal = join(ROOT, 'docs/calibration.png');
  await page.screenshot({ path: cal });
  console.log(`wrote ${cal}`);

  await page.getByTestId('nav-data').click();
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return dt;
  }, [['outlets-gbk.csv', 'text/csv'], ['districts.geojson', 'application/geo+json']].map(([name, type]) => ({ name, type, b64: readFileSync(join(ROOT, 'scenarios/templates', name)).toString('base64') })));
  await page.getByTestId('data-drop').dispatchEvent('drop', { dataTransfer: transfer });
  await page.getByTestId('import-applied').first().waitFor({ timeout: 60_000 });
  await shoot('data');
} finally {
  await browser.close();
  await server.close();
}
