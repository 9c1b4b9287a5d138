/**
 * Scaling a scenario's world to another number of customers while keeping its per-customer
 * resources: generated outlet counts, hotline agents, account managers and platform fixed costs
 * grow in proportion, so a 1,000,000-customer run of the default city behaves like the
 * 100,000-customer one (same loads, waits and shares) instead of queueing ten times the demand
 * at the same counters. Explicit outlet lists are kept as they are.
 */
import { CHANNELS } from './domain.ts';
import { resolveScenario } from './validate.ts';
import { generatedIds, type Scenario } from './scenario.ts';

export function scaleWorld(s: Scenario, customers: number): Scenario {
  if (!(customers > 0)) throw new RangeError(`scaleWorld: customers must be > 0, got ${customers}`);
  const f = customers / s.simulation.customers;
  const channels = Object.fromEntries(CHANNELS.map((c) => [c, { ...s.channels[c], fixedMonthly: s.channels[c].fixedMonthly * f }]));
  if (s.outlets.list.length > 0) {
    return resolveScenario({ ...s, simulation: { ...s.simulation, customers, agents: null }, channels, hotline: { ...s.hotline, agents: Math.max(1, Math.round(s.hotline.agents * f)) }, accountManagers: { ...s.accountManagers, managers: Math.round(s.accountManagers.managers * f) } });
  }
  const own = Math.max(1, Math.round(s.outlets.generate.ownStores * f));
  const partners = Math.round(s.outlets.generate.partners * f);
  const latentSites = Math.round(s.partners.latentSites * f);
  // A closed generated outlet keeps its number; its id is re-padded for the new count.
  const renumber = (id: string) => {
    const n = Number(id.slice(1)), kind = id[0];
    const ids = generatedIds(kind, kind === 'S' ? own : kind === 'L' ? latentSites : partners);
    return ids[n - 1];
  };
  return resolveScenario({
    ...s,
    simulation: { ...s.simulation, customers, agents: null },
    outlets: { ...s.outlets, generate: { ownStores: own, partners } },
    partners: { ...s.partners, latentSites },
    hotline: { ...s.hotline, agents: Math.max(1, Math.round(s.hotline.agents * f)) },
    accountManagers: { ...s.accountManagers, managers: Math.round(s.accountManagers.managers * f) },
    channels,
    levers: { ...s.levers, closures: { ...s.levers.closures, outlets: s.levers.closures.outlets.map(renumber).filter((id): id is string => id !== undefined) } },
  });
}
