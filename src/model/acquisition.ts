/**
 * Acquisition 入网 of new lines, with handset subsidy 补贴 and commission 酬金 (docs/MODEL.md
 * §7.10; seed 000: subsidies win prospects and sell handsets, commissions make partners push):
 *
 *   prospects ~ Poisson(marketMonthly × A),  A = agents at the start
 *   P(win) = logistic(logit(baseWinShare) + β_sub·(S̃ − S_ref) + β_com·(commission_partner − C_ref))
 *   P(handset | new line, tier r) = logistic(logit(handsetShare) + β_handset·(sub_r − S_ref))
 *
 * S̃ is the subsidy per handset averaged over the five tiers, unweighted (0 for a tier not
 * eligible); sub_r the band subsidy of tier r if eligible, else 0 (bands: supreme, diamond → high;
 * gold → mid; silver, ordinary → basic). A won prospect becomes a customer (drawn as at the start,
 * tenure 0) in a free slot and chooses a sales channel by the logit (choice.ts) for the new-line
 * pseudo-service (services.ts); one who finds no channel or no outlet signs up elsewhere: no line,
 * the slot is freed (a lost prospect).
 */
import { CH, HANDSET_BANDS, NC, NT, TIERS } from './domain.ts';
import type { Scenario } from './scenario.ts';
import type { Rng } from './rng.ts';
import { drawCustomer, rewindSlots, takeSlot } from './customers.ts';
import { searchCdf } from './region.ts';
import { chooseChannel } from './choice.ts';
import { route } from './routing.ts';
import type { ModelState } from './state.ts';

/** Subsidy band of each tier: supreme, diamond → high; gold → mid; silver, ordinary → basic. */
export const BAND_OF_TIER: readonly number[] = [2, 2, 1, 0, 0];

/** What new lines, handsets and partners earn and cost, by tier and channel. */
export interface AcquisitionTables {
  /** P(win) of a prospect */
  pWin: number;
  /** S̃: the subsidy per handset averaged over the tiers */
  meanSubsidy: number;
  /** by tier: eligible for the subsidy, its band's subsidy, P(handset | new line) */
  eligible: Uint8Array;
  subsidy: Float64Array;
  handsetP: Float64Array;
  /** commission per new line by channel */
  perLine: Float64Array;
  minSpend: number;
  serviceFee: number;
  handsetMargin: number;
  o2o: number;
}

export function acquisitionTables(s: Scenario): AcquisitionTables {
  const a = s.acquisition, lev = s.levers;
  const eligible = Uint8Array.from(TIERS.map((t) => (lev.subsidy.eligibleTiers.includes(t) ? 1 : 0)));
  const byBand = HANDSET_BANDS.map((b) => lev.subsidy.handset[b]);
  const subsidy = Float64Array.from(TIERS, (_, r) => byBand[BAND_OF_TIER[r]]);
  const meanSubsidy = TIERS.reduce((acc, _, r) => acc + (eligible[r] ? subsidy[r] : 0), 0) / NT;
  const perLine = new Float64Array(NC);
  for (const [c, v] of Object.entries(lev.commission.perNewLine)) perLine[CH[c as keyof typeof CH]] = v;
  return {
    pWin: logistic(logit(a.baseWinShare) + a.subsidyPerCny * (meanSubsidy - a.referenceSubsidy)
      + a.commissionPerCny * (lev.commission.perNewLine.partner - a.referenceCommission)),
    meanSubsidy, eligible, subsidy,
    handsetP: Float64Array.from(TIERS, (_, r) => logistic(logit(a.handsetShare) + a.handsetPerCny * ((eligible[r] ? subsidy[r] : 0) - a.referenceSubsidy))),
    perLine, minSpend: lev.subsidy.minMonthlySpend, serviceFee: s.partners.serviceFee, handsetMargin: s.partners.handsetMargin,
    o2o: s.handoffs.o2oShare,
  };
}

/** The month's prospects: each won one becomes a customer who signs up through a sales channel. */
export function acquire(st: ModelState, rng: Rng): void {
  const { C, slots, s } = st, t = st.tally;
  const prospects = rng.poisson(s.acquisition.marketMonthly * st.agents);
  t.prospects += prospects;
  rewindSlots(slots);
  for (let k = 0; k < prospects; k++) {
    if (rng.next() >= st.acq.pWin) continue;
    const cell = searchCdf(st.cellCdf, rng.next());
    const i = takeSlot(slots, C, cell);
    drawCustomer(C, i, s, st.pop, st.cellCdf, rng, 0, null, cell);
    t.won++;
    const c = chooseChannel(st.choice, C, i, st.sv.newLine, 0, rng.next());
    t.choiceEvents++;
    if (c < 0) { C.status[i] = 0; t.lostProspects++; continue; }
    route(st, i, st.sv.newLine, c, rng, 0);
  }
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
