/**
 * Reference loops for `channel-lab bench --kernels`: how fast the channel choice alone runs on
 * this machine, to read the full model's figure against. Both loops serve the default scenario's
 * customers (drawn as the engine draws them) and services, one month of needs each, and count one
 * event per need; neither draws an outlet, queues, fails or changes anything but a familiarity.
 *
 *   naive  per customer the number of needs (Poisson, by inversion as in the engine); per need
 *          the service from the segment's mix, then exp(V) of every channel that can carry it,
 *          V from the utility formula of choice.ts term by term, times the cell's access
 *          factor, and a draw from the normalised weights
 *   table  the engine's way, written as its hot loop is (generator state in locals): the
 *          utility's exponentials are tables built once (segment × tier × service, literacy
 *          level, familiarity level); the customer's own factors are ten products once per
 *          customer, each need one product per alternative; one familiarity update per choice
 */
import { CH, CHANNELS, NC, NS, NT, SEGMENTS } from '../model/domain.ts';
import { customerTables, serviceChannels, sharedTable, channelIncentive } from '../model/choice.ts';
import { allocateCustomers, drawCustomer, population } from '../model/customers.ts';
import { buildRegion, cumulative } from '../model/region.ts';
import { AliasBuilder } from '../model/alias.ts';
import { Rng } from '../model/rng.ts';
import type { Scenario } from '../model/scenario.ts';

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
  // the number of a customer's needs by inversion on the segment's Poisson CDF, as the engine draws it
  const MAX = 40, pcdf = new Float64Array(NS * MAX);
  for (let g = 0; g < NS; g++) {
    let p = Math.exp(-rate[g]), c = p;
    for (let k = 0; k < MAX; k++) { pcdf[g * MAX + k] = c; p *= rate[g] / (k + 1); c += p; }
  }
  // the utility terms the naive loop recomputes (choice.ts)
  const asc = CHANNELS.map((c) => s.channels[c].asc + s.choice.moneyPerCny * channelIncentive(s, c));
  const digitalness = CHANNELS.map((c) => s.channels[c].digitalness), learning = CHANNELS.map((c) => s.channels[c].learningCost);
  const complexity = services.map((x) => x.complexity);
  const w = new Float64Array(NC), cw = new Float64Array(NC), tx = new Float64Array(NC);
  // the access factor of the customer's cell (Huff sums in the engine; here every outlet kind
  // everywhere at the reference trip, factor 1): read as the engine reads it
  const acc = new Float64Array(region.nCells * NC).fill(1);

  const naive = (rng: Rng) => {
    let events = 0;
    for (let i = 0; i < customers; i++) {
      const g = C.segment[i], r = C.tier[i], lit = C.literacy[i] / 255, cb = C.cell[i] * NC;
      const u = rng.next();
      let n = 0;
      while (n < MAX - 1 && u > pcdf[g * MAX + n]) n++;
      events += n;
      for (let k = 0; k < n; k++) {
        const x = rng.next() * nSv, ks = x | 0;
        const sv = x - ks < sProb[g * nSv + ks] ? ks : sAlias[g * nSv + ks];
        const base = ((g * NT + r) * nSv + sv) * NC;
        let total = 0;
        for (let q = svcCh.offsets[sv]; q < svcCh.offsets[sv + 1]; q++) {
          const c = svcCh.list[q], f = C.familiarity[i * NC + c] / 255;
          // (an account manager the customer is not entitled to stays at weight 0)
          if (shared[base + c] > 0) {
            total += acc[cb + c] * Math.exp(asc[c] + (c === OWN ? s.choice.tierEntitlement * Math.max(0, 2 - r) : 0)
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
    return events;
  };
  // as the engine's serveNeeds writes it: generator state in locals, the ten factors written out
  // (the same lines as engine.ts on purpose: this loop measures them, apart from the rest of the model)
  const table = (rng: Rng) => {
    const fam = C.familiarity, st = rng.state, dig = digital, hab = habit, list = svcCh.list, offs = svcCh.offsets;
    let ra = st[0] | 0, rb = st[1] | 0, rc = st[2] | 0, rd = st[3] | 0, rt = 0, events = 0;
    for (let i = 0; i < customers; i++) {
      const g = C.segment[i];
      rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
      const u = (rt >>> 0) / 4294967296;
      let n = 0;
      while (n < MAX - 1 && u > pcdf[g * MAX + n]) n++;
      if (n === 0) continue;
      events += n;
      const row = (g * NT + C.tier[i]) * nSv, lb = C.literacy[i] * NC, fb = i * NC, cb = C.cell[i] * NC;
      cw[0] = acc[cb] * dig[lb] * hab[fam[fb]];
      cw[1] = acc[cb + 1] * dig[lb + 1] * hab[256 + fam[fb + 1]];
      cw[2] = acc[cb + 2] * dig[lb + 2] * hab[512 + fam[fb + 2]];
      cw[3] = acc[cb + 3] * dig[lb + 3] * hab[768 + fam[fb + 3]];
      cw[4] = acc[cb + 4] * dig[lb + 4] * hab[1024 + fam[fb + 4]];
      cw[5] = acc[cb + 5] * dig[lb + 5] * hab[1280 + fam[fb + 5]];
      cw[6] = acc[cb + 6] * dig[lb + 6] * hab[1536 + fam[fb + 6]];
      cw[7] = acc[cb + 7] * dig[lb + 7] * hab[1792 + fam[fb + 7]];
      cw[8] = acc[cb + 8] * dig[lb + 8] * hab[2048 + fam[fb + 8]];
      cw[9] = acc[cb + 9] * dig[lb + 9] * hab[2304 + fam[fb + 9]];
      for (let k = 0; k < n; k++) {
        rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
        const x = ((rt >>> 0) / 4294967296) * nSv, ks = x | 0;
        const sv = x - ks < sProb[g * nSv + ks] ? ks : sAlias[g * nSv + ks];
        const base = (row + sv) * NC, o0 = offs[sv], o1 = offs[sv + 1];
        let total = 0;
        for (let q = o0; q < o1; q++) {
          const c = list[q];
          total += shared[base + c] * cw[c];
          w[q - o0] = total;
        }
        rt = (((ra + rb) | 0) + rd) | 0; rd = (rd + 1) | 0; ra = rb ^ (rb >>> 9); rb = (rc + (rc << 3)) | 0; rc = (rc << 21) | (rc >>> 11); rc = (rc + rt) | 0;
        const t = ((rt >>> 0) / 4294967296) * total;
        let q = 0;
        while (q < o1 - o0 - 1 && w[q] <= t) q++;
        const c = list[o0 + q];
        tx[c]++;
        fam[fb + c] += ((255 - fam[fb + c]) * 20) >> 8;
      }
    }
    st[0] = ra; st[1] = rb; st[2] = rc; st[3] = rd;
    return events;
  };
  // best of three passes (the first also compiles), each on the same stream, so the same needs
  let events = 0;
  const time = (f: (rng: Rng) => number) => {
    let best = 0;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      events = f(Rng.from(s.simulation.seed, 0, 2));
      const ms = performance.now() - t0;
      best = Math.max(best, events / (ms / 1000));
    }
    return Math.round(best);
  };
  return { customers, naiveEventsPerSec: time(naive), tableEventsPerSec: time(table), events };
}
