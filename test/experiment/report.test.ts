/**
 * The decision report builder: for a comparison and for each lever answer, built from real
 * replications of a small city in process, the document holds its sections, names no external
 * URL, is well-formed XML as well as HTML (parsed by Chromium's DOMParser: the one DOM parser
 * here; the test needs /usr/bin/chromium like the browser tests), leaves no English in its
 * Chinese text, and is the same text for the same input. The parameter sources it quotes are
 * MODEL.md's §8.1, regenerated and compared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from '../browser/harness.ts';
import { sourcesModule, SOURCES_MODULE } from '../../scripts/parameter-sources.ts';
import { KPIS } from '../../src/model/kpis.ts';
import { runReplication } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { createPool, inProcessFactory } from '../../src/experiment/pool.ts';
import { runExperimentWithReplications } from '../../src/experiment/runner.ts';
import { compareRuns, replicationKpis } from '../../src/experiment/compare.ts';
import { seek } from '../../src/experiment/levers/seek.ts';
import { responseCurves } from '../../src/experiment/levers/curves.ts';
import { closureWhatIf } from '../../src/experiment/levers/what-if.ts';
import { closuresReport, comparisonReport, curvesReport, deltaParts, parameterSource, seekReport, thresholdText, type ReportContext } from '../../src/experiment/report/report.ts';
import { PRACTICAL_THRESHOLDS } from '../../src/experiment/practical.ts';

// The default city, small: 600 agents for 6,000 subscribers, 8 months (its closures start in month 7), 2 replications.
const json = JSON.parse(readFileSync(join(ROOT, 'scenarios/default.json'), 'utf8'));
const BASE: Scenario = resolveScenario({ ...json, simulation: { ...json.simulation, customers: 6000, agents: 600, months: 8, replications: 2 } });
const RICHER: Scenario = { ...BASE, name: `${BASE.name} + 900`, levers: { ...BASE.levers, subsidy: { ...BASE.levers.subsidy, handset: { ...BASE.levers.subsidy.handset, high: 900 } } } };
const ZH: ReportContext = { locale: 'zh-CN', modelVersion: '0.1.0+m1.test', generated: '2025-03-01 09:30' };
const EN: ReportContext = { ...ZH, locale: 'en' };
const SECTIONS = ['question', 'answer', 'scenarios', 'kpis', 'forest', 'charts', 'closures', 'assumptions', 'run'];

const reports: Record<string, { zh: string; en: string }> = {};
let comparison: Parameters<typeof comparisonReport>[0];
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const pool = createPool({ factory: inProcessFactory({ runReplication: (s, r, onMonth) => runReplication(s, r, { onMonth }) }), size: 1 });
  const [a, b] = [await runExperimentWithReplications({ scenario: BASE, pool }), await runExperimentWithReplications({ scenario: RICHER, pool })];
  const input = {
    sides: [{ name: BASE.name, result: a.result }, { name: RICHER.name, result: b.result }],
    differences: [compareRuns({ seed: 42, replications: replicationKpis(a.replications) }, { seed: 42, replications: replicationKpis(b.replications) })],
  };
  reports.compare = { zh: comparisonReport(input, ZH), en: comparisonReport(input, EN) };
  comparison = input;
  const s = await seek(BASE, { pool, kpi: 'diversionRate', target: 0.7, path: 'levers.diversion.floorGuide', lo: 0, hi: 1, maxEvaluations: 3 });
  reports.seek = { zh: seekReport(BASE, s, ZH), en: seekReport(BASE, s, EN) };
  const c = await responseCurves(BASE, { pool, path: 'levers.subsidy.handset.high', lo: 300, hi: 900, steps: 3, maximise: { kpi: 'netContribution', refineRounds: 0 } });
  reports.curves = { zh: curvesReport(BASE, c, ZH), en: curvesReport(BASE, c, EN) };
  const w = await closureWhatIf(BASE, ['S01', 'S02'], { pool });
  reports.closures = { zh: closuresReport(BASE, w, ZH), en: closuresReport(BASE, w, EN) };
  await pool.close();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A document's text without its tags. */
const text = (html: string) => html.replace(/<[^>]+>/g, '');

