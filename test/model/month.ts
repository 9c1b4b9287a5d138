/**
 * Helpers for the model's module tests: a small scenario and a month opened on a fresh state, so
 * a test can run one step of the month (acquire, serveNeeds, runStores, …) alone on real tables.
 */
import { Rng } from '../../src/model/rng.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { createState, openMonth, type ModelOptions, type ModelState } from '../../src/model/state.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { VisitReader, type DayVisits } from '../../src/model/visits.ts';

/** The default city at `customers` agents over `months` months, seed 42, with overrides. */
export function smallScenario(extra: Record<string, unknown> = {}, customers = 3000, months = 3): Scenario {
  return resolveScenario({ ...extra, simulation: { months, customers, seed: 42, ...(extra.simulation as object) } });
}

/** A model state with its first month opened (access factors set, tallies and buffers empty). */
export function openedState(s: Scenario, replication = 0, options: ModelOptions = {}): ModelState {
  const st = createState(s, replication, options);
  openMonth(st);
  return st;
}

/** A stream for a test's own step, apart from the model's streams. */
export const testRng = (key: number): Rng => Rng.from(987, key);

/** Every customer array of two models, compared byte for byte: the names of those that differ. */
export function differingArrays(a: object, b: object): string[] {
  const out: string[] = [];
  for (const [k, x] of Object.entries(a)) {
    const y = (b as Record<string, unknown>)[k];
    if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
      if (!Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength))) out.push(k);
    } else if (x !== y) out.push(k);
  }
  return out;
}

/** A queue channel's visits of the month, day by day, each in the order made: customer, packed word, day and place in its day. */
export function visitsOf(q: DayVisits): { customer: number; info: number; day: number; v: number }[] {
  return q.day.flatMap((b, day) => {
    const reader = new VisitReader(b);
    return Array.from(b.info.subarray(0, b.n), (info, v) => ({ customer: reader.customer(info), info, day, v }));
  });
}
