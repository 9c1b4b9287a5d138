/**
 * Service names in a cell, matched to the scenario's services by id or by name: the whole name,
 * its Chinese part or its English part (DEFAULT_SERVICES names read "余额查询 Balance query"),
 * without case or full-width differences. A name two services share matches neither.
 */
import type { ChannelId } from '../model/domain.ts';
import { halfWidth } from './cells.ts';

/** What matching needs of a service. */
export interface ServiceRef {
  id: string;
  name?: string;
  channels: readonly ChannelId[];
}

/** A lookup from what planners write to service ids. */
export interface ServiceLookup {
  /** the service id a token means, or undefined */
  find(token: string): ServiceRef | undefined;
  /** a few examples for messages: "topUp (充值缴费)" */
  examples: string;
}

export function serviceLookup(services: readonly ServiceRef[]): ServiceLookup {
  const map = new Map<string, ServiceRef | null>();
  const put = (key: string, s: ServiceRef) => {
    const k = norm(key);
    if (k === '') return;
    const had = map.get(k);
    map.set(k, had === undefined || had === s ? s : null);
  };
  for (const s of services) put(s.id, s);
  for (const s of services) {
    const name = (s.name ?? '').trim();
    if (!name) continue;
    put(name, s);
    const space = name.search(/\s/);
    if (space > 0) {
      put(name.slice(0, space), s);
      const en = name.slice(space + 1);
      put(en, s);
      put(en.replace(/\s*\([^)]*\)\s*/g, ' '), s);
    }
  }
  const examples = services.slice(0, 4).map((s) => `${s.id}${s.name ? ` (${s.name.split(/\s/)[0]})` : ''}`).join(', ') + (services.length > 4 ? ', …' : '');
  return { find: (token) => map.get(norm(token)) ?? undefined, examples };
}

function norm(s: string): string {
  return halfWidth(s).toLowerCase().replace(/\s+/g, ' ').trim();
}
