/**
 * A planner's task, timed: "compare a higher handset subsidy". Open the workbench (a first visit,
 * 1440×900, zh-CN), run the default scenario, raise the high-band handset subsidy 600 → 900 CNY in
 * the editor (the first edit copies the bundled scenario into My scenarios), run the copy, tick
 * both runs, and open the decision report. Prints the clicks (and fields typed into) and the
 * seconds from opening the page to the report's tab drawn, with laps.
 *
 * The run size is the run panel's, set once before the first run (a quick look: SIZE below);
 * `--scenario-size` runs at the scenario's own size instead (100,000 agents × 24 months × 10
 * replications: minutes on a small machine). Run with `npx tsx test/browser/compare-demo.ts`.
 */
import { chromium } from 'playwright-core';
import { buildApp, CHROMIUM_ARGS, ensureChromium, serveApp } from './harness.ts';

const SIZE = { customers: 2000, months: 12, replications: 4 };
const scenarioSize = process.argv.includes('--scenario-size');
const RUN_TIMEOUT_MS = 900_000;

const outDir = await buildApp();
const { url, server } = await serveApp(outDir);
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });

try {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let clicks = 0, typed = 0;
  const click = async (testid: string, nth = 0) => { await page.getByTestId(testid).nth(nth).click(); clicks++; };
  const type = async (selector: string, value: string) => { await page.locator(selector).fill(value); typed++; };
  const t0 = performance.now();
  const lap: string[] = [];
  const mark = (what: string) => lap.push(`${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const runOnce = async (n: number) => {
    await click('run-button');
    await page.getByTestId('run-item').nth(n - 1).waitFor({ timeout: RUN_TIMEOUT_MS });
    await page.locator('.run-panel[data-state="idle"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  };

  await page.goto(url);
  await page.getByTestId('run-button').waitFor();
  mark('workbench open');
  if (!scenarioSize) {
    await type('[data-testid="run-customers"]', String(SIZE.customers));
    await type('[data-testid="run-months"]', String(SIZE.months));
    await type('[data-testid="run-replications"]', String(SIZE.replications));
  }
  await runOnce(1);
  mark('default run');
  // the first edit copies the bundled scenario into My scenarios, with the run size typed above
  await type('[id="f-$.levers.subsidy.handset.high"]', '900');
  await page.getByTestId('scenario-status').filter({ hasText: '✓' }).waitFor();
  await runOnce(2);
  mark('higher-subsidy run');
  await click('compare-toggle', 1);
  await click('compare-toggle', 0);
  await page.getByTestId('compare-view').locator('td.verdict').first().waitFor();
  mark('compared');
  const [tab] = await Promise.all([page.waitForEvent('popup'), click('report-export')]);
  await tab.locator('section[data-section="forest"] svg').waitFor();
  mark('report open');
  const verdict = await page.locator('tr[data-kpi="subsidySpend"] td.verdict').evaluate((td) => td.firstChild?.textContent ?? '');
  const size = scenarioSize ? 'the scenario\'s size' : `${SIZE.customers} agents × ${SIZE.months} months × ${SIZE.replications} replications`;
  console.log(`[compare demo] ${size}: ${clicks} clicks and ${typed} fields typed into; ${lap.join(' · ')}; subsidy spend: ${verdict?.trim()}`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
