/**
 * Browser state as untrusted input, in headless Chromium: a database written by the first version
 * of the workbench (IndexedDB version 1) with a damaged run and setting among good records; shared
 * links that open only after a confirmation, and links that are refused (a bomb, an oversized one).
 *
 * The tests share one page and run in order.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './harness.ts';
import { encodeScenario, MAX_LINK_CHARS } from '../../src/ui/lib/share.ts';
import { bombParam } from '../fixtures/share-bomb.ts';
import { smallRunRecord } from '../fixtures/run-record.ts';

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');
// An empty page of the app's origin, to write its database before the app first opens it.
const BLANK = `${baseUrl}__blank`;

const PLANTED = { id: 'user:planted', source: 'user', json: { name: 'Planted 种下的', simulation: { months: 3, customers: 2000 } }, updatedAt: 1_764_000_000_000 };

/** The records of one object store, as [key, value] pairs. */
function readStore(p: Page, store: string): Promise<Array<[IDBValidKey, unknown]>> {
  return p.evaluate((name) => new Promise<Array<[IDBValidKey, unknown]>>((resolve, reject) => {
    const open = indexedDB.open('channel-lab');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(name, 'readonly');
      const keys = tx.objectStore(name).getAllKeys();
      const values = tx.objectStore(name).getAll();
      tx.oncomplete = () => {
        open.result.close();
        resolve(keys.result.map((k, i) => [k, values.result[i]]));
      };
    };
  }), store);
}

async function pickerOptions(p: Page): Promise<string[]> {
  return p.getByTestId('scenario-picker').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.route(BLANK, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
});

