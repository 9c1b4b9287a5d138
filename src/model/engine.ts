/**
 * The model: a month (`step`) runs, in order,
 *   1. outlet changes: closures from the lever, partners leaving and opening      outlets.ts, partners.ts
 *   2. digital adoption, Bass sub-steps                                          diffusion.ts
 *   3. access factors with last month's waits (Huff); tallies emptied           state.ts openMonth, outlets.ts
 *   4. acquisition of new lines through the sales channels                       acquisition.ts
 *   5. every active customer's needs: count, service, channel by logit, outlet by
 *      Huff, hand-offs; completions — in 16 blocks of customers, merged in block
 *      order, which threads may share out (Model.parts)           needs.ts, routing.ts, completion.ts, blocks.ts
 *   6. the queues day by day: each day the store counters (one queue per store), then the
 *      hotline; renegers and callers who hung up re-choose, and a visit or call so chosen
 *      queues the next day                                          spillover.ts, stores.ts, hotline.ts, dayqueues.ts
 *   7. the settling, in the same blocks: served visits and answered calls complete,
 *      churn, familiarity decay, tenure, contracts and handsets age   settle.ts, stores.ts, hotline.ts, churn.ts
 *   8. the queues closed (expected waits, staffing), account-manager availability  spillover.ts, accountManagers.ts
 *   9. money and KPIs, partners' profits                                         recorder.ts, money.ts, partners.ts
 *  10. the competitor responds to our subsidy and price for next month           competitor.ts
 * on one state object (state.ts). `tick(n)` runs n months headless; `runReplication` a whole
 * replication.
 *
 * Randomness: stream (seed, replication, month, purpose) for each purpose, so a lever that changes
 * one month's draws leaves the other months' streams aligned (common random numbers); within the
 * month's needs each customer slot has its own substream of the needs stream (rng.ts substream),
 * so a customer's draws do not depend on the customers before, nor on blocks or threads.
 */
import type { Scenario } from './scenario.ts';
import type { Region } from './region.ts';
import { Rng } from './rng.ts';
import { ACTIVE, type Customers } from './customers.ts';
import { applyOutletChanges } from './outlets.ts';
import { diffuse } from './diffusion.ts';
import { acquire } from './acquisition.ts';
import { serveNeeds } from './needs.ts';
import { closeQueues, runQueueDays } from './spillover.ts';
import { settleBlocks } from './settle.ts';
import { managerAvailability, proactiveShare } from './accountManagers.ts';
import { respond } from './competitor.ts';
import { record, result } from './recorder.ts';
import { createState, openMonth, PURPOSE, type ModelOptions, type ModelState } from './state.ts';
import { addTally, BLOCKS, blockStart, createBlockVisits, createOutbox, exportBlock, exportSettled, mergeBlock, zeroTally, type BlockOutput, type BlockVisits, type Outbox } from './blocks.ts';
import { startDayVisits } from './visits.ts';
import type { ReplicationResult, RunHooks } from './types.ts';

export { CLOSURE_SHOCK_MONTHS } from './outlets.ts';
export type { ModelOptions } from './state.ts';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface Model {
  readonly scenario: Scenario;
  readonly region: Region;
  readonly replication: number;
  /** months simulated so far */
  readonly month: number;
  customers(): Customers;
  /** active customers now */
  activeCount(): number;
  /** share of active customers who use the app */
  adoptionShare(): number;
  /** run n more months */
  tick(n?: number): void;
  /** the replication's outputs so far */
  result(): ReplicationResult;
  /** choice events so far */
  choiceEvents(): number;
  /** wall milliseconds spent in each phase of the month so far */
  phaseMs(): Record<string, number>;
  /**
   * The month in parts, for a replication on several threads (src/runtime/threads.ts): every
   * thread begins the month, serves its blocks, merges all BLOCKS outputs in block order and ends
   * the month, so each thread holds the state `tick` would have made.
   */
  readonly parts: MonthParts;
}

/** The month in parts (Model.parts). */
export interface MonthParts {
  begin(): void;
  /** the needs of blocks `blocks`, each exported (blocks.ts) */
  serve(blocks: readonly number[]): BlockOutput[];
  /** the needs' outputs of all blocks, any order; `served`: the blocks this thread served; then the queue days */
  merge(outputs: readonly BlockOutput[], served: ReadonlySet<number>): void;
  /** the settling (settle.ts) of blocks `blocks`, each exported */
  settle(blocks: readonly number[]): BlockOutput[];
  /** the settling's outputs of all blocks, any order */
  mergeSettled(outputs: readonly BlockOutput[], served: ReadonlySet<number>): void;
  /** the month's close: queues, account managers, the record, the competitor */
  end(): void;
}

