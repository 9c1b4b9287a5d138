/**
 * The decision report: a comparison of scenarios, or a lever tool's answer (seek, curves,
 * closures), as one self-contained HTML document a planner prints for a meeting: the question,
 * the answer, the scenarios and what differs between them, every indicator's difference with its
 * 95 % interval and practical verdict, the forest plot, the channel mix and store waits, the
 * closed outlets and where their customers went, the assumptions with their sources, and the run
 * size, seed and model version.
 *
 * Pure: data in, text out. Styles are inline, charts are inline SVG (charts.ts), there is
 * no external asset or URL, and print CSS sets A4; the markup is well-formed XML as well as HTML
 * (every element closed, attributes quoted, no named entity but the five XML has), so a strict
 * parser reads it too. The workbench opens it in a tab and offers it as a file; `channel-lab
 * compare|seek|plan-closures|curves --report FILE.html` writes the same document. The words come
 * from ../report-words.ts, numbers from ../format.ts. The workbench loads this folder (index.ts) only
 * when a report is asked for: it is a chunk of its own, not part of the page's first load.
 */
import { KPIS, KPI_META, type KpiName } from '../../model/kpis.ts';
import { CHANNEL_LABELS, type ChannelId } from '../../model/domain.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import { resolveScenario } from '../../model/validate.ts';
import { aggregate, type ExperimentResult } from '../aggregate.ts';
import { compareRuns, type KpiDifference } from '../compare.ts';
import { comparable, runSizeOf, type ComparabilityProblem } from '../comparable.ts';
import { formatEstimateParts, formatKpi, formatKpiDelta, formatList, formatNumber, formatPercent, type Locale } from '../format.ts';
import { kpiOver, type Estimate } from '../levers/evaluate.ts';
import type { SeekResult } from '../levers/seek.ts';
import { CURVE_METRICS, type CurveMetric, type CurvesResult } from '../levers/curves.ts';
import type { ClosurePlan } from '../levers/closures.ts';
import type { ClosureWhatIf } from '../levers/what-if.ts';
import { splitClosureFlows } from '../closure-flows.ts';
import { withClosures } from '../levers/closures.ts';
import { withoutClosures } from '../levers/what-if.ts';
import { parameterDiff, changeText, type ParameterChange } from '../parameter-diff.ts';
import { applyAssignments } from '../paths.ts';
import { PARAMETER_SOURCES } from './parameter-sources.ts';
import { PRACTICAL_THRESHOLDS, practicalVerdict, thresholdAmount, type Threshold } from '../practical.ts';
import { esc, flowsSvg, forestSvg, leverSvg, mixSvg, seriesSvg } from './charts.ts';
import type { ForestInput } from '../forest.ts';
import { kpiName, problemWords, REPORT_WORDS, reportWord, verdictWord, type ReportWordKey } from '../report-words.ts';
import type { CompareResult } from '../runner.ts';
import { withSimulation } from '../runner.ts';

/** Who writes the report, when, and against which thresholds. */
export interface ReportContext {
  locale: Locale;
  /** the model version of the code that writes the report (a run that recorded its own shows that) */
  modelVersion: string;
  /** when the report was written, as it is to be printed (an ISO date-time) */
  generated: string;
  /** thresholds of practical importance (default PRACTICAL_THRESHOLDS) */
  thresholds?: Readonly<Record<KpiName, Threshold>>;
}

/** A scenario as run: its name, result.json object and the model version that ran it, when known. */
export interface ReportSide {
  name: string;
  result: ExperimentResult;
  modelVersion?: string | null;
}

/** A difference as the report reads it: compareRuns' KpiDifference has every field. */
export type ReportDifference = ForestInput & Pick<KpiDifference, 'base' | 'other' | 'n' | 'verdict'>;

/** A comparison of finished runs: the baseline first, each other run's differences from it. */
export interface ComparisonInput {
  sides: ReportSide[];
  /** one list per side after the first, in KPIS order */
  differences: ReportDifference[][];
  /** why each side after the first cannot be compared fairly (default: comparable() of the results) */
  problems?: ComparabilityProblem[][];
  /** the user chose to compare despite the problems */
  comparedAnyway?: boolean;
}

/** The report of a comparison of runs (the workbench's comparison, `channel-lab compare`). */
export function comparisonReport(input: ComparisonInput, ctx: ReportContext): string {
  const [base, ...others] = input.sides;
  if (!base || others.length === 0) throw new RangeError('comparisonReport requires a baseline and at least one other run');
  return render({
    kind: 'compare',
    question: wordHtml(ctx.locale, 'questionCompare', { base: data(base.name), others: data(formatList(others.map((s) => `“${s.name}”`), ctx.locale)) }),
    answer: [],
    sides: input.sides,
    differences: input.differences,
    problems: input.problems ?? others.map((o) => comparable(sizeOfSide(base), sizeOfSide(o))),
    comparedAnyway: input.comparedAnyway ?? false,
  }, ctx);
}

