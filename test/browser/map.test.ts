/**
 * The planning map in headless Chromium (zh-CN, 1440 × 1000 unless a width is measured): every
 * outlet mark can be picked at the default zoom (the element at each mark's centre is that mark,
 * or the cluster holding it) in the generated city and in the sample city's crowded centre, where
 * a cluster zooms in on its outlets; zoom (buttons, Ctrl + wheel) and pan (drag) change the
 * transform and the plain wheel scrolls the page; the scale bar reads a round distance as long as
 * it says; Shift-click selects on the map; the planner's task "close the three least efficient
 * outlets" end to end (sort the table by efficiency, tick three, close them, run, see where their
 * customers went), timed and counted in clicks; no horizontal overflow at 1024–1920 px; and
 * outlets imported without their districts raise the notice.
 *
 * The tests share one page and run in order; runs are tiny (2,000 agents, 9 months so that the
 * default scenario's closures from month 7 happen, 2 replications).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closuresLever, misfits, openPage, ROOT, unpickable } from './harness.ts';

const RUN_TIMEOUT_MS = 120_000;
const WIDTHS = [1024, 1280, 1440, 1920];

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');
const map = () => page.getByTestId('outlet-map');
const zoomOf = () => map().evaluate((e) => ({ k: Number(e.dataset.zoomK), x: Number(e.dataset.zoomX), y: Number(e.dataset.zoomY) }));

/** Press Run and wait for one more finished run. */
async function run(p: Page) {
  const before = await p.getByTestId('run-item').count();
  await p.getByTestId('run-button').click();
  await expect.poll(() => p.getByTestId('run-item').count(), { timeout: RUN_TIMEOUT_MS, interval: 200 }).toBe(before + 1);
  await p.locator('.run-panel[data-state="idle"]').waitFor({ timeout: 10_000 });
}

