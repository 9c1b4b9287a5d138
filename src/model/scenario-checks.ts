/**
 * The scenario's cross-checks: what a per-field schema cannot see (duplicate ids, channels a
 * service's class does not allow, outlets outside the region, unknown outlets and services…) and
 * what the model can hold and search (limits.ts), checked before anything is allocated. Each issue's
 * params carry a code and values (validate.ts ScenarioProblemValues) for a sentence in another
 * language. Used by the schema in scenario.ts (superRefine).
 */
import type { z } from 'zod';
import { SEGMENTS, TIERS } from './domain.ts';
import { MAX_ACCESS_PAIRS, MAX_CELLS, MAX_NEEDS_MONTHLY, MAX_OUTLETS, MAX_REPLICATION_BYTES, footprint, formatBytes, gridOf, smallestCellKm } from './limits.ts';
import type { Scenario } from './scenario.ts';

// Cross-references that a per-field schema cannot see. Each issue's params carry a code and values
// (validate.ts ScenarioProblemValues) for a sentence in another language.
export function crossCheck(s: Omit<Scenario, never>, ctx: z.RefinementCtx) {
  const dup = (ids: string[], path: (string | number)[]) => {
    const seen = new Map<string, number>();
    ids.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `duplicate id "${id}" (first at index ${seen.get(id)})`, params: { code: 'duplicateId', id, first: seen.get(id) } });
      else seen.set(id, i);
    });
  };
  dup(s.services.map((x) => x.id), ['services']);
  dup(s.outlets.list.map((x) => x.id), ['outlets', 'list']);
  dup(s.region.districts.map((x) => x.id), ['region', 'districts']);
  s.services.forEach((sv, i) => {
    if (sv.class === 'sensitive' && sv.channels.some((c) => c !== 'ownStore'))
      ctx.addIssue({ code: 'custom', path: ['services', i, 'channels'], message: 'a sensitive service can only be carried by ownStore (face to face)', params: { code: 'sensitiveChannels' } });
    if (sv.class === 'sensitive' && sv.queueFree)
      ctx.addIssue({ code: 'custom', path: ['services', i, 'queueFree'], message: 'a sensitive service cannot be queue-free', params: { code: 'sensitiveQueueFree' } });
  });
  s.services.forEach((sv, i) => {
    const allowed = s.routing.classes[sv.class].allowed;
    // a sensitive service off the counter is already told so (sensitiveChannels)
    if (sv.class === 'sensitive' && sv.channels.some((c) => c !== 'ownStore')) return;
    if (!sv.channels.some((c) => allowed.includes(c)))
      ctx.addIssue({ code: 'custom', path: ['services', i, 'channels'], message: `none of these channels may serve a ${sv.class} service; expected one of routing.classes.${sv.class}.allowed (${allowed.join(', ') || 'empty'})`, params: { code: 'classChannels', serviceClass: sv.class, allowed: [...allowed] } });
  });
  if (s.simulation.agents !== null && s.simulation.agents > s.simulation.customers)
    ctx.addIssue({ code: 'custom', path: ['simulation', 'agents'], message: `expected at most simulation.customers (${s.simulation.customers})`, params: { code: 'agentsOverCustomers', customers: s.simulation.customers } });
  const segShare = SEGMENTS.reduce((a, k) => a + s.segments[k].share, 0);
  if (!(segShare > 0)) ctx.addIssue({ code: 'custom', path: ['segments'], message: 'segment shares must sum to more than 0', params: { code: 'segmentSharesZero' } });
  SEGMENTS.forEach((k) => {
    const t = TIERS.reduce((a, tier) => a + s.segments[k].tierMix[tier], 0);
    if (!(t > 0)) ctx.addIssue({ code: 'custom', path: ['segments', k, 'tierMix'], message: 'tier shares must sum to more than 0', params: { code: 'tierSharesZero' } });
  });
  if (s.outlets.file !== undefined && s.outlets.list.length > 0) ctx.addIssue({ code: 'custom', path: ['outlets', 'file'], message: 'give outlets.file or outlets.list, not both', params: { code: 'fileOrList', file: 'outlets.file', list: 'outlets.list' } });
  if (s.region.districtsFile !== undefined && s.region.districts.length > 0) ctx.addIssue({ code: 'custom', path: ['region', 'districtsFile'], message: 'give region.districtsFile or region.districts, not both', params: { code: 'fileOrList', file: 'region.districtsFile', list: 'region.districts' } });
  if (s.observed.file !== undefined && s.observed.figures.length > 0) ctx.addIssue({ code: 'custom', path: ['observed', 'file'], message: 'give observed.file or observed.figures, not both', params: { code: 'fileOrList', file: 'observed.file', list: 'observed.figures' } });
  const serviceIds = new Set(s.services.map((x) => x.id));
  s.outlets.list.forEach((o, i) => o.services?.forEach((id, j) => {
    if (!serviceIds.has(id)) ctx.addIssue({ code: 'custom', path: ['outlets', 'list', i, 'services', j], message: `unknown service "${id}"`, params: { code: 'unknownService', id } });
  }));
  const latentIds = new Set(generatedIds('L', s.partners.latentSites));
  const clash = s.outlets.list.find((o) => latentIds.has(o.id));
  if (clash) ctx.addIssue({ code: 'custom', path: ['partners', 'latentSites'], message: `the latent partner sites are named L01…, and outlet "${clash.id}" of outlets.list already has one of these ids; rename it or lower partners.latentSites`, params: { code: 'latentSiteClash', id: clash.id, latentSites: s.partners.latentSites } });
  const known = new Set(outletIds(s));
  // Outlets still in an unread file are checked once the loader has filled the list.
  if (s.outlets.file === undefined) s.levers.closures.outlets.forEach((id, i) => {
    if (!known.has(id)) ctx.addIssue({ code: 'custom', path: ['levers', 'closures', 'outlets', i], message: `unknown outlet "${id}"; expected one of ${[...known].slice(0, 5).join(', ')}${known.size > 5 ? ', …' : ''}`, params: { code: 'unknownOutlet', id, known: [...known].slice(0, 5) } });
  });
  if (s.region.districtsFile === undefined && s.region.districts.length === 0 && s.region.generate.urban + s.region.generate.suburban + s.region.generate.rural === 0)
    ctx.addIssue({ code: 'custom', path: ['region', 'generate'], message: 'at least one district is needed', params: { code: 'noDistrict' } });
  s.outlets.list.forEach((o, i) => {
    if (o.x > s.region.widthKm || o.y > s.region.heightKm)
      ctx.addIssue({ code: 'custom', path: ['outlets', 'list', i], message: `outlet at (${o.x}, ${o.y}) km lies outside the ${s.region.widthKm} × ${s.region.heightKm} km region`, params: { code: 'outsideRegion', x: o.x, y: o.y, width: s.region.widthKm, height: s.region.heightKm } });
  });
  // A district of population 0 simply has no homes; a city where nobody lives cannot be run.
  if (s.region.districts.length > 0 && !s.region.districts.some((d) => d.population > 0))
    ctx.addIssue({ code: 'custom', path: ['region', 'districts'], message: `every district has population 0; at least one needs people` });
  SEGMENTS.forEach((g) => {
    const needs = s.services.reduce((a, sv) => a + sv.incidence[g], 0);
    if (needs > MAX_NEEDS_MONTHLY)
      ctx.addIssue({ code: 'custom', path: ['services'], message: `a ${g} customer would have ${round(needs)} needs a month (the services' incidence.${g} summed); at most ${MAX_NEEDS_MONTHLY} needs/month` });
  });
  limitCheck(s, ctx);
}

