/**
 * The workbench's state and actions, in one place: the scenario library, the draft being edited
 * (as the user wrote it; parsed and validated on every change), the finished runs, the run in
 * progress, the language, and the notices. Components read it and call its actions; everything
 * that must survive a reload is written to IndexedDB from here.
 */
import { parseScenario, parseScenarioText, type Parsed, type Problem, agentsOf, type ReplicationResult } from '../../model/index.ts';
import { type Progress, aggregate, replicationKpis, type ExperimentResult, changeMonth, windowKpis, thresholdsWith, type ThresholdValues, type Threshold, provisionalTally, type ProvisionalKpis } from '../../experiment/index.ts';
import type { KpiName } from '../../model/index.ts';
import { MODEL_LABEL } from '../services/version.ts';
import { pickLocale, translate, type Locale, type MessageKey } from '../i18n/messages.ts';
import { errorText } from '../i18n/problems.ts';
import { BUNDLED } from '../services/bundled.ts';
import * as db from '../services/db.ts';
import { downloadText } from '../services/download.ts';
import { runInBrowser } from '../services/runner.ts';
import { withDataFiles } from '../services/dataFiles.ts';
import { issueProblems } from '../i18n/issues.ts';
import { wordedProblems } from '../i18n/scenarioProblems.ts';
import { decodeScenario, encodeScenario, HASH_KEY, MAX_JSON_BYTES, MAX_LINK_CHARS, scenarioParam, sharedSummary, type Refusal, type SharedSummary } from '../lib/share.ts';
import type { BadRecord } from '../lib/records.ts';
import { entryName, forkedJson, newUserId, uniqueName, withName, type ScenarioEntry } from '../lib/library.ts';
import { getAt, setAt, type Path } from '../lib/paths.ts';
import { toggleClosure } from '../lib/outlets.ts';
import { resumable, type InflightReplication, type InflightRun, type RunRecord } from '../lib/runs.ts';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
  problems?: Problem[];
  action?: { label: string; run: () => void };
}

/** A scenario from a link, waiting for the user to open it or not. */
export interface PendingShare {
  json: unknown;
  summary: SharedSummary;
}

export interface RunState {
  progress: Progress | null;
  controller: AbortController;
  /** reading the data files, or simulating (progress from the workers) */
  phase: 'preparing' | 'running';
  /** performance.now() when this phase began */
  startedAt: number;
  /** replication-months done before this session began (a resumed run): not in the pace */
  monthsAtStart: number;
  /** customer agents each replication builds, months it simulates */
  agents: number;
  months: number;
  /** KPIs over the replication-months simulated so far (experiment/provisional.ts); null before the first month */
  provisional: ProvisionalKpis | null;
}

/** A run a reload interrupted, with the replications it had finished. */
export interface Interrupted {
  run: InflightRun;
  done: ReplicationResult[];
}

const SAVE_DELAY_MS = 300;
/** Set-aside records named one notice each; the rest are counted in one more. */
const SET_ASIDE_NOTICES = 5;
/** Problems shown for a set-aside record (its saved copy holds them all). */
const SET_ASIDE_PROBLEMS = 5;
const KIND_KEY = { scenarios: 'kindScenario', runs: 'kindRun', settings: 'kindSetting', inflight: 'kindInflight', inflightReplications: 'kindInflight' } as const;
/** The Web Lock a tab holds while it runs a run, so that another tab does not offer to resume it. */
const RUN_LOCK = 'channel-lab-run:';
/** The URL hash that opens the training view (a link for presenters). */
const TRAINING_HASH = '#training';

export type View = 'workbench' | 'training' | 'levers' | 'calibration' | 'data';

