/**
 * Numbers for people: every figure the workbench shows goes through here, formatted with Intl
 * for the locale. Money is in CNY: "123万元" in Chinese, "CNY 1.23M" in English.
 */
import type { KpiMeta } from '../../model/index.ts';
import { translate, type Locale } from './messages.ts';

const cache = new Map<string, Intl.NumberFormat>();
// Intl.NumberFormat is slow to construct; charts format hundreds of ticks.
function nf(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', options)));
  return f;
}

/** A plain number with up to `digits` fraction digits. */
export function formatNumber(value: number, locale: Locale, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  return nf(locale, { maximumFractionDigits: digits }).format(value);
}

/** A share 0–1 as a percentage. */
export function formatPercent(value: number, locale: Locale, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  return nf(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Money in CNY; compact (万/亿, K/M) from 10 000 up. */
export function formatMoney(value: number, locale: Locale): string {
  if (!Number.isFinite(value)) return '–';
  const compact = Math.abs(value) >= 10_000;
  const options: Intl.NumberFormatOptions = compact
    ? { notation: 'compact', maximumSignificantDigits: 3 }
    : { maximumFractionDigits: Math.abs(value) < 100 ? 2 : 0 };
  if (locale === 'zh-CN') return `${nf(locale, options).format(value)}元`;
  return nf(locale, { ...options, style: 'currency', currency: 'CNY', currencyDisplay: 'code' }).format(value);
}

/** A KPI value in its unit (KPI_META[kpi].unit). */
export function formatKpi(value: number, unit: KpiMeta['unit'], locale: Locale): string {
  if (!Number.isFinite(value)) return '–';
  switch (unit) {
    case 'share':
      return formatPercent(value, locale, 1);
    case 'min':
      return `${formatNumber(value, locale, 1)} ${translate(locale, 'unitMin')}`;
    case 'points':
      return `${formatNumber(value, locale, 1)} ${translate(locale, 'unitPoints')}`;
    case 'lines':
      return `${formatNumber(value, locale, 0)} ${translate(locale, 'unitLines')}`;
    case 'handsets':
      return `${formatNumber(value, locale, 0)} ${translate(locale, 'unitHandsets')}`;
    case 'CNY/month':
      return `${formatMoney(value, locale)}${translate(locale, 'unitPerMonth')}`;
    case 'CNY':
      return formatMoney(value, locale);
  }
}

/**
 * A difference in a KPI's unit, with its sign and at least two significant digits (a small but
 * significant difference must not read as "−0"); shares as percentage points.
 */
export function formatKpiDelta(value: number, unit: KpiMeta['unit'], locale: Locale): string {
  if (!Number.isFinite(value)) return '–';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const abs = Math.abs(value);
  switch (unit) {
    case 'share':
      return `${sign}${formatNumber(abs * 100, locale, twoSignificant(abs * 100))} ${locale === 'zh-CN' ? '个百分点' : 'pt'}`;
    case 'min':
    case 'points':
    case 'lines':
    case 'handsets':
      return `${sign}${formatNumber(abs, locale, twoSignificant(abs))} ${translate(locale, UNIT_KEY[unit])}`;
    default:
      return sign + formatKpi(abs, unit, locale);
  }
}

const UNIT_KEY = { min: 'unitMin', points: 'unitPoints', lines: 'unitLines', handsets: 'unitHandsets' } as const;

// Fraction digits that show v (> 0) with two significant digits, at most 4, none from 10 up.
function twoSignificant(v: number): number {
  if (!(v > 0)) return 0;
  return Math.max(0, Math.min(4, 1 - Math.floor(Math.log10(v))));
}

/**
 * A 95 % interval "[lo, hi]" in the KPI's unit, short: the unit is beside the mean already, so
 * only shares keep their % and money its compact 万/K.
 */
export function formatInterval(ci: readonly [number, number], unit: KpiMeta['unit'], locale: Locale): string {
  const bare = (v: number) => {
    if (!Number.isFinite(v)) return '–';
    if (unit === 'share') return formatPercent(v, locale, 1);
    if (unit === 'CNY' || unit === 'CNY/month') {
      return Math.abs(v) >= 10_000
        ? nf(locale, { notation: 'compact', maximumSignificantDigits: 3 }).format(v)
        : formatNumber(v, locale, Math.abs(v) < 100 ? 2 : 0);
    }
    return formatNumber(v, locale, unit === 'lines' || unit === 'handsets' ? 0 : 1);
  };
  return `[${bare(ci[0])}, ${bare(ci[1])}]`;
}

/** A tick label for an axis in the KPI's unit, short. */
export function formatTick(value: number, unit: KpiMeta['unit'] | 'count', locale: Locale): string {
  switch (unit) {
    case 'share':
      return formatPercent(value, locale, 0);
    case 'CNY/month':
    case 'CNY':
      return formatMoney(value, locale);
    default:
      return nf(locale, { notation: 'compact', maximumSignificantDigits: 3 }).format(value);
  }
}