/** A `channel-lab compare` result (with `details`: each scenario's result) as a comparison. */
export function compareResultInput(c: CompareResult): ComparisonInput {
  if (!c.results) throw new RangeError('compareResultInput requires compareScenarios(…, { details: true })');
  const results = c.results;
  return {
    sides: c.scenarios.map((s, i) => ({ name: s.name, result: results[i] })),
    differences: c.scenarios.slice(1).map((_, j) => KPIS.map((kpi) => {
      const k = c.kpis[kpi], d = k.deltas[j];
      return { kpi, base: k.values[0].mean, other: k.values[j + 1].mean, mean: d.mean, ci95: d.ci95, n: c.replicationsDone, threshold: d.threshold, practical: d.practical, verdict: null };
    })),
    problems: c.comparability.map((x) => x.problems),
  };
}

/** The report of a diversion-target search: the scenario as it is against it with the value found. */
export function seekReport(base: Scenario, r: SeekResult, ctx: ReportContext): string {
  const L = ctx.locale;
  const withValue = applyAssignments(base, [{ path: r.path, value: r.value }], 'vary');
  const sides = [side(reportWord(L, 'scenarioAsIs'), base, r.runs.atBase, r.seed), side(reportWord(L, 'scenarioWith', { what: `${r.path} = ${lever(r.value, L)}` }), withValue, r.runs.atValue, r.seed)];
  const unit = KPI_META[r.kpi].unit;
  const achieved = formatEstimateParts(r.achieved.mean, r.achieved.ci95, unit, L);
  const answer = wordHtml(L, r.stoppedBy === 'end' ? 'answerSeekEnd' : 'answerSeek', {
    lever: data(r.path), value: lever(r.value, L), lo: lever(r.valueCi95[0], L), hi: lever(r.valueCi95[1], L),
    kpi: kpiName(r.kpi, L), achieved: achieved.mean.number + achieved.mean.unit, interval: achieved.interval,
  });
  const trace = leverSvg(r.trace, {
    title: reportWord(L, 'chartTrace', { kpi: kpiName(r.kpi, L), lever: r.path }), xLabel: r.path, unit, locale: L, band: false,
    reference: r.target, marked: r.value, formatX: (v) => lever(v, L),
  });
  return render({
    kind: 'seek',
    question: wordHtml(L, 'questionSeek', { lever: data(r.path), kpi: kpiName(r.kpi, L), target: formatKpi(r.target, unit, L) }),
    answer: [answer, wordHtml(L, 'evaluations', { n: r.evaluations, reps: r.replications })],
    sides,
    differences: [differencesOf(r.runs.atBase, r.runs.atValue, r.seed, 1, ctx)],
    problems: [[]],
    comparedAnyway: false,
    figures: [figure(trace, reportWord(L, 'chartTrace', { kpi: kpiName(r.kpi, L), lever: r.path }))],
  }, ctx);
}

/** The report of a response curve: the levels, the optimum and its neighbours, the curves. */
export function curvesReport(base: Scenario, r: CurvesResult, ctx: ReportContext): string {
  const L = ctx.locale;
  const lo = r.points[0]?.value ?? NaN, hi = r.points.at(-1)?.value ?? NaN;
  const answer: string[] = [];
  const o = r.optimum;
  if (o) {
    const unit = KPI_META[o.kpi].unit;
    const est = formatEstimateParts(o.achieved.mean, o.achieved.ci95, unit, L);
    const budget = o.budget !== null ? reportWord(L, 'answerBudget', { budget: formatKpi(o.budget, 'CNY/month', L) }) : '';
    answer.push(wordHtml(L, o.distinguishable ? 'answerCurvesBest' : 'answerCurvesTied', {
      kpi: kpiName(o.kpi, L), budget, lever: data(r.path), value: lever(o.value, L), achieved: est.mean.number + est.mean.unit, interval: est.interval,
      spend: formatKpi(o.spend.mean, 'CNY/month', L), tied: formatList(o.tied.map((v) => lever(v, L)), L),
    }));
  } else answer.push(wordHtml(L, 'answerCurvesNone'));
  answer.push(wordHtml(L, 'evaluations', { n: r.evaluations, reps: r.replications }));
  const chart = (m: CurveMetric, key: ReportWordKey) => {
    const title = reportWord(L, 'chartCurve', { metric: reportWord(L, key), lever: r.path });
    return figure(leverSvg(r.points.map((p) => ({ value: p.value, ...p.figures[m] })), {
      title, xLabel: r.path, unit: m === 'partnersOpen' ? 'count' : m === 'newLines' ? 'lines' : 'CNY/month', locale: L, band: true, marked: o?.value, formatX: (v) => lever(v, L),
    }), title);
  };
  return render({
    kind: 'curves',
    question: wordHtml(L, 'questionCurves', { lever: data(r.path), lo: lever(lo, L), hi: lever(hi, L) }),
    answer,
    sides: [],
    scenario: base,
    seed: r.seed,
    replications: r.replications,
    differences: [],
    problems: [],
    comparedAnyway: false,
    figures: [chart('netContribution', 'curveNet'), chart('newLines', 'curveNewLines')],
    tables: [curveTable(r, L), ...(o && o.neighbours.length > 0 ? [neighbourTable(r, ctx)] : [])],
  }, ctx);
}

