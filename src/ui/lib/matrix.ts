/**
 * The service × channel matrix: which services went where. Rows are services, columns the
 * channels that carried anything; each cell is the share of its service's completed transactions
 * (row percentages, so a rare service reads as clearly as a common one), with the row total.
 */
import type { ChannelId } from '../../model/index.ts';
import type { ExperimentResult } from '../../experiment/index.ts';

export interface MatrixRow {
  service: string;
  /** display name from the scenario (bilingual), else the id */
  name: string;
  total: number;
  /** share of the row total per column; 0 where the row has no transactions */
  shares: number[];
  counts: number[];
}

export interface Matrix {
  channels: ChannelId[];
  rows: MatrixRow[];
}

/** Row-normalised matrix, dropping channels with no transactions at all. */
export function serviceChannelMatrix(result: Pick<ExperimentResult, 'serviceChannel' | 'scenario'>): Matrix {
  const { services, channels, transactions } = result.serviceChannel;
  const keep = channels.map((_, j) => transactions.some((row) => (row[j] ?? 0) > 0));
  const cols = channels.filter((_, j) => keep[j]);
  const names = new Map(result.scenario.services.map((s) => [s.id, s.name || s.id]));
  const rows = services.map((id, i) => {
    const counts = channels.map((_, j) => transactions[i]?.[j] ?? 0).filter((_, j) => keep[j]);
    const total = counts.reduce((a, b) => a + b, 0);
    return { service: id, name: names.get(id) ?? id, total, counts, shares: counts.map((c) => (total > 0 ? c / total : 0)) };
  });
  return { channels: cols, rows };
}

/** Background for a cell of share s: white to deep blue, with text colour that keeps contrast. */
export function cellColors(share: number): { background: string; color: string } {
  const t = Math.max(0, Math.min(1, share));
  // Interpolate #ffffff → #08519c; past ~45 % the background is dark enough for white text.
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  const background = `rgb(${mix(255, 8)}, ${mix(255, 81)}, ${mix(255, 156)})`;
  return { background, color: t > 0.45 ? '#ffffff' : '#1a1a1a' };
}
