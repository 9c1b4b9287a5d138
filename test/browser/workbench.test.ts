/**
 * End to end in headless Chromium: the built workbench loads with the default scenario, runs it
 * in Web Workers (made small through the run panel), shows KPIs and charts, closes an outlet from
 * the map, compares two runs, exports CSV, switches language, keeps the edited scenario over a
 * reload, opens shared links, and never blocks the main thread for more than 200 ms during a run.
 *
 * The tests share one page and run in order (docs/screenshot.png comes from screenshot.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, countWorkers, ROOT, workersStarted } from './harness.ts';
import { encodeScenario } from '../../src/ui/lib/share.ts';
import { KPIS } from '../../src/model/kpis.ts';

const LONG_TASK_LIMIT_MS = 200;
const RUN_TIMEOUT_MS = 90_000;

let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');

/** Set the run size through the run panel (small, for speed); customers are the agents simulated. */
async function setRunSize(p: Page, size: { customers: number; months: number; replications: number }) {
  await p.getByTestId('run-customers').fill(String(size.customers));
  await p.getByTestId('run-months').fill(String(size.months));
  await p.getByTestId('run-replications').fill(String(size.replications));
}

/** Press Run and wait until one more finished run is listed; returns the long tasks seen meanwhile. */
async function runToCompletion(p: Page): Promise<{ longTasks: number[]; progressSeen: number[] }> {
  const before = await p.getByTestId('run-item').count();
  await p.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __progress: number[]; __obs?: PerformanceObserver; __mo?: MutationObserver };
    w.__longTasks = [];
    w.__progress = [];
    w.__obs?.disconnect();
    w.__obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__longTasks.push(e.duration); });
    w.__obs.observe({ type: 'longtask' });
    const bar = document.querySelector('[data-testid="run-progress"]')!;
    w.__mo?.disconnect();
    w.__mo = new MutationObserver(() => w.__progress.push(Number(bar.getAttribute('aria-valuenow'))));
    w.__mo.observe(bar, { attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  await p.getByTestId('run-button').click();
  await expect.poll(() => p.getByTestId('run-item').count(), { timeout: RUN_TIMEOUT_MS, interval: 200 }).toBe(before + 1);
  await p.locator('.run-panel[data-state="idle"]').waitFor({ timeout: 10_000 });
  // Let the results render and a couple of frames pass before reading the observer.
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
  return p.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __progress: number[]; __obs?: PerformanceObserver };
    w.__obs?.disconnect();
    return { longTasks: w.__longTasks, progressSeen: w.__progress };
  });
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  // Count the Web Workers the page starts, by name (the pool names its workers "replication").
  await countWorkers(context);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
});