// What the model can hold and search (limits.ts), checked before anything is allocated.
function limitCheck(s: Omit<Scenario, never>, ctx: z.RefinementCtx) {
  const { widthKm, heightKm, cellKm } = s.region;
  const grid = gridOf(s.region);
  const region = `a ${widthKm} × ${heightKm} km region in cells of ${cellKm} km has ${grid.cols.toLocaleString('en-US')} × ${grid.rows.toLocaleString('en-US')} = ${grid.cells.toLocaleString('en-US')} cells`;
  if (grid.cells > MAX_CELLS) {
    ctx.addIssue({ code: 'custom', path: ['region', 'cellKm'], message: `${region}; at most ${MAX_CELLS.toLocaleString('en-US')} (cell indices are 16-bit): use region.cellKm ≥ ${smallestCellKm(widthKm, heightKm, MAX_CELLS)} or a smaller region.widthKm × region.heightKm` });
    return;
  }
  const generated = s.outlets.generate.ownStores + s.outlets.generate.partners;
  if (s.outlets.list.length === 0 && generated > MAX_OUTLETS)
    ctx.addIssue({ code: 'custom', path: ['outlets', 'generate'], message: `${generated.toLocaleString('en-US')} outlets to generate; at most ${MAX_OUTLETS.toLocaleString('en-US')} outlets` });
  const outlets = (s.outlets.list.length > 0 ? s.outlets.list.length : generated) + s.partners.latentSites;
  const pairs = grid.cells * outlets;
  if (pairs > MAX_ACCESS_PAIRS) {
    const fits = smallestCellKm(widthKm, heightKm, Math.floor(MAX_ACCESS_PAIRS / outlets));
    ctx.addIssue({ code: 'custom', path: ['region', 'cellKm'], message: `${region}, each compared with ${outlets.toLocaleString('en-US')} outlets in the nearest-outlet search: ${pairs.toLocaleString('en-US')} cell-outlet pairs; at most ${MAX_ACCESS_PAIRS.toLocaleString('en-US')}: use region.cellKm ≥ ${fits} or fewer outlets` });
    return;
  }
  const f = footprint(s, outlets);
  if (f.bytes > MAX_REPLICATION_BYTES) {
    ctx.addIssue({
      code: 'custom', path: ['simulation', s.simulation.agents !== null && f.customerBytes >= f.otherBytes ? 'agents' : 'customers'],
      message: `one replication would need about ${formatBytes(f.bytes)} (${f.peakAgents.toLocaleString('en-US')} customer agents at their peak with up to ${round(f.needs)} needs a month, ` +
        `${f.cells.toLocaleString('en-US')} cells, ${f.outlets.toLocaleString('en-US')} outlets); at most ${formatBytes(MAX_REPLICATION_BYTES)}: ` +
        'fewer customers or agents, fewer months, a lower acquisition.marketMonthly or fewer needs',
    });
  }
}

function round(x: number): string {
  return Number(x.toPrecision(4)).toLocaleString('en-US');
}

/** Ids of every outlet in the scenario: those open at the start, then the latent partner sites L001… */
export function outletIds(s: Pick<Scenario, 'outlets' | 'partners'>): string[] {
  return [...startOutletIds(s), ...generatedIds('L', s.partners.latentSites)];
}

/** Ids of the outlets open at the start: the listed ones, or the generated S01…, P001… */
export function startOutletIds(s: Pick<Scenario, 'outlets'>): string[] {
  if (s.outlets.list.length > 0) return s.outlets.list.map((o) => o.id);
  const { ownStores, partners } = s.outlets.generate;
  return [...generatedIds('S', ownStores), ...generatedIds('P', partners)];
}

export function generatedIds(prefix: string, n: number): string[] {
  const w = Math.max(2, String(n).length);
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(w, '0')}`);
}
