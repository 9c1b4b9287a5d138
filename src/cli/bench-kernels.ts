/**
 * Reference loops for `channel-lab bench --kernels`: how fast the channel choice alone runs on
 * this machine, to read the full model's figure against. Both loops serve the default scenario's
 * customers (drawn as the engine draws them) and services, one month of needs each, and count one
 * event per need; neither has outlets, queues, failures or money.
 *
 *   naive  per need: the service from the segment's mix, then exp(V) of every channel that can
 *          carry it, V from the utility formula of choice.ts term by term (access left out),
 *          and a draw from the normalised weights
 *   table  the engine's way: the utility's exponentials are tables built once (segment × tier ×
 *          service, literacy level, familiarity level); the customer's own factors are ten
 *          products once per customer, each need one product per alternative; one familiarity
 *          update per choice
 */
import { CH, CHANNELS, NC, NS, NT, SEGMENTS } from '../sim/domain.ts';
import { customerTables, serviceChannels, sharedTable, channelIncentive } from '../sim/choice.ts';
import { allocateCustomers, drawCustomer, population } from '../sim/customers.ts';
import { buildRegion, cumulative } from '../sim/region.ts';
import { AliasBuilder } from '../sim/alias.ts';
import { Rng } from '../sim/rng.ts';
import type { Scenario } from '../sim/scenario.ts';

const OWN = CH.ownStore;

export interface KernelFigures {
  customers: number;
  events: number;
  naiveEventsPerSec: number;
  tableEventsPerSec: number;
}

export function benchKernels(s: Scenario, customers: number): KernelFigures {
  const region = buildRegion(s);
  const pop = population(s, region);
  const cellCdf = cumulative(region.cellWeight);
  const C = allocateCustomers(customers);
  const init = Rng.from(s.simulation.seed, 0, 0, 1);
  for (let i = 0; i < customers; i++) drawCustomer(C, i, s, pop, cellCdf, init, 12, null);
  const services = s.services;
  const nSv = services.length;
  const svcCh = serviceChannels(services.map((x) => x.channels));
  const shared = sharedTable(s, services);
  const { digital, habit } = customerTables(s);
  // needs per customer and the service mix by segment
  const rate = new Float64Array(NS), sProb = new Float64Array(NS * nSv), sAlias = new Uint8Array(NS * nSv);
  const builder = new AliasBuilder();
  for (let g = 0; g < NS; g++) rate[g] = builder.build(services.map((x) => x.incidence[SEGMENTS[g]]), 0, nSv, sProb, sAlias, g * nSv);
  const needs = new Uint8Array(customers);
  const draws = Rng.from(s.simulation.seed, 0, 1, 4);
  let events = 0;
  for (let i = 0; i < customers; i++) events += needs[i] = Math.min(39, draws.poisson(rate[C.segment[i]]));
  // the utility terms the naive loop recomputes (choice.ts)
  const asc = CHANNELS.map((c) => s.channels[c].asc + s.choice.moneyPerCny * channelIncentive(s, c));
  const digitalness = CHANNELS.map((c) => s.channels[c].digitalness), learning = CHANNELS.map((c) => s.channels[c].learningCost);
  const complexity = services.map((x) => x.complexity);
  const w = new Float64Array(NC), cw = new Float64Array(NC), tx = new Float64Array(NC);

  const naive = (rng: Rng) => {
    for (let i = 0; i < customers; i++) {
      const g = C.segment[i], r = C.tier[i], lit = C.literacy[i] / 255;
      for (let k = 0; k < needs[i]; k++) {
        const x = rng.next() * nSv, ks = x | 0;
        const sv = x - ks < sProb[g * nSv + ks] ? ks : sAlias[g * nSv + ks];
        const base = ((g * NT + r) * nSv + sv) * NC;
        let total = 0;
        for (let q = svcCh.offsets[sv]; q < svcCh.offsets[sv + 1]; q++) {
          const c = svcCh.list[q], f = C.familiarity[i * NC + c] / 255;
          // (an account manager the customer is not entitled to stays at weight 0)
          if (shared[base + c] > 0) {
            total += Math.exp(asc[c] + (c === OWN ? s.choice.tierEntitlement * Math.max(0, 2 - r) : 0)
              - s.choice.complexityPenalty * complexity[sv] * digitalness[c] + s.choice.digital * lit * digitalness[c]
              + s.choice.habit * f - learning[c] * (1 - f));
          }
          w[q - svcCh.offsets[sv]] = total;
        }
        const t = rng.next() * total;
        let q = 0;
        while (q < svcCh.offsets[sv + 1] - svcCh.offsets[sv] - 1 && w[q] <= t) q++;
        tx[svcCh.list[svcCh.offsets[sv] + q]]++;
      }
    }
  };
  const table = (rng: Rng) => {
    const fam = C.familiarity;
    for (let i = 0; i < customers; i++) {
      const n = needs[i];
      if (n === 0) continue;
      const g = C.segment[i], row = (g * NT + C.tier[i]) * nSv, lb = C.literacy[i] * NC, fb = i * NC;
      for (let c = 0; c < NC; c++) cw[c] = digital[lb + c] * habit[c * 256 + fam[fb + c]];
      for (let k = 0; k < n; k++) {
        const x = rng.next() * nSv, ks = x | 0;
        const sv = x - ks < sProb[g * nSv + ks] ? ks : sAlias[g * nSv + ks];
        const base = (row + sv) * NC, o0 = svcCh.offsets[sv], o1 = svcCh.offsets[sv + 1];
        let total = 0;
        for (let q = o0; q < o1; q++) {
          const c = svcCh.list[q];
          total += shared[base + c] * cw[c];
          w[q - o0] = total;
        }
        const t = rng.next() * total;
        let q = 0;
        while (q < o1 - o0 - 1 && w[q] <= t) q++;
        const c = svcCh.list[o0 + q];
        tx[c]++;
        fam[fb + c] += ((255 - fam[fb + c]) * 20) >> 8;
      }
    }
  };
  const time = (f: (rng: Rng) => void) => {
    let best = Infinity;
    for (let rep = 0; rep < 3; rep++) { // best of three: the first pass also compiles
      const t0 = performance.now();
      f(Rng.from(s.simulation.seed, rep, 2));
      best = Math.min(best, performance.now() - t0);
    }
    return Math.round(events / (best / 1000));
  };
  return { customers, events, naiveEventsPerSec: time(naive), tableEventsPerSec: time(table) };
}
