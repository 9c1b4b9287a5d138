/**
 * What a scenario may ask of the model, checked before anything is allocated: the grid must fit
 * the model's 16-bit cell indices, the nearest-outlet search must stay within a bounded number of
 * cell-outlet comparisons, and one replication's memory must stay under an absolute ceiling.
 * validate.ts refuses a scenario over these limits (naming the JSON path); the pool then checks
 * the same memory estimate against the machine (src/experiment/pool.ts).
 *
 * Memory of one replication, an upper bound from the engine's storage (engine.ts, customers.ts,
 * access.ts, region.ts):
 *
 *   peak agents × (AGENT_BYTES + VISIT_BYTES × needs)       customers and their event buffers
 * + peak subscribers × ARRIVAL_BYTES × needs                 a month's queue arrivals, shadows included
 * + cells × (CELL_BYTES + ACCESS_SLOT_BYTES × nearestOutlets)
 * + outlets × OUTLET_BYTES
 *
 * where "peak" counts every prospect of every month as won and nobody as leaving
 * (1 + acquisition.marketMonthly × months), and "needs" is the most needs a customer can have in a
 * month (the incidences summed over services, handset purchases raised by the largest subsidy).
 */
import { SEGMENTS } from './domain.ts';

/** Cells a region may have: customers.ts and the engine keep a cell index in 16 bits. */
export const MAX_CELLS = 65_535;

/**
 * Cell-outlet pairs the nearest-outlet search may compare (access.ts compares every cell with
 * every outlet, about 45 ns a pair here): 1e8 pairs take some 4.5 s per search, and the search
 * runs at the start of every replication and again whenever an outlet closes.
 */
export const MAX_ACCESS_PAIRS = 1e8;

/** Outlets a scenario may list or generate (a province's own stores and partner outlets). */
export const MAX_OUTLETS = 100_000;

/**
 * Needs a customer may have in a month, summed over services (a real customer has a few): the
 * engine draws at most 39 a customer-month, and a Poisson count of mean 20 exceeds 39 with
 * probability 1e-4.
 */
export const MAX_NEEDS_MONTHLY = 20;

/** Memory one replication may need, whatever the machine: more than any machine here has. */
export const MAX_REPLICATION_BYTES = 64 * 1024 ** 3;

/** Bytes per customer agent: state (customers.ts, 29 B) and typical event buffers, measured (README "Speed"). */
export const AGENT_BYTES = 64;
/** Bytes per need of an agent a month beyond the typical: a counter visit or call word (4 B) and its outcome (2 B). */
const VISIT_BYTES = 6;
/** Bytes per queue arrival in a month, shadows included: bucket order (4 B) and service key (1 B). */
const ARRIVAL_BYTES = 5;
/** Bytes per cell: district, weight, speed, kernel (region.ts) and the channel access table (engine.ts). */
const CELL_BYTES = 130;
/** Bytes per nearest-outlet slot of a cell: outlet, travel, time factor, term, alias (access.ts), for three kinds. */
const ACCESS_SLOT_BYTES = 3 * 33;
/** Bytes per outlet: its record, per-outlet accumulators and its wait histogram (480 bins of 4 B). */
const OUTLET_BYTES = 2_400;
/** Needs a customer-month can hold at most (engine.ts draws 0…39). */
const NEEDS_CAP = 39;

/** The grid the model builds for a region (region.ts): cols × rows cells of cellKm. */
export function gridOf(region: { widthKm: number; heightKm: number; cellKm: number }): { cols: number; rows: number; cells: number } {
  const cols = Math.max(1, Math.ceil(region.widthKm / region.cellKm));
  const rows = Math.max(1, Math.ceil(region.heightKm / region.cellKm));
  return { cols, rows, cells: cols * rows };
}

/**
 * The smallest cell size, to the next 0.01 km up, that gives at most maxCells cells for the
 * region (for advice in messages).
 */
export function smallestCellKm(widthKm: number, heightKm: number, maxCells: number): number {
  let c = Math.ceil(Math.sqrt((widthKm * heightKm) / maxCells) * 100) / 100;
  while (gridOf({ widthKm, heightKm, cellKm: c }).cells > maxCells) c = Math.round(c * 100 + 1) / 100;
  return c;
}

/** What the memory estimate needs to know of a scenario (a resolved one has all of it). */
export interface FootprintInput {
  simulation: { customers: number; agents: number | null; months: number };
  region: { widthKm: number; heightKm: number; cellKm: number; nearestOutlets: number };
  services: ReadonlyArray<{ incidence: Record<string, number>; handset: boolean }>;
  acquisition: { marketMonthly: number; upgradePerCny: number; referenceSubsidy: number };
  levers: { subsidy: { handset: Record<string, number> } };
}

/** One replication's memory, by part, in bytes. */
export interface Footprint {
  /** customer agents at their peak (every prospect won, nobody leaving) */
  peakAgents: number;
  /** most needs a customer can have in a month */
  needs: number;
  cells: number;
  outlets: number;
  /** agents and their event buffers */
  customerBytes: number;
  /** queue arrivals of a month, grid and outlets */
  otherBytes: number;
  bytes: number;
}

/**
 * Upper bound of one replication's memory (the formula at the top of this file).
 * @param outlets the scenario's outlet count (listed, or generated)
 */
export function footprint(s: FootprintInput, outlets: number): Footprint {
  const agents = s.simulation.agents ?? s.simulation.customers;
  const growth = 1 + s.acquisition.marketMonthly * s.simulation.months;
  const peakAgents = Math.ceil(agents * growth);
  const needs = mostNeeds(s);
  const { cells } = gridOf(s.region);
  const customerBytes = peakAgents * (AGENT_BYTES + VISIT_BYTES * needs);
  const otherBytes = s.simulation.customers * growth * ARRIVAL_BYTES * needs
    + cells * (CELL_BYTES + ACCESS_SLOT_BYTES * s.region.nearestOutlets)
    + outlets * OUTLET_BYTES;
  return { peakAgents, needs, cells, outlets, customerBytes, otherBytes, bytes: customerBytes + otherBytes };
}

/** Needs of the neediest segment in a month: incidences summed, handset purchases at the largest subsidy's upgrade. */
export function mostNeeds(s: Pick<FootprintInput, 'services' | 'acquisition' | 'levers'>): number {
  const topSubsidy = Math.max(0, ...Object.values(s.levers.subsidy.handset));
  const upgrade = Math.max(1, 1 + s.acquisition.upgradePerCny * (topSubsidy - s.acquisition.referenceSubsidy));
  let most = 0;
  for (const g of SEGMENTS) {
    let n = 0;
    for (const sv of s.services) n += (sv.incidence[g] ?? 0) * (sv.handset ? upgrade : 1);
    most = Math.max(most, n);
  }
  return Math.min(NEEDS_CAP, most);
}

/** Bytes as a short figure: "1.5 GB", "24 MB". */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(bytes / 1024 ** 2)} MB`;
}
