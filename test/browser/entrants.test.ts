/**
 * The partners that opened during a run (entrants at latent sites, 新开社会渠道网点) on the planning
 * map and in the outlet table, in headless Chromium (zh-CN, 1440 × 1000): none before a run; after a
 * small run where partners enter quickly (partners.entryRate 0.3 a month, a fixed cost of 100 CNY
 * a month, so almost any site expects a profit; 800 agents, 3 months, 2 replications) the map
 * draws each with its own hook (data-entrant-id, never data-outlet-id), the legend counts them, the
 * tooltip gives their figures, the table lists them with figures under the "opened during the run"
 * filter, sorted like the other rows; a click or Shift-click on one neither closes nor selects it
 * but says why, and "select all" takes only the scenario's 92 outlets. With the entrants among
 * them every mark still picks (the element at its centre is the mark or its cluster) and nothing
 * overflows at 1024 px.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closuresLever, misfits, openPage, unpickable } from './harness.ts';

const RUN_TIMEOUT_MS = 60_000;
const PLANNED = 92;

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');
const map = () => page.getByTestId('outlet-map');
const table = () => page.getByTestId('outlet-table');

/** Reads a number as the table prints it in zh-CN (thousands separators, 元, 万). */
function readNumber(text: string): number {
  const t = text.replace(/[,\s元]/g, '');
  const wan = t.endsWith('万');
  const v = Number(wan ? t.slice(0, -1) : t);
  return wan ? v * 10_000 : v;
}