export class Workbench {
  ready = $state(false);
  locale = $state<Locale>('zh-CN');
  readonly bundled: readonly ScenarioEntry[] = BUNDLED;
  user = $state.raw<ScenarioEntry[]>([]);
  activeId = $state(BUNDLED[0].id);
  /** the scenario being edited, as written (defaults not filled in) */
  draft = $state.raw<unknown>(BUNDLED[0].json);
  parsed: Parsed = $derived(parseScenario(this.draft));
  /** the draft's problems, worded in the current language */
  problems: Problem[] = $derived(this.parsed.ok ? [] : wordedProblems(this.parsed.problems, this.locale));
  runs = $state.raw<RunRecord[]>([]);
  shownRunId = $state<string | null>(null);
  /** runs ticked for the comparison, in the order ticked */
  compareIds = $state.raw<string[]>([]);
  /** the baseline the user chose (null, or no longer ticked: the first ticked) */
  compareBaseId = $state<string | null>(null);
  /** the selection (Comparison.key) the user chose to compare although its runs are not alike */
  compareAnywayKey = $state<string | null>(null);
  /** thresholds of practical importance the user set (kept in settings); the rest are the defaults */
  thresholdValues = $state.raw<ThresholdValues>({});
  thresholds: Record<KpiName, Threshold> = $derived(thresholdsWith(this.thresholdValues));
  running = $state.raw<RunState | null>(null);
  /** runs a reload interrupted, oldest first: offered to resume, keep or discard */
  interrupted = $state.raw<Interrupted[]>([]);
  notices = $state.raw<Notice[]>([]);
  pendingShare = $state.raw<PendingShare | null>(null);
  view = $state<View>('workbench');

  active: ScenarioEntry | undefined = $derived(this.entry(this.activeId));
  shownRun: RunRecord | undefined = $derived(this.runs.find((r) => r.id === this.shownRunId) ?? this.runs[0]);

  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #noticeId = 0;
  #storeFailing = false;

  /** A message in the current language. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => translate(this.locale, key, params);

  entry(id: string): ScenarioEntry | undefined {
    return this.bundled.find((e) => e.id === id) ?? this.user.find((e) => e.id === id);
  }

  /**
   * Load what the last visit left (IndexedDB; records that fail their schema are set aside, with a
   * notice), then a shared scenario from the URL, if any.
   */
  async init(): Promise<void> {
    this.locale = pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
    const stored = await db.loadAll(() => this.notify('info', this.t('dbBlocked')));
    const { activeId, locale, practicalThresholds } = stored.settings;
    if (locale) this.locale = locale;
    if (practicalThresholds) this.thresholdValues = practicalThresholds as ThresholdValues;
    this.user = stored.scenarios.sort((a, b) => a.updatedAt - b.updatedAt);
    this.runs = stored.runs.sort((a, b) => b.createdAt - a.createdAt);
    await this.#findInterrupted(stored.inflight, stored.inflightReplications);
    const start = activeId ? this.entry(activeId) : undefined;
    if (start) this.#show(start);
    this.#reportSetAside(stored.setAside);
    if (location.hash === TRAINING_HASH) this.view = 'training';
    await this.openLink();
    this.ready = true;
  }

