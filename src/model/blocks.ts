/**
 * The customers' blocks: the month's per-customer work — the needs (needs.ts, the hot loop) and
 * the settling after the queue days (settle.ts) — runs block by block, BLOCKS contiguous ranges of
 * customer slots, each counted into a tally of its own (state.ts blockTallies) and merged in block
 * order. Each customer draws its own random numbers (rng.ts substream), so the blocks change no
 * draw; they fix the order in which the sums are added, which is therefore the same whether the
 * blocks run on one thread or on several (src/experiment/threads.ts): a thread serves some blocks,
 * hands out what they produced (`exportBlock`, `exportSettled`) and every thread merges all blocks
 * in order (`mergeBlock`), so all of them go on with the same state.
 *
 * Block b is a range of slots (blockStart). What a block writes: its own customers' arrays, a
 * tally (recorder.ts Tally; money in floating point, so the blocks' sums are added in block order,
 * never as they finish), and, in the needs, counter visits and calls on uniform days (visits.ts),
 * concatenated in block order: the same order as customer order within the month.
 */
import type { Customers } from './customers.ts';
import type { Tally } from './recorder.ts';
import { Rng } from './rng.ts';
import { appendVisit, createDayVisits, INFO_STEP, VisitReader, type DayVisits } from './visits.ts';

/** Blocks per replication: the most threads one replication can use. */
export const BLOCKS = 16;

/**
 * First slot of block b of a month with n slots: ⌊b·n/BLOCKS⌋, so the blocks are of equal size
 * and a thread's share of them is its share of the customers. (The customers' draws are their
 * own, keyed by slot, so the bounds move nothing but the order the blocks' sums are added in.)
 */
export function blockStart(n: number, b: number): number {
  return Math.floor((b * n) / BLOCKS);
}

/** The block of slot i (0 ≤ i < n) of a month with n slots: blockStart(n, b) ≤ i < blockStart(n, b + 1). */
export function blockOf(i: number, n: number): number {
  const b = Math.ceil(((i + 1) * BLOCKS) / n) - 1;
  return b < 0 ? 0 : b >= BLOCKS ? BLOCKS - 1 : b;
}

/** A block's visit buffers while it is served to be exported (the month's own take the others). */
export interface BlockVisits {
  stores: DayVisits;
  calls: DayVisits;
}

export function createBlockVisits(days: number, customers: number): BlockVisits {
  const none = Rng.from(0, 0);
  return {
    stores: createDayVisits(days, Math.ceil(customers * 3 / BLOCKS) + 256, none),
    calls: createDayVisits(days, Math.ceil(customers * 0.6 / BLOCKS) + 256, none),
  };
}

/** Every field of a tally set to 0 (the run-long fields too: a block's tally holds one block-month). */
export function zeroTally(t: Tally): void {
  for (const v of Object.values(t) as unknown[]) if (ArrayBuffer.isView(v)) (v as Float64Array).fill(0);
  for (const k of Object.keys(t) as (keyof Tally)[]) if (typeof t[k] === 'number') (t as unknown as Record<string, number>)[k] = 0;
}

/** Add tally `from` into `into`, field by field (an array `from` leaves out, empty, adds nothing). */
export function addTally(into: Tally, from: Tally): void {
  const a = into as unknown as Record<string, number | Float64Array | Uint32Array>, b = from as unknown as Record<string, number | Float64Array | Uint32Array>;
  for (const k of Object.keys(a)) {
    const x = a[k], y = b[k];
    if (typeof x === 'number') a[k] = x + (y as number);
    else for (let i = 0, yy = y as Float64Array, m = yy.length; i < m; i++) x[i] += yy[i];
  }
}

/** A day's visits as exported: packed words and the customers that escaped the step encoding. */
export interface DayOut {
  info: Uint32Array;
  escaped: Int32Array;
}

/** Append a block's visits of every day to the month's, in order. */
export function appendDayVisits(into: DayVisits, days: readonly DayOut[], count: number): void {
  const stepMask = ~(-1 << INFO_STEP);
  days.forEach((src, d) => {
    const dst = into.day[d], info = src.info, reader = new VisitReader({ n: info.length, info, last: 0, escaped: src.escaped, nEscaped: src.escaped.length });
    for (let v = 0; v < info.length; v++) appendVisit(dst, reader.customer(info[v]), info[v] & stepMask);
  });
  into.n += count;
}

/** What one block produced in a month, as plain typed arrays (they cross postMessage). */
export interface BlockOutput {
  block: number;
  lo: number;
  hi: number;
  /** the block's slots of every customer array (empty when they are in `shared`) */
  customers: Record<string, ArrayBufferView>;
  /** the sender's outbox (Outbox) holding the block's slots at their own places, shared, not copied */
  shared?: Outbox;
  tally: Record<string, number | ArrayBufferView>;
  /** per day: packed words, escaped customers, count */
  stores: DayOut[];
  calls: DayOut[];
  storeCount: number;
  callCount: number;
  /** after the settling (settle.ts): the block's churned and at-risk customers */
  churned?: number;
  atRisk?: number;
}

const perSlot = (c: Customers, k: string): number => ((c as unknown as Record<string, ArrayBufferView & { length: number }>)[k].length / c.capacity);