describe('stored state and shared links', () => {
  test('a version-1 database upgrades: good records load, a damaged run and setting are set aside with a notice', async () => {
    const good = smallRunRecord('run:good', 1_764_000_000_000);
    const damaged = { ...good, id: 'run:damaged', name: 'Damaged 损坏', result: { ...good.result, kpis: 'lost' } };
    await page.goto(BLANK);
    await page.evaluate(({ scenario, runs }) => new Promise<void>((resolve, reject) => {
      // The first version's database, as its upgrade made it.
      const open = indexedDB.open('channel-lab', 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore('scenarios', { keyPath: 'id' });
        open.result.createObjectStore('runs', { keyPath: 'id' });
        open.result.createObjectStore('settings');
      };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['scenarios', 'runs', 'settings'], 'readwrite');
        tx.objectStore('scenarios').put(scenario);
        for (const r of runs) tx.objectStore('runs').put(r);
        tx.objectStore('settings').put(scenario.id, 'activeId');
        tx.objectStore('settings').put('fr', 'locale');
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
      };
    }), { scenario: PLANTED, runs: [good, damaged] });

    await page.goto(baseUrl);
    await page.getByTestId('scenario-picker').waitFor();
    const errors = page.getByTestId('notice-error');
    await expect.poll(() => errors.count()).toBe(2);
    const texts = await errors.allTextContents();
    expect(texts[0]).toContain('A stored run, “Damaged 损坏” (run:damaged), could not be read and was set aside');
    expect(texts[0]).toContain('$.result.kpis: expected an object, got text');
    expect(texts[1]).toContain('A stored setting, locale, could not be read');
    expect(texts[1]).toContain('$: expected "zh-CN" | "en"');

    // The rest loaded: the planted scenario is the active one, the good run is shown.
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe('user:planted');
    expect(await page.getByTestId('run-months').inputValue()).toBe('3');
    expect(await page.getByTestId('run-item').count()).toBe(1);
    expect(await page.getByTestId('kpi-eChannelShare').textContent()).toMatch(/^\d+(\.\d)?%$/);
    // The locale fell back to the browser's, visibly (the notices are in English).
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // Set aside, not deleted: moved in the database, and a copy can be saved.
    expect((await readStore(page, 'runs')).map(([k]) => k)).toEqual(['run:good']);
    const aside = await readStore(page, 'setAside');
    expect(aside.map(([, v]) => [(v as { store: string }).store, (v as { key: string }).key])).toEqual([['runs', 'run:damaged'], ['settings', 'locale']]);
    expect((aside[0][1] as { value: { name: string } }).value.name).toBe('Damaged 损坏');
    const [download] = await Promise.all([page.waitForEvent('download'), errors.first().getByTestId('notice-action').click()]);
    expect(download.suggestedFilename()).toBe('channel-lab-set-aside.json');
    const copy = JSON.parse(readFileSync(await download.path(), 'utf8')) as Array<{ key: string; problems: Array<{ path: string }> }>;
    expect(copy.map((r) => r.key)).toEqual(['run:damaged', 'locale']);
    expect(copy[0].problems[0].path).toBe('$.result.kpis');

    // Moved once: the next visit loads without a notice.
    await page.reload();
    await page.getByTestId('scenario-picker').waitFor();
    expect(await page.getByTestId('run-item').count()).toBe(1);
    expect(await errors.count()).toBe(0);
  });

  test('a shared link opens only after the confirmation, as a new scenario beside one of the same name', async () => {
    const before = await pickerOptions(page);
    const link = await encodeScenario({ name: 'Planted 种下的', simulation: { months: 6, customers: 3000 } });
    await page.goto('about:blank');
    await page.goto(`${baseUrl}#${link}`);
    const dialog = page.getByTestId('share-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('share-name').textContent()).toBe('Planted 种下的');
    expect((await dialog.locator('dt').allTextContents()).slice(0, 4)).toEqual(['Name', 'Source', 'Subscribers', 'Months']);
    expect((await dialog.locator('dd').allTextContents()).slice(0, 4)).toEqual(['Planted 种下的', 'shared link', '3,000', '6']);
    expect(await dialog.getByTestId('share-changes').textContent()).toContain('simulation.months: 6 (default 24)');
    // Nothing has changed yet.
    expect(await pickerOptions(page)).toEqual(before);
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe('user:planted');

    await dialog.getByTestId('share-confirm').click();
    await expect.poll(() => page.getByTestId('scenario-picker').locator('option:checked').textContent()).toBe('Planted 种下的 (copy)');
    expect(await dialog.isVisible()).toBe(false);
    const after = await pickerOptions(page);
    expect(after.length).toBe(before.length + 1);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(await page.getByTestId('run-months').inputValue()).toBe('6');
    expect(page.url()).not.toContain('#scenario=');
    // The planted scenario is untouched.
    expect((await readStore(page, 'scenarios')).find(([k]) => k === 'user:planted')?.[1]).toEqual(PLANTED);
  });

  test('a link pasted into the open tab asks too; Cancel or Escape leaves everything as it was', async () => {
    const before = await pickerOptions(page);
    const active = await page.getByTestId('scenario-picker').inputValue();
    const link = await encodeScenario({ name: 'Not wanted', simulation: { months: 2 } });
    await page.evaluate((hash) => (location.hash = hash), link);
    const dialog = page.getByTestId('share-dialog');
    await dialog.getByTestId('share-cancel').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await pickerOptions(page)).toEqual(before);
    expect(page.url()).not.toContain('#scenario=');
    // Escape is Cancel too.
    await page.evaluate((hash) => (location.hash = hash), link);
    await dialog.getByTestId('share-name').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await pickerOptions(page)).toEqual(before);
    expect(await page.getByTestId('scenario-picker').inputValue()).toBe(active);
    expect(page.url()).not.toContain('#scenario=');
    expect(await page.getByTestId('notice-error').count()).toBe(0);
  });

  test('a bomb link is refused while inflating, and an oversized link before it', async () => {
    const before = await pickerOptions(page);
    await page.evaluate((hash) => (location.hash = hash), `scenario=${bombParam(100)}`);
    const errors = page.getByTestId('notice-error');
    await expect.poll(() => errors.count()).toBe(1);
    expect(await errors.first().textContent()).toContain('The shared link was not opened: it unpacks to more than 8 MB');

    const oversized = bombParam(400);
    expect(oversized.length).toBeGreaterThan(MAX_LINK_CHARS);
    await page.goto('about:blank');
    await page.goto(`${baseUrl}#scenario=${oversized}`);
    await expect.poll(() => errors.count()).toBe(1);
    expect(await errors.first().textContent()).toContain(`it is ${Math.ceil(oversized.length / 1024)} KB long, and links of up to 512 KB are accepted`);
    expect(await page.getByTestId('share-dialog').isVisible()).toBe(false);
    expect(await pickerOptions(page)).toEqual(before);
    expect(page.url()).not.toContain('#scenario=');
  });

  test('an edit the browser fails to save is said once, not lost silently', async () => {
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.getByTestId('run-months').fill('5');
    const failed = page.getByTestId('notice-error').filter({ hasText: 'Could not save in this browser' });
    await failed.waitFor();
    expect(await failed.textContent()).toContain('(The quota has been exceeded.): your latest changes will not survive a reload');
    await page.getByTestId('run-months').fill('7');
    await page.waitForTimeout(600); // the autosave delay: this save fails too, without a second notice
    expect(await failed.count()).toBe(1);
  });

  test('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
