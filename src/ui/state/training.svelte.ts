/**
 * The training mode's state: the lesson, its two runs (baseline and change, each in a training
 * worker, filled a month at a time, on the same seed and replication: common random numbers, so
 * the difference between them is the lesson's change and not noise), what is shown (both side by
 * side, or one of them), and the one player that drives every stage shown (timeline, play/pause,
 * speed). The months a run has received are kept in plain arrays that the animation reads every
 * frame; the few reactive fields say how many there are.
 */
import { KPIS, type KpiName } from '../../model/index.ts';
import { lessonById, type Lesson } from '../lib/lessons.ts';
import { homePositions } from '../lib/sample.ts';
import { monthTrips, type MonthTrips } from '../lib/trips.ts';
import { advance, DEFAULT_SPEED, nextSpeed, stepDays } from '../lib/timeline.ts';
import { lessonScenario } from '../services/lessons.ts';
import { sidesInParallel, trainingRun, type TrainingMonth, type TrainingRun, type TrainingStart } from '../services/training.ts';

export type Side = 'baseline' | 'change';
export const SIDES: readonly Side[] = ['baseline', 'change'];
/** What the stages show: both scenarios side by side, or one of them alone. */
export type View = 'both' | Side;
export const VIEWS: readonly View[] = ['both', 'baseline', 'change'];
/** Customers animated. */
export const SAMPLE_SIZE = 3000;
/** Longest frame step the clock takes (a hidden tab must not jump months on its return). */
const MAX_STEP_SEC = 0.1;

export interface MonthFlows {
  serviceChannel: number[][];
  handoffs: number[][];
  closureFlows: Record<string, Record<string, number>>;
  partnerExits: string[];
}

/** One scenario's run as the page has received it. */
export class SideRun {
  info = $state.raw<TrainingStart | null>(null);
  /** months received */
  ready = $state(0);
  done = $state(false);
  error = $state<string | null>(null);

  // By 0-based month; homes and alive hold one more entry (the next month's start).
  kpis: Float64Array[] = [];
  trips: MonthTrips[] = [];
  homeX: Float32Array[] = [];
  homeY: Float32Array[] = [];
  alive: Uint8Array[] = [];
  queue: Float32Array[] = [];
  open: Uint8Array[] = [];
  flows: MonthFlows[] = [];
  outletX = new Float32Array(0);
  outletY = new Float32Array(0);

  begin(info: TrainingStart): void {
    this.outletX = Float32Array.from(info.geometry.outlets, (o) => o.x);
    this.outletY = Float32Array.from(info.geometry.outlets, (o) => o.y);
    this.#homes(info, info.cells);
    this.alive.push(new Uint8Array(info.sample.length).fill(1));
    this.info = info;
  }

  add(m: TrainingMonth): void {
    const info = this.info;
    if (!info) throw new Error('SideRun.add before begin');
    this.kpis.push(m.kpis);
    this.trips.push(monthTrips(m, m.month - 1, info.daysPerMonth, info.seed));
    this.queue.push(m.queue);
    this.open.push(m.open);
    this.flows.push({ serviceChannel: m.serviceChannel, handoffs: m.handoffs, closureFlows: m.closureFlows, partnerExits: m.partnerExits });
    this.#homes(info, m.cells);
    this.alive.push(m.active);
    this.ready = this.kpis.length;
  }

  /** A KPI's monthly values so far. */
  series(kpi: KpiName): Float64Array {
    const k = KPIS.indexOf(kpi);
    return Float64Array.from(this.kpis, (v) => v[k]);
  }

  #homes(info: TrainingStart, cells: Uint16Array) {
    const h = homePositions(info.sample, cells, info.geometry, info.seed);
    this.homeX.push(h.x);
    this.homeY.push(h.y);
  }
}

export class TrainingSession {
  lesson = $state.raw<Lesson>(lessonById(null));
  view = $state<View>('both');
  /** months from the start of the run */
  t = $state(0);
  playing = $state(false);
  /** simulated days per second */
  speed = $state<number>(DEFAULT_SPEED);
  /** the presenter layout: stages, KPIs and player fill the screen, marks and type large */
  presenter = $state(false);
  helpOpen = $state(false);
  runs = $state.raw<Record<Side, SideRun> | null>(null);

  #workers: TrainingRun[] = [];

  /** The sides on the stages, left to right. */
  get sides(): readonly Side[] {
    return this.view === 'both' ? SIDES : [this.view];
  }

