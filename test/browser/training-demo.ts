/**
 * A trainer's demo, timed: open the workbench, go to training, pick a lesson, see its baseline and
 * change side by side, reach the month where the lesson shows. Prints, for lesson 1 (diversion:
 * it shows from month 1, so Play) and lesson 3 (closure: the stores close in month 3, so the
 * timeline is dragged to that month's last day once simulated), the clicks and the seconds from
 * opening the page until the change's difference is on screen. A fresh browser profile each time
 * (a first visit), at 1280×720. Run with `npx tsx test/browser/training-demo.ts`.
 */
import { chromium, type Page } from 'playwright-core';
import { buildApp, CHROMIUM_ARGS, ensureChromium, serveApp } from './harness.ts';

const outDir = await buildApp();
const { url, server } = await serveApp(outDir);
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });

/** Wait until the change's key KPI shows its difference from the baseline as a number. */
async function deltaShown(page: Page, kpi: string, nonZero: boolean): Promise<string> {
  const delta = page.getByTestId('training-pane-change').getByTestId(`training-delta-${kpi}`);
  await page.waitForFunction(([el, z]) => {
    const text = document.querySelector(`[data-testid="training-pane-change"] [data-testid="training-delta-${el}"]`)?.textContent ?? '';
    return /^Δ [+−±]\d/.test(text) && (!z || !text.startsWith('Δ ±0'));
  }, [kpi, nonZero] as const, { timeout: 120_000, polling: 50 });
  return (await delta.textContent()) ?? '';
}

try {
  for (const lesson of [{ id: 'diversion', kpi: 'diversionRate', month: 1 }, { id: 'closure', kpi: 'storeWaitMeanMin', month: 3 }]) {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    let clicks = 0;
    const click = async (testid: string) => { await page.getByTestId(testid).click(); clicks++; };
    const t0 = performance.now();
    const lap: string[] = [];
    const mark = (what: string) => lap.push(`${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await page.goto(url);
    await page.getByTestId('nav-training').waitFor();
    mark('workbench open');
    await click('nav-training');
    await click(`lesson-${lesson.id}`);
    // side by side is what the view opens with: no click
    await page.getByTestId('training-pane-baseline').getByTestId('training-canvas').waitFor({ timeout: 60_000 });
    await page.getByTestId('training-pane-change').getByTestId('training-canvas').waitFor({ timeout: 60_000 });
    mark('both stages drawn');
    if (lesson.month === 1) {
      await page.waitForFunction(() => !(document.querySelector('[data-testid="training-play"]') as HTMLButtonElement).disabled, null, { timeout: 120_000, polling: 50 });
      await click('training-play');
    } else {
      await page.waitForFunction((m) => parseFloat(getComputedStyle(document.querySelector('[data-testid="training-scrubber"]')!).getPropertyValue('--ready')) >= (100 * m) / 12 - 1e-6, lesson.month, { timeout: 120_000, polling: 50 });
      mark(`month ${lesson.month} simulated on both sides`);
      // one drag of the timeline to the month's last day, where the KPIs show the whole month
      await page.getByTestId('training-scrubber').fill(String(lesson.month - 0.5 / 30));
      clicks++;
    }
    const delta = await deltaShown(page, lesson.kpi, true);
    mark(`month ${lesson.month}: Δ ${lesson.kpi} ${delta.replace(/^Δ /, '')}`);
    console.log(`[training demo] lesson ${lesson.id}: ${clicks} clicks; ${lap.join(' · ')}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