/** Block b's output: its customers (copied, or into `outbox`), its tally and its visits (none: an empty list). */
export function exportBlock(C: Customers, b: number, lo: number, hi: number, t: Tally, x: BlockVisits | null, outbox?: Outbox): BlockOutput {
  const customers: Record<string, ArrayBufferView> = {};
  if (outbox) {
    for (const [k, view] of outboxViews(C, outbox)) {
      const w = perSlot(C, k);
      view.set(fieldOf(C, k).subarray(lo * w, hi * w), lo * w);
    }
  } else {
    for (const [k, v] of fields(C)) {
      const w = perSlot(C, k);
      customers[k] = v.slice(lo * w, hi * w);
    }
  }
  const tally: Record<string, number | ArrayBufferView> = {};
  for (const [k, v] of Object.entries(t)) tally[k] = ArrayBuffer.isView(v) ? (v as Float64Array).slice() : (v as number);
  const days = (q: DayVisits) => q.day.map((d) => ({ info: d.info.slice(0, d.n), escaped: d.escaped.slice(0, d.nEscaped) }));
  return { block: b, lo, hi, customers, ...(outbox ? { shared: outbox } : {}), tally, stores: x ? days(x.stores) : [], calls: x ? days(x.calls) : [], storeCount: x?.stores.n ?? 0, callCount: x?.calls.n ?? 0 };
}

/**
 * A thread's outbox: every customer array over a SharedArrayBuffer, `capacity` slots each, into
 * which the thread copies its blocks' slots and which the other threads read — no copy in the
 * message and no buffer to collect after it. A thread keeps two and alternates them, exchange by
 * exchange: another thread may still be reading the last one while this one writes the next, but
 * not the one before (it posted its own outputs, which this thread awaited, after reading it).
 * Where shared memory is missing (a page that is not cross-origin isolated) the blocks' slots
 * travel in the messages instead.
 */
export interface Outbox {
  buffer: SharedArrayBuffer;
  capacity: number;
}

/** An outbox for C's arrays, or undefined where SharedArrayBuffer is not available. */
export function createOutbox(C: Customers): Outbox | undefined {
  if (typeof SharedArrayBuffer === 'undefined') return undefined;
  let bytes = 0;
  for (const [k] of fields(C)) bytes += align8(C.capacity * perSlot(C, k) * fieldOf(C, k).BYTES_PER_ELEMENT);
  return { buffer: new SharedArrayBuffer(bytes), capacity: C.capacity };
}

type Field = Uint8Array | Uint16Array | Int32Array | Int8Array | Float32Array;
const align8 = (n: number) => Math.ceil(n / 8) * 8;
const fieldOf = (C: Customers, k: string) => (C as unknown as Record<string, Field>)[k];
const fields = (C: Customers) => Object.entries(C).filter(([, v]) => ArrayBuffer.isView(v)) as [string, Field][];

/** Each customer array's view in an outbox, in C's field order. */
function outboxViews(C: Customers, o: Outbox): [string, Field][] {
  let offset = 0;
  return fields(C).map(([k, v]) => {
    const n = o.capacity * perSlot(C, k), Ctor = v.constructor as new (b: SharedArrayBuffer, off: number, len: number) => Field;
    const view = new Ctor(o.buffer, offset, n);
    offset += align8(n * v.BYTES_PER_ELEMENT);
    return [k, view];
  });
}

/** Block b's output of the settling (settle.ts): its customers, its tally and its churn counts; no visits. */
export function exportSettled(C: Customers, b: number, lo: number, hi: number, tally: Tally, churned: number, atRisk: number, outbox?: Outbox): BlockOutput {
  const o = exportBlock(C, b, lo, hi, tally, null, outbox);
  return { ...o, churned, atRisk };
}

/** The buffers of an output's customers: moved, not copied, by the thread that served it (its merge reads them not). */
export function customerBuffers(o: BlockOutput): ArrayBuffer[] {
  return Object.values(o.customers).map((v) => v.buffer as ArrayBuffer);
}

/** The buffers of an output, for a postMessage transfer list. */
export function transferables(o: BlockOutput): ArrayBuffer[] {
  const views: ArrayBufferView[] = [
    ...Object.values(o.customers), ...Object.values(o.tally).filter((v): v is ArrayBufferView => typeof v !== 'number'),
    ...o.stores.flatMap((d) => [d.info, d.escaped]), ...o.calls.flatMap((d) => [d.info, d.escaped]),
  ];
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}

/**
 * Merge block o into the month (blocks in order): its customers into the state unless this thread
 * served it (they are there already), its tally added, its visits appended.
 */
export function mergeBlock(C: Customers, tally: Tally, stores: DayVisits, calls: DayVisits, o: BlockOutput, served: boolean): void {
  if (!served && o.shared) {
    for (const [k, view] of outboxViews(C, o.shared)) {
      const w = perSlot(C, k);
      fieldOf(C, k).set(view.subarray(o.lo * w, o.hi * w) as never, o.lo * w);
    }
  } else if (!served) {
    for (const [k, v] of Object.entries(o.customers)) fieldOf(C, k).set(v as never, o.lo * perSlot(C, k));
  }
  addTally(tally, o.tally as unknown as Tally);
  appendDayVisits(stores, o.stores, o.storeCount);
  appendDayVisits(calls, o.calls, o.callCount);
}