export function createModel(s: Scenario, replication: number, options: ModelOptions = {}): Model {
  const t0 = performance.now();
  const st = createState(s, replication, options);
  const phaseMs: Record<string, number> = {};
  const active = () => {
    let n = 0, a = 0;
    for (let i = 0; i < st.slots.hiWater; i++) if (st.C.status[i] & ACTIVE) { n++; a += st.C.adopted[i]; }
    return { n, a };
  };
  return {
    scenario: s, region: st.region, replication,
    get month() { return st.month; },
    customers: () => st.C,
    activeCount: () => active().n,
    adoptionShare() {
      const { n, a } = active();
      return n > 0 ? a / n : 0;
    },
    tick(n = 1) {
      for (let k = 0; k < n && st.month < s.simulation.months; k++) step(st, phaseMs);
    },
    result: () => result(st, { replication, seed: st.seed, months: st.month, agents: st.agents, days: st.days, runtimeMs: performance.now() - t0 }),
    choiceEvents: () => st.tally.choiceEvents,
    phaseMs: () => ({ ...phaseMs }),
    parts: monthParts(st, phaseMs),
  };
}

function monthParts(st: ModelState, phaseMs: Record<string, number>): MonthParts {
  let scratch: BlockVisits | undefined, lap: (phase: string) => void = () => {}, settled = { churned: 0, atRisk: 0 };
  // two outboxes, alternated exchange by exchange (blocks.ts Outbox), made again when the customers' arrays grow
  const outboxes: (Outbox | undefined)[] = [undefined, undefined];
  let exchanges = 0;
  const outbox = (): Outbox | undefined => {
    const k = exchanges++ % 2, o = outboxes[k];
    if (o && o.capacity === st.C.capacity) return o;
    return (outboxes[k] = createOutbox(st.C));
  };
  const sortedBlocks = (outputs: readonly BlockOutput[]) => {
    const sorted = [...outputs].sort((a, b) => a.block - b.block);
    if (sorted.length !== BLOCKS || sorted.some((o, b) => o.block !== b)) throw new Error(`merge: expected the ${BLOCKS} blocks once each`);
    return sorted;
  };
  return {
    begin() {
      if (st.sampler) throw new Error('a replication with a transaction sampler runs on one thread');
      lap = beginMonth(st, phaseMs);
    },
    serve(blocks) {
      const n = st.slots.hiWater, main = { tally: st.tally, stores: st.stores, calls: st.calls };
      const x = (scratch ??= createBlockVisits(st.days, st.agents));
      const base = needsStream(st), days = dayStream(st), rng = new Rng(new Uint32Array(4)), box = outbox();
      const out = blocks.map((b) => {
        const t = st.blockTallies[b];
        zeroTally(t);
        startDayVisits(x.stores, rng);
        startDayVisits(x.calls, rng);
        st.tally = t; st.stores = x.stores; st.calls = x.calls;
        const lo = blockStart(n, b), hi = blockStart(n, b + 1);
        serveNeeds(st, rng, base, lo, hi, days);
        return exportBlock(st.C, b, lo, hi, t, x, box);
      });
      st.tally = main.tally; st.stores = main.stores; st.calls = main.calls;
      return out;
    },
    merge(outputs, served) {
      for (const o of sortedBlocks(outputs)) mergeBlock(st.C, st.tally, st.stores, st.calls, o, served.has(o.block));
      lap('needs');
      queueDays(st, phaseMs);
    },
    settle(blocks) {
      const t0 = performance.now(), n = st.slots.hiWater, tallies = st.blockTallies, counts = new Int32Array(2 * BLOCKS), mine = new Uint8Array(BLOCKS);
      for (const b of blocks) { mine[b] = 1; zeroTally(tallies[b]); }
      settleBlocks(st, mine, tallies, counts);
      const box = outbox();
      const out = blocks.map((b) => exportSettled(st.C, b, blockStart(n, b), blockStart(n, b + 1), tallies[b], counts[2 * b], counts[2 * b + 1], box));
      phaseMs.settle = (phaseMs.settle ?? 0) + performance.now() - t0;
      return out;
    },
    mergeSettled(outputs, served) {
      const t0 = performance.now();
      settled = { churned: 0, atRisk: 0 };
      for (const o of sortedBlocks(outputs)) {
        mergeBlock(st.C, st.tally, st.stores, st.calls, o, served.has(o.block));
        settled.churned += o.churned ?? 0;
        settled.atRisk += o.atRisk ?? 0;
      }
      phaseMs.settle = (phaseMs.settle ?? 0) + performance.now() - t0;
    },
    end: () => closeMonth(st, phaseMs, settled.churned, settled.atRisk),
  };
}

