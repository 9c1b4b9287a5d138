/**
 * Where a chosen channel takes a need (docs/MODEL.md §7.4):
 *
 *   own store   a store drawn by its Huff term (access.ts); a queue-free need meets the floor guide
 *               (引导员) with probability `levers.diversion.floorGuide` and is sent to the store's
 *               kiosks, or else to the app (`guideTo`); otherwise it joins the counter queue
 *   partner, kiosk   an outlet drawn by its Huff term; completed at once (a partner that does not
 *               offer the service, 可办业务, is a failed attempt)
 *   hotline     joins the call queue
 *   remote      web, app, SMS, USSD, IVR, account manager: completed at once
 *
 * A failed attempt (no outlet, a partner without the service, a self-service failure, a reneged
 * queue) gives up with probability `choice.abandonAfterFailure`, else re-chooses by the logit
 * without the channels already tried (exclusions accumulate); a retry that fails to route is
 * re-chosen again, one that reneges or is abandoned in a queue gives up (docs/MODEL.md §7.4).
 * A store visit or call chosen while the queues run joins the next day's queue (spillover.ts);
 * when no day is left it fails like an unreachable channel.
 * A sensitive service first rings the hotline with probability
 * `hotline.sensitiveReferralShare`, which refers it to a store (the call queues, the case goes on).
 */
import { CH, NC } from './domain.ts';
import { drawOutlet } from './access.ts';
import { chooseChannel } from './choice.ts';
import { abandon, complete } from './completion.ts';
import { FLAG_REFERRAL, FLAG_RETRY, pushVisit, visitInfo } from './visits.ts';
import { uniform, type Rng, type RngState } from './rng.ts';
import type { Services } from './services.ts';
import type { ModelState } from './state.ts';

const S_OWN = CH.ownStore, S_PARTNER = CH.partner, S_KIOSK = CH.kiosk, S_HOTLINE = CH.hotline, S_AM = CH.accountManager, S_APP = CH.app;

/**
 * The floor guide (引导员) at store j: a visitor with a queue-free service is guided with
 * probability `share` (one draw from r, made only then) to the store's kiosks if they can do the
 * service, else to the app if the customer uses it. Returns the channel: S_KIOSK, S_APP, or S_OWN
 * for the counter.
 */
export function guide(svc: Services, kiosks: Int32Array, share: number, sv: number, j: number, adopted: number, r: RngState): number {
  if (!svc.queueFree[sv] || !(share > 0) || uniform(r) >= share) return S_OWN;
  if (svc.kioskCan[sv] && kiosks[j] > 0) return S_KIOSK;
  if (svc.appCan[sv] && adopted) return S_APP;
  return S_OWN;
}

/** The general path of a need's first choice: abandon, fail or route it (with a referral first). */
export function serveChoice(st: ModelState, i: number, sv: number, chosen: number, failed: boolean, rng: Rng): void {
  if (chosen < 0) abandon(st, i);
  else if (failed) fail(st, i, sv, 1 << chosen, rng, 0);
  else {
    // a hotline without agents refers nobody: nobody answers to refer
    const referral = st.hotlineQueue.servers[0] > 0 ? st.s.hotline.sensitiveReferralShare : 0;
    if (st.sv.sensitive[sv] && referral > 0 && rng.next() < referral) {
      st.tally.handoffs[S_HOTLINE * NC + S_OWN]++;
      pushVisit(st.calls, i, visitInfo(sv, FLAG_REFERRAL, 0));
    }
    route(st, i, sv, chosen, rng, 0);
  }
}

/** Take customer i's need sv to channel c: queue it, or complete it now. `exclude`: channels already tried (bit mask). */
export function route(st: ModelState, i: number, sv: number, c: number, rng: Rng, flags: number, exclude = 0): void {
  const o = st.outlets, cell = st.C.cell[i], K = o.K, svc = st.sv;
  if (c === S_OWN) {
    const m = drawOutlet(o.own, cell, rng.next());
    if (m < 0) return fail(st, i, sv, exclude | (1 << S_OWN), rng, flags);
    const j = o.own.outlet[cell * K + m], tr = o.own.travel[cell * K + m];
    const to = guide(svc, o.kiosks, st.s.levers.diversion.floorGuide, sv, j, st.C.adopted[i], rng.state);
    if (to !== S_OWN) {
      st.tally.handoffs[S_OWN * NC + to]++;
      return complete(st, i, sv, to, to === S_KIOSK ? j : -1, tr, 0, rng);
    }
    if (!pushVisit(st.stores, i, visitInfo(sv, flags, m))) fail(st, i, sv, exclude | (1 << S_OWN), rng, flags);
  } else if (c === S_PARTNER || c === S_KIOSK) {
    const a = c === S_PARTNER ? o.partner : o.kiosk;
    const m = drawOutlet(a, cell, rng.next());
    if (m < 0) return fail(st, i, sv, exclude | (1 << c), rng, flags);
    const j = a.outlet[cell * K + m];
    if (c === S_PARTNER && o.partnerCan && sv < svc.n && !o.partnerCan[j * svc.n + sv]) return fail(st, i, sv, exclude | (1 << c), rng, flags);
    complete(st, i, sv, c, j, a.travel[cell * K + m], 0, rng);
  } else if (c === S_HOTLINE) {
    if (!pushVisit(st.calls, i, visitInfo(sv, flags, 0))) fail(st, i, sv, exclude | (1 << S_HOTLINE), rng, flags);
  } else {
    if (c === S_AM) st.tally.amDemand++;
    complete(st, i, sv, c, -1, 0, 0, rng);
  }
}

/** A failed attempt: re-choose without the channels in `exclude`, or give up. */
export function fail(st: ModelState, i: number, sv: number, exclude: number, rng: Rng, flags: number): void {
  if (sv === st.sv.newLine) { // a prospect turned away signs up elsewhere: no line, the slot is freed
    st.C.status[i] = 0;
    st.tally.lostProspects++;
    return;
  }
  if (rng.next() < st.s.choice.abandonAfterFailure) return abandon(st, i);
  const c = chooseChannel(st.choice, st.C, i, sv, exclude, rng.next());
  st.tally.choiceEvents++;
  if (c < 0) return abandon(st, i);
  route(st, i, sv, c, rng, flags | FLAG_RETRY, exclude);
}
