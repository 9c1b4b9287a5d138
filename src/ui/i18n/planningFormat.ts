/** Numbers of the planning tools for people: lever values in their unit, estimates with their interval. */
import { digitsForWidth, formatEstimateParts, formatKpi, formatInterval, formatNumber, formatPercent, precisionOf } from './format.ts';
import { translate, type Locale } from './messages.ts';
import type { KpiMeta } from '../../model/index.ts';
import type { LeverSetting } from '../lib/leverCatalogue.ts';

/** A lever value in its unit: a probability as a percentage, kiosks as a count, money in CNY. */
export function formatLever(value: number, unit: LeverSetting['unit'], locale: Locale): string {
  if (!Number.isFinite(value)) return '–';
  switch (unit) {
    case 'probability':
      return formatPercent(value, locale, 1);
    case 'kiosk':
      return `${formatNumber(value, locale, 0)} ${translate(locale, 'lvUnitKiosks')}`;
    case 'CNY': {
      // a lever level reads as typed: 87.5 CNY, not a compact or cents-padded amount
      const n = formatNumber(value, locale, Math.abs(value) < 10 ? 2 : 1);
      return locale === 'zh-CN' ? `${n}元` : `CNY ${n}`;
    }
  }
}

/** A value in a KPI unit or a plain count ("partners open"). */
export function formatValue(value: number, unit: KpiMeta['unit'] | 'count', locale: Locale): string {
  return unit === 'count' ? formatNumber(value, locale, 1) : formatKpi(value, unit, locale);
}

/** "mean [lo, hi]" in the unit, both in the precision the interval's width needs. */
export function formatEstimate(e: { mean: number; ci95: readonly [number, number] }, unit: KpiMeta['unit'] | 'count', locale: Locale): string {
  if (unit === 'count') {
    const p = precisionOf(e.mean, 'count', locale, e.ci95);
    return `${formatNumber(e.mean, locale, p.digits)} ${formatInterval(e.ci95, 'count', locale, p)}`;
  }
  const parts = formatEstimateParts(e.mean, e.ci95, unit, locale);
  return `${parts.mean.number}${parts.mean.unit} ${parts.interval}`;
}

/** The 95 % interval of a difference in the KPI's unit: shares in percentage points. */
export function formatDeltaInterval(ci: readonly [number, number], unit: KpiMeta['unit'], locale: Locale): string {
  if (unit !== 'share') return formatInterval(ci, unit, locale);
  const digits = Math.max(digitsForWidth(Math.abs(ci[1] - ci[0]) * 100, 1), Math.abs(ci[0] * 100) < 1 && Math.abs(ci[1] * 100) < 1 ? 2 : 1);
  const pt = (v: number) => formatNumber(v * 100, locale, digits);
  return `[${pt(ci[0])}, ${pt(ci[1])}] ${locale === 'zh-CN' ? '个百分点' : 'pt'}`;
}