/** One month. */
function step(st: ModelState, phaseMs: Record<string, number>): void {
  const lap = beginMonth(st, phaseMs);
  const n = st.slots.hiWater, main = st.tally, base = needsStream(st), days = dayStream(st), rng = new Rng(new Uint32Array(4));
  for (let b = 0; b < BLOCKS; b++) {
    st.tally = st.blockTallies[b];
    zeroTally(st.tally);
    serveNeeds(st, rng, base, blockStart(n, b), blockStart(n, b + 1), days);
    addTally(main, st.tally);
  }
  st.tally = main;
  lap('needs');
  queueDays(st, phaseMs);
  const t0 = performance.now(), tallies = st.blockTallies, counts = new Int32Array(2 * BLOCKS);
  for (const t of tallies) zeroTally(t);
  settleBlocks(st, ALL_BLOCKS, tallies, counts);
  let churned = 0, atRisk = 0;
  for (let b = 0; b < BLOCKS; b++) {
    addTally(main, tallies[b]);
    churned += counts[2 * b];
    atRisk += counts[2 * b + 1];
  }
  phaseMs.settle = (phaseMs.settle ?? 0) + performance.now() - t0;
  closeMonth(st, phaseMs, churned, atRisk);
}

const ALL_BLOCKS = new Uint8Array(BLOCKS).fill(1);

/** The month's needs stream, whose substreams the customers draw from (needs.ts), and the one their visits' days are hashed under. */
const needsStream = (st: ModelState) => Rng.from(st.seed, st.replication, st.month + 1, PURPOSE.needs).state;
const dayStream = (st: ModelState) => Rng.from(st.seed, st.replication, st.month + 1, PURPOSE.needDays).state;

/** The month up to its needs: outlet changes, adoption, the month opened, acquisition. Returns the phase timer. */
function beginMonth(st: ModelState, phaseMs: Record<string, number>): (phase: string) => void {
  let t = performance.now();
  const lap = (k: string) => { const now = performance.now(); phaseMs[k] = (phaseMs[k] ?? 0) + now - t; t = now; };
  const { s, region } = st, month = st.month + 1;
  const r = (p: number) => Rng.from(st.seed, st.replication, month, p);
  applyOutletChanges(st.outlets, s, region, st.C, st.slots.hiWater, month, r(PURPOSE.partners));
  diffuse(st, r(PURPOSE.adoption));
  lap('adoption');
  openMonth(st);
  acquire(st, r(PURPOSE.acquisition));
  lap('tablesAndAcquisition');
  return lap;
}

/** The month's queue days, after its needs (spillover.ts). */
function queueDays(st: ModelState, phaseMs: Record<string, number>): void {
  const month = st.month + 1, r = (p: number) => Rng.from(st.seed, st.replication, month, p);
  const q = runQueueDays(st, r(PURPOSE.stores), r(PURPOSE.hotline), r(PURPOSE.retry));
  phaseMs.storeQueues = (phaseMs.storeQueues ?? 0) + q.storeMs;
  phaseMs.hotline = (phaseMs.hotline ?? 0) + q.hotlineMs;
}

/** The month after its settling: the queues closed, account managers, the record, the competitor. */
function closeMonth(st: ModelState, phaseMs: Record<string, number>, churned: number, atRisk: number): void {
  const t = performance.now(), s = st.s;
  closeQueues(st);
  st.amAvail = managerAvailability(s, st.tally.amDemand * st.weight);
  st.amFirstShare = proactiveShare(s, st.tally.amEligible * st.weight);
  st.month += 1;
  record(st, churned, atRisk);
  respond(st.competitor);
  phaseMs.record = (phaseMs.record ?? 0) + performance.now() - t;
}

/** Run one replication to the end. */
export function runReplication(s: Scenario, replication: number, hooks: RunHooks = {}): ReplicationResult {
  const model = createModel(s, replication);
  for (let m = 0; m < s.simulation.months; m++) {
    if (hooks.shouldStop?.()) throw new CancelledError();
    model.tick(1);
    hooks.onMonth?.(m + 1);
  }
  return model.result();
}
