/**
 * State and actions of the planning views: the levers (分流目标, 补贴/酬金, 网点关停, counter and
 * hotline sizing), the calibration (校准) and the data import. One instance for the page
 * (`planning`), so that results survive switching views. Every search runs through the planning
 * pool (services/planning.ts) on the workbench's current scenario at the planning run size; one
 * search at a time, cancellable. Results are kept raw (no deep proxies): they are large and read-only.
 */
import {
  type Progress, AbortedError, type LeverOptions, evaluator, ExperimentError, type ExperimentProblem, seek,
  TargetOutOfReachError, type SeekResult, responseCurves, type CurveMetric, type CurvesResult, planClosures,
  type ClosurePlan, sizeCapacity, type SizeResult, calibrate, defaultFitPaths, fitOfRuns, observedMetrics,
  type CalibrationResult, type FitRow, type ObservedMetric, closureWhatIf, type ClosureWhatIf,
} from '../../experiment/index.ts';
import type { ImportProblem } from '../../io/index.ts';
import type { Scenario } from '../../model/index.ts';
import type { Workbench } from './workbench.svelte.ts';
import { DEFAULT_PLAN_SIZE, normalisePlanSize, type PlanSize } from '../lib/planSize.ts';
import { CURVE_LEVERS, DIVERSION_MEASURES, leverOfPath, leverSetting } from '../lib/leverCatalogue.ts';
import { entryName } from '../lib/library.ts';
import { setAt } from '../lib/paths.ts';
import { formatLever } from '../i18n/planningFormat.ts';
import { formatList } from '../i18n/format.ts';
import { closedIds } from '../lib/outlets.ts';
import { draftWithValues } from '../lib/draftValues.ts';
import { planningPool, preparePlan } from '../services/planning.ts';
import { readObservedMetrics } from '../services/dataImport.ts';
import { errorText } from '../i18n/problems.ts';

export type TaskKind = 'seek' | 'curves' | 'whatIf' | 'plan' | 'sizing' | 'fit' | 'calibrate';

export interface PlanTask {
  kind: TaskKind;
  controller: AbortController;
  progress: Progress | null;
  startedAt: number;
}

/** A finished search: what it found, or why it found nothing. */
export interface Outcome<T> {
  value?: T;
  /** why the question cannot be answered as asked (target out of reach, budget too small, bad range) */
  refused?: ExperimentProblem[];
  /** the reachable range of an out-of-reach target */
  range?: [number, number];
  ms: number;
  size: PlanSize;
  closuresMoved?: { from: number; to: number } | null;
  /** scenario the search ran on (planning size) */
  scenario?: Scenario;
}

export interface ObservedSet {
  file: string;
  encoding: string;
  metrics: ObservedMetric[];
}

export class Planning {
  size = $state<PlanSize>({ ...DEFAULT_PLAN_SIZE });
  task = $state.raw<PlanTask | null>(null);

  /** target null: the scenario's own diversion target (levers.diversion.targetShare) */
  seekForm = $state({ target: null as number | null, measure: DIVERSION_MEASURES[0].id, lo: DIVERSION_MEASURES[0].lo, hi: DIVERSION_MEASURES[0].hi, storeP90Min: 10 });
  seek = $state.raw<Outcome<SeekResult> | null>(null);

  curvesForm = $state({ lever: CURVE_LEVERS[0].id, lo: CURVE_LEVERS[0].lo, hi: CURVE_LEVERS[0].hi, steps: 4, budget: 900_000 as number | null, metric: 'netContribution' as CurveMetric });
  curves = $state.raw<Outcome<CurvesResult> | null>(null);

  // No churn limit by default: the plan shows its churn increase with the interval, and a limit
  // the planner sets that blocks the plan is offered to be lifted in one click.
  closuresForm = $state({ mode: 'saving' as 'saving' | 'close', saving: 120_000, count: 1, maxChurnIncrease: null as number | null, shortlist: 4, maxEvaluations: 2, travelLimitMin: 30, maxShareBeyond: null as number | null });
  whatIf = $state.raw<Outcome<ClosureWhatIf> | null>(null);
  plan = $state.raw<Outcome<ClosurePlan> | null>(null);
  /** which closure result the flow diagram and ranking show */
  closuresShown = $state<'whatIf' | 'plan'>('whatIf');