  /**
   * A scenario link in the URL's hash (on load, or pasted into the open tab): refused with the
   * reason, or held for the user to confirm (acceptShared) or not (declineShared).
   */
  async openLink(): Promise<void> {
    const param = scenarioParam(location.hash);
    if (param === null) return;
    const decoded = await decodeScenario(param);
    if (!decoded.ok) {
      this.#clearLink();
      this.notify('error', this.#refusal(decoded), decoded.reason === 'invalid' ? wordedProblems(decoded.problems, this.locale) : undefined);
      return;
    }
    this.pendingShare = { json: decoded.value, summary: sharedSummary(decoded.value, decoded.scenario) };
  }

  /** Open the scenario of the link as a new entry under My scenarios (never over an existing one). */
  acceptShared(): void {
    const shared = this.pendingShare;
    if (!shared) return;
    this.pendingShare = null;
    this.#clearLink();
    const name = entryName({ id: 'shared', json: shared.json });
    const e = this.#addUser(this.#names().includes(name) ? withName(shared.json, uniqueName(name, this.t('copySuffix'), this.#names())) : shared.json);
    this.view = 'workbench';
    this.notify('info', this.t('shareLoaded', { name: entryName(e) }));
  }

  /** Leave everything as it was; the link leaves the address bar. */
  declineShared(): void {
    this.pendingShare = null;
    this.#clearLink();
  }

  /** Switch between the workbench and the training mode; the training view keeps #training in the URL. */
  setView(view: View): void {
    this.view = view;
    history.replaceState(null, '', view === 'training' ? TRAINING_HASH : location.pathname + location.search);
  }

  setLocale(locale: Locale): void {
    this.locale = locale;
    this.#store(db.setSetting('locale', locale));
  }

  // ---- the library ------------------------------------------------------------------------

  select(id: string): void {
    const e = this.entry(id);
    if (!e) return;
    this.#flush();
    this.#show(e);
    this.#store(db.setSetting('activeId', id));
  }

  duplicate(): void {
    this.#addUser(withName(this.draft, uniqueName(entryName({ id: this.activeId, json: this.draft }), this.t('copySuffix'), this.#names())));
  }

  /** A new scenario in My scenarios under `name` (or the next free variant of it), shown at once. */
  addScenario(json: unknown, name: string): ScenarioEntry {
    const taken = this.#names();
    return this.#addUser(withName(json, taken.includes(name) ? uniqueName(name, this.t('copySuffix'), taken) : name));
  }

  rename(name: string): void {
    if (!name.trim() || this.active?.source !== 'user') return;
    this.edit(['name'], name.trim());
  }

  remove(): void {
    const e = this.active;
    if (!e || e.source !== 'user') return;
    clearTimeout(this.#saveTimer);
    this.user = this.user.filter((x) => x.id !== e.id);
    this.#store(db.deleteScenario(e.id));
    this.select(this.bundled[0].id);
  }

  async importFile(file: File): Promise<void> {
    const text = await file.text();
    const parsed = parseScenarioText(text.replace(/^\uFEFF/, ''));
    if (!parsed.ok) {
      this.notify('error', this.t('importBroken', { file: file.name }), wordedProblems(parsed.problems, this.locale));
      return;
    }
    const json = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    const name = entryName({ id: file.name.replace(/\.json$/i, ''), json });
    const e = this.#addUser(this.#names().includes(name) ? withName(json, uniqueName(name, this.t('copySuffix'), this.#names())) : json);
    this.notify('info', this.t('imported', { name: entryName(e) }));
  }

  /** Put the draft in the URL's hash and on the clipboard; null when it is too large for a link. */
  async share(): Promise<string | null> {
    const fragment = await encodeScenario(this.draft);
    const chars = fragment.length - HASH_KEY.length - 1;
    if (chars > MAX_LINK_CHARS) {
      this.notify('error', this.t('shareTooBigToSend', { size: kb(chars), limit: kb(MAX_LINK_CHARS) }));
      return null;
    }
    const url = `${location.origin}${location.pathname}${location.search}#${fragment}`;
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard (insecure context, denied): the link is in the address bar.
    }
    this.notify('info', this.t('shareCopied'));
    return url;
  }

  // ---- editing ----------------------------------------------------------------------------

  /**
   * Set one value of the draft (undefined removes it, so the default applies). `ensure` lists
   * the lists the value sits in that the draft does not hold yet: each is first set to the
   * default it was shown with, so that editing one default service keeps the others.
   */
  edit(path: Path, value: unknown, ensure: ReadonlyArray<{ path: Path; value: unknown }> = []): void {
    let next = this.draft;
    for (const e of ensure) if (getAt(next, e.path) === undefined) next = setAt(next, e.path, e.value);
    this.#change(setAt(next, path, value));
  }

  /** Replace the whole draft (the JSON view). */
  replaceDraft(json: unknown): void {
    this.#change(json);
  }

  toggleOutlet(id: string): void {
    this.#change(toggleClosure(this.draft, id));
  }

  // ---- running ----------------------------------------------------------------------------

  async run(): Promise<void> {
    if (this.running) return;
    if (!this.parsed.ok) {
      this.notify('error', this.t('fixProblems'), this.problems);
      return;
    }
    const name = entryName({ id: this.activeId, json: this.draft });
    const entryId = this.activeId;
    const sim = this.parsed.scenario.simulation;
    const controller = new AbortController();
    this.running = { controller, progress: null, phase: 'preparing', startedAt: performance.now(), monthsAtStart: 0, agents: agentsOf(this.parsed.scenario).agents, months: sim.months, provisional: null };
    const prepared = await withDataFiles(this.parsed.scenario).catch((e: unknown) => ({ ok: false as const, problems: [{ path: '$', message: e instanceof Error ? e.message : String(e) }] }));
    if (!prepared.ok) {
      this.running = null;
      this.notify('error', this.t('dataBroken'), prepared.problems);
      return;
    }
    if (controller.signal.aborted) {
      this.running = null;
      this.notify('info', this.t('cancelledNone'));
      return;
    }
    const run: InflightRun = { id: `run:${Date.now().toString(36)}:${this.runs.length}`, startedAt: Date.now(), name, entryId, replications: sim.replications, scenario: prepared.scenario };
    this.#store(db.saveInflight(run));
    await this.#execute(run, [], controller);
  }

  /** Run the replications an interrupted run is missing, then keep it as any finished run. */
  async resumeInterrupted(): Promise<void> {
    const first = this.interrupted[0];
    if (!first || this.running) return;
    this.interrupted = this.interrupted.slice(1);
    this.notify('info', this.t('resumed', { name: first.run.name, done: first.done.length, n: first.run.replications - first.done.length }));
    await this.#execute(first.run, first.done, new AbortController());
  }

  /** Keep what an interrupted run finished as a partial run. */
  keepInterrupted(): void {
    const first = this.interrupted[0];
    if (!first) return;
    this.interrupted = this.interrupted.slice(1);
    if (first.done.length === 0) {
      this.#store(db.finishInflight(first.run.id));
      return;
    }
    const result = aggregate(first.run.scenario, first.done, { requested: first.run.replications });
    const record = this.#record(first.run, result, first.done, true);
    this.runs = [record, ...this.runs];
    this.shownRunId = record.id;
    this.#store(db.finishInflight(first.run.id, record));
  }

  discardInterrupted(): void {
    const first = this.interrupted[0];
    if (!first) return;
    this.interrupted = this.interrupted.slice(1);
    this.#store(db.finishInflight(first.run.id));
  }

  // Simulate the run's replications but `done`, each kept in IndexedDB as it arrives; the finished
  // run replaces the run in progress there in one step.
  async #execute(run: InflightRun, done: ReplicationResult[], controller: AbortController): Promise<void> {
    const { scenario } = run;
    const months = scenario.simulation.months;
    // The KPI cards fill in from the first simulated month on, provisional until the run ends.
    const tally = provisionalTally(run.replications, months);
    for (const r of done) tally.finished(r);
    const state: RunState = { controller, progress: null, phase: 'running', startedAt: performance.now(), monthsAtStart: done.length * months, agents: agentsOf(scenario).agents, months, provisional: tally.summary() };
    this.running = state;
    let pending: Progress | null = null;
    let frame = 0;
    // Workers report every simulated month (progress first, then the month's KPIs); the bar and
    // the provisional cards move at most once a frame.
    const onProgress = (p: Progress) => {
      pending = p;
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        if (this.running?.controller === controller && pending) this.running = { ...state, progress: pending, provisional: tally.summary() };
      });
    };
    const onResult = (r: ReplicationResult) => {
      tally.finished(r);
      this.#store(db.saveInflightReplication({ runId: run.id, replication: r.replication, result: r }));
    };
    try {
      const outcome = await holdLock(RUN_LOCK + run.id, () => runInBrowser(scenario, { signal: controller.signal, onProgress, done, onResult, onMonth: tally.month }));
      if (!outcome) {
        this.#store(db.finishInflight(run.id));
        this.notify('info', this.t('cancelledNone'));
        return;
      }
      const record = this.#record(run, outcome.result, outcome.replications, outcome.cancelled);
      this.runs = [record, ...this.runs];
      this.shownRunId = record.id;
      if (outcome.cancelled) {
        this.notify('info', this.t('cancelled', { done: outcome.result.replicationsDone, total: outcome.result.replications }));
      }
      this.#store(db.finishInflight(run.id, record));
    } catch (e) {
      this.#store(db.finishInflight(run.id));
      this.notify('error', this.t('runFailed', { message: errorText(e, this.locale) }));
    } finally {
      cancelAnimationFrame(frame);
      this.running = null;
    }
  }

  // A run as the workbench keeps it; with a mid-run change, its KPIs from the change on as well.
  #record(run: InflightRun, result: ExperimentResult, replications: readonly ReplicationResult[], cancelled: boolean): RunRecord {
    const change = changeMonth(run.scenario);
    return {
      id: run.id,
      createdAt: Date.now(),
      name: run.name,
      entryId: run.entryId,
      result,
      replicationKpis: replicationKpis(replications),
      cancelled,
      modelVersion: MODEL_LABEL,
      ...(change !== null ? { afterChange: windowKpis(replications, change, run.scenario.simulation.months) } : {}),
    };
  }

  // Interrupted runs of the last visit: those whose tab is gone (a live tab holds the run's lock).
  // Replications left of runs no longer in progress are dropped: nothing can use them.
  async #findInterrupted(runs: readonly InflightRun[], replications: readonly InflightReplication[]): Promise<void> {
    const ids = new Set(runs.map((r) => r.id));
    this.#store(db.dropInflightReplications(replications.filter((r) => !ids.has(r.runId)).map((r) => [r.runId, r.replication] as [string, number])));
    if (runs.length === 0) return;
    const held = new Set((await navigator.locks?.query().catch(() => undefined))?.held?.map((l) => l.name) ?? []);
    this.interrupted = runs
      .filter((r) => !held.has(RUN_LOCK + r.id))
      .sort((a, b) => a.startedAt - b.startedAt)
      .map((run) => ({ run, done: resumable(run, replications) }));
  }

  cancel(): void {
    this.running?.controller.abort();
  }

  showRun(id: string): void {
    this.shownRunId = id;
  }

  toggleCompare(id: string): void {
    this.compareIds = this.compareIds.includes(id) ? this.compareIds.filter((x) => x !== id) : [...this.compareIds, id];
  }

  /** Compare against this run (one of those ticked). */
  setCompareBase(id: string): void {
    this.compareBaseId = id;
  }

  /** Compare this selection although its runs are not alike (the view keeps warning). */
  compareAnyway(key: string): void {
    this.compareAnywayKey = key;
  }

  /** A KPI's threshold of practical importance (null: back to the default), kept in settings. */
  setThreshold(kpi: KpiName, value: number | null): void {
    const next = { ...this.thresholdValues };
    if (value === null || !(value >= 0)) delete next[kpi];
    else next[kpi] = value;
    this.thresholdValues = next;
    this.#store(db.setSetting('practicalThresholds', next));
  }

  /** Every threshold back to its default. */
  resetThresholds(): void {
    this.thresholdValues = {};
    this.#store(db.setSetting('practicalThresholds', {}));
  }

  deleteRun(id: string): void {
    this.runs = this.runs.filter((r) => r.id !== id);
    this.compareIds = this.compareIds.filter((x) => x !== id);
    if (this.shownRunId === id) this.shownRunId = null;
    this.#store(db.deleteRun(id));
  }

  // ---- notices ----------------------------------------------------------------------------

  notify(kind: Notice['kind'], text: string, problems?: Problem[], action?: Notice['action']): void {
    this.notices = [...this.notices, { id: ++this.#noticeId, kind, text, problems, action }];
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  // ---- internals --------------------------------------------------------------------------

  #show(e: ScenarioEntry): void {
    this.activeId = e.id;
    this.draft = e.json;
  }

  #names(): string[] {
    return [...this.bundled, ...this.user].map(entryName);
  }

  #addUser(json: unknown): ScenarioEntry {
    this.#flush();
    const e: ScenarioEntry = { id: newUserId(Date.now(), [...this.user.map((x) => x.id)]), source: 'user', json, updatedAt: Date.now() };
    this.user = [...this.user, e];
    this.#store(db.saveScenario(e));
    this.#show(e);
    this.#store(db.setSetting('activeId', e.id));
    return e;
  }

  // Every edit lands in a user scenario: a bundled one is first copied, named "… (edited)" unless
  // the edit is to the name itself (then the name typed is kept, or the first keystroke is lost).
  #change(json: unknown): void {
    if (this.active?.source !== 'user') {
      const forked = forkedJson(this.activeId, this.draft, json, this.t('editedSuffix'), this.#names());
      const name = entryName({ id: this.activeId, json: forked });
      const forkedFrom = this.activeId;
      this.#addUser(forked);
      if (forkedFrom !== this.activeId) this.notify('info', this.t('forked', { name }));
      return;
    }
    this.draft = json;
    const id = this.activeId;
    this.user = this.user.map((e) => (e.id === id ? { ...e, json, updatedAt: Date.now() } : e));
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#flush(), SAVE_DELAY_MS);
  }

  // Write the active user scenario now (before a reload or a switch).
  #flush(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    const e = this.active;
    if (e?.source === 'user') this.#store(db.saveScenario(e));
  }

  // A write that fails (storage full, a private window) is said once until one succeeds again,
  // so that unsaved work is never lost silently.
  #store(write: Promise<void>): void {
    write.then(
      () => {
        this.#storeFailing = false;
      },
      (e: unknown) => {
        if (this.#storeFailing) return;
        this.#storeFailing = true;
        this.notify('error', this.t('storeFailed', { message: e instanceof Error ? e.message : String(e) }));
      },
    );
  }

  // The link's payload leaves the address bar once handled, so a reload does not ask again.
  #clearLink(): void {
    if (scenarioParam(location.hash) !== null) history.replaceState(null, '', location.pathname + location.search);
  }

  #refusal(r: Refusal): string {
    switch (r.reason) {
      case 'tooLong':
        return this.t('shareTooLong', { size: kb(r.chars), limit: kb(MAX_LINK_CHARS) });
      case 'tooLarge':
        return this.t('shareTooLarge', { limit: MAX_JSON_BYTES / 2 ** 20 });
      case 'damaged':
        return this.t('shareDamaged');
      case 'notJson':
        return this.t('shareNotJson');
      case 'invalid':
        return this.t('shareBroken');
    }
  }

  // One notice per set-aside record (the first few), each offering the saved copy of them all.
  #reportSetAside(bad: readonly BadRecord[]): void {
    if (bad.length === 0) return;
    const action = { label: this.t('setAsideSave'), run: () => void this.#saveSetAside().catch((e: unknown) => this.notify('error', e instanceof Error ? e.message : String(e))) };
    for (const b of bad.slice(0, SET_ASIDE_NOTICES)) {
      const key = String(b.key);
      const name = b.label === key ? key : `“${b.label}” (${key})`;
      const problems = issueProblems(this.locale, b.issues.slice(0, SET_ASIDE_PROBLEMS));
      this.notify('error', this.t('setAside', { kind: this.t(KIND_KEY[b.store]), name }), problems, action);
    }
    if (bad.length > SET_ASIDE_NOTICES) {
      this.notify('error', this.t('setAsideMore', { n: bad.length - SET_ASIDE_NOTICES }), undefined, action);
    }
  }

  async #saveSetAside(): Promise<void> {
    const records = await db.loadSetAside();
    downloadText('channel-lab-set-aside.json', JSON.stringify(records, null, 2), 'application/json');
  }

  /** Save pending edits now (page hide). */
  flush(): void {
    this.#flush();
  }
}

// Run fn holding a Web Lock (where the browser has them): another tab then knows the run is live.
function holdLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  // request() resolves with what fn resolves with (the DOM typing nests the promise).
  return navigator.locks ? (navigator.locks.request(name, fn) as unknown as Promise<T>) : fn();
}

function kb(chars: number): number {
  return Math.ceil(chars / 1024);
}
