/**
 * A planner's task, timed: "reach a 70 % diversion". Open the workbench (a first visit, 1440×900,
 * zh-CN), go to the levers, search the floor-guide intensity that reaches the scenario's own
 * diversion target (70 % in the default scenario: the target field is left empty), apply the
 * answer as a new scenario and let the workbench run it. Prints the clicks and the seconds from
 * opening the page to the applied scenario's run finished, with laps, and the answer.
 *
 * The search runs at the levers view's plan size (its default, as a first-time user meets it);
 * `--quick` sets 800 agents × 6 months × 2 replications first (three fields typed into).
 * Run with `npx tsx test/browser/diversion-demo.ts`.
 */
import { timePlannerTask } from './harness.ts';

const QUICK = { agents: 800, months: 6, replications: 2 };
const quick = process.argv.includes('--quick');
const TIMEOUT_MS = 900_000;

await timePlannerTask(async ({ page, click, type, mark, summary }) => {
  await click('nav-levers');
  await page.getByTestId('seek-panel').waitFor();
  if (quick) {
    for (const [key, value] of Object.entries(QUICK)) await type(`[data-testid="plan-${key}"]`, String(value));
  }
  const size = await Promise.all(['agents', 'months', 'replications'].map((k) => page.getByTestId(`plan-${k}`).inputValue()));
  await click('seek-run');
  const result = page.getByTestId('seek-result');
  await result.getByTestId('seek-value').waitFor({ timeout: TIMEOUT_MS });
  mark('target searched');
  const value = (await result.getByTestId('seek-value').textContent())?.trim();
  const interval = (await result.getByTestId('seek-value-interval').textContent())?.trim();
  const achieved = (await result.getByTestId('seek-achieved').textContent())?.trim();
  await click('seek-apply');
  // the workbench selects the new scenario and runs it
  await page.getByTestId('run-item').first().waitFor({ timeout: TIMEOUT_MS });
  await page.locator('.run-panel[data-state="idle"]').waitFor({ timeout: TIMEOUT_MS });
  mark('applied scenario run');
  console.log(`[diversion demo] plan size ${size[0]} agents × ${size[1]} months × ${size[2]} replications: ${summary()}; floor guides ${value} ${interval}, share ${achieved}`);
});
