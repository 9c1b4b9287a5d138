/**
 * The month after its queue days, block by block (docs/MODEL.md §3 steps 6–8): the served
 * first-round counter visits and the answered calls complete (stores.ts completeServedVisits,
 * hotline.ts completeAnsweredCalls), then every customer's churn and ageing (churn.ts). Each
 * customer's part is counted in the tally of its slot's block (blocks.ts), and the blocks'
 * tallies are added to the month's in block order afterwards; a completion that draws (a
 * counter sale's handset, its contract) draws from the visit's own substream (rng.ts KeyedRng:
 * the customer's, then the visit's day, service and flags; two visits of one customer on one day
 * for the same service share it), churn from the customer's. Which blocks run where therefore
 * changes nothing: a thread settles its own blocks (`mine`) and hands them on (engine.ts parts).
 *
 * Nothing here queues again (the last day is past) or touches another customer's state.
 */
import { BLOCKS, blockOf, blockStart } from './blocks.ts';
import { churnAndAge } from './churn.ts';
import { completeAnsweredCalls } from './hotline.ts';
import type { Tally } from './recorder.ts';
import { KeyedRng, Rng } from './rng.ts';
import { completeServedVisits } from './stores.ts';
import { PURPOSE, type ModelState } from './state.ts';

/**
 * Settle the blocks b with mine[b] = 1 into tallies[b] (zeroed by the caller); counts[2b] and
 * counts[2b + 1] get block b's churned and at-risk customers.
 */
export function settleBlocks(st: ModelState, mine: Uint8Array, tallies: readonly Tally[], counts: Int32Array): void {
  const month = st.month + 1, n = st.slots.hiWater, main = st.tally;
  const stream = (p: number) => Rng.from(st.seed, st.replication, month, p).state;
  const visits = new KeyedRng(stream(PURPOSE.counterSales)), calls = new KeyedRng(stream(PURPOSE.callSales));
  // a visit's draws: substream (day, service and flags) of the customer's substream; the visits
  // come in spans of customers, so the block found last is tried first
  let b = 0, lo = 0, hi = -1;
  const mark = (rng: KeyedRng) => (i: number, d: number, inf: number): boolean => {
    if (i < lo || i >= hi) { b = blockOf(i, n); lo = blockStart(n, b); hi = blockStart(n, b + 1); }
    if (!mine[b]) return false;
    st.tally = tallies[b];
    rng.select(i, d * 4096 + (inf & 0xfff));
    return true;
  };
  completeServedVisits(st, visits, mark(visits));
  completeAnsweredCalls(st, calls, mark(calls));
  const churnBase = stream(PURPOSE.churn), rng = new Rng(new Uint32Array(4));
  for (let b = 0; b < BLOCKS; b++) {
    if (!mine[b]) continue;
    st.tally = tallies[b];
    const c = churnAndAge(st, rng, blockStart(n, b), blockStart(n, b + 1), churnBase);
    counts[2 * b] = c.churned;
    counts[2 * b + 1] = c.atRisk;
  }
  st.tally = main;
}
