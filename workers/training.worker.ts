/**
 * The training mode's worker: one replication of one scenario, ticked a month at a time, with a
 * transaction sampler (src/model/sampler.ts) watching a sample of customers. Each month it hands
 * over the sample's transactions, the month's KPIs, the counter queues and the flows so far, as
 * plain objects and transferred typed arrays. The page never runs the model.
 */
import { expose, transfer } from 'comlink';
import { createModel, type Model } from '../src/model/engine.ts';
import { RingSampler } from '../src/model/sampler.ts';
import { activeCustomers, isActive } from '../src/model/customers.ts';
import { KPIS } from '../src/model/kpis.ts';
import type { Scenario } from '../src/model/scenario.ts';
import { selectSample } from '../src/ui/lib/sample.ts';
import { outletMonth } from '../src/experiment/outlet-months.ts';
import { geometryOf, type RegionGeometry } from '../src/ui/lib/geometry.ts';
import { splitClosureFlows } from '../src/experiment/closure-flows.ts';

/** Records a month can hold per sampled customer before the oldest are overwritten. */
const RECORDS_PER_MEMBER = 40;

export interface TrainingStart {
  months: number;
  daysPerMonth: number;
  /** customer agents simulated, the subscribers they stand for */
  agents: number;
  subscribers: number;
  /** intraday peak of store arrivals (stores.peakiness) */
  peakiness: number;
  seed: number;
  /** customer slot of each sampled member */
  sample: Int32Array;
  /** home cell of each member at the start */
  cells: Uint16Array;
  geometry: RegionGeometry;
  /** the scenario's services, in order (their names are bilingual) */
  services: Array<{ id: string; name: string }>;
  /** open at the start (closures apply later) */
  open: Uint8Array;
}

export interface TrainingMonth {
  /** 1-based */
  month: number;
  /** the month's value of each KPI, in KPIS order */
  kpis: Float64Array;
  /** the sample's transactions this month */
  member: Uint16Array;
  channel: Uint8Array;
  outlet: Int32Array;
  service: Uint8Array;
  day: Int8Array;
  dropped: number;
  /** each member's home cell and whether the slot is an active customer, after the month */
  cells: Uint16Array;
  active: Uint8Array;
  /** mean people waiting at each outlet's counters over its open hours (city scale) */
  queue: Float32Array;
  open: Uint8Array;
  /** run so far: [service (+ new line)][channel] and [from][to] channel, city scale */
  serviceChannel: number[][];
  handoffs: number[][];
  /** outlets closed on the plan (the closure lever) → where their customers went */
  closureFlows: Record<string, Record<string, number>>;
  /** partner outlets that left on their own so far (they lost money): not closures of the plan */
  partnerExits: string[];
}

interface Run {
  model: Model;
  sampler: RingSampler;
  sample: Int32Array;
  months: number;
}

let run: Run | null = null;

const api = {
  /** Build the model for (scenario, replication) and draw the sample; the geometry to draw it on. */
  start(scenario: Scenario, options: { sampleSize: number; replication?: number }): TrainingStart {
    const replication = options.replication ?? 0;
    const seed = scenario.simulation.seed;
    const sampler = new RingSampler(Math.max(1024, options.sampleSize * RECORDS_PER_MEMBER));
    const model = createModel(scenario, replication, { sampler });
    const C = model.customers();
    const sample = selectSample(activeCustomers(C), options.sampleSize, seed);
    sampler.watch(sample);
    const r = model.region;
    const days = scenario.simulation.daysPerMonth;
    run = { model, sampler, sample, months: scenario.simulation.months };
    const geometry = geometryOf(scenario, r);
    const cells = Uint16Array.from(sample, (i) => C.cell[i]);
    // a latent partner site starts closed: a partner may open there later
    const open = Uint8Array.from(r.outlets, (o) => (o.latent ? 0 : 1));
    const start: TrainingStart = {
      months: scenario.simulation.months, daysPerMonth: days,
      agents: scenario.simulation.agents ?? scenario.simulation.customers, subscribers: scenario.simulation.customers,
      peakiness: scenario.stores.peakiness, seed, sample: sample.slice(), cells, open,
      services: scenario.services.map(({ id, name }) => ({ id, name })),
      geometry,
    };
    return transfer(start, [geometry.density.buffer, geometry.cellDistrict.buffer, cells.buffer, open.buffer, start.sample.buffer]);
  },

  /** Simulate the next month; null when the run is over. */
  next(): TrainingMonth | null {
    if (!run) throw new Error('training worker: next() before start()');
    const { model, sampler, sample } = run;
    if (model.month >= run.months) return null;
    model.tick(1);
    const r = model.result();
    const m = model.month;
    const { queue } = outletMonth(r, m, model.region.outlets, model.scenario);
    const split = splitClosureFlows(r.closureFlows, model.scenario.levers.closures.outlets);
    const tx = sampler.drain();
    const C = model.customers();
    const cells = Uint16Array.from(sample, (i) => C.cell[i]);
    const active = Uint8Array.from(sample, (i) => (isActive(C, i) ? 1 : 0));
    const out: TrainingMonth = {
      month: m,
      kpis: Float64Array.from(KPIS, (k) => r.monthly[k][m - 1] ?? NaN),
      ...tx,
      cells, active, queue,
      open: Uint8Array.from(r.outletStats.open, (o) => (o ? 1 : 0)),
      serviceChannel: r.serviceChannel, handoffs: r.handoffs, closureFlows: split.plan, partnerExits: Object.keys(split.exits),
    };
    return transfer(out, [out.kpis.buffer, out.member.buffer, out.channel.buffer, out.outlet.buffer, out.service.buffer, out.day.buffer, cells.buffer, active.buffer, queue.buffer, out.open.buffer]);
  },
};

export type TrainingApi = typeof api;
expose(api);
