/**
 * Numbers for people: every figure the workbench, the CLI's report and the decision report show
 * goes through here (src/ui/i18n/format.ts re-exports it for the workbench), formatted with Intl
 * for the locale. Money is in CNY and compact from 10 000 up in the locale's own steps: 万 and 亿
 * in Chinese ("709万元", "1.23亿元"), K, M and B in English ("CNY 7.09M").
 *
 * An estimate and its 95 % interval share one precision, chosen from the interval's width: the
 * displayed step is at most a quarter of the width, so the ends of an interval and its mean never
 * round to the same figure ("4.83% [4.79%, 4.87%]", never "4.8% [4.8%, 4.8%]"). Money in an
 * interval keeps the mean's step (万 or M) for both ends, so the three figures compare at a glance.
 */
import type { KpiMeta } from '../model/kpis.ts';

/** The languages figures and reports are written in. */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Unit words beside a figure, by language (the workbench's catalogue takes them from here). */
export const UNIT_WORDS: Record<Locale, { min: string; points: string; lines: string; handsets: string; perMonth: string; pointOfShare: string }> = {
  'zh-CN': { min: '分钟', points: '分', lines: '户', handsets: '部', perMonth: '/月', pointOfShare: '个百分点' },
  en: { min: 'min', points: 'pts', lines: 'lines', handsets: 'handsets', perMonth: '/month', pointOfShare: 'pt' },
};

type Unit = KpiMeta['unit'];

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

/** Items in a list for people: 、 between them in Chinese, a comma and a space in English. */
export function formatList(items: readonly (string | number)[], locale: Locale): string {
  return items.join(locale === 'zh-CN' ? '、' : ', ');
}

/** A share 0–1 as a percentage with exactly `digits` fraction digits. */
export function formatPercent(value: number, locale: Locale, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  return nf(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Money from this amount up is written compact (万/亿, K/M/B). */
const COMPACT_FROM = 10_000;
/** Compact money shows its mean with this many significant digits when no interval asks for more. */
const MONEY_SIGNIFICANT = 3;
/** An interval's width spans at least this many displayed steps. */
const STEPS_PER_WIDTH = 4;
/** Width-driven digits go at most this far beyond a unit's usual precision. */
const MAX_EXTRA_DIGITS = 3;

/** The compact step of an amount: the divisor and its suffix (万, 亿; K, M, B). */
interface Step {
  divisor: number;
  suffix: string;
}
const STEPS: Record<Locale, Step[]> = {
  'zh-CN': [{ divisor: 1e8, suffix: '亿' }, { divisor: 1e4, suffix: '万' }],
  en: [{ divisor: 1e9, suffix: 'B' }, { divisor: 1e6, suffix: 'M' }, { divisor: 1e3, suffix: 'K' }],
};
const ONE: Step = { divisor: 1, suffix: '' };

function moneyStep(value: number, locale: Locale): Step {
  const abs = Math.abs(value);
  if (!(abs >= COMPACT_FROM)) return ONE;
  return STEPS[locale].find((s) => abs >= s.divisor) ?? ONE;
}

/** How a figure and its interval are written: the step (money) and the fraction digits. */
export interface Precision {
  step: Step;
  digits: number;
  /** keep trailing zeros (a share, and an estimate, show their precision: "4.80%") */
  fixed: boolean;
}

// The usual fraction digits of a unit, for a value already divided by its step.
function baseDigits(unit: Unit | 'count', scaled: number, step: Step): number {
  switch (unit) {
    case 'share':
      return 1;
    case 'min':
    case 'points':
    case 'count':
      return 1;
    case 'lines':
    case 'handsets':
      return 0;
    case 'CNY':
    case 'CNY/month': {
      if (step === ONE) return Math.abs(scaled) < 100 ? 2 : 0;
      const intDigits = Math.floor(Math.log10(Math.max(1, Math.abs(scaled)))) + 1;
      return Math.max(0, MONEY_SIGNIFICANT - intDigits);
    }
  }
}

/**
 * Fraction digits at which an interval of `width` (in displayed units) spans STEPS_PER_WIDTH
 * steps; at least `base`, at most base + MAX_EXTRA_DIGITS. A zero or unknown width keeps `base`.
 */
export function digitsForWidth(width: number, base: number): number {
  if (!(width > 0) || !Number.isFinite(width)) return base;
  const need = Math.ceil(Math.log10(STEPS_PER_WIDTH / width));
  return Math.min(base + MAX_EXTRA_DIGITS, Math.max(base, need));
}

/** The precision of a KPI figure, and of its interval when given (see the module comment). */
export function precisionOf(mean: number, unit: Unit | 'count', locale: Locale, ci?: readonly [number, number]): Precision {
  const money = unit === 'CNY' || unit === 'CNY/month';
  const reference = Number.isFinite(mean) ? mean : ci ? Math.max(Math.abs(ci[0]), Math.abs(ci[1])) : NaN;
  const step = money ? moneyStep(reference, locale) : ONE;
  // Shares are shown in percent: their width counts in percentage points.
  const display = unit === 'share' ? 100 : 1 / step.divisor;
  const base = baseDigits(unit, reference * display, step);
  // Alone, a share keeps its digit ("52.0%"); other units drop trailing zeros ("12 min").
  if (!ci) return { step, digits: base, fixed: unit === 'share' };
  const width = Math.abs(ci[1] - ci[0]) * display;
  return { step, digits: digitsForWidth(width, base), fixed: true };
}

// A number in the precision, without its unit: "4.83%", "709万", "CNY 7.09M", "3.4".
function figure(value: number, unit: Unit | 'count', locale: Locale, p: Precision): string {
  if (!Number.isFinite(value)) return '–';
  const options = { minimumFractionDigits: p.fixed ? p.digits : 0, maximumFractionDigits: p.digits };
  if (unit === 'share') return nf(locale, { style: 'percent', ...options }).format(value);
  if (unit !== 'CNY' && unit !== 'CNY/month') return nf(locale, options).format(value);
  return nf(locale, options).format(value / p.step.divisor) + p.step.suffix;
}

// Money with its currency: "709万元" in Chinese, "CNY 7.09M" in English (the code kept to its
// amount by a no-break space, so a card never splits them).
function withCurrency(amount: string, locale: Locale): string {
  if (locale === 'zh-CN') return `${amount}元`;
  return amount.startsWith('-') ? `-CNY\u00a0${amount.slice(1)}` : `CNY\u00a0${amount}`;
}

/** Money in CNY; compact (万/亿, K/M/B) from 10 000 up, three significant digits. */
export function formatMoney(value: number, locale: Locale): string {
  if (!Number.isFinite(value)) return '–';
  return withCurrency(figure(value, 'CNY', locale, precisionOf(value, 'CNY', locale)), locale);
}

/** A KPI figure split into its number and its unit, for layouts that set the unit smaller. */
export interface KpiParts {
  number: string;
  unit: string;
}

/** A KPI value in its unit, as number and unit; `p` from precisionOf when an interval goes with it. */
export function formatKpiParts(value: number, unit: Unit, locale: Locale, p: Precision = precisionOf(value, unit, locale)): KpiParts {
  if (!Number.isFinite(value)) return { number: '–', unit: '' };
  const n = figure(value, unit, locale, p);
  switch (unit) {
    case 'share':
      return { number: n, unit: '' };
    case 'min':
      return { number: n, unit: ` ${UNIT_WORDS[locale].min}` };
    case 'points':
      return { number: n, unit: ` ${UNIT_WORDS[locale].points}` };
    case 'lines':
      return { number: n, unit: ` ${UNIT_WORDS[locale].lines}` };
    case 'handsets':
      return { number: n, unit: ` ${UNIT_WORDS[locale].handsets}` };
    case 'CNY/month':
      return locale === 'zh-CN' ? { number: n, unit: `元${UNIT_WORDS[locale].perMonth}` } : { number: withCurrency(n, locale), unit: UNIT_WORDS[locale].perMonth };
    case 'CNY':
      return locale === 'zh-CN' ? { number: n, unit: '元' } : { number: withCurrency(n, locale), unit: '' };
  }
}

/** A KPI value in its unit (KPI_META[kpi].unit). */
export function formatKpi(value: number, unit: Unit, locale: Locale): string {
  const parts = formatKpiParts(value, unit, locale);
  return parts.number + parts.unit;
}

/**
 * A 95 % interval "[lo, hi]" in the KPI's unit, short: the unit is beside the mean already, so
 * only shares keep their % and money its 万/K. Its precision comes from its width, or from
 * `p` (precisionOf the mean and this interval) when it is shown with its mean.
 */
export function formatInterval(ci: readonly [number, number], unit: Unit | 'count', locale: Locale, p?: Precision): string {
  const precision = p ?? precisionOf((ci[0] + ci[1]) / 2, unit, locale, ci);
  return `[${figure(ci[0], unit, locale, precision)}, ${figure(ci[1], unit, locale, precision)}]`;
}

/** A mean and its interval in one precision: { mean: "4.83%", interval: "[4.79%, 4.87%]" }. */
export function formatEstimateParts(mean: number, ci: readonly [number, number], unit: Unit, locale: Locale): { mean: KpiParts; interval: string } {
  const p = precisionOf(mean, unit, locale, ci);
  return { mean: formatKpiParts(mean, unit, locale, p), interval: formatInterval(ci, unit, locale, p) };
}

/**
 * A difference in a KPI's unit, with its sign and at least two significant digits (a small but
 * significant difference must not read as "−0"); shares as percentage points. With `ci`, the
 * difference's interval, the mean and both ends share one precision that keeps the ends apart.
 */
export function formatKpiDelta(value: number, unit: Unit, locale: Locale, ci?: readonly [number, number]): string {
  if (!Number.isFinite(value)) return '–';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const abs = Math.abs(value);
  const width = ci ? Math.abs(ci[1] - ci[0]) : 0;
  // one digit count for the mean and both ends of its interval: the mean's two significant digits
  // (at the interval's midpoint when given), or more if the interval needs them
  const digits = (scale: number) => {
    const reference = ci ? Math.max(Math.abs(ci[0] + ci[1]) / 2, width / 2) : abs;
    const two = twoSignificant(reference * scale);
    return ci ? Math.min(4, Math.max(two, digitsForWidth(width * scale, 0))) : two;
  };
  // with an interval, trailing zeros stay: they are the precision ("+1.240 pt")
  const number = (v: number, d: number) => nf(locale, { minimumFractionDigits: ci ? d : 0, maximumFractionDigits: d }).format(v);
  switch (unit) {
    case 'share':
      return `${sign}${number(abs * 100, digits(100))} ${UNIT_WORDS[locale].pointOfShare}`;
    case 'min':
    case 'points':
    case 'lines':
    case 'handsets':
      return `${sign}${number(abs, digits(1))} ${UNIT_WORDS[locale][unit === 'min' ? 'min' : unit]}`;
    default: {
      if (!ci) return sign + formatKpi(abs, unit, locale);
      const parts = formatKpiParts(abs, unit, locale, precisionOf((ci[0] + ci[1]) / 2, unit, locale, ci));
      return sign + parts.number + parts.unit;
    }
  }
}

// Fraction digits that show v (> 0) with two significant digits, at most 4, none from 10 up.
function twoSignificant(v: number): number {
  if (!(v > 0)) return 0;
  return Math.max(0, Math.min(4, 1 - Math.floor(Math.log10(v))));
}

/** A tick label for an axis in the KPI's unit, short. */
export function formatTick(value: number, unit: Unit | 'count', locale: Locale): string {
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
