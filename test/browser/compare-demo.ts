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
import { timePlannerTask } from './harness.ts';

const SIZE = { customers: 2000, months: 12, replications: 4 };
const scenarioSize = process.argv.includes('--scenario-size');
const RUN_TIMEOUT_MS = 900_000;

await timePlannerTask(async ({ page, click, type, mark, summary }) => {
  const runOnce = async (n: number) => {
    await click('run-button');
    await page.getByTestId('run-item').nth(n - 1).waitFor({ timeout: RUN_TIMEOUT_MS });
    await page.locator('.run-panel[data-state="idle"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  };

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
  console.log(`[compare demo] ${size}: ${summary()}; subsidy spend: ${verdict?.trim()}`);
});
