/**
 * The workbench in Simplified Chinese, in headless Chromium: the scenario editor with every
 * section open shows no English description, unit or developer word ("null", "seed 000",
 * "expected int"); a value of the wrong type is refused in a Chinese sentence; and every view
 * (the workbench after a small run, the comparison, training, levers with a diversion target
 * found, calibration, data) shows no Latin-letter word outside an allow-list.
 *
 * What may stay English is marked in the page or derived from the code, not listed by hand: an
 * element with lang="en" is the English term shown beside the Chinese one on purpose (DOMAIN.md),
 * one with translate="no" holds data as written (ids, scenario and run names), and <code> a JSON
 * path; a domain term's English (KPIs, channels, services, fields) may follow its Chinese in the
 * same text, and the scenario names the library lists are data wherever they appear. The
 * allow-list below holds only units, formats, key names and names Chinese text uses as they are.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPage } from './harness.ts';
import { KPI_META } from '../../src/model/kpis.ts';
import { CHANNEL_LABELS } from '../../src/model/domain.ts';
import { DEFAULT_SERVICES } from '../../src/model/scenario.ts';
import { FIELD_TERMS, SECTION_TERMS, splitBilingual } from '../../src/ui/i18n/terms.ts';
import { NEW_LINE, OTHER_SERVICES } from '../../src/ui/lib/flows.ts';

const RUN_TIMEOUT_MS = 120_000;

/** Words Chinese text keeps in Latin letters: formats, units, acronyms, model names, symbols. */
const ALLOWED = new Set([
  'Channel', 'Lab', 'JSON', 'CSV', 'SVG', 'PNG', 'PDF', 'A4', 'GeoJSON', 'UTF', 'BOM', 'GBK', 'Excel', 'KB', 'MB', 'GB',
  'km', 'min', 'h', 's', 'ms', 'P90', 'p90',
  'App', 'ARPU', 'USSD', 'IVR', 'SMS', 'O2O', 'VIP', 'SIM', 'TD', '3G', 'GPRS',
  'Space', 'Enter', 'Esc', 'Shift', 'Ctrl', 'P', // key names (shortcuts)
  'Erlang', 'C', 'Bass', 'Huff', 'Logit', 'Nelder', 'Mead', 'Sultan', 'Farley', 'Lehmann',
  'X', 'Y', 'x', 'y', 'p', 'q', 'F', 'r', 'ln', 'λ', 'α',
]);
/** Domain terms in both languages: the English may stand beside the Chinese. */
const BILINGUAL: Array<[string, string]> = [
  ...Object.values(KPI_META), ...Object.values(CHANNEL_LABELS), ...Object.values(FIELD_TERMS), ...Object.values(SECTION_TERMS),
  ...DEFAULT_SERVICES.map((s) => splitBilingual(s.name ?? '')), NEW_LINE, OTHER_SERVICES,
].map((t) => [t.zh, t.en] as [string, string]).filter(([zh, en]) => zh !== en);
/** Outlet ids (S01, P013, and L07 for a partner that opened during a run) are data the map and tables show as they are. */
const ID = /^[SPL]\d+$/;

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const baseUrl = inject('baseUrl');

/**
 * The Latin-letter words in the text and the labels (aria-label, title, placeholder, alt) under
 * `root`, outside lang="en", translate="no", <code>, <script>, <style> and <textarea>; tokens with
 * a path or pattern character (. / : < > | [ ,) are data (file names, metric patterns) and left out.
 */
async function englishWords(p: Page, root = 'body', names: readonly string[] = []): Promise<string[]> {
  const found = await p.evaluate(([selector, bilingual, names]) => {
    const SKIP = '[lang="en"], [translate="no"], code, script, style, textarea';
    const out: string[] = [];
    const scan = (raw: string, where: string) => {
      let text = raw;
      for (const name of names) text = text.split(name).join(' ');
      for (const [zh, en] of bilingual) if (text.includes(zh) && text.includes(en)) text = text.split(en).join(' ');
      const cleaned = text.replace(/[\w$*<>|[\],.\-/:]*[./:<>|[,][\w$*<>|[\],./:\-]*/g, ' ');
      for (const w of cleaned.match(/[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*/g) ?? []) out.push(`${w}\t${where}`);
    };
    const rootEl = document.querySelector(selector);
    if (!rootEl) return out;
    const walker = document.createTreeWalker(rootEl, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(SKIP)) continue;
      scan(n.textContent ?? '', (n.textContent ?? '').trim().slice(0, 80));
    }
    for (const el of rootEl.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (el.closest(SKIP)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) scan(v, `@${a}: ${v.slice(0, 80)}`);
      }
    }
    return out;
  }, [root, BILINGUAL, names.filter((n) => n.length > 0)] as const);
  return found.filter((f) => {
    const word = f.split('\t')[0];
    return !ALLOWED.has(word) && !ID.test(word);
  });
}

