/**
 * Channel choice: multinomial logit (McFadden 1974).
 *
 *   P(c | i, s) = exp(V_isc) / Σ_{k ∈ C_s} exp(V_isk),   C_s = channels able to carry service s and
 *                                                         allowed for its class (routing.classes)
 *
 *   V_isc = ASC_c + tier_c(tier_i) + β_money·incentive_c − β_cx·complexity_s·digitalness_c
 *           − steer·[tier_i steered, c not preferred for class_s]                          (shared: segment × tier × service)
 *         + access_c(cell_i)                                                            (shared: cell)
 *         + β_dig·literacy_i·digitalness_c                                              (customer, via a 256-level table)
 *         + β_hab·fam_ic − learningCost_c·(1 − fam_ic)                                  (customer, via a 256-level table)
 *
 * Physical channels' access term is a Huff gravity sum (Huff 1963) over the cell's nearest outlets:
 *   exp(access_own(cell)) = Σ_j (S_j/S_ref)^α · (T_cj/T_ref)^(−λ) · exp(−β_wait·W_j)
 * and the outlet, once the channel is chosen, is drawn with probability proportional to its term,
 * so outlet choice within a channel is exactly Huff's P_ij = S_j^α T_ij^−λ / Σ_k S_k^α T_ik^−λ when
 * waits are zero, and the two-stage draw equals a flat logit over all outlets (nest scale 1).
 *
 * Every exponential is computed once per month into the tables below. A draw multiplies, per
 * alternative, the shared factor by the customer's factor (access × literacy × habit, computed
 * once per customer and month in the hot loop, needs.ts), sums the products in the service's
 * channel order and takes the first running sum above u·total (`pickCumulative`): one rule for the
 * first choice of a need (needs.ts) and every re-choice or new line (`chooseChannel`).
 */
import { CH, NC, NS, NT, SEGMENTS, TIERS, CHANNELS, type ChannelId, type ServiceClass } from './domain.ts';
import type { Scenario } from './scenario.ts';
import type { Customers } from './customers.ts';

/** Reference trip and outlet size: they set the scale of the physical channels' constants. */
export const T_REF_MIN = 15;
export const LEVELS = 256;