beforeAll(async () => {
  ({ browser, page } = await openPage(baseUrl, 'run-button', pageErrors));
  await map().locator('[data-outlet-id]').first().waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('partners that opened during the run', () => {
  test('before any run: no entrant on the map, in the legend or in the table', async () => {
    expect(await map().locator('[data-outlet-id]').count()).toBe(PLANNED);
    expect(await map().locator('[data-entrant-id]').count()).toBe(0);
    expect(await page.getByTestId('map-entrant-legend').count()).toBe(0);
    expect(await table().locator('tbody tr').count()).toBe(PLANNED);
    expect(await table().locator('tr[data-entrant-id]').count()).toBe(0);
    expect(await page.getByTestId('outlet-entrant-help').count()).toBe(0);
  });

  test('after a run with entry: drawn, counted, described and listed with their figures; never selected or closed, and the click says why', async () => {
    const t0 = Date.now();
    await page.getByTestId('json-tab').click();
    const json = page.getByTestId('scenario-json');
    const scenario = JSON.parse(await json.inputValue()) as Record<string, Record<string, unknown> | undefined>;
    const leverBefore = (scenario.levers?.closures as { outlets?: string[] } | undefined)?.outlets ?? [];
    scenario.partners = { ...scenario.partners, entryRate: 0.3, fixedCostMonthly: 100 };
    await json.fill(JSON.stringify(scenario, null, 2));
    await expect.poll(() => page.getByTestId('scenario-status').textContent()).toContain('情景有效');
    await page.locator('#tab-form').click();
    await page.getByTestId('run-customers').fill('800');
    await page.getByTestId('run-months').fill('3');
    await page.getByTestId('run-replications').fill('2');
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('run-item').count(), { timeout: RUN_TIMEOUT_MS, interval: 200 }).toBe(1);
    await page.locator('.run-panel[data-state="idle"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('nav-workbench').click();

    // On the map: the scenario's outlets as before, the entrants beside them under their own hook.
    await expect.poll(() => map().locator('[data-entrant-id]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const n = await map().locator('[data-entrant-id]').count();
    expect(await map().locator('[data-outlet-id]').count()).toBe(PLANNED);
    expect(n).toBeLessThanOrEqual(40);
    expect(await map().locator('[data-entrant-id][data-outlet-id]').count()).toBe(0);
    const legend = page.getByTestId('map-entrant-legend');
    expect(await legend.textContent()).toContain(`运行中新开的社会渠道网点（${n} 个）`);

    // The tooltip of one drawn alone (not in a cluster) says it opened during the run and gives figures.
    const mark = map().locator('.outlet.entrant:not(.clustered)').first();
    const id = (await mark.getAttribute('data-entrant-id'))!;
    expect(['low', 'mid', 'high']).toContain(await mark.getAttribute('data-class'));
    await mark.hover();
    const tip = map().getByRole('tooltip');
    await tip.waitFor();
    expect(await tip.getByTestId('map-entrant-tip').textContent()).toContain('运行中新开的社会渠道网点');
    expect(await tip.locator('dd').count()).toBeGreaterThanOrEqual(5);
    expect(await tip.textContent()).toContain(id);

    // A click and a Shift-click: nothing closed, nothing selected, and a notice naming it.
    await mark.click();
    const notice = page.getByTestId('map-entrant-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-entrant-id')).toBe(id);
    expect(await notice.textContent()).toContain('不能在此选中或关停');
    await mark.click({ modifiers: ['Shift'] });
    expect(await map().locator('[data-selected="true"]').count()).toBe(0);
    expect(await page.getByTestId('close-selected').isDisabled()).toBe(true);
    expect(await closuresLever(page)).toEqual(leverBefore);
    expect(leverBefore).not.toContain(id);

    // In the table: the filter "opened during the run" lists exactly the map's entrants, each with figures and a class.
    await table().scrollIntoViewIfNeeded();
    expect(await page.getByTestId('outlet-entrant-help').textContent()).toContain(`运行中有 ${n} 个社会渠道网点在候选点新开`);
    await page.getByTestId('outlet-filter-state').selectOption('entrant');
    const rows = table().locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(n);
    expect(await table().locator('tbody tr[data-entrant-id]').count()).toBe(n);
    expect(await table().locator('tbody input[type="checkbox"]').count()).toBe(0);
    expect(await page.getByTestId('outlet-select-all').isDisabled()).toBe(true);
    await table().locator('button[data-sort="transactions"]').click();
    await table().locator('button[data-sort="transactions"]').click();
    expect(await table().getAttribute('data-direction')).toBe('desc');
    const listed = await rows.evaluateAll((trs) => trs.map((tr) => ({
      id: tr.getAttribute('data-entrant-id')!, cls: tr.getAttribute('data-class')!, cells: [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
    })));
    const mapIds = await map().locator('[data-entrant-id]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-entrant-id')!));
    expect(listed.map((r) => r.id).sort()).toEqual([...mapIds].sort());
    // columns: pick, id, name, kind, efficiency, transactions, new lines, revenue, waits ×2, utilisation, cost, state
    const tx = listed.map((r) => readNumber(r.cells[5]));
    for (const [i, r] of listed.entries()) {
      expect(['low', 'mid', 'high'], r.id).toContain(r.cls);
      expect(r.cells[3], r.id).toBe('社会渠道网点');
      expect(tx[i], `${r.id} transactions "${r.cells[5]}"`).toBeGreaterThan(0);
      expect(r.cells[12], r.id).toMatch(/^运行中新开，(期末营业|已退出)$/);
      if (i > 0) expect(tx[i], `sorted: ${r.id}`).toBeLessThanOrEqual(tx[i - 1]);
    }
    const row = table().locator(`tr[data-entrant-id="${listed[0].id}"]`);
    await row.getByTestId('entrant-why').click();
    expect(await notice.getAttribute('data-entrant-id')).toBe(listed[0].id);

    // Every row of the table: "select all" takes the scenario's outlets only.
    await page.getByTestId('outlet-filter-state').selectOption('all');
    await expect.poll(() => rows.count()).toBe(Math.min(100, PLANNED + n));
    await page.getByTestId('outlet-select-all').check();
    expect(await map().locator('[data-selected="true"]').count()).toBe(PLANNED);
    expect(await map().locator('[data-entrant-id][data-selected]').count()).toBe(0);
    await page.getByTestId('clear-selection').click();

    expect((await unpickable(page, '[data-outlet-id], [data-entrant-id]')).hidden).toEqual([]);
    await page.setViewportSize({ width: 1024, height: 900 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
    expect(await misfits(page)).toEqual([]);
    expect((await unpickable(page, '[data-outlet-id], [data-entrant-id]')).hidden).toEqual([]);
    console.info(`[browser tests] entrants: ${n} partners opened during the run (800 agents × 3 months × 2 replications), test ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(pageErrors).toEqual([]);
  });
});