beforeAll(async () => {
  ({ browser, page } = await openPage(baseUrl, 'run-button', pageErrors));
});

afterAll(async () => {
  await browser?.close();
});

describe('the workbench in Chinese', () => {
  test('the editor with every section open: Chinese descriptions and units, no English, no “null” or “seed 000”', async () => {
    expect(await page.getByTestId('language-switch').textContent()).toContain('English');
    const sections = page.locator('details.section');
    const n = await sections.count();
    expect(n).toBeGreaterThan(15);
    for (let i = 0; i < n; i++) await sections.nth(i).evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await expect.poll(() => page.locator('.editor .help').count()).toBeGreaterThan(300);
    const helps = await page.locator('.editor .help').allTextContents();
    expect(helps.filter((t) => /\bnull\b|\bseed \d{3}\b|expected/.test(t))).toEqual([]);
    const units = await page.locator('.editor .unit-chip').allTextContents();
    expect(units.length).toBeGreaterThan(150);
    expect(units.filter((u) => /[A-Za-z]{2,}/.test(u) && !/ln/.test(u))).toEqual([]);
    expect(await page.locator('[id="f-$.hotline.answerWithinSec-help"]').textContent()).toContain('依据《中国联通3G服务战略与工作部署》');
    expect(await page.locator('[id="f-$.levers.diversion.kiosksPerStore"]').getAttribute('placeholder')).toBe('不设');
    expect(await englishWords(page, '.editor')).toEqual([]);
  });

  test('a value of the wrong type is refused in a Chinese sentence at its field', async () => {
    await page.getByTestId('json-tab').click();
    const json = page.getByTestId('scenario-json');
    const text = await json.inputValue();
    const value = JSON.parse(text) as { simulation: Record<string, unknown> };
    value.simulation.months = 2.5;
    await json.fill(JSON.stringify(value, null, 2));
    const status = page.getByTestId('scenario-status');
    await expect.poll(() => status.textContent()).toContain('$.simulation.months');
    expect(await status.textContent()).toContain('应为整数，实为 2.5');
    expect(await status.textContent()).not.toMatch(/expected|int\b/);
    value.simulation.months = 3;
    await json.fill(JSON.stringify(value, null, 2));
    await expect.poll(() => status.textContent()).toContain('情景有效');
    await page.locator('#tab-form').click();
  });

  test('every view after a small run, a comparison and a diversion target found: no English outside the allow-list', async () => {
    await page.getByTestId('run-customers').fill('800');
    await page.getByTestId('run-months').fill('3');
    await page.getByTestId('run-replications').fill('2');
    for (let k = 1; k <= 2; k++) {
      await page.getByTestId('run-button').click();
      await expect.poll(() => page.getByTestId('run-item').count(), { timeout: RUN_TIMEOUT_MS, interval: 250 }).toBe(k);
      await page.locator('.run-panel[data-state="idle"]').waitFor({ timeout: 10_000 });
    }
    await page.getByTestId('chart-diversion').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('chart-diversion').textContent()).toContain('分流目标');
    expect(await page.getByTestId('kpi-diversionRate-target').textContent()).toMatch(/分流目标 \d+(\.\d)?%/);
    const ticks = page.getByTestId('run-item').locator('input[type="checkbox"]');
    for (let i = 0; i < 2; i++) await ticks.nth(i).check();
    await page.getByTestId('compare-diversion-target').waitFor();
    // the library's scenario names are data wherever they are shown (notices, run labels)
    const names = await page.getByTestId('scenario-picker').locator('option').allTextContents();
    const found: Record<string, string[]> = {};
    for (const view of ['workbench', 'training', 'levers', 'calibration', 'data']) {
      await page.getByTestId(`nav-${view}`).click();
      await page.waitForTimeout(view === 'training' ? 3000 : 800);
      if (view === 'levers') {
        // a diversion target found at a tiny size: the result's sentences and tables too
        await page.getByTestId('plan-agents').fill('600');
        await page.getByTestId('plan-months').fill('4');
        await page.getByTestId('plan-replications').fill('2');
        await page.getByTestId('seek-run').click();
        await page.getByTestId('seek-value').waitFor({ timeout: RUN_TIMEOUT_MS });
      }
      found[view] = await englishWords(page, 'body', names);
    }
    expect(found).toEqual({ workbench: [], training: [], levers: [], calibration: [], data: [] });
    expect(pageErrors).toEqual([]);
  });
});
