/**
 * The hotline (人工热线 10086/10010/10000), docs/MODEL.md §7.5: the month's calls as one FIFO
 * queue with reneging per staffed day (dayqueues.ts, queue.ts: Erlang A when arrivals are
 * Poisson; Palm 1943, Garnett, Mandelbaum & Reiman 2002), c = `hotline.agents` for
 * `hotline.hoursPerDay` a day; handling times exponential with mean `hotline.ahtMin`, patience
 * exponential with mean `hotline.patienceMeanSec`.
 *
 *   service level = calls answered within `answerWithinSec` / calls offered (shadows included)
 *
 * Then, in call order: an answered call completes its need (a referral's case goes on to the
 * store); an abandoned first call re-chooses without the hotline and the store, or gives up; an
 * abandoned second attempt gives up. The expected wait for next month follows (dayqueues.ts).
 */
import { CH } from './domain.ts';
import { UNKNOWN_DAY } from './sampler.ts';
import type { Rng } from './rng.ts';
import { chooseChannel } from './choice.ts';
import { abandon, complete } from './completion.ts';
import { route } from './routing.ts';
import { expectedWait, GONE, runDayQueues, WAIT_SCALE } from './dayqueues.ts';
import { dayOf, FLAG_REFERRAL, FLAG_RETRY, flagsOf, serviceOf, VisitReader } from './visits.ts';
import type { ModelState } from './state.ts';

const S_HOTLINE = CH.hotline, S_OWN = CH.ownStore;

export function runHotline(st: ModelState, rng: Rng, retryRng: Rng): void {
  const b = st.calls, s = st.s, t = st.tally;
  const limit = s.hotline.answerWithinSec / 60;
  let wsum = 0, wn = 0, quickCalls = 0;
  runDayQueues(st.queues, b, st.C.cell, st.hotlineQueue, rng, (_g, m, wait, reneged) => {
    for (let q = 0; q < m; q++) {
      wsum += wait[q];
      if (!reneged[q] && wait[q] <= limit) quickCalls++;
    }
    wn += m;
  });
  const out = st.queues.out, info = b.info, reader = new VisitReader(b);
  const retryExclude = (1 << S_HOTLINE) | (1 << S_OWN);
  for (let v = 0; v < b.n; v++) {
    const inf = info[v], w = out[v], sv = serviceOf(inf), f = flagsOf(inf), i = reader.customer(inf);
    if (f & FLAG_REFERRAL) continue; // the case goes on to a store
    if (w !== GONE) {
      st.txDay = dayOf(inf);
      complete(st, i, sv, S_HOTLINE, -1, 0, w / WAIT_SCALE, retryRng);
      st.txDay = UNKNOWN_DAY;
    } else if (f & FLAG_RETRY) abandon(st, i);
    else {
      t.choiceEvents++;
      const c = retryRng.next() < s.choice.abandonAfterFailure ? -1 : chooseChannel(st.choice, st.C, i, sv, retryExclude, retryRng.next());
      if (c < 0) abandon(st, i);
      else route(st, i, sv, c, retryRng, FLAG_RETRY, retryExclude);
    }
  }
  // service level over every call offered, shadows included
  t.callsOffered += wn;
  t.callsQuick += quickCalls;
  st.expHotlineWait = expectedWait(st.expHotlineWait, wsum, wn);
}