  sizingForm = $state({ storeP90Min: 10 });
  sizing = $state.raw<Outcome<SizeResult> | null>(null);

  observed = $state.raw<ObservedSet | null>(null);
  observedProblems = $state.raw<ImportProblem[]>([]);
  /** parameter paths offered for the fit, and those ticked */
  fitOffered = $state.raw<string[]>([]);
  fitChosen = $state.raw<string[]>([]);
  maxEvaluations = $state(12);
  fit = $state.raw<Outcome<{ rows: FitRow[]; calibration?: CalibrationResult }> | null>(null);

  get busy(): boolean {
    return this.task !== null;
  }

  /** Change the planning run size (each field kept within its bounds). */
  setSize(patch: Partial<PlanSize>): void {
    this.size = normalisePlanSize({ ...this.size, ...patch });
  }

  cancel(): void {
    this.task?.controller.abort();
  }

  // ---- levers -------------------------------------------------------------------------------

  /** A diversion measure chosen: its default search range with it. */
  chooseMeasure(id: string): void {
    const m = leverSetting(DIVERSION_MEASURES, id);
    Object.assign(this.seekForm, { measure: id, lo: m.lo, hi: m.hi });
  }

  chooseCurveLever(id: string): void {
    const l = leverSetting(CURVE_LEVERS, id);
    Object.assign(this.curvesForm, { lever: id, lo: l.lo, hi: l.hi });
  }

