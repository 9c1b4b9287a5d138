/**
 * A customer of the peer model (peer/month.ts): one object per subscriber, as a modeller would
 * write an agent in Mesa, NetLogo or AgentScript. Fields carry their units in a comment.
 *
 * The channel choice is the engine's multinomial logit (choice.ts) written out per alternative:
 *
 *   V_c = ASC_c + β_money·incentive_c − β_cx·complexity·digitalness_c + tierEntitlement·steps (own store)
 *         − steer (steered tiers, channel not preferred) + β_dig·literacy·digitalness_c
 *         + β_hab·fam_c − learningCost_c·(1 − fam_c)
 *   P(c) = A_c·exp(V_c) / Σ_k A_k·exp(V_k)
 *
 * with A_c the access of the customer's patch (Huff sum for stores, partners and kiosks; wait and
 * answered share for the hotline; availability for account managers; 1 otherwise).
 */
import { CHANNELS, SEGMENTS, TIERS, type ChannelId, type SegmentId, type TierId } from '../domain.ts';
import { channelIncentive, managerEntitled, servingChannels } from '../choice.ts';
import { INITIAL_FAMILIARITY, TIER_ARPU } from '../customers.ts';
import type { Rng } from '../rng.ts';
import type { Scenario } from '../scenario.ts';
import type { Outlet, Patch } from './outlet.ts';

/** A service as the peer reads it: the scenario's services and the new line (入网) after them. */
export interface PeerService {
  id: string;
  channels: readonly ChannelId[];
  complexity: number;
  counterMin: number;
  queueFree: boolean;
  handset: boolean;
  sensitive: boolean;
  /** classes whose needs an entitled customer's account manager takes first */
  proactive: boolean;
  /** routing.classes[class].preferred, or null for the new line */
  preferred: readonly ChannelId[] | null;
  /** needs per customer-month by segment */
  incidence: Record<SegmentId, number>;
}

export class Customer {
  segment: SegmentId;
  tier: TierId;
  patch: Patch;
  arpu: number; // CNY/month
  literacy: number; // 0-1
  hasApp: boolean;
  familiarity: Record<ChannelId, number>; // 0-1 per channel
  satisfaction: number; // 0-100
  tenure: number; // months
  active = true;
  /** the outlet last used in person (the one whose closure displaces this customer) */
  home: Outlet | null = null;
  shockMonths = 0; // months of closure effect left

  constructor(s: Scenario, patch: Patch, tenure: number, rng: Rng) {
    this.patch = patch;
    this.segment = pick(SEGMENTS, SEGMENTS.map((g) => s.segments[g].share), rng);
    const seg = s.segments[this.segment];
    this.tier = pick(TIERS, TIERS.map((t) => seg.tierMix[t]), rng);
    // ARPU: the segment's mean spread over tiers, lognormal around it (as customers.ts draws it)
    const meanMult = TIERS.reduce((a, t, r) => a + seg.tierMix[t] * TIER_ARPU[r], 0) / TIERS.reduce((a, t) => a + seg.tierMix[t], 0);
    this.arpu = (seg.arpu * TIER_ARPU[TIERS.indexOf(this.tier)] / meanMult) * Math.exp(0.25 * rng.normal() - 0.03125);
    this.literacy = Math.min(1, Math.max(0, seg.literacy + 0.15 * rng.normal()));
    this.hasApp = rng.next() < seg.appAdopted;
    const entitled = this.segment === 'sme' || this.segment === 'enterprise' || s.accountManagers.eligibleTiers.includes(this.tier);
    this.familiarity = {} as Record<ChannelId, number>;
    for (const c of CHANNELS) {
      let f = INITIAL_FAMILIARITY[c];
      if (c === 'web' || c === 'ussd' || c === 'kiosk') f *= 0.5 + this.literacy;
      if (c === 'app') f = this.hasApp ? f + 0.3 : 0;
      if (c === 'accountManager' && !entitled) f = 0;
      this.familiarity[c] = Math.min(1, f);
    }
    this.satisfaction = s.satisfaction.initial;
    this.tenure = tenure;
  }