describe('workbench in headless Chromium', () => {
  test('loads with the default scenario ready to run, in Chinese for a zh-CN browser', async () => {
    await page.goto(baseUrl);
    await page.getByTestId('scenario-picker').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe('bundled:default');
    await expect.poll(() => page.getByTestId('run-button').isEnabled()).toBe(true);
    expect(await page.getByTestId('run-button').textContent()).toContain('运行');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.getByTestId('scenario-status').textContent()).toContain('✓');
  });

  test('runs the default scenario in workers to completion; no main-thread task over 200 ms', async () => {
    await setRunSize(page, { customers: 2000, months: 4, replications: 3 });
    const t0 = Date.now();
    const { longTasks, progressSeen } = await runToCompletion(page);
    const max = Math.max(0, ...longTasks);
    console.info(`[browser tests] run 1 took ${Date.now() - t0} ms; long tasks: ${longTasks.length}, longest main-thread task ${max.toFixed(0)} ms`);
    expect(max).toBeLessThanOrEqual(LONG_TASK_LIMIT_MS);
    expect(await page.getByTestId('run-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(progressSeen.some((v) => v > 0 && v < 100)).toBe(true);
    const workers = await workersStarted(page);
    expect(workers).toContain('replication');
  });

  test('shows every KPI as a formatted mean with its interval', async () => {
    for (const kpi of KPIS) {
      const text = (await page.getByTestId(`kpi-${kpi}`).textContent())?.trim() ?? '';
      expect(text, kpi).toMatch(/\d/);
    }
    // as many digits as the interval's width needs (format.ts)
    expect(await page.getByTestId('kpi-eChannelShare').textContent()).toMatch(/^\d+(\.\d+)?%$/);
    expect(await page.getByTestId('kpi-netContribution').textContent()).toContain('元');
  });

  test('draws the channel mix with marks, by family and by channel', async () => {
    const chart = page.getByTestId('chart-channel-mix');
    expect(await chart.locator('path.mark.area').count()).toBe(5);
    expect((await chart.locator('path.mark.area').first().getAttribute('d'))?.length).toBeGreaterThan(20);
    expect(await chart.locator('path.mark.band').count()).toBe(5);
    await chart.getByRole('radio', { name: '按渠道', exact: true }).click();
    await expect.poll(() => chart.locator('path.mark.area').count()).toBeGreaterThan(5);
    await chart.getByRole('radio', { name: '按渠道大类', exact: true }).click();
  });

  test('closes an outlet by clicking it on the map, and reopens one with the keyboard', async () => {
    const map = page.getByTestId('outlet-map');
    await map.locator('[data-outlet-id]').first().waitFor();
    await map.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // An open outlet whose centre is on screen and not covered by another one.
    const target = await page.evaluate(() => {
      for (const el of document.querySelectorAll<SVGGElement>('[data-testid="outlet-map"] [data-outlet-id][data-open="true"]')) {
        const b = el.getBoundingClientRect();
        const x = b.left + b.width / 2, y = b.top + b.height / 2;
        if (document.elementFromPoint(x, y)?.closest('[data-outlet-id]') === el) return { id: el.dataset.outletId!, x, y };
      }
      return null;
    });
    expect(target).not.toBeNull();
    await page.mouse.move(target!.x, target!.y);
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toContain(target!.id);
    expect(await tip.textContent()).toContain('月交易量');
    await page.mouse.click(target!.x, target!.y);
    await expect.poll(() => map.locator(`[data-outlet-id="${target!.id}"]`).getAttribute('data-open')).toBe('false');
    // Keyboard: an outlet closed by the scenario reopens with Enter, and closes again.
    const closed = page.locator('[data-testid="outlet-map"] [data-open="false"]').first();
    const id = (await closed.getAttribute('data-outlet-id'))!;
    await closed.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => map.locator(`[data-outlet-id="${id}"]`).getAttribute('data-open')).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => map.locator(`[data-outlet-id="${id}"]`).getAttribute('data-open')).toBe('false');
  });

  test('compares two runs with paired differences', async () => {
    const { longTasks } = await runToCompletion(page);
    console.info(`[browser tests] run 2: longest main-thread task ${Math.max(0, ...longTasks).toFixed(0)} ms`);
    expect(Math.max(0, ...longTasks)).toBeLessThanOrEqual(LONG_TASK_LIMIT_MS);
    const toggles = page.getByTestId('compare-toggle');
    expect(await toggles.count()).toBe(2);
    await toggles.nth(1).check();
    await toggles.nth(0).check();
    const view = page.getByTestId('compare-view');
    expect(await view.locator('tbody tr[data-kpi]').count()).toBe(KPIS.length);
    expect(await view.textContent()).toContain('配对');
    expect(await view.locator('td.delta').first().textContent()).toMatch(/\d/);
  });

  test('exports a CSV that starts with a BOM and has rows', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('kpi,name_zh,name_en,unit,mean,sd,ci95_lo,ci95_hi,replications');
    expect(lines.length).toBe(KPIS.length + 1);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  test('exports a chart as a standalone SVG and as PNG', async () => {
    const chart = page.getByTestId('chart-channel-mix');
    const [download] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /SVG/ }).click()]);
    const svg = readFileSync((await download.path())!, 'utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('class="mark area"');
    const [png] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /PNG/ }).click()]);
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  });

  test('shows a bad value inline and in the problem list with its JSON path, and blocks the run', async () => {
    await page.getByTestId('run-months').fill('0');
    await expect.poll(() => page.getByTestId('scenario-status').textContent()).toContain('$.simulation.months');
    expect(await page.getByTestId('run-months').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    await page.getByTestId('run-months').fill('4');
    await expect.poll(() => page.getByTestId('scenario-status').textContent()).toContain('✓');
    expect(await page.getByTestId('run-button').isEnabled()).toBe(true);
  });

  test('generates every editor section from the schema, each control labelled', async () => {
    const summaries = page.locator('details.section > summary');
    const n = await summaries.count();
    expect(n).toBeGreaterThan(15);
    for (let i = 0; i < n; i++) if (!(await summaries.nth(i).evaluate((el) => (el.parentElement as HTMLDetailsElement).open))) await summaries.nth(i).click();
    expect(await page.locator('#f-\\$\\.services\\[0\\]\\.counterMin').count()).toBe(1);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')]
        .filter((el) => !el.hidden && el.type !== 'hidden')
        .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
        .map((el) => el.outerHTML.slice(0, 120)));
    expect(unlabelled).toEqual([]);
    for (let i = 0; i < n; i++) if (await summaries.nth(i).evaluate((el) => (el.parentElement as HTMLDetailsElement).open)) await summaries.nth(i).click();
  });

  test('switches between Chinese and English', async () => {
    const run = page.getByTestId('run-button');
    expect(await run.textContent()).toContain('运行');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => run.textContent()).toContain('Run');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('kpi-netContribution').textContent()).toContain('CNY');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => run.textContent()).toContain('运行');
  });

  test('keeps the edited scenario and the runs across a reload', async () => {
    const closedBefore = await page.locator('[data-testid="outlet-map"] [data-open="false"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-outlet-id')).sort());
    const picked = await page.getByTestId('scenario-picker').inputValue();
    expect(picked).toMatch(/^user:/);
    await page.waitForTimeout(600); // the autosave delay
    await page.reload();
    await page.getByTestId('scenario-picker').waitFor();
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe(picked);
    expect(await page.getByTestId('run-customers').inputValue()).toBe('2000');
    expect(await page.getByTestId('run-months').inputValue()).toBe('4');
    await page.locator('[data-testid="outlet-map"] [data-outlet-id]').first().waitFor();
    const closedAfter = await page.locator('[data-testid="outlet-map"] [data-open="false"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-outlet-id')).sort());
    expect(closedAfter).toEqual(closedBefore);
    expect(await page.getByTestId('run-item').count()).toBe(2);
  });

  test('opens a shared scenario link, and names the JSON path of a broken one', async () => {
    const good = await encodeScenario({ name: 'Shared 分享测试', simulation: { months: 3, customers: 2000, replications: 2 } });
    await page.goto('about:blank');
    await page.goto(`${baseUrl}#${good}`);
    await page.getByTestId('share-confirm').click();
    await expect.poll(() => page.getByTestId('scenario-picker').locator('option:checked').textContent()).toBe('Shared 分享测试');
    expect(await page.getByTestId('run-months').inputValue()).toBe('3');
    expect(page.url()).not.toContain('#scenario=');
    const broken = await encodeScenario({ simulation: { months: 0 } });
    await page.goto('about:blank');
    await page.goto(`${baseUrl}#${broken}`);
    const error = page.getByTestId('notice-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('$.simulation.months');
  });

  test('duplicates, renames and deletes a scenario; imports and exports scenario files', async () => {
    const picker = page.getByTestId('scenario-picker');
    const checked = () => picker.locator('option:checked').textContent();
    await page.getByRole('button', { name: '复制', exact: true }).click();
    await expect.poll(checked).toMatch(/\(副本( \d+)?\)$/);
    await page.getByRole('button', { name: '重命名', exact: true }).click();
    await page.locator('form.rename input').fill('重命名测试 Renamed');
    await page.locator('form.rename').getByRole('button', { name: '重命名' }).click();
    await expect.poll(checked).toBe('重命名测试 Renamed');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scenario').click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { name: string };
    expect(exported.name).toBe('重命名测试 Renamed');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: '删除', exact: true }).click();
    await expect.poll(() => picker.inputValue()).toBe('bundled:default');
    expect(await picker.locator('option', { hasText: '重命名测试 Renamed' }).count()).toBe(0);
    // Import: the exported file comes back; a broken one is refused with its JSON path.
    await page.getByTestId('import-file').setInputFiles({ name: 'renamed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await expect.poll(checked).toBe('重命名测试 Renamed');
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"hotline":{"agents":-1}}') });
    await expect.poll(() => page.getByTestId('notice-error').last().textContent()).toContain('$.hotline.agents');
  });

  // A bundled scenario that reads districts and outlets from data files (scenarios/templates/).
  const withFiles = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .find((f) => /"districtsFile"\s*:/.test(readFileSync(join(ROOT, 'scenarios', f), 'utf8')));
  test.runIf(withFiles)(`reads the data files of ${withFiles ?? 'a bundled scenario'} into the map (district outlines, imported outlets)`, async () => {
    await page.getByTestId('scenario-picker').selectOption(`bundled:${withFiles!.replace(/\.json$/, '')}`);
    await expect.poll(() => page.locator('[data-testid="outlet-map"] path[fill-rule="evenodd"]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="outlet-map"] [data-outlet-id]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="outlet-map"] .error').count()).toBe(0);
  });

  test('cancels a run: the workers stop and the page is idle again', async () => {
    await page.getByTestId('scenario-picker').selectOption('bundled:default');
    await setRunSize(page, { customers: 60_000, months: 24, replications: 4 });
    await expect.poll(() => page.getByTestId('run-button').isEnabled()).toBe(true);
    const before = await page.getByTestId('run-item').count();
    await page.getByTestId('run-button').click();
    await expect.poll(async () => Number(await page.getByTestId('run-progress').getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
    const t0 = Date.now();
    await page.getByTestId('cancel-button').click();
    await page.locator('.run-panel[data-state="idle"]').waitFor({ timeout: 5_000 });
    console.info(`[browser tests] cancel took ${Date.now() - t0} ms`);
    expect(await page.getByTestId('run-item').count()).toBeLessThanOrEqual(before + 1);
    expect(await page.getByTestId('notice-info').last().textContent()).toMatch(/取消/);
  });

  test('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
