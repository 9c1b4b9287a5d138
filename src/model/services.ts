/**
 * The scenario's services (业务) as per-service tables the month reads by index, and the new
 * line (入网), a pseudo-service after them: index `newLine` = services.length, carried by own
 * stores, partners, the web and app halls and account managers, complexity 0.5, counter time
 * `acquisition.counterMin`; it never reneges at a counter and every partner offers it.
 *
 * Queue keys: a counter or hotline visit carries a service index, or PICKUP (255) for the store
 * visit of an order placed online; `counterMin` and `callMin` give their mean service minutes.
 */
import { type ChannelId, type ServiceClass } from './domain.ts';
import type { Scenario } from './scenario.ts';
import { serviceChannels, servingChannels, type ServiceChannels } from './choice.ts';
import { PICKUP } from './sampler.ts';

export const NEW_LINE_CHANNELS: readonly ChannelId[] = ['ownStore', 'partner', 'web', 'app', 'accountManager'];
export const NEW_LINE_COMPLEXITY = 0.5;

export interface Services {
  /** the scenario's services */
  n: number;
  /** index of the new-line pseudo-service (= n) */
  newLine: number;
  /** channels, complexity and class of each service, the new line last (no class: routing policy does not steer sign-ups) */
  all: { channels: readonly ChannelId[]; complexity: number; class?: ServiceClass }[];
  channels: ServiceChannels;
  /** by service, the new line last */
  queueFree: Uint8Array;
  sensitive: Uint8Array;
  handset: Uint8Array;
  /** completing it changes a contract (a handset, a retention offer 挽留): always the general completion path */
  special: Uint8Array;
  complexity: Float64Array;
  kioskCan: Uint8Array;
  appCan: Uint8Array;
  /** mean counter minutes by queue key */
  counterMin: Float64Array;
  /** mean hotline handling minutes by queue key */
  callMin: Float64Array;
}

export function serviceTables(s: Scenario): Services {
  const services = s.services, n = services.length;
  if (n > 254) throw new RangeError('at most 254 services');
  const all = [...services.map((x) => ({ channels: x.channels, complexity: x.complexity, class: x.class })), { channels: NEW_LINE_CHANNELS, complexity: NEW_LINE_COMPLEXITY }];
  // per service, the new line last (not queue-free, not sensitive, not a handset service)
  const flag = (f: (x: Scenario['services'][number]) => boolean) => Uint8Array.from([...services.map((x) => (f(x) ? 1 : 0)), 0]);
  // the channels each service may use: its own, as its class's routing policy allows (choice.ts)
  const serving = all.map((x) => servingChannels(s, x));
  const can = (c: ChannelId) => Uint8Array.from(serving, (x) => (x.includes(c) ? 1 : 0));
  const counterMin = new Float64Array(256);
  counterMin.set([...services.map((x) => x.counterMin), s.acquisition.counterMin]);
  counterMin[PICKUP] = s.handoffs.pickupMin;
  return {
    n, newLine: n, all, channels: serviceChannels(serving),
    queueFree: flag((x) => x.queueFree),
    sensitive: flag((x) => x.class === 'sensitive'),
    handset: flag((x) => x.handset),
    special: flag((x) => x.handset || x.class === 'retention'),
    complexity: Float64Array.from(all, (x) => x.complexity),
    kioskCan: can('kiosk'),
    appCan: can('app'),
    counterMin,
    callMin: new Float64Array(256).fill(s.hotline.ahtMin),
  };
}
