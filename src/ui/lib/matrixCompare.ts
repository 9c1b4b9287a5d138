/**
 * The service × channel matrix before and after a lever change (分流: which services left the
 * counters, and for which channels). Built straight from replications, so that the planning tools
 * need not aggregate a whole result: each cell is the mean completed transactions per replication,
 * shown as the share of its service's row (matrix.ts), before and after side by side.
 */
import { CHANNELS, type ChannelId, type Scenario, type ReplicationResult } from '../../model/index.ts';
import { serviceChannelMatrix, type Matrix } from './matrix.ts';

/** Mean transactions per replication, [service][channel] in CHANNELS order. */
export function meanServiceChannel(runs: readonly Pick<ReplicationResult, 'serviceChannel'>[]): number[][] {
  if (runs.length === 0) throw new RangeError('meanServiceChannel requires at least one replication');
  const rows = runs[0].serviceChannel.length;
  const out = Array.from({ length: rows }, () => new Array<number>(CHANNELS.length).fill(0));
  for (const r of runs) r.serviceChannel.forEach((row, i) => row.forEach((x, c) => { if (out[i]) out[i][c] += x / runs.length; }));
  return out;
}

/** The row-share matrix of a scenario's replications. */
export function matrixOfRuns(scenario: Pick<Scenario, 'services'>, runs: readonly Pick<ReplicationResult, 'serviceChannel'>[]): Matrix {
  const transactions = meanServiceChannel(runs);
  const services = scenario.services.map((s) => s.id);
  // Rows beyond the services (the engine's new-line pseudo-service) are not services a planner diverts.
  return serviceChannelMatrix({
    serviceChannel: { services, channels: [...CHANNELS], transactions: transactions.slice(0, services.length) },
    scenario: { services: scenario.services } as Scenario,
  });
}

export interface MatrixCompareRow {
  service: string;
  name: string;
  /** per column: row shares before and after */
  cells: Array<{ before: number; after: number }>;
  totalBefore: number;
  totalAfter: number;
}

export interface MatrixCompare {
  channels: ChannelId[];
  rows: MatrixCompareRow[];
}

/** Two matrices on the union of their channels (a channel empty in both is dropped). */
export function compareMatrices(before: Matrix, after: Matrix): MatrixCompare {
  const channels = CHANNELS.filter((c) => before.channels.includes(c) || after.channels.includes(c));
  const share = (m: Matrix, i: number, c: ChannelId) => {
    const j = m.channels.indexOf(c);
    return j < 0 ? 0 : m.rows[i]?.shares[j] ?? 0;
  };
  const rows = before.rows.map((r, i) => ({
    service: r.service,
    name: r.name,
    cells: channels.map((c) => ({ before: share(before, i, c), after: share(after, i, c) })),
    totalBefore: r.total,
    totalAfter: after.rows[i]?.total ?? 0,
  }));
  return { channels, rows };
}