/** Parse in Chromium: the XML parser's first error (null when well-formed), and what the HTML parser sees. */
function parse(html: string) {
  return page.evaluate((text) => {
    const xml = new DOMParser().parseFromString(text, 'application/xhtml+xml');
    const doc = new DOMParser().parseFromString(text, 'text/html');
    const SKIP = '[translate="no"], [lang="en"], code, style, script, title';
    const latin: string[] = [];
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest(SKIP)) continue;
      for (const token of (n.textContent ?? '').split(/[\s，。；：、（）()[\]“”·]+/)) {
        if (/[.:/]/.test(token)) continue; // data: paths, files, versions
        for (const w of token.match(/[A-Za-z]{2,}/g) ?? []) latin.push(w);
      }
    }
    return {
      xmlError: xml.getElementsByTagName('parsererror')[0]?.textContent ?? null,
      lang: doc.documentElement.getAttribute('lang'),
      sections: [...doc.querySelectorAll('section[data-section]')].map((s) => s.getAttribute('data-section')),
      kpiRows: doc.querySelectorAll('section[data-section="kpis"] tbody tr[data-kpi]').length,
      verdicts: [...doc.querySelectorAll('section[data-section="kpis"] td.verdict')].map((e) => e.getAttribute('data-verdict')),
      forestRows: doc.querySelectorAll('section[data-section="forest"] g.forest-row').length,
      charts: doc.querySelectorAll('section[data-section="charts"] svg').length,
      flowTables: doc.querySelectorAll('section[data-section="closures"] table.flows').length,
      fetched: [...doc.querySelectorAll('[src], [href], link, img, script[src], iframe, object')].length,
      latin: [...new Set(latin)],
    };
  }, html);
}

