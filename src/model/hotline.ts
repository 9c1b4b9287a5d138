/**
 * The hotline (人工热线 10086/10010/10000), docs/MODEL.md §7.5: each staffed day's calls as one
 * FIFO queue with reneging (dayqueues.ts, queue.ts: Erlang A when arrivals are Poisson; Palm
 * 1943, Garnett, Mandelbaum & Reiman 2002), c = `hotline.agents` for `hotline.hoursPerDay` a day;
 * handling times exponential with mean `hotline.ahtMin`, patience exponential with mean
 * `hotline.patienceMeanSec`. Callers of the tiers in `routing.vipTiers` are answered first when
 * `routing.hotlinePriority` (10010客服热线优先接入; seed 002).
 *
 *   service level = calls answered within `answerWithinSec` / calls offered (shadows included)
 *
 * Then, in the order the day's calls were made: an abandoned first call re-chooses without the
 * hotline or gives up, and a store visit so chosen queues on the next day (spillover.ts); an
 * abandoned second attempt gives up. An answered call completes its need (a referral's case goes
 * on to the store): at once for a call made while the queues ran, after the month's last day for
 * the others (completeAnsweredCalls), customer by customer as for the stores. With no agents nobody answers: every caller holds for their patience,
 * and the hotline's access factor is 0 from the start (outlets.ts), so customers do not call.
 * The expected wait and the answered share for next month follow (dayqueues.ts).
 */
import { CH } from './domain.ts';
import { UNKNOWN_DAY } from './sampler.ts';
import type { Rng } from './rng.ts';
import { chooseChannel } from './choice.ts';
import { abandon, applyGains, complete, deferGains } from './completion.ts';
import { route } from './routing.ts';
import { expectedServed, expectedWait, forDayOutcomes, forServedFirstRound, GONE, runDay, WAIT_SCALE } from './dayqueues.ts';
import { FLAG_REFERRAL, FLAG_RETRY, flagsOf, serviceOf } from './visits.ts';
import type { ModelState } from './state.ts';

const S_HOTLINE = CH.hotline;

/** Run day d's call queue and apply its outcomes in call order. */
export function hotlineDay(st: ModelState, d: number, rng: Rng, retryRng: Rng): void {
  const s = st.s, t = st.tally, q = st.callDays;
  const limit = s.hotline.answerWithinSec / 60;
  runDay(q, st.calls, d, st.C.cell, st.C.tier, st.hotlineQueue, rng, (_g, m, wait, reneged, first) => {
    let sum = 0, answered = 0, quick = 0, offeredFirst = 0, quickFirst = 0;
    for (let p = 0; p < m; p++) {
      sum += wait[p];
      const ok = !reneged[p], fast = ok && wait[p] <= limit;
      answered += ok ? 1 : 0;
      quick += fast ? 1 : 0;
      if (first[p]) { offeredFirst++; quickFirst += fast ? 1 : 0; }
    }
    t.callWaitSum += sum; t.callsOffered += m; t.callsAnswered += answered; t.callsQuick += quick;
    t.callsOfferedFirst += offeredFirst; t.callsQuickFirst += quickFirst;
  });
  // answered first-round calls complete after the last day (completeAnsweredCalls), as stores do
  const leave = (1 << S_HOTLINE) | st.closedQueues;
  forDayOutcomes(st.calls, q, d, (i, inf, w) => callOutcome(st, i, inf, w, d, retryRng, leave));
}

/** The answered first-round calls of the month, customer by customer across the days; `each` as stores.ts completeServedVisits. */
export function completeAnsweredCalls(st: ModelState, rng: Rng, each?: (i: number, d: number, inf: number) => boolean): void {
  // the hotline familiarity gains, counted and then applied in slot order (completion.ts deferGains)
  deferGains(st, S_HOTLINE);
  forServedFirstRound(st.calls, st.callDays, (i, inf, w, d) => {
    if (!each || each(i, d, inf)) callOutcome(st, i, inf, w, d, rng, 0);
  });
  applyGains(st);
}

/** What call `inf` of customer i on day d does, its queue outcome w (a wait, or GONE); `leave`: channels a re-choice excludes. */
function callOutcome(st: ModelState, i: number, inf: number, w: number, d: number, retryRng: Rng, leave: number): void {
  const sv = serviceOf(inf), f = flagsOf(inf);
  if (f & FLAG_REFERRAL) return; // the case goes on to a store
  if (w !== GONE) {
    st.txDay = d;
    complete(st, i, sv, S_HOTLINE, -1, 0, w / WAIT_SCALE, retryRng);
    st.txDay = UNKNOWN_DAY;
  } else if (f & FLAG_RETRY) abandon(st, i);
  else {
    st.tally.choiceEvents++;
    const c = retryRng.next() < st.s.choice.abandonAfterFailure ? -1 : chooseChannel(st.choice, st.C, i, sv, leave, retryRng.next());
    if (c < 0) abandon(st, i);
    else route(st, i, sv, c, retryRng, FLAG_RETRY, leave);
  }
}

/** After the month's last day: the expected wait and answered share customers act on next month. */
export function closeHotline(st: ModelState): void {
  const t = st.tally;
  st.expHotlineWait = expectedWait(st.expHotlineWait, t.callWaitSum, t.callsOffered);
  st.expHotlineServed = expectedServed(st.expHotlineServed, t.callsAnswered, t.callsOffered);
}