  /** The runs on the stages, in the order of `sides`. */
  get shownRuns(): SideRun[] {
    const runs = this.runs;
    return runs ? this.sides.map((s) => runs[s]) : [];
  }

  /** The side whose flows the Sankey draws: the change when both are shown (it is what the lesson is about). */
  get flowSide(): Side {
    return this.view === 'both' ? 'change' : this.view;
  }

  // a pair shares its simulation settings (test/ui/training-lessons.test.ts), so either run's info serves
  get #info(): TrainingStart | null {
    return this.runs?.change.info ?? this.runs?.baseline.info ?? null;
  }

  get days(): number {
    return this.#info?.daysPerMonth ?? 30;
  }

  get months(): number {
    return this.#info?.months ?? 12;
  }

  /** How far the timeline can go: the months every shown run has received (the stages stay on one month). */
  get end(): number {
    const runs = this.shownRuns;
    return runs.length ? Math.min(...runs.map((r) => r.ready)) : 0;
  }

  /** Every shown run has all its months. */
  get done(): boolean {
    const runs = this.shownRuns;
    return runs.length > 0 && runs.every((r) => r.done);
  }

  /** The first failure among the shown runs. */
  get error(): string | null {
    return this.shownRuns.find((r) => r.error)?.error ?? null;
  }

  /** Start a lesson from its first day: two new training workers, the old ones stopped. */
  load(id: string): void {
    this.dispose();
    const lesson = lessonById(id);
    this.lesson = lesson;
    this.t = 0;
    const runs = { baseline: new SideRun(), change: new SideRun() };
    this.runs = runs;
    let scenarios;
    try {
      scenarios = { baseline: lessonScenario(lesson.baseline), change: lessonScenario(lesson.change) };
    } catch (e) {
      for (const side of SIDES) runs[side].error = message(e);
      return;
    }
    const workers = { baseline: trainingRun(scenarios.baseline, { sampleSize: SAMPLE_SIZE }), change: trainingRun(scenarios.change, { sampleSize: SAMPLE_SIZE }) };
    this.#workers = [workers.change, workers.baseline];
    void pump(workers, runs, sidesInParallel());
  }

  dispose(): void {
    for (const w of this.#workers) w.stop();
    this.#workers = [];
    this.playing = false;
  }

  show(view: View): void {
    this.view = view;
    this.t = Math.min(this.t, this.end);
  }

  toggle(): void {
    if (!this.playing && this.end > 0 && this.t >= this.end - 1e-9 && this.done) this.t = 0;
    this.playing = !this.playing;
  }

  step(days: number): void {
    this.playing = false;
    this.t = stepDays(this.t, days, this.days, this.end);
  }

  faster(): void {
    this.speed = nextSpeed(this.speed, 1);
  }

  slower(): void {
    this.speed = nextSpeed(this.speed, -1);
  }

  seek(t: number): void {
    this.t = Math.max(0, Math.min(this.end, t));
  }

  /** The clock: called once a frame with the seconds since the last. */
  advance(dtSec: number): void {
    if (!this.playing) return;
    const next = advance(this.t, Math.min(MAX_STEP_SEC, dtSec), this.speed, this.days, this.end);
    if (next !== this.t) this.t = next;
    // at the end of a finished run, stop; otherwise wait there for the next month
    if (this.done && next >= this.end) this.playing = false;
  }
}

// Pull months from both workers into their runs: at once with cores to spare, else in turns
// (the change first, as it is what the lesson shows).
async function pump(workers: Record<Side, TrainingRun>, runs: Record<Side, SideRun>, parallel: boolean) {
  const pull = async (side: Side): Promise<boolean> => {
    const run = runs[side];
    if (run.done || run.error) return false;
    try {
      const m = await workers[side].next();
      if (!m) {
        run.done = true;
        return false;
      }
      run.add(m);
      return true;
    } catch (e) {
      run.error = message(e);
      return false;
    }
  };
  const begin = async (side: Side) => {
    try {
      runs[side].begin(await workers[side].start());
    } catch (e) {
      runs[side].error = message(e);
    }
  };
  if (parallel) {
    await Promise.all((['change', 'baseline'] as const).map(async (side) => {
      await begin(side);
      while (await pull(side));
    }));
    return;
  }
  await begin('change');
  await begin('baseline');
  for (;;) {
    const a = await pull('change');
    const b = await pull('baseline');
    if (!a && !b) return;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