/** The report of a closure plan (`plan-closures`) or a closure what-if: the base against the outlets closed. */
export function closuresReport(base: Scenario, r: ClosurePlan | ClosureWhatIf, ctx: ReportContext): string {
  const L = ctx.locale;
  const plan = 'best' in r;
  const from = plan ? base : withoutClosures(base);
  const closed = withClosures(from, r.closed);
  const ids = formatList(r.closed, L);
  const sides = [side(reportWord(L, plan ? 'scenarioAsIs' : 'noneClosed'), from, r.runs.base, r.seed), side(reportWord(L, 'closing', { ids }), closed, r.runs.closed, r.seed)];
  const question = plan
    ? 'saving' in r.asked ? wordHtml(L, 'questionPlanSaving', { saving: formatKpi(r.asked.saving, 'CNY/month', L) }) : wordHtml(L, 'questionPlanCount', { n: r.asked.close })
    : wordHtml(L, 'questionWhatIf', { ids: data(ids) });
  const saving = plan ? r.best.saving : r.saving;
  const loss = plan ? r.best.revenueLoss : r.revenueLoss;
  const churn = r.deltas.churnRateMonthly;
  const est = (e: Estimate, unit: 'CNY/month' | 'share', delta = false) => {
    const p = formatEstimateParts(e.mean, e.ci95, unit, L);
    return delta ? { v: formatKpiDelta(e.mean, unit, L, e.ci95), ci: `[${formatKpiDelta(e.ci95[0], unit, L, e.ci95)}, ${formatKpiDelta(e.ci95[1], unit, L, e.ci95)}]` } : { v: p.mean.number + p.mean.unit, ci: p.interval };
  };
  const s = est(saving, 'CNY/month'), l = est(loss, 'CNY/month'), c = est(churn, 'share', true);
  return render({
    kind: 'closures',
    question,
    answer: [wordHtml(L, 'answerClosures', { ids: data(ids), saving: s.v, savingCi: s.ci, loss: l.v, lossCi: l.ci, churn: c.v, churnCi: c.ci }), wordHtml(L, 'evaluations', { n: r.evaluations, reps: r.replications })],
    sides,
    differences: [differencesOf(r.runs.base, r.runs.closed, r.seed, r.fromMonth, ctx)],
    problems: [[]],
    comparedAnyway: false,
    window: { from: r.fromMonth, to: r.months },
  }, ctx);
}

// ---------------------------------------------------------------------------------------------
// What every report holds, and how it is written.
// ---------------------------------------------------------------------------------------------

interface Decision {
  kind: 'compare' | 'seek' | 'curves' | 'closures';
  /** the question and the answer's sentences, as HTML (wordHtml) */
  question: string;
  answer: string[];
  sides: ReportSide[];
  /** curves: the scenario the curve varies (no runs of its own) */
  scenario?: Scenario;
  seed?: number;
  replications?: number;
  differences: ReportDifference[][];
  problems: ComparabilityProblem[][];
  comparedAnyway: boolean;
  /** the months the figures average, when not the whole run */
  window?: { from: number; to: number };
  figures?: string[];
  tables?: string[];
}

const KIND_WORD = { compare: 'kindCompare', seek: 'kindSeek', curves: 'kindCurves', closures: 'kindClosures' } as const;
/** Changes listed per scenario before "… and n more". */
const MAX_CHANGES = 12;
/** Rows of the assumptions table before "… and n more". */
const MAX_ASSUMPTIONS = 40;

function render(d: Decision, ctx: ReportContext): string {
  const L = ctx.locale;
  const w = (key: ReportWordKey, params?: Record<string, string | number>) => esc(reportWord(L, key, params));
  const title = `${reportWord(L, 'reportTitle')}: ${reportWord(L, KIND_WORD[d.kind])}`;
  const sections = [
    section('question', w('sectionQuestion'), `<p class="question">${d.question}</p>`),
    ...(d.answer.length > 0 || d.differences.length > 0 ? [section('answer', w('sectionAnswer'), [...d.answer, ...d.differences.map((ds) => esc(verdictSummary(ds, L)))].map((a) => `<p>${a}</p>`).join(''))] : []),
    ...(d.problems.some((p) => p.length > 0) ? [comparabilitySection(d, L)] : []),
    section('scenarios', w('sectionScenarios'), scenariosHtml(d, L)),
    ...(d.differences.length > 0 ? [
      section('kpis', w('sectionKpis'), (d.window ? `<p class="note">${w('windowNote', d.window)}</p>` : '') + kpiTable(d, ctx) + `<p class="note">${w('verdictHelp')}</p>`),
      section('forest', w('sectionForest'), d.differences.map((ds, j) => figure(forestSvg(ds, L, { title: forestTitle(d, j, L), axis: reportWord(L, 'forestAxis') }), forestTitle(d, j, L))).join('') + `<p class="note">${w('forestHelp')}</p>`),
    ] : []),
    ...(d.tables && d.tables.length > 0 ? [section('curve', w('sectionCurve'), d.tables.join(''))] : []),
    section('charts', w('sectionCharts'), chartsHtml(d, L)),
    ...(d.sides.length > 0 ? [section('closures', w('sectionClosures'), closuresHtml(d, L))] : []),
    section('assumptions', w('sectionAssumptions'), assumptionsHtml(d, ctx)),
    section('run', w('sectionRun'), runHtml(d, ctx)),
  ];
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="${L}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="generator" content="Channel Lab ${esc(ctx.modelVersion)}"/>
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="toolbar"><button type="button" onclick="window.print()">${w('print')}</button> <span>${w('printHint')}</span></div>
<main class="report" data-kind="${d.kind}">
<header><p class="kicker">${w('generatedBy')}</p><h1>${esc(title)}</h1><p class="meta">${w('generated')}: ${esc(ctx.generated)} · ${w('modelVersion')}: <span translate="no">${esc(ctx.modelVersion)}</span></p></header>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

/** A value that is data (a name, a path, ids): kept as written, marked so that no translation touches it. */
interface Data {
  data: string;
}

function data(text: string): Data {
  return { data: text };
}

/** A catalogue word as HTML: its text and plain values escaped, data values in <span translate="no">. */
function wordHtml(L: Locale, key: ReportWordKey, params: Record<string, string | number | Data> = {}): string {
  return REPORT_WORDS[L][key].split(/(\{\w+\})/).map((part) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name === undefined || !(name in params)) return esc(part);
    const v = params[name];
    return typeof v === 'object' ? `<span translate="no">${esc(v.data)}</span>` : esc(v);
  }).join('');
}