  async runSeek(wb: Workbench): Promise<void> {
    const f = { ...this.seekForm };
    const m = leverSetting(DIVERSION_MEASURES, f.measure);
    this.seek = await this.#run(wb, 'seek', (scenario, o) => seek(scenario, {
      ...o, kpi: 'diversionRate', target: f.target ?? scenario.levers.diversion.targetShare, path: m.path, lo: f.lo, hi: f.hi,
      storeP90Min: f.storeP90Min > 0 ? f.storeP90Min : undefined,
    }));
  }

  /**
   * A lever value into a new copy of the current scenario (应用到情景), named after the lever and
   * the value, selected and run at its own size.
   */
  applyLever(wb: Workbench, path: string, value: number): void {
    const lever = leverOfPath(path);
    const what = lever ? `${wb.t(lever.short ?? lever.label)} ${formatLever(value, lever.unit, wb.locale)}` : `${path} = ${value}`;
    this.#apply(wb, setAt(wb.draft, path.split('.'), value), what);
  }

  /** Closures into a new copy of the current scenario (those it closes already stay closed). */
  applyClosures(wb: Workbench, ids: readonly string[]): void {
    const closed = closedIds(wb.draft);
    const all = [...closed, ...ids.filter((id) => !closed.includes(id))];
    this.#apply(wb, setAt(wb.draft, ['levers', 'closures', 'outlets'], all), wb.t('lvShortClose', { ids: formatList(ids, wb.locale) }));
  }

  /** A refused closure plan asked again with the limit that blocked it lifted (or the shortlist lengthened). */
  async relaxPlan(wb: Workbench, relax: { maxChurnIncrease: null } | { shortlist: number }): Promise<void> {
    Object.assign(this.closuresForm, relax);
    await this.runPlan(wb);
  }

  async runCurves(wb: Workbench): Promise<void> {
    const f = { ...this.curvesForm };
    const l = leverSetting(CURVE_LEVERS, f.lever);
    this.curves = await this.#run(wb, 'curves', (scenario, o) => responseCurves(scenario, {
      ...o, path: l.path, lo: f.lo, hi: f.hi, steps: f.steps,
      maximise: { kpi: 'netContribution', ...(f.budget !== null && f.budget >= 0 ? { budget: f.budget } : {}), refineRounds: 1 },
    }));
  }

  /** What-if on the outlets closed on the map (the draft's closures lever). */
  async runWhatIf(wb: Workbench): Promise<void> {
    const ids = closedIds(wb.draft);
    const limit = this.closuresForm.travelLimitMin;
    this.closuresShown = 'whatIf';
    this.whatIf = await this.#run(wb, 'whatIf', (scenario, o) => closureWhatIf(scenario, ids, { ...o, ...(limit > 0 ? { travelLimitMin: limit } : {}) }));
  }

  async runPlan(wb: Workbench): Promise<void> {
    const f = { ...this.closuresForm };
    this.closuresShown = 'plan';
    this.plan = await this.#run(wb, 'plan', (scenario, o) => planClosures(scenario, {
      ...o,
      ...(f.mode === 'saving' ? { saving: f.saving } : { close: f.count }),
      ...(f.maxChurnIncrease !== null ? { maxChurnIncrease: f.maxChurnIncrease } : {}),
      ...(f.maxShareBeyond !== null ? { travel: { limitMin: f.travelLimitMin, maxShareBeyond: f.maxShareBeyond } } : {}),
      shortlist: f.shortlist, maxEvaluations: f.maxEvaluations,
    }));
  }

  async runSizing(wb: Workbench): Promise<void> {
    const p90 = this.sizingForm.storeP90Min;
    this.sizing = await this.#run(wb, 'sizing', (scenario, o) => sizeCapacity(scenario, { ...o, storeP90Min: p90, maxRounds: 2 }));
  }

  // ---- calibration ----------------------------------------------------------------------------

  /** Read an observed-figures CSV (in the import worker) against the current scenario. */
  async loadObserved(wb: Workbench, bytes: Uint8Array, file: string): Promise<void> {
    if (!wb.parsed.ok) {
      wb.notify('error', wb.t('fixProblems'), wb.problems);
      return;
    }
    const r = await readObservedMetrics(bytes, file, wb.parsed.scenario);
    if (!r.ok) {
      this.observedProblems = r.problems;
      return;
    }
    this.observedProblems = [];
    this.#useObserved({ file, encoding: r.encoding, metrics: r.records });
  }

  /** The observed figures the current scenario carries (observed.figures or its observed file). */
  async useScenarioFigures(wb: Workbench): Promise<void> {
    if (!wb.parsed.ok) return;
    const prepared = await preparePlan(wb.parsed.scenario, this.size);
    if (!prepared.ok) {
      wb.notify('error', wb.t('dataBroken'), prepared.problems);
      return;
    }
    const file = wb.t('calScenarioFigures');
    const taken = observedMetrics(prepared.scenario, prepared.scenario.observed.figures, file);
    if (!taken.ok) {
      this.observedProblems = taken.problems;
      return;
    }
    this.observedProblems = [];
    this.#useObserved({ file, encoding: '', metrics: taken.metrics });
  }

  toggleFitPath(path: string): void {
    this.fitChosen = this.fitChosen.includes(path) ? this.fitChosen.filter((p) => p !== path) : [...this.fitChosen, path];
  }

  /** Add a parameter path typed by the user (checked against the scenario when the fit starts). */
  addFitPath(path: string): void {
    const p = path.trim();
    if (!p) return;
    if (!this.fitOffered.includes(p)) this.fitOffered = [...this.fitOffered, p];
    if (!this.fitChosen.includes(p)) this.fitChosen = [...this.fitChosen, p];
  }

  /** Observed vs simulated for the scenario as it is: one evaluation, no optimisation. */
  async evaluateFit(wb: Workbench): Promise<void> {
    const observed = this.observed;
    if (!observed) return;
    this.fit = await this.#run(wb, 'fit', async (scenario, o) => {
      const [runs] = await evaluator(scenario, o).run([scenario]);
      return { rows: fitOfRuns(observed.metrics, runs) };
    });
  }

  /** Fit the chosen parameters (Nelder–Mead on common random numbers: src/experiment/calibrate.ts). */
  async calibrate(wb: Workbench): Promise<void> {
    const observed = this.observed;
    if (!observed) return;
    const fit = [...this.fitChosen];
    const maxEvaluations = this.maxEvaluations;
    this.fit = await this.#run(wb, 'calibrate', async (scenario, o) => {
      const calibration = await calibrate({ scenario, observed: observed.metrics, fit, maxEvaluations, pool: o.pool, signal: o.signal, onProgress: o.onProgress, replications: o.replications, seed: o.seed });
      // the held-out figures after the fitted ones, marked in the table as the out-of-sample checks
      return { rows: [...calibration.fit, ...calibration.checks], calibration };
    });
  }

  /** Write the fitted values into the draft scenario (a bundled one is copied first). */
  applyCalibration(wb: Workbench): void {
    const c = this.fit?.value?.calibration;
    if (!c) return;
    const draft = draftWithValues(wb.draft, c.parameters.flatMap((p) => p.values), c.scenario.services);
    wb.replaceDraft(draft);
    wb.notify('info', wb.t('calApplied', { n: c.parameters.length }));
  }

  // ---- internals ----------------------------------------------------------------------------

  #apply(wb: Workbench, json: unknown, what: string): void {
    const name = `${entryName({ id: wb.activeId, json: wb.draft })} + ${what}`;
    const entry = wb.addScenario(json, name);
    wb.setView('workbench');
    wb.notify('info', wb.t('lvApplied', { name: entryName(entry) }));
    void wb.run();
  }

  #useObserved(set: ObservedSet): void {
    this.observed = set;
    this.fit = null;
    let offered: string[] = [];
    try {
      offered = defaultFitPaths(set.metrics);
    } catch {
      // a metric without a default parameter: the user names the parameters
    }
    this.fitOffered = offered;
    this.fitChosen = offered;
    this.maxEvaluations = Math.max(6, Math.min(40, 2 * (offered.length + 1)));
  }

  // One search: prepare the scenario at the planning size, run it in the pool with progress and
  // cancel, and turn the experiment's input problems into a refusal shown in the panel (anything
  // else is a failure of the search, told in a notice).
  async #run<T>(wb: Workbench, kind: TaskKind, work: (scenario: Scenario, o: LeverOptions & { replications: number; seed: number }) => Promise<T>): Promise<Outcome<T> | null> {
    if (this.task) return null;
    if (!wb.parsed.ok) {
      wb.notify('error', wb.t('fixProblems'), wb.problems);
      return null;
    }
    const size = { ...this.size };
    const controller = new AbortController();
    const task: PlanTask = { kind, controller, progress: null, startedAt: performance.now() };
    this.task = task;
    let frame = 0;
    let pending: Progress | null = null;
    const onProgress = (p: Progress) => {
      pending = p;
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        if (this.task?.controller === controller && pending) this.task = { ...task, progress: pending };
      });
    };
    try {
      const prepared = await preparePlan(wb.parsed.scenario, size);
      if (!prepared.ok) {
        wb.notify('error', wb.t('dataBroken'), prepared.problems);
        return null;
      }
      const t0 = performance.now();
      try {
        const value = await work(prepared.scenario, { pool: planningPool(), signal: controller.signal, onProgress, replications: size.replications, seed: size.seed });
        return { value, ms: performance.now() - t0, size, closuresMoved: prepared.closuresMoved, scenario: prepared.scenario };
      } catch (e) {
        if (e instanceof AbortedError || controller.signal.aborted) {
          wb.notify('info', wb.t('lvCancelled'));
          return null;
        }
        if (e instanceof ExperimentError) {
          return { refused: e.problems, ...(e instanceof TargetOutOfReachError ? { range: e.range } : {}), ms: performance.now() - t0, size, scenario: prepared.scenario };
        }
        throw e;
      }
    } catch (e) {
      wb.notify('error', wb.t('lvFailed', { message: errorText(e, wb.locale) }));
      return null;
    } finally {
      cancelAnimationFrame(frame);
      this.task = null;
    }
  }
}

/** The one instance of the page. */
export const planning = new Planning();
