/**
 * Numbers for people in the workbench: the formatter is the experiment layer's (the CLI's report
 * writes the same figures), re-exported here; durations are the workbench's own.
 */
import { translate, type Locale } from './messages.ts';

export {
  formatList, formatNumber, formatPercent, formatMoney, formatKpi, formatKpiParts, formatInterval, formatEstimateParts, formatKpiDelta,
  formatTick, precisionOf, digitsForWidth, type KpiParts, type Precision,
} from '../../experiment/index.ts';

/** A duration for people: "45 s", "3 min 05 s", "1 h 02 min" (秒, 分, 小时 in Chinese). */
export function formatDuration(ms: number, locale: Locale): string {
  if (!Number.isFinite(ms)) return '–';
  const total = Math.max(0, Math.round(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  if (total < 60) return translate(locale, 'durationSeconds', { s: total });
  if (total < 3600) return translate(locale, 'durationMinutes', { m: Math.floor(total / 60), s: two(total % 60) });
  return translate(locale, 'durationHours', { h: Math.floor(total / 3600), m: two(Math.floor(total / 60) % 60) });
}