beforeAll(async () => {
  ({ browser, page } = await openPage(baseUrl, 'run-button', pageErrors));
  await map().locator('[data-outlet-id]').first().waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('the planning map', () => {
  test('every one of the 92 outlet marks can be clicked at the default zoom: no mark hides another’s centre', async () => {
    const r = await unpickable(page);
    expect(r.n).toBe(92);
    expect(r.shown).toBe(92);
    expect(r.hidden).toEqual([]);
    // districts are areas: one polygon for each of the 22 generated districts
    expect(await map().locator('.districts path').count()).toBe(22);
  });

  test('the scale bar reads a round distance and is as long as it says', async () => {
    const read = async () => {
      const bar = page.getByTestId('map-scale');
      const pxPerKm = await map().locator('svg > rect').first().evaluate((r) => r.getBoundingClientRect().width / 40);
      return { text: (await bar.textContent())!.trim(), km: Number(await bar.getAttribute('data-km')), px: Number(await bar.getAttribute('data-px')), pxPerKm };
    };
    const at1 = await read();
    expect(at1.text).toMatch(/^([125]0*) 公里$/);
    expect(Number(at1.text.split(' ')[0])).toBe(at1.km);
    expect(at1.px).toBeCloseTo(at1.km * at1.pxPerKm, 1);
    await page.getByTestId('map-zoom-in').click();
    await expect.poll(zoomOf).toMatchObject({ k: 2 });
    const at2 = await read();
    expect(at2.pxPerKm).toBeCloseTo(2 * at1.pxPerKm, 6);
    expect(at2.km).toBeLessThan(at1.km);
    expect(at2.px).toBeCloseTo(at2.km * at2.pxPerKm, 1);
    expect(at2.text).toMatch(/^(([125]0*) 公里|([125]0*) 米)$/);
  });

  test('zoom and pan change the transform: drag pans, Ctrl + wheel zooms, the plain wheel scrolls the page, the fit button restores', async () => {
    const z0 = await zoomOf();
    expect(z0.k).toBe(2);
    const box = (await map().boundingBox())!;
    // drag from an empty corner of the map (marks take clicks, not drags)
    const sx = box.x + 30, sy = box.y + box.height - 40;
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    await page.mouse.move(sx + 60, sy - 30, { steps: 6 });
    await page.mouse.up();
    const z1 = await zoomOf();
    expect(z1.k).toBe(2);
    expect(z1.x - z0.x).toBeCloseTo(60, 0);
    expect(z1.y - z0.y).toBeCloseTo(-30, 0);
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    const scroll0 = await page.evaluate(() => scrollY);
    await page.mouse.wheel(0, 200);
    await page.getByRole('status').filter({ hasText: 'Ctrl' }).waitFor();
    expect((await zoomOf()).k).toBe(2);
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(scroll0);
    const box2 = (await map().boundingBox())!;
    await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(async () => (await zoomOf()).k).toBeGreaterThan(2);
    await page.getByTestId('map-zoom-fit').click();
    await expect.poll(zoomOf).toEqual({ k: 1, x: 0, y: 0 });
  });

  test('Shift-click selects outlets on the map without closing them; the selection clears', async () => {
    await map().evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const ids = await page.evaluate(() => [...document.querySelectorAll<SVGGElement>('[data-testid="outlet-map"] .outlet:not(.clustered)[data-open="true"]')].slice(0, 2).map((e) => e.dataset.outletId!));
    for (const id of ids) await map().locator(`[data-outlet-id="${id}"]`).click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('outlet-selection').textContent()).toContain('已选中 2 个');
    for (const id of ids) {
      expect(await map().locator(`[data-outlet-id="${id}"]`).getAttribute('data-open')).toBe('true');
      expect(await map().locator(`[data-outlet-id="${id}"]`).getAttribute('data-selected')).toBe('true');
      expect(await page.getByTestId('outlet-table').locator(`tr[data-outlet-id="${id}"] input[type="checkbox"]`).isChecked()).toBe(true);
    }
    await page.getByTestId('clear-selection').click();
    expect(await map().locator('[data-selected="true"]').count()).toBe(0);
  });

  test('the planner closes the three least efficient outlets from the table: the lever lists them, a run shows them closed with flows drawn', async () => {
    await page.getByTestId('run-customers').fill('2000');
    await page.getByTestId('run-months').fill('9');
    await page.getByTestId('run-replications').fill('2');
    await run(page);

    // The task, timed from opening the workbench to the flows on the map, counting clicks.
    let clicks = 0;
    const t0 = Date.now();
    await page.getByTestId('nav-workbench').click(); clicks++;
    const table = page.getByTestId('outlet-table');
    await table.scrollIntoViewIfNeeded();
    await table.locator('button[data-sort="efficiency"]').click(); clicks++;
    expect(await table.getAttribute('data-sort')).toBe('efficiency');
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-outlet-id')!, cls: tr.getAttribute('data-class')!, open: tr.getAttribute('data-open') === 'true' })));
    const rank = { low: 0, mid: 1, high: 2, none: 3 } as Record<string, number>;
    for (let i = 1; i < rows.length; i++) expect(rank[rows[i].cls], `row ${i}`).toBeGreaterThanOrEqual(rank[rows[i - 1].cls]);
    expect(rows[0].cls).toBe('low');
    const three = rows.filter((r) => r.open).slice(0, 3).map((r) => r.id);
    for (const id of three) { await table.locator(`tr[data-outlet-id="${id}"] input[type="checkbox"]`).check(); clicks++; }
    await page.getByTestId('close-selected').click(); clicks++;
    for (const id of three) expect(await map().locator(`[data-outlet-id="${id}"]`).getAttribute('data-open')).toBe('false');
    const tRun = Date.now();
    await run(page); clicks++;
    const runMs = Date.now() - tRun;
    const legend = page.getByTestId('map-flows-legend');
    await legend.waitFor({ timeout: 20_000 });
    // Each closed outlet is in the legend: with arrows where its customers went to outlets, its
    // off-map shares, or a note that no customer agent had it as home (a low-efficiency partner
    // may have none at this size: 2,000 agents for 100,000 subscribers).
    let drawn = 0;
    for (const id of three) {
      const item = legend.locator(`[data-flow-from="${id}"]`);
      await item.waitFor();
      const paths = await page.locator(`[data-testid="map-flows"] path.flow[data-flow^="${id}>"]`).count();
      drawn += paths;
      if (paths === 0) expect(await item.locator('.off').count(), id).toBeGreaterThan(0);
    }
    expect(drawn).toBeGreaterThan(0);
    const seconds = (Date.now() - t0) / 1000;
    console.info(`[browser tests] planner task "close the three least efficient outlets": ${clicks} clicks, ${seconds.toFixed(1)} s (the run ${(runMs / 1000).toFixed(1)} s of it, 2,000 agents × 9 months × 2 replications); closed ${three.join(', ')}`);
    expect(clicks).toBe(7);

    const lever = await closuresLever(page);
    for (const id of three) expect(lever).toContain(id);
    // the run closed them: the table (sorted, state column) and the flows' legend agree
    for (const id of three) expect(await table.locator(`tr[data-outlet-id="${id}"]`).getAttribute('data-open')).toBe('false');
    expect(await page.locator('[data-testid="map-flows"] path.flow').count()).toBeGreaterThanOrEqual(drawn);
    // only the plan's closures are drawn: the partners that left on their own (they lost money) are named apart
    const from = await legend.locator('[data-flow-from]').evaluateAll((els) => els.map((e) => e.getAttribute('data-flow-from')!));
    for (const id of from) expect(lever, id).toContain(id);
    // (partners do leave at this size: the run's economics make some lose money within 9 months)
    const exits = page.getByTestId('map-flows-exits');
    await exits.waitFor();
    const named = ((await exits.textContent()) ?? '').split(/[:：]/).pop()!.split(/[,、。.]/).map((x) => x.trim()).filter((x) => x !== '');
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(lever, id).not.toContain(id);
    for (const id of named) expect(from, id).not.toContain(id);
  });

  test('no horizontal overflow at 1024, 1280, 1440 and 1920 px with the map, its flows, the selection bar and the table', async () => {
    const found: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
      for (const m of await misfits(page)) found.push(`${width} px: ${m}`);
      const r = await unpickable(page);
      if (r.hidden.length > 0) found.push(`${width} px: hidden marks ${r.hidden.join(', ')}`);
    }
    await page.setViewportSize({ width: 1440, height: 1000 });
    expect(found).toEqual([]);
  });

  test('the sample city’s 340 outlets: the crowded centre clusters, every outlet picks (itself or its cluster), and a cluster zooms in on its outlets', async () => {
    await page.getByTestId('scenario-picker').selectOption('bundled:sample-city');
    await expect.poll(() => map().locator('[data-outlet-id]').count(), { timeout: 60_000 }).toBe(340);
    await expect.poll(async () => (await unpickable(page)).clusters, { timeout: 20_000 }).toBeGreaterThan(0);
    const r = await unpickable(page);
    expect(r.shown).toBe(340);
    expect(r.hidden).toEqual([]);
    const cluster = map().locator('.cluster').first();
    const members = (await cluster.getAttribute('data-members'))!.split(' ');
    await cluster.click();
    await expect.poll(async () => (await zoomOf()).k).toBeGreaterThan(1.9);
    // zoomed in, at least some of its outlets stand alone
    await expect.poll(() => page.evaluate((ids) => ids.filter((id) => document.querySelector(`[data-testid="outlet-map"] .outlet:not(.clustered)[data-outlet-id="${id}"]`)).length, members)).toBeGreaterThan(1);
    const zoomed = await unpickable(page);
    expect(zoomed.shown).toBeGreaterThan(members.length);
    expect(zoomed.hidden).toEqual([]);
  });

  test('outlets imported without their districts: the map says the districts are made up and what to do', async () => {
    await page.getByTestId('scenario-picker').selectOption('bundled:default');
    await page.getByTestId('nav-data').click();
    await page.getByTestId('data-view').waitFor();
    await page.getByTestId('data-file').setInputFiles({ name: 'outlets-gbk.csv', mimeType: 'text/csv', buffer: readFileSync(join(ROOT, 'scenarios/templates/outlets-gbk.csv')) });
    const batch = page.getByTestId('import-batch').first();
    await batch.locator('[data-testid="import-applied"], [data-testid="import-confirm"]').first().waitFor({ timeout: 30_000 });
    if (await batch.getByTestId('import-confirm').count()) await batch.getByTestId('import-confirm').click();
    await expect.poll(() => map().locator('[data-outlet-id]').count(), { timeout: 30_000 }).toBe(340);
    const notice = page.getByTestId('map-placement');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.getByTestId('map-placement-generated').textContent()).toContain('请同时导入同一城市的区县文件');
    expect(pageErrors).toEqual([]);
  });
});