function section(id: string, heading: string, body: string): string {
  return `<section data-section="${id}"><h2>${heading}</h2>${body}</section>`;
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function forestTitle(d: Decision, j: number, L: Locale): string {
  const other = d.sides[j + 1]?.name ?? '';
  return d.sides.length > 2 ? `${reportWord(L, 'sectionForest')}: ${other}` : reportWord(L, 'sectionForest');
}

// "3 of 20 indicators change by an amount that matters; …" for one alternative.
function verdictSummary(ds: readonly ReportDifference[], L: Locale): string {
  const count = (v: string) => ds.filter((x) => x.practical === v).length;
  return reportWord(L, 'answerVerdicts', { all: ds.length, practical: count('practical'), negligible: count('negligible'), inconclusive: count('inconclusive') });
}

function comparabilitySection(d: Decision, L: Locale): string {
  const items = d.problems.flatMap((ps, j) => ps.map((p) => {
    const { what, why } = problemWords(L, p);
    const who = d.sides.length > 2 ? `<span translate="no">${esc(d.sides[j + 1].name)}</span>: ` : '';
    return `<li data-code="${p.code}">${who}${esc(what)} — ${esc(why)}</li>`;
  }));
  const lead = reportWord(L, d.comparedAnyway ? 'comparedAnyway' : 'notComparable');
  return `<section data-section="comparability" class="warning"><h2>⚠ ${esc(lead)}</h2><ul>${items.join('')}</ul></section>`;
}

function scenariosHtml(d: Decision, L: Locale): string {
  if (d.sides.length === 0) {
    const s = d.scenario!;
    return `<p><span class="role">${esc(reportWord(L, 'baseline'))}</span> <span translate="no">${esc(s.name)}</span></p>`;
  }
  const base = d.sides[0];
  return d.sides.map((s, i) => {
    const role = roleName(i, d.sides.length, L);
    const changes = i === 0 ? [] : parameterDiff(base.result.scenario, s.result.scenario);
    const list = i === 0 ? '' : changes.length === 0 ? `<p class="note">${esc(reportWord(L, 'noChanges'))}</p>` : changeList(changes, L);
    return `<div class="scenario" data-role="${i === 0 ? 'baseline' : 'alternative'}"><p><span class="role">${esc(role)}</span> <strong translate="no">${esc(s.name)}</strong> · ${esc(sizeText(s.result, L))}</p>${list}</div>`;
  }).join('');
}

function changeList(changes: readonly ParameterChange[], L: Locale): string {
  const shown = changes.slice(0, MAX_CHANGES).map((c) => `<li><code translate="no">${esc(changeText(c))}</code></li>`);
  if (changes.length > MAX_CHANGES) shown.push(`<li>${esc(reportWord(L, 'moreChanges', { n: changes.length - MAX_CHANGES }))}</li>`);
  return `<ul class="changes">${shown.join('')}</ul>`;
}

function kpiTable(d: Decision, ctx: ReportContext): string {
  const L = ctx.locale;
  const thresholds = ctx.thresholds ?? PRACTICAL_THRESHOLDS;
  const many = d.differences.length > 1;
  const head = [`<th scope="col">${esc(reportWord(L, 'kpi'))}</th>`, `<th scope="col">${esc(reportWord(L, 'valueBase'))}</th>`, `<th scope="col">${esc(reportWord(L, 'threshold'))}</th>`];
  d.differences.forEach((_, j) => {
    const name = many ? ` <span translate="no">${esc(d.sides[j + 1].name)}</span>` : '';
    head.push(`<th scope="col">${esc(reportWord(L, 'alternative'))}${name}</th>`, `<th scope="col">${esc(reportWord(L, 'difference'))}</th>`, `<th scope="col">${esc(reportWord(L, 'verdict'))}</th>`);
  });
  const rows = d.differences[0].map((first, row) => {
    const kpi = first.kpi;
    const unit = KPI_META[kpi].unit;
    const cells = [`<th scope="row">${esc(kpiName(kpi, L))}</th>`, `<td>${esc(formatKpi(first.base, unit, L))}</td>`, thresholdCell(kpi, first.threshold, thresholds[kpi], L)];
    for (const ds of d.differences) {
      const x = ds[row];
      const better = x.practical === 'practical' && KPI_META[kpi].better !== null ? ((x.mean > 0) === (KPI_META[kpi].better === 'higher') ? 'better' : 'worse') : null;
      cells.push(`<td>${esc(formatKpi(x.other, unit, L))}</td>`);
      cells.push(deltaCell(x, L));
      cells.push(`<td class="verdict v-${x.practical}" data-verdict="${x.practical}">${esc(verdictWord(L, x.practical))}${better ? ` · ${esc(reportWord(L, better))}` : ''}</td>`);
    }
    return `<tr data-kpi="${kpi}">${cells.join('')}</tr>`;
  });
  return `<table class="kpis"><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A difference and its interval in one precision: { mean: "+1.24 pt", interval: "[+1.10 pt, +1.38 pt]" }; "no data" without data. */
export function deltaParts(x: Pick<ReportDifference, 'kpi' | 'mean' | 'ci95'>, L: Locale): { mean: string; interval: string } {
  const unit = KPI_META[x.kpi].unit;
  if (!Number.isFinite(x.mean)) return { mean: reportWord(L, 'noData'), interval: '' };
  return { mean: formatKpiDelta(x.mean, unit, L, x.ci95), interval: `[${formatKpiDelta(x.ci95[0], unit, L, x.ci95)}, ${formatKpiDelta(x.ci95[1], unit, L, x.ci95)}]` };
}

// A difference cell: the mean, its interval on a line of its own.
function deltaCell(x: Pick<ReportDifference, 'kpi' | 'mean' | 'ci95'>, L: Locale): string {
  const p = deltaParts(x, L);
  return `<td class="delta">${esc(p.mean)}${p.interval ? `<span class="ci">${esc(p.interval)}</span>` : ''}</td>`;
}

/** A threshold as "±0.5 pt", or "±9.8万元 (1% of the baseline)" for a relative one. */
export function thresholdText(kpi: KpiName, amount: number, t: Threshold, L: Locale): string {
  const unit = KPI_META[kpi].unit;
  const abs = Number.isFinite(amount) ? `±${formatKpiDelta(amount, unit, L).replace(/^[+±]/, '')}` : '–';
  if (amount === 0 && t.kind === 'absolute') return '±0';
  return t.kind === 'absolute' ? abs : `${abs} (${relativeText(t, L)})`;
}

// "1% of the baseline"
function relativeText(t: Threshold, L: Locale): string {
  return reportWord(L, 'thresholdRelative', { value: formatPercent(t.value, L, t.value < 0.01 ? 1 : 0) });
}

// A threshold cell: the amount, and for a relative threshold what it is relative to on a line of its own.
function thresholdCell(kpi: KpiName, amount: number, t: Threshold, L: Locale): string {
  const full = thresholdText(kpi, amount, t, L);
  if (t.kind === 'absolute') return `<td>${esc(full)}</td>`;
  return `<td>${esc(full.replace(/ \(.*\)$/, ''))}<span class="ci">${esc(relativeText(t, L))}</span></td>`;
}

function chartsHtml(d: Decision, L: Locale): string {
  const out: string[] = [...(d.figures ?? [])];
  if (d.sides.length > 0) {
    // charts name the scenarios by role: the names, often alike, are in the scenarios section
    const sides = d.sides.map((s, i) => ({ ...s, name: roleName(i, d.sides.length, L) }));
    out.push(figure(mixSvg(sides, L, reportWord(L, 'chartMix')), reportWord(L, 'chartMix')));
    out.push(figure(seriesSvg(sides, 'storeWaitMeanMin', L, { title: reportWord(L, 'chartWaits'), month: reportWord(L, 'chartMonth'), unit: reportWord(L, 'chartMinutes') }), reportWord(L, 'chartWaits')));
  }
  return out.join('');
}

// "Baseline", "Alternative", or "Alternative 2" among several.
function roleName(i: number, sides: number, L: Locale): string {
  if (i === 0) return reportWord(L, 'baseline');
  return sides > 2 ? `${reportWord(L, 'alternative')} ${i}` : reportWord(L, 'alternative');
}

function closuresHtml(d: Decision, L: Locale): string {
  const blocks = d.sides.map((s, i) => {
    // the plan's closures only: partners that left on their own are counted apart, not tabled as closed
    const split = splitClosureFlows(s.result.closureFlows, s.result.scenario.levers.closures.outlets);
    const flows = Object.entries(split.plan), exits = Object.keys(split.exits);
    const exitNote = exits.length > 0 ? `<p class="note">${esc(reportWord(L, 'partnerExits', { n: exits.length, ids: formatList(exits, L) }))}</p>` : '';
    if (flows.length === 0) return exitNote === '' ? '' : `<h3>${esc(roleName(i, d.sides.length, L))}: <span translate="no">${esc(s.name)}</span></h3><p class="note">${esc(reportWord(L, 'noPlanClosures'))}</p>${exitNote}`;
    const names = new Map(s.result.outlets.map((o) => [o.id, o.name]));
    const dests = [...new Set(flows.flatMap(([, f]) => Object.keys(f)))].sort((a, b) => (a === 'lost' ? 1 : b === 'lost' ? -1 : 0));
    const destName = (x: string) => (x === 'lost' ? reportWord(L, 'lost') : CHANNEL_LABELS[x as ChannelId] ? (L === 'zh-CN' ? CHANNEL_LABELS[x as ChannelId].zh : CHANNEL_LABELS[x as ChannelId].en) : x);
    const head = `<tr><th scope="col">${esc(reportWord(L, 'closedOutlet'))}</th>${dests.map((x) => `<th scope="col">${esc(destName(x))}</th>`).join('')}</tr>`;
    const rows = flows.map(([id, f]) => `<tr data-outlet="${esc(id)}"><th scope="row"><span translate="no">${esc(id)} ${esc(names.get(id) ?? '')}</span></th>${dests.map((x) => `<td>${esc(formatPercent(f[x] ?? 0, L, 1))}</td>`).join('')}</tr>`);
    const role = roleName(i, d.sides.length, L);
    const chart = flowsSvg(flows.map(([id, shares]) => ({ id, shares })), L, { title: reportWord(L, 'chartFlows'), lost: reportWord(L, 'lost') });
    return `<h3>${esc(role)}: <span translate="no">${esc(s.name)}</span></h3>${figure(chart, reportWord(L, 'chartFlows'))}<table class="flows"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>${exitNote}`;
  }).filter((b) => b !== '');
  return blocks.length > 0 ? blocks.join('') : `<p class="note">${esc(reportWord(L, 'noClosures'))}</p>`;
}

const DEFAULTS = resolveScenario({});

function assumptionsHtml(d: Decision, ctx: ReportContext): string {
  const L = ctx.locale;
  const scenarios = d.sides.length > 0 ? d.sides.map((s) => ({ name: s.name, scenario: s.result.scenario })) : [{ name: d.scenario!.name, scenario: d.scenario! }];
  // each path that differs from the defaults: one row if every scenario has the same value, else one per scenario
  const byPath = new Map<string, Array<{ name: string; change: ParameterChange }>>();
  for (const s of scenarios) for (const c of parameterDiff(DEFAULTS, s.scenario)) byPath.set(c.path, [...(byPath.get(c.path) ?? []), { name: s.name, change: c }]);
  const rows: string[] = [];
  for (const [path, list] of byPath) {
    const same = list.length === scenarios.length && list.every((x) => JSON.stringify(x.change) === JSON.stringify(list[0].change));
    for (const x of same ? [list[0]] : list) {
      const who = same ? reportWord(L, 'allScenarios') : x.name;
      rows.push(`<tr><td><code translate="no">${esc(path)}</code></td><td translate="no">${esc(who)}</td><td translate="no">${esc(changeValue(x.change, 'other'))}</td><td translate="no">${esc(changeValue(x.change, 'base'))}</td><td lang="en">${esc(parameterSource(path))}</td></tr>`);
    }
  }
  const table = rows.length === 0 ? `<p class="note">${esc(reportWord(L, 'noAssumptions'))}</p>` : `<table class="sources"><thead><tr><th scope="col">${esc(reportWord(L, 'parameter'))}</th><th scope="col"></th><th scope="col">${esc(reportWord(L, 'value'))}</th><th scope="col">${esc(reportWord(L, 'default'))}</th><th scope="col">${esc(reportWord(L, 'source'))}</th></tr></thead><tbody>${rows.slice(0, MAX_ASSUMPTIONS).join('')}${rows.length > MAX_ASSUMPTIONS ? `<tr><td colspan="5">${esc(reportWord(L, 'moreChanges', { n: rows.length - MAX_ASSUMPTIONS }))}</td></tr>` : ''}</tbody></table>`;
  const keys: ReportWordKey[] = ['assumption1', 'assumption2', 'assumption3', 'assumption4', 'assumption5', 'assumption6'];
  const thresholds = ctx.thresholds ?? PRACTICAL_THRESHOLDS;
  const baseMeans = d.differences[0] ? new Map(d.differences[0].map((x) => [x.kpi, x.base])) : new Map<KpiName, number>();
  const used = KPIS.map((k) => `${kpiName(k, L)} ${thresholdText(k, thresholdAmount(thresholds[k], baseMeans.get(k) ?? NaN), thresholds[k], L)}`);
  return `<p>${esc(reportWord(L, 'assumptionsIntro'))}</p>${table}<p>${esc(reportWord(L, 'keyAssumptions'))}</p><ul>${keys.map((k) => `<li>${esc(reportWord(L, k))}</li>`).join('')}</ul>` +
    (d.differences.length > 0 ? `<p>${esc(reportWord(L, 'thresholdsUsed'))}</p><p class="note">${esc(used.join(L === 'zh-CN' ? '；' : '; '))}</p>` : '');
}

/** Where a parameter's default comes from (MODEL.md §8.1), by its path with list items as []: the nearest listed ancestor's when the path itself is not listed. */
export function parameterSource(path: string): string {
  let p = path.replace(/\[[^\]]*\]/g, '[]');
  for (;;) {
    if (PARAMETER_SOURCES[p] !== undefined) return PARAMETER_SOURCES[p];
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return '–';
    p = p.slice(0, cut);
  }
}

function changeValue(c: ParameterChange, which: 'base' | 'other'): string {
  if (c.kind === 'value') return c[which] === null ? '–' : String(c[which]);
  if (c.kind === 'list') return `[${c[which]}]`;
  return which === 'other' ? changeText(c).replace(/^[^:]*: /, '') : '';
}

function runHtml(d: Decision, ctx: ReportContext): string {
  const L = ctx.locale;
  const lines = d.sides.length > 0
    ? d.sides.map((s) => `<li><span translate="no">${esc(s.name)}</span>: ${esc(sizeText(s.result, L))} · ${esc(reportWord(L, 'seed'))} ${s.result.seed} · ${esc(reportWord(L, 'modelVersion'))} <span translate="no">${esc(s.modelVersion ?? ctx.modelVersion)}</span></li>`)
    : [`<li><span translate="no">${esc(d.scenario!.name)}</span>: ${esc(reportWord(L, 'runSize', { replications: d.replications ?? d.scenario!.simulation.replications, months: d.scenario!.simulation.months, agents: formatNumber(d.scenario!.simulation.agents ?? d.scenario!.simulation.customers, L, 0), subscribers: formatNumber(d.scenario!.simulation.customers, L, 0) }))} · ${esc(reportWord(L, 'seed'))} ${d.seed ?? d.scenario!.simulation.seed} · ${esc(reportWord(L, 'modelVersion'))} <span translate="no">${esc(ctx.modelVersion)}</span></li>`];
  return `<ul>${lines.join('')}</ul><p class="note">${esc(reportWord(L, 'generated'))}: ${esc(ctx.generated)}</p>`;
}

function sizeText(r: ExperimentResult, L: Locale): string {
  return reportWord(L, 'runSize', { replications: r.replicationsDone, months: r.months, agents: formatNumber(r.agents, L, 0), subscribers: formatNumber(r.customers, L, 0) });
}

function sizeOfSide(s: ReportSide) {
  return runSizeOf(s.result, { modelVersion: s.modelVersion ?? null });
}

// A lever tool's side: its replications folded into a result.json object.
function side(name: string, scenario: Scenario, runs: readonly ReplicationResult[], seed: number): ReportSide {
  return { name, result: aggregate(withSimulation(scenario, { seed, replications: runs.length }), runs) };
}

// Paired differences b − a over months from…M, read against the thresholds.
function differencesOf(a: readonly ReplicationResult[], b: readonly ReplicationResult[], seed: number, fromMonth: number, ctx: ReportContext): ReportDifference[] {
  const sample = (rs: readonly ReplicationResult[]) => ({
    seed,
    replications: rs.map((r) => ({ replication: r.replication, run: Object.fromEntries(KPIS.map((k) => [k, kpiOver(r, k, fromMonth)])) as Record<KpiName, number> })),
  });
  return compareRuns(sample(a), sample(b), ctx.thresholds ?? PRACTICAL_THRESHOLDS);
}

function curveTable(r: CurvesResult, L: Locale): string {
  const key: Record<CurveMetric, ReportWordKey | null> = {
    newLines: 'curveNewLines', handsetsSold: 'curveHandsets', costPerAcquisition: 'curveCpa', partnersOpen: 'curvePartners', netContribution: 'curveNet', spend: 'curveSpend', subsidySpend: null, commissionSpend: null,
  };
  const unit: Record<CurveMetric, 'lines' | 'handsets' | 'CNY' | 'CNY/month' | null> = {
    newLines: 'lines', handsetsSold: 'handsets', costPerAcquisition: 'CNY', partnersOpen: null, netContribution: 'CNY/month', spend: 'CNY/month', subsidySpend: 'CNY/month', commissionSpend: 'CNY/month',
  };
  const metrics = CURVE_METRICS.filter((m) => key[m] !== null);
  // a figure, its interval on a line of its own
  const cell = (e: Estimate, m: CurveMetric) => {
    const u = unit[m];
    if (u === null) return `${esc(formatNumber(e.mean, L, 1))}<span class="ci">[${esc(formatNumber(e.ci95[0], L, 1))}, ${esc(formatNumber(e.ci95[1], L, 1))}]</span>`;
    const p = formatEstimateParts(e.mean, e.ci95, u, L);
    return `${esc(p.mean.number + p.mean.unit)}<span class="ci">${esc(p.interval)}</span>`;
  };
  const head = `<tr><th scope="col"><code translate="no">${esc(r.path)}</code></th>${metrics.map((m) => `<th scope="col">${esc(reportWord(L, key[m]!))}</th>`).join('')}</tr>`;
  const rows = r.points.map((p) => `<tr${p.value === r.optimum?.value ? ' class="optimum"' : ''}><th scope="row">${esc(lever(p.value, L))}</th>${metrics.map((m) => `<td>${cell(p.figures[m], m)}</td>`).join('')}</tr>`);
  return `<table class="curve"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

// The optimum against each neighbouring level, read against the KPI's threshold at the optimum's level.
function neighbourTable(r: CurvesResult, ctx: ReportContext): string {
  const L = ctx.locale;
  const o = r.optimum!;
  const t = (ctx.thresholds ?? PRACTICAL_THRESHOLDS)[o.kpi];
  const amount = thresholdAmount(t, o.achieved.mean);
  const rows = o.neighbours.map((nb) => {
    const v = practicalVerdict({ mean: nb.delta.mean, ci95: nb.delta.ci95, n: r.replications }, amount);
    return `<tr><th scope="row">${esc(reportWord(L, 'against', { value: lever(nb.value, L) }))}</th>${deltaCell({ kpi: o.kpi, ...nb.delta }, L)}${thresholdCell(o.kpi, amount, t, L)}<td class="verdict v-${v}" data-verdict="${v}">${esc(verdictWord(L, v))}</td></tr>`;
  });
  return `<h3>${esc(reportWord(L, 'neighbours'))}: ${esc(kpiName(o.kpi, L))} ${esc(lever(o.value, L))}</h3><table class="kpis"><thead><tr><th scope="col"></th><th scope="col">${esc(reportWord(L, 'differenceNeighbour'))}</th><th scope="col">${esc(reportWord(L, 'threshold'))}</th><th scope="col">${esc(reportWord(L, 'verdict'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// A lever's value: up to three decimals, grouped for the locale.
function lever(v: number, L: Locale): string {
  return formatNumber(v, L, 3);
}

/** A4, print-ready; only what the document uses. No "<" or "&" (the markup stays well-formed XML). */
const CSS = `
@page { size: A4; margin: 14mm 13mm; }
:root { color: #1b1f24; font-family: system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; font-size: 10.5pt; line-height: 1.45; }
body { margin: 0; background: #f4f6f8; }
.report { max-width: 182mm; margin: 0 auto; background: #ffffff; padding: 10mm 12mm; }
.toolbar { max-width: 182mm; margin: 0 auto; padding: 8px 12mm; display: flex; gap: 10px; align-items: center; color: #4f5864; font-size: 9.5pt; }
.toolbar button { font: inherit; padding: 3px 12px; border: 1px solid #1d5fa8; background: #1d5fa8; color: #ffffff; border-radius: 4px; cursor: pointer; }
header { border-bottom: 2px solid #1d5fa8; margin-bottom: 4mm; }
.kicker { margin: 0; color: #1d5fa8; font-weight: 600; font-size: 9pt; }
h1 { font-size: 17pt; margin: 1mm 0 1mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; border-bottom: 1px solid #d3d8de; padding-bottom: 1mm; }
h3 { font-size: 10.5pt; margin: 3mm 0 1.5mm; }
.meta, .note { color: #4f5864; font-size: 9pt; }
.question { font-size: 12pt; font-weight: 600; }
.role { display: inline-block; padding: 0 6px; border-radius: 3px; background: #e8f0fa; color: #1d5fa8; font-size: 9pt; font-weight: 600; }
.scenario { margin-bottom: 2mm; }
.changes { margin: 1mm 0 0; padding-left: 5mm; }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; font-variant-numeric: tabular-nums; margin: 1mm 0 2mm; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 1.2mm 1.6mm; text-align: right; vertical-align: top; }
thead th { border-bottom: 1.5px solid #8a9099; font-weight: 600; }
tbody th, .sources td { text-align: left; font-weight: normal; }
.delta { white-space: nowrap; }
.ci { display: block; color: #4f5864; font-size: 8.5pt; }
.kpis th, .kpis td, .curve td { white-space: nowrap; }
.curve thead th:first-child { max-width: 30mm; overflow-wrap: anywhere; }
.verdict { white-space: nowrap; color: #4f5864; }
.v-practical { color: #1b1f24; font-weight: 700; background: #fff3d6; }
tr.optimum th, tr.optimum td { font-weight: 700; }
.warning { border: 2px solid #b3261e; background: #fbe9e7; padding: 2mm 4mm; margin: 3mm 0; border-radius: 4px; }
.warning h2 { color: #9b1c1c; border: none; margin-top: 1mm; }
figure { margin: 2mm 0 4mm; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #4f5864; font-size: 8.5pt; margin-top: 1mm; }
@media print {
  body { background: #ffffff; }
  .toolbar { display: none; }
  .report { max-width: none; padding: 0; }
  figure, tr, .scenario, .warning { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
}
`;
