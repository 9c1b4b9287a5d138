/**
 * The month's two queue channels, day by day (docs/MODEL.md §3 step 6, §7.5): on each day the
 * store counters run, then the hotline; a customer who reneged at a counter or hung up on the
 * hotline re-chooses at once, and a store visit or call so chosen queues on the next day, in
 * whichever channel it is. Stores and hotline are thus substitutes within the month (seeds 002,
 * 003): callers the hotline cannot answer reach the counters, and the reverse. An O2O pick-up
 * ordered while the queues run also queues on the next day. The served visits and answered calls
 * of the first round complete after the last day, customer by customer (stores.ts, hotline.ts):
 * nothing they do can queue again, and the customers' state is then read in order.
 *
 * On the month's last day no later queue is left: a re-choice then excludes both queue channels
 * (`closedQueues`), and a pick-up ordered that day is counted at its store without queueing.
 * Visits made before the queues (the first round: needs, sign-ups, referrals, pick-ups) have
 * uniform days; their queues alone are the M/M/c+M queues of queue.ts when arrivals are Poisson.
 */
import { CH } from './domain.ts';
import type { Rng } from './rng.ts';
import { prepareShadows } from './dayqueues.ts';
import { closeStores, completeServedVisits, storeDay } from './stores.ts';
import { closeHotline, completeAnsweredCalls, hotlineDay } from './hotline.ts';
import type { ModelState } from './state.ts';

const BOTH = (1 << CH.ownStore) | (1 << CH.hotline);

/**
 * Run the month's queues, days and completions, with one stream for every re-choice and
 * completion (the module tests' month); the engine runs the days (runQueueDays), then the
 * completions block by block (settle.ts), then closes the queues (closeQueues).
 */
export function runQueues(st: ModelState, storeRng: Rng, hotlineRng: Rng, retryRng: Rng): void {
  runQueueDays(st, storeRng, hotlineRng, retryRng);
  completeServedVisits(st, retryRng);
  completeAnsweredCalls(st, retryRng);
  closeQueues(st);
}

/** After the completions: the expected waits, served shares and next month's counters (stores.ts, hotline.ts). */
export function closeQueues(st: ModelState): void {
  closeStores(st);
  closeHotline(st);
}

/** The month's queue days; returns the wall milliseconds spent on the store days and on the hotline days. */
export function runQueueDays(st: ModelState, storeRng: Rng, hotlineRng: Rng, retryRng: Rng): { storeMs: number; hotlineMs: number } {
  const C = st.C, days = st.days;
  let t = performance.now(), storeMs = 0, hotlineMs = 0;
  const lap = () => { const now = performance.now(), ms = now - t; t = now; return ms; };
  st.storeQueue.slotOutlet = st.outlets.own.outlet; // the access tables are rebuilt when an outlet closes
  prepareShadows(st.storeDays, st.stores, C.cell, C.tier, st.storeQueue, storeRng);
  storeMs += lap();
  prepareShadows(st.callDays, st.calls, C.cell, C.tier, st.hotlineQueue, hotlineRng);
  hotlineMs += lap();
  for (let d = 0; d < days; d++) {
    const last = d + 1 >= days;
    st.stores.next = st.calls.next = d + 1;
    st.storesDone = last;
    st.closedQueues = last ? BOTH : 0;
    storeDay(st, d, storeRng, retryRng);
    storeMs += lap();
    hotlineDay(st, d, hotlineRng, retryRng);
    hotlineMs += lap();
  }
  st.closedQueues = 0;
  return { storeMs, hotlineMs };
}
