/**
 * Browser-test harness: Debian's Chromium (installed here when missing and possible), the app
 * built with Vite into a temporary directory and served by `vite preview` on a free port.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { freePort } from '../helpers/processes.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(ROOT, 'vite.config.ts');

/**
 * The Chromium binary's path. When it is missing: as root with apt-get, install Debian's
 * `chromium`; otherwise throw one line saying how to install it (browser tests never skip).
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const root = process.getuid?.() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (root && apt) {
    console.error('[browser tests] /usr/bin/chromium is missing: installing Debian\'s chromium (apt-get update && apt-get install -y chromium)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && existsSync(CHROMIUM)) return CHROMIUM;
    throw new Error(`Browser tests need Chromium at ${CHROMIUM}, and "apt-get install -y chromium" failed (exit ${install.status}); install it by hand, then run npm test again.`);
  }
  throw new Error(`Browser tests need Chromium at ${CHROMIUM}: install it with "sudo apt-get update && sudo apt-get install -y chromium" (Debian), then run npm test again.`);
}

/** Build the app into a new temporary directory; returns the directory. */
export async function buildApp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'channel-lab-dist-'));
  await build({ root: ROOT, configFile: CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Serve a built app with `vite preview` on a free local port. */
export async function serveApp(outDir: string): Promise<{ url: string; server: PreviewServer }> {
  const port = await freePort();
  const server = await preview({
    root: ROOT, configFile: CONFIG, logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { url: `http://127.0.0.1:${port}/`, server };
}

/** Stop with one line when no Chinese font is installed: Chromium would draw the labels as boxes. */
export function requireChineseFont(): void {
  const cjk = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (cjk.status === 0 && cjk.stdout.trim() === '') {
    console.error('no Chinese font installed: the screenshot would show boxes; install one with "apt-get install -y fonts-noto-cjk"');
    process.exit(1);
  }
}

/**
 * Chromium with one page on the app, once the element `readyTestId` is there; the page's uncaught
 * errors are pushed to `errors`. The browser context is zh-CN at 1440 × 1000 unless `options` say
 * otherwise.
 */
export async function openPage(url: string, readyTestId: string, errors: string[], options: BrowserContextOptions = {}): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 }, ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.getByTestId(readyTestId).waitFor({ timeout: 30_000 });
  return { browser, page };
}

/**
 * What does not fit, as lines "element → container": the page wider than the window; an element
 * whose right edge passes its parent's (unless the parent scrolls or clips: a wide table in its
 * scroll box is allowed; an SVG label is held to the chart's card); a KPI card whose text is wider
 * than the card.
 */
export function misfits(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const out: string[] = [];
    const se = document.scrollingElement!;
    if (se.scrollWidth > innerWidth) out.push(`page ${se.scrollWidth} px wide in a ${innerWidth} px window`);
    const name = (e: Element) => {
      const cls = typeof e.className === 'string' ? e.className.split(/\s+/).filter((c) => c && !c.startsWith('svelte-')).join('.') : '';
      const id = e.getAttribute('data-testid') ?? e.id;
      return `${e.tagName.toLowerCase()}${cls ? `.${cls}` : ''}${id ? `[${id}]` : ''}`;
    };
    const TABLE_PARTS = new Set(['THEAD', 'TBODY', 'TFOOT', 'TR', 'CAPTION', 'COLGROUP']);
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('.visually-hidden')) continue;
      // an SVG mark or label against the card that holds the chart; anything else against its parent
      const container = el instanceof SVGElement ? el.closest('.card, figure, section') : el.parentElement;
      if (!container || TABLE_PARTS.has(el.tagName) || TABLE_PARTS.has(container.tagName)) continue;
      if (getComputedStyle(container).overflowX !== 'visible') continue;
      const right = container.getBoundingClientRect().right;
      if (r.right > right + 1) out.push(`${name(el)} ends at ${Math.round(r.right)} px, its container ${name(container)} at ${Math.round(right)} px: “${(el.textContent ?? '').trim().slice(0, 40)}”`);
    }
    for (const card of document.querySelectorAll('.kpi')) {
      for (const part of [card, ...card.querySelectorAll('.kpi-value, .kpi-name, .kpi-ci')]) {
        if (part.scrollWidth > part.clientWidth + 1) out.push(`KPI card text overflows: ${name(part)} “${(part.textContent ?? '').trim().slice(0, 40)}” needs ${part.scrollWidth} px of ${part.clientWidth}`);
      }
    }
    return out;
  });
}

