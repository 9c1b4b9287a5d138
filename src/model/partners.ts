/**
 * Partner outlets 社会渠道 as businesses (docs/MODEL.md §7.12). Each month a partner j books
 *
 *   π_j = I_j − a·R_j + O_j − F_j
 *
 * I_j: what the operator's trade brought it (service fees 代办酬金, commissions per line 酬金,
 * handset margins), R_j the part earned by selling (commissions and handset margins), a the share
 * of that sales margin it spends on selling effort (partners.effortElasticity; Dorfman & Steiner
 * 1954, acquisition.ts), O_j its own trade's margin (other goods, unsubsidised phones, top-up
 * cards: log-normal across outlets with median partners.ownTradeMonthly and log-sd
 * partners.ownTradeSpread, drawn once per outlet from the geography's seed), F_j its rent and
 * staff (outlets.ts). It judges on a smoothed profit, π̄_j ← π̄_j + μ·(π_j − π̄_j), μ = PROFIT_MEMORY
 * (about a quarter's memory), and the same smoothing of its operator contribution I_j − a·R_j.
 *
 * Exit (退出), at the start of a month, with hazard (1/partners.exitMonths)·min(1, max(0, −π̄_j)/F_j):
 * a partner losing its whole fixed cost leaves after exitMonths months on average, one making a
 * small loss seldom. Entry (进入) at a closed partner site s not barred by the closure lever (the
 * latent sites L…, and sites whose partner left), with hazard
 * partners.entryRate·min(1, max(0, π̂_s)/F_s), π̂_s = the mean smoothed contribution of the
 * ENTRY_NEIGHBOURS open partners nearest to the site + O_s − F_s: an entrant expects to do as well
 * as its neighbours. Entry splits their trade, so entry and exit meet where margins are normal;
 * both start once a month has been booked. One uniform per partner site and month (stream
 * PURPOSE.partners), used or not, so scenarios stay aligned on common random numbers.
 */
import { Rng } from './rng.ts';
import type { Scenario } from './scenario.ts';
import type { Region } from './region.ts';
import type { Outlets } from './outlets.ts';
import type { Tally } from './recorder.ts';

/** Weight of the latest month in a partner's smoothed profit. */
export const PROFIT_MEMORY = 1 / 3;
/** Open partners an entrant compares itself with. */
export const ENTRY_NEIGHBOURS = 3;

/** Each outlet's own-trade margin, CNY/month (0 for own stores), fixed by the geography's seed. */
export function ownTrade(s: Scenario, region: Region): Float64Array {
  const rng = Rng.from(s.region.generate.seed, 0x0a17), p = s.partners;
  return Float64Array.from(region.outlets, (o) => {
    const z = rng.normal();
    return o.kind === 'partner' ? p.ownTradeMonthly * Math.exp(p.ownTradeSpread * z) : 0;
  });
}

/** The month's partners that leave and open (indices), by the hazards above; changes `open`. */
export function partnerMoves(o: Outlets, s: Scenario, region: Region, rng: Rng): { left: number[]; opened: number[] } {
  const left: number[] = [], opened: number[] = [];
  for (let j = 0; j < o.n; j++) {
    if (o.isOwn[j]) continue;
    const u = rng.next();
    if (o.open[j]) {
      if (u < exitHazard(o, s, j)) left.push(j);
    } else if (u < entryHazard(o, s, region, j)) {
      // an entrant starts its books from its neighbours' trade
      const expected = neighbourContribution(o, region, j);
      opened.push(j);
      o.contribution[j] = expected;
      o.profit[j] = expected + o.ownTrade[j] - o.partnerFixed[j];
    }
  }
  for (const j of left) o.open[j] = 0;
  for (const j of opened) o.open[j] = 1;
  return { left, opened };
}

/** The month's expected exits and entries: the hazards above summed over open partners and closed sites. */
export function expectedMoves(o: Outlets, s: Scenario, region: Region): { exits: number; entries: number } {
  let exits = 0, entries = 0;
  for (let j = 0; j < o.n; j++) {
    if (o.isOwn[j]) continue;
    if (o.open[j]) exits += exitHazard(o, s, j);
    else entries += entryHazard(o, s, region, j);
  }
  return { exits, entries };
}

/** Open partner j's exit hazard: (1/exitMonths)·min(1, loss/F) (0 before its first booked month). */
function exitHazard(o: Outlets, s: Scenario, j: number): number {
  const loss = -o.profit[j], F = o.partnerFixed[j];
  return s.partners.exitMonths > 0 && loss > 0 ? Math.min(1, F > 0 ? loss / F : 1) / s.partners.exitMonths : 0;
}

/** Closed site j's entry hazard: entryRate·min(1, π̂/F), π̂ = its neighbours' mean contribution + own trade − F; 0 barred or with no neighbour booked. */
function entryHazard(o: Outlets, s: Scenario, region: Region, j: number): number {
  if (!(s.partners.entryRate > 0) || o.barred[j]) return 0;
  const F = o.partnerFixed[j], expected = neighbourContribution(o, region, j) + o.ownTrade[j] - F;
  return expected > 0 ? s.partners.entryRate * Math.min(1, F > 0 ? expected / F : 1) : 0;
}

/**
 * The contribution site j can expect: the smoothed contributions of the ENTRY_NEIGHBOURS open
 * partners nearest to it that have booked a month, per unit of their Huff size, times its own
 * size (with partners alike, their mean); NaN with no such neighbour.
 */
function neighbourContribution(o: Outlets, region: Region, j: number): number {
  const K = o.K, part = o.partner, x = region.outlets[j], ck = region.cellKm, size = o.sizePartner;
  const cell = Math.min(region.rows - 1, Math.floor(x.y / ck)) * region.cols + Math.min(region.cols - 1, Math.floor(x.x / ck));
  let sum = 0, sizes = 0, n = 0;
  for (let m = 0; m < K && n < ENTRY_NEIGHBOURS; m++) {
    const q = part.outlet[cell * K + m];
    if (q < 0) break;
    if (!Number.isNaN(o.contribution[q])) { sum += o.contribution[q]; sizes += size[q]; n++; }
  }
  return n > 0 && sizes > 0 ? (sum / sizes) * size[j] : NaN;
}

/**
 * Book the month's profit of every open partner (the tallies at city scale): π_j and the
 * contribution I_j − a·R_j, smoothed; the first booked month starts the smoothing.
 */
export function bookPartners(o: Outlets, t: Tally, effortCost: number): void {
  for (let j = 0; j < o.n; j++) {
    if (o.isOwn[j] || !o.open[j]) continue;
    const contribution = t.partnerIncome[j] - effortCost * t.partnerSales[j];
    const profit = contribution + o.ownTrade[j] - o.partnerFixed[j];
    if (Number.isNaN(o.profit[j])) { o.profit[j] = profit; o.contribution[j] = contribution; continue; }
    o.profit[j] += PROFIT_MEMORY * (profit - o.profit[j]);
    o.contribution[j] += PROFIT_MEMORY * (contribution - o.contribution[j]);
  }
}