  /**
   * The channel for `service` by the logit, the channels in `exclude` left out; null when no
   * channel is left. `access(c)` is the customer's access factor for channel c.
   */
  chooseChannel(s: Scenario, service: PeerService, exclude: ReadonlySet<ChannelId>, access: (c: ChannelId) => number, rng: Rng): ChannelId | null {
    const options: { channel: ChannelId; weight: number }[] = [];
    let total = 0;
    for (const c of service.channels) {
      if (exclude.has(c)) continue;
      if (c === 'app' && !this.hasApp) continue;
      if (c === 'accountManager' && !managerEntitled(s, SEGMENTS.indexOf(this.segment), TIERS.indexOf(this.tier))) continue;
      const a = access(c);
      if (!(a > 0)) continue;
      const weight = a * Math.exp(this.utility(s, service, c));
      options.push({ channel: c, weight });
      total += weight;
    }
    if (!(total > 0)) return null;
    let u = rng.next() * total;
    for (const o of options) {
      u -= o.weight;
      if (u < 0) return o.channel;
    }
    return options[options.length - 1].channel;
  }

  utility(s: Scenario, service: PeerService, c: ChannelId): number {
    const p = s.channels[c], f = this.familiarity[c];
    let v = p.asc + s.choice.moneyPerCny * channelIncentive(s, c) - s.choice.complexityPenalty * service.complexity * p.digitalness
      + s.choice.digital * this.literacy * p.digitalness + s.choice.habit * f - p.learningCost * (1 - f);
    if (c === 'ownStore') v += s.choice.tierEntitlement * Math.max(0, 2 - TIERS.indexOf(this.tier));
    if (service.preferred !== null && s.routing.steeredTiers.includes(this.tier) && !service.preferred.includes(c)) v -= s.routing.steerUtility;
    return v;
  }

  /** A completed transaction: familiarity, literacy (electronic channels) and satisfaction. */
  experience(s: Scenario, c: ChannelId, electronic: boolean, travelMin: number, waitMin: number): void {
    this.familiarity[c] += (1 - this.familiarity[c]) * s.adoption.familiarityGain;
    if (electronic) this.literacy += (1 - this.literacy) * s.adoption.literacyGain;
    const score = s.satisfaction.goodExperience - s.satisfaction.waitPenaltyPerMin * waitMin - s.satisfaction.travelPenaltyPerMin * travelMin;
    this.satisfaction = clamp(this.satisfaction + s.satisfaction.smoothing * (score - this.satisfaction), 0, 100);
  }

  /** A need given up. */
  abandon(s: Scenario): void {
    this.satisfaction = Math.max(0, this.satisfaction - s.satisfaction.smoothing * s.satisfaction.failurePenalty);
  }

  /**
   * The month's churn hazard (churn.ts): h = h0·tier·tenure·exp(β_sat·(S_ref − S) + β_price·(P − 1)
   * − β_net·N + β_close·[home closed lately]); the customer leaves with probability 1 − exp(−h).
   */
  churnHazard(s: Scenario): number {
    const c = s.churn;
    const tenureFactor = 0.6 + 0.8 * Math.pow(2, -Math.min(this.tenure, 240) / c.tenureHalfLifeMonths);
    return c.baseMonthly * c.tierFactor[this.tier] * tenureFactor
      * Math.exp(c.satisfactionEffect * (c.referenceSatisfaction - Math.round(this.satisfaction)) + c.priceEffect * (c.priceIndex - 1)
        - c.networkEffect * c.networkQuality + (this.shockMonths > 0 ? c.closureEffect : 0));
  }
}

/** The scenario's services and the new line, as the peer reads them. */
export function peerServices(s: Scenario): { services: PeerService[]; newLine: PeerService } {
  const services = s.services.map((x): PeerService => ({
    id: x.id, channels: servingChannels(s, x), complexity: x.complexity, counterMin: x.counterMin, queueFree: x.queueFree,
    handset: x.handset, sensitive: x.class === 'sensitive', proactive: s.accountManagers.proactiveClasses.includes(x.class),
    preferred: s.routing.classes[x.class].preferred, incidence: x.incidence,
  }));
  const none = Object.fromEntries(SEGMENTS.map((g) => [g, 0])) as Record<SegmentId, number>;
  const newLine: PeerService = {
    id: 'newLine', channels: ['ownStore', 'partner', 'web', 'app', 'accountManager'], complexity: 0.5, counterMin: s.acquisition.counterMin,
    queueFree: false, handset: false, sensitive: false, proactive: false, preferred: null, incidence: none,
  };
  return { services, newLine };
}

/** One of `items` with probability proportional to `weights`. */
export function pick<T>(items: readonly T[], weights: readonly number[], rng: Rng): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.next() * total;
  for (let k = 0; k < items.length; k++) {
    u -= weights[k];
    if (u < 0) return items[k];
  }
  return items[items.length - 1];
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