/** The outlet ids in the scenario's closures lever, read from the JSON view (then back to the form). */
export async function closuresLever(p: Page): Promise<string[]> {
  await p.getByTestId('json-tab').click();
  const json = JSON.parse(await p.getByTestId('scenario-json').inputValue()) as { levers?: { closures?: { outlets?: string[] } } };
  await p.locator('#tab-form').click();
  return json.levers?.closures?.outlets ?? [];
}

/**
 * Marks of the planning map whose centre does not reach them: for each mark matching `selector`
 * in the map's box (zoomed in, the rest are off the map until panned to), the element at its
 * centre must be inside that mark, or be a cluster badge listing it; and the box must not have
 * scrolled. `n` marks in all, `shown` in the box, `clusters` badges drawn.
 */
export function unpickable(p: Page, selector = '[data-outlet-id]'): Promise<{ n: number; shown: number; clusters: number; hidden: string[] }> {
  return p.evaluate((sel) => {
    const box = document.querySelector('[data-testid="outlet-map"]')!;
    const marks = [...box.querySelectorAll<SVGGElement>(sel)];
    const hidden: string[] = [];
    box.scrollIntoView({ block: 'center' });
    const m = box.getBoundingClientRect();
    let shown = 0;
    for (const el of marks) {
      const id = el.dataset.outletId ?? el.dataset.entrantId!;
      const b = el.getBoundingClientRect();
      const x = b.left + b.width / 2, y = b.top + b.height / 2;
      if (x < m.left || x > m.right || y < m.top || y > m.bottom) continue;
      shown++;
      const hit = document.elementFromPoint(x, y);
      const cluster = hit?.closest('.cluster');
      const ok = hit?.closest(sel) === el || (cluster?.getAttribute('data-members') ?? '').split(' ').includes(id);
      if (!ok) hidden.push(`${id} under ${hit?.closest('[data-outlet-id], .cluster')?.getAttribute('data-outlet-id') ?? `${hit?.tagName}.${hit?.getAttribute('class') ?? ''}[${hit?.closest('[data-testid]')?.getAttribute('data-testid') ?? ''}]`}`);
    }
    if (box.scrollTop !== 0 || box.scrollLeft !== 0) hidden.push(`the map box scrolled by ${box.scrollLeft}, ${box.scrollTop}`);
    return { n: marks.length, shown, clusters: document.querySelectorAll('[data-testid="outlet-map"] .cluster').length, hidden };
  }, selector);
}

/** Count, by name, the Web Workers the pages of `context` start (read with workersStarted). */
export async function countWorkers(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.Worker;
    const w = window as unknown as { __workers: string[] };
    w.__workers = [];
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        w.__workers.push(options?.name ?? String(url));
      }
    } as typeof Worker;
  });
}

/** The names of the Web Workers page `p` has started (countWorkers), in order. */
export function workersStarted(p: Page): Promise<string[]> {
  return p.evaluate(() => (window as unknown as { __workers: string[] }).__workers);
}

/** A planner's task under way: its page, and the clicks, fields and laps counted so far. */
export interface PlannerTask {
  page: Page;
  /** click the element with this data-testid (the nth of them), counted */
  click(testid: string, nth?: number): Promise<void>;
  /** fill the field the selector finds, counted as a field typed into */
  type(selector: string, value: string): Promise<void>;
  /** a lap: what is done, at the seconds since the page was opened */
  mark(what: string): void;
  /** "N clicks and M fields typed into; lap · lap · …" */
  summary(): string;
}

/**
 * Times a planner's task as a first visit would meet it: builds and serves the app, opens it in a
 * zh-CN browser at 1440 × 900, waits for the workbench (the first lap) and runs `task`; closes
 * everything afterwards, also when the task fails.
 */
export async function timePlannerTask(task: (t: PlannerTask) => Promise<void>): Promise<void> {
  const outDir = await buildApp();
  const { url, server } = await serveApp(outDir);
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    let clicks = 0, typed = 0;
    const t0 = performance.now();
    const lap: string[] = [];
    const t: PlannerTask = {
      page,
      click: async (testid, nth = 0) => { await page.getByTestId(testid).nth(nth).click(); clicks++; },
      type: async (selector, value) => { await page.locator(selector).fill(value); typed++; },
      mark: (what) => { lap.push(`${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`); },
      summary: () => `${clicks} clicks and ${typed} fields typed into; ${lap.join(' · ')}`,
    };
    await page.goto(url);
    await page.getByTestId('run-button').waitFor();
    t.mark('workbench open');
    await task(t);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}