/** Closed-form logit probabilities for a vector of utilities (numerically stable). */
export function logitProbabilities(utilities: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < utilities.length; i++) if (utilities[i] > max) max = utilities[i];
  if (max === -Infinity) throw new RangeError('logitProbabilities: no available alternative');
  const e = Array.from(utilities, (u) => Math.exp(u - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** Huff (1963) probabilities of choosing each outlet from one origin. */
export function huffProbabilities(size: ArrayLike<number>, travelMin: ArrayLike<number>, alpha: number, lambda: number): number[] {
  const w = Array.from(size, (s, j) => Math.pow(s, alpha) * Math.pow(travelMin[j], -lambda));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}

/** Channel indices allowed for each service, as a flat list with offsets. */
export interface ServiceChannels {
  offsets: Int32Array; // service s uses list[offsets[s] .. offsets[s+1])
  list: Uint8Array;
}

export function serviceChannels(channelsPerService: readonly (readonly ChannelId[])[]): ServiceChannels {
  const offsets = new Int32Array(channelsPerService.length + 1);
  const flat: number[] = [];
  channelsPerService.forEach((cs, s) => {
    offsets[s] = flat.length;
    for (const c of CHANNELS) if (cs.includes(c)) flat.push(CH[c]);
  });
  offsets[channelsPerService.length] = flat.length;
  return { offsets, list: Uint8Array.from(flat) };
}

/** Customer-level factor tables: exp(β_dig·lit·dig_c) and exp(β_hab·fam − learn_c·(1−fam)), for 256 levels. */
export function customerTables(s: Scenario): { digital: Float64Array; habit: Float64Array } {
  const digital = new Float64Array(LEVELS * NC);
  const habit = new Float64Array(NC * LEVELS);
  CHANNELS.forEach((c, ci) => {
    const p = s.channels[c];
    for (let l = 0; l < LEVELS; l++) {
      const x = l / (LEVELS - 1);
      digital[l * NC + ci] = Math.exp(s.choice.digital * x * p.digitalness);
      habit[ci * LEVELS + l] = Math.exp(s.choice.habit * x - p.learningCost * (1 - x));
    }
  });
  return { digital, habit };
}

/** Incentives (CNY per transaction) the levers attach to a channel. */
export function channelIncentive(s: Scenario, c: ChannelId): number {
  const d = s.levers.diversion;
  let cny = 0;
  if (c === 'app' || c === 'web') cny += d.appIncentiveCny;
  if (c !== 'ownStore' && c !== 'partner' && c !== 'hotline' && c !== 'accountManager') cny += d.pointsPerEChannel;
  return cny;
}

/** Whether customers of segment g and tier r have an account manager (客户经理): their tier or their segment is entitled. */
export function managerEntitled(s: Scenario, g: number, r: number): boolean {
  return s.accountManagers.eligibleTiers.includes(TIERS[r]) || s.accountManagers.eligibleSegments.includes(SEGMENTS[g]);
}

/** The channels that may carry a service: its own, less those its class's routing policy forbids (none for a sign-up, which has no class). */
export function servingChannels(s: Scenario, svc: ServiceRow): readonly ChannelId[] {
  if (svc.class === undefined) return svc.channels;
  const allowed = s.routing.classes[svc.class].allowed;
  return svc.channels.filter((c) => allowed.includes(c));
}

/** What the shared table reads of a service. */
export interface ServiceRow {
  channels: readonly ChannelId[];
  complexity: number;
  class?: ServiceClass;
}

/**
 * Shared factor exp(ASC + tier + money + complexity − steering) by segment × tier × service ×
 * channel; 0 where the channel cannot carry the service, its class's routing policy does not
 * allow it (routing.classes, seed 001's 矩阵式运营), or the customer has no account manager.
 * Customers of the steered (low-value) tiers pay `routing.steerUtility` for an allowed channel
 * their class does not prefer. `extra(s, c)` adds service-specific utility (the acquisition push
 * of commissions).
 */
export function sharedTable(s: Scenario, services: readonly ServiceRow[], extra: (service: number, channel: number) => number = () => 0): Float64Array {
  const nSv = services.length;
  const t = new Float64Array(NS * NT * nSv * NC);
  const steered = new Set(s.routing.steeredTiers), steer = s.routing.steerUtility;
  for (let g = 0; g < NS; g++) {
    for (let r = 0; r < NT; r++) {
      const tierSteps = Math.max(0, 2 - r); // steps above gold: supreme 2, diamond 1, gold and below 0
      const entitledDirect = managerEntitled(s, g, r), steeredTier = steered.has(TIERS[r]);
      for (let sv = 0; sv < nSv; sv++) {
        const svc = services[sv], preferred = svc.class === undefined ? null : s.routing.classes[svc.class].preferred;
        for (const c of servingChannels(s, svc)) {
          const ci = CH[c];
          if (c === 'accountManager' && !entitledDirect) continue;
          const p = s.channels[c];
          let v = p.asc + s.choice.moneyPerCny * channelIncentive(s, c) - s.choice.complexityPenalty * svc.complexity * p.digitalness + extra(sv, ci);
          if (c === 'ownStore') v += s.choice.tierEntitlement * tierSteps;
          if (steeredTier && preferred !== null && !preferred.includes(c)) v -= steer;
          t[((g * NT + r) * nSv + sv) * NC + ci] = Math.exp(v);
        }
      }
    }
  }
  return t;
}

/**
 * 1 where an entitled customer's need goes to their account manager before any choice
 * (proactive account management): segment × tier × service, for the classes in
 * `accountManagers.proactiveClasses` whose service the manager may carry.
 */
export function managerFirstTable(s: Scenario, services: readonly ServiceRow[]): Uint8Array {
  const nSv = services.length, t = new Uint8Array(NS * NT * nSv), classes = s.accountManagers.proactiveClasses;
  for (let g = 0; g < NS; g++) {
    for (let r = 0; r < NT; r++) {
      if (!managerEntitled(s, g, r)) continue;
      services.forEach((svc, sv) => {
        if (svc.class !== undefined && classes.includes(svc.class) && servingChannels(s, svc).includes('accountManager')) t[(g * NT + r) * nSv + sv] = 1;
      });
    }
  }
  return t;
}

/** What a channel draw reads besides the customer: the month's tables. */
export interface ChoiceTables {
  /** channels able to carry each service (the new line included) */
  channels: ServiceChannels;
  /** rows of `shared` per segment × tier: the services and the new line */
  rows: number;
  digital: Float64Array;
  habit: Float64Array;
  /** sharedTable(…), refreshed every month */
  shared: Float64Array;
  /** managerFirstTable(…): needs an account manager takes first */
  managerFirst: Uint8Array;
  /** access factor by cell × channel (outlets.ts) */
  cellAcc: Float64Array;
  /** scratch: running sums of one draw */
  cum: Float64Array;
}

/**
 * The logit draw on running sums cum[0 .. n) of the alternatives' weights and t = u·total: the
 * first alternative whose running sum exceeds t. (t < total always; rounding could only leave it
 * on a tail of zero weights, from which it steps back.)
 */
export function pickCumulative(cum: Float64Array, n: number, t: number): number {
  let q = 0;
  const last = n - 1;
  while (q < last && cum[q] <= t) q++;
  while (q > 0 && cum[q] === cum[q - 1]) q--;
  return q;
}

/**
 * Customer i's channel for service sv, the channels in `exclude` (bit mask) removed, by the
 * uniform u; −1 when no channel is left.
 */
export function chooseChannel(t: ChoiceTables, c: Customers, i: number, sv: number, exclude: number, u: number): number {
  const base = ((c.segment[i] * NT + c.tier[i]) * t.rows + sv) * NC;
  const cellBase = c.cell[i] * NC, litBase = c.literacy[i] * NC, famBase = i * NC;
  const o0 = t.channels.offsets[sv], o1 = t.channels.offsets[sv + 1], list = t.channels.list, cum = t.cum;
  let total = 0;
  for (let q = o0; q < o1; q++) {
    const ch = list[q];
    if (!((exclude >> ch) & 1) && (ch !== CH.app || c.adopted[i])) {
      total += t.shared[base + ch] * (t.cellAcc[cellBase + ch] * t.digital[litBase + ch] * t.habit[ch * LEVELS + c.familiarity[famBase + ch]]);
    }
    cum[q - o0] = total;
  }
  if (!(total > 0)) return -1;
  return list[o0 + pickCumulative(cum, o1 - o0, u * total)];
}