describe('the decision report', () => {
  test('a comparison: every section, a row and a verdict per KPI, the forest plot, the charts, where closed outlets\' customers went', async () => {
    const p = await parse(reports.compare.zh);
    expect(p.xmlError).toBeNull();
    expect(p.lang).toBe('zh-CN');
    expect(p.sections).toEqual(SECTIONS);
    expect(p.kpiRows).toBe(KPIS.length);
    expect(p.verdicts.every((v) => ['practical', 'negligible', 'significantButSmall', 'inconclusive'].includes(v!))).toBe(true);
    expect(p.forestRows).toBe(KPIS.length);
    expect(p.charts).toBe(2);
    // the default city closes S08, P13 and P63 from month 7: in both scenarios
    expect(p.flowTables).toBe(2);
    expect(reports.compare.zh).toContain('levers.subsidy.handset.high: 600 → 900');
    expect(text(reports.compare.zh)).toContain('从基准“默认情景');
  });

  test('every lever answer: well-formed, its question and its own chart', async () => {
    const seekDoc = await parse(reports.seek.zh);
    expect(seekDoc.xmlError).toBeNull();
    expect(seekDoc.sections).toEqual(SECTIONS);
    expect(seekDoc.charts).toBe(3); // the search trace, the channel mix, the waits
    expect(text(reports.seek.zh)).toMatch(/levers\.diversion\.floorGuide取何值时，分流率达到 70\.0%？/);
    const curves = await parse(reports.curves.zh);
    expect(curves.xmlError).toBeNull();
    expect(curves.sections).toEqual(['question', 'answer', 'scenarios', 'curve', 'charts', 'assumptions', 'run']);
    expect(curves.charts).toBe(2); // net contribution and new lines over the levels
    const closures = await parse(reports.closures.zh);
    expect(closures.xmlError).toBeNull();
    expect(closures.sections).toEqual(SECTIONS);
    expect(text(reports.closures.zh)).toContain('关停 S01、S02 会怎样？');
    expect(text(reports.closures.zh)).toContain('各数字为第 7–8 月');
  });

  test('self-contained: nothing to fetch, and the only URLs are XML namespaces', async () => {
    for (const [kind, r] of Object.entries(reports)) {
      for (const html of [r.zh, r.en]) {
        expect((await parse(html)).fetched, kind).toBe(0);
        const urls = [...html.matchAll(/(?:https?:)?\/\/[^\s"'<>]+/g)].map((m) => m[0]);
        expect(new Set(urls), kind).toEqual(new Set(['http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/svg']));
      }
    }
  });

  test('in Chinese no English words outside data, code and the English quoted from MODEL.md', async () => {
    // key and format names Chinese text keeps, and channel names that are the same in both languages
    const allowed = ['Ctrl', 'PDF', 'USSD', 'IVR', 'SMS', 'App'];
    for (const [kind, r] of Object.entries(reports)) expect((await parse(r.zh)).latin.filter((w) => !allowed.includes(w)), kind).toEqual([]);
    expect(reports.compare.en).toContain('<h1>Decision report: Scenario comparison</h1>');
  });

  test('closures: only the plan\'s outlets are tabled as closed; partners that left on their own are named apart', async () => {
    // both sides close S08, P13 and P63 from month 7; P77 and P78 stand for partners that left because they lost money
    const exits = { P77: { partner: 0.4, lost: 0.6 }, P78: { ownStore: 1 } };
    const sides = comparison.sides.map((s) => ({ ...s, result: { ...s.result, closureFlows: { ...s.result.closureFlows, ...exits } } }));
    expect(Object.keys(sides[0].result.closureFlows)).toEqual(expect.arrayContaining(['S08', 'P13', 'P63', 'P77', 'P78']));
    const html = comparisonReport({ ...comparison, sides }, EN);
    const closures = html.slice(html.indexOf('data-section="closures"'), html.indexOf('data-section="assumptions"'));
    const tabled = [...closures.matchAll(/<tr data-outlet="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(tabled)).toEqual(new Set(['S08', 'P13', 'P63']));
    // the run's own exits (even this small city's partners leave: about 20 in 8 months) and the two added
    const left = Object.keys(sides[0].result.closureFlows).filter((id) => !['S08', 'P13', 'P63'].includes(id));
    expect(left.length).toBeGreaterThanOrEqual(2);
    expect(text(closures)).toContain(`${left.length} partner outlets left on their own during the run, because they lost money (partner economics): ${left.join(', ')}.`);
    expect(text(comparisonReport({ ...comparison, sides }, ZH))).toContain(`运行期间有 ${left.length} 个社会渠道网点因亏损自行退出（合作方经营）：${left.join('、')}。`);
    // a scenario closing nothing, whose partners left: no closure table, a plain statement and the exits
    const none = sides.map((s) => ({ ...s, result: { ...s.result, scenario: { ...s.result.scenario, levers: { ...s.result.scenario.levers, closures: { ...s.result.scenario.levers.closures, outlets: [] } } }, closureFlows: exits } }));
    const plain = comparisonReport({ ...comparison, sides: none }, EN);
    expect(plain).not.toContain('<table class="flows">');
    expect(text(plain)).toContain('No outlet of the plan closed within the run’s months.');
    expect(text(plain)).toContain('2 partner outlets left on their own during the run, because they lost money (partner economics): P77, P78.');
  });

  test('the same input gives the same document, byte for byte', async () => {
    const pool = createPool({ factory: inProcessFactory({ runReplication: (s, r, onMonth) => runReplication(s, r, { onMonth }) }), size: 1 });
    const w = await closureWhatIf(BASE, ['S01', 'S02'], { pool });
    await pool.close();
    expect(closuresReport(BASE, w, ZH)).toBe(reports.closures.zh);
  });
});

describe('the report\'s pieces', () => {
  test('a parameter\'s source is MODEL.md\'s, by its path with list items as [], or its nearest listed ancestor\'s', () => {
    expect(parameterSource('levers.subsidy.handset.high')).toBe('lever setting; assumption, to be calibrated');
    expect(parameterSource('services[billQuery].counterMin')).toBe(parameterSource('services[].counterMin'));
    expect(parameterSource('services[billQuery].counterMin')).not.toBe('–');
    expect(parameterSource('no.such.path')).toBe('–');
  });

  test('the generated sources have not drifted from docs/MODEL.md §8.1', () => {
    expect(readFileSync(SOURCES_MODULE, 'utf8')).toBe(sourcesModule(readFileSync(join(ROOT, 'docs/MODEL.md'), 'utf8')));
  });

  test('a difference and a threshold in the KPI\'s unit, the interval in the mean\'s precision', () => {
    expect(deltaParts({ kpi: 'eChannelShare', mean: 0.0124, ci95: [0.011, 0.0138] }, 'en')).toEqual({ mean: '+1.24 pt', interval: '[+1.10 pt, +1.38 pt]' });
    expect(deltaParts({ kpi: 'satisfaction', mean: NaN, ci95: [NaN, NaN] }, 'zh-CN')).toEqual({ mean: '无数据', interval: '' });
    expect(thresholdText('storeWaitMeanMin', 0.1, PRACTICAL_THRESHOLDS.storeWaitMeanMin, 'zh-CN')).toBe('±0.1 分钟');
    expect(thresholdText('revenue', 97_752, PRACTICAL_THRESHOLDS.revenue, 'zh-CN')).toBe('±9.78万元/月 (基准的 1%)');
  });
});
