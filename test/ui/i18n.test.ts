import { describe, expect, test } from 'vitest';
import { MESSAGES, pickLocale, translate } from '../../src/ui/i18n/messages.ts';
import { digitsForWidth, formatEstimateParts, formatInterval, formatKpi, formatKpiDelta, formatMoney, formatPercent, formatTick } from '../../src/ui/i18n/format.ts';
import { fieldTerm, splitBilingual, words } from '../../src/ui/i18n/terms.ts';

describe('message catalogue', () => {
  test('Chinese and English have the same keys, none empty', () => {
    const zh = Object.keys(MESSAGES['zh-CN']).sort();
    const en = Object.keys(MESSAGES.en).sort();
    expect(zh).toEqual(en);
    for (const locale of ['zh-CN', 'en'] as const) for (const [k, v] of Object.entries(MESSAGES[locale])) expect(v.trim(), `${locale}.${k}`).not.toBe('');
  });

  test('placeholders are the same in both languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(MESSAGES.en) as (keyof typeof MESSAGES.en)[]) expect(holes(MESSAGES['zh-CN'][k]), k).toEqual(holes(MESSAGES.en[k]));
  });

  test('shared-link and stored-record messages leave no English in Chinese', () => {
    const keys = Object.keys(MESSAGES.en).filter((k) => /^(share|setAside|kind|issue|type|dbBlocked|storeFailed)/.test(k)) as (keyof typeof MESSAGES.en)[];
    expect(keys.length).toBeGreaterThan(40);
    for (const k of keys) expect(MESSAGES['zh-CN'][k].replace(/\{\w+\}|JSON|KB|MB/g, ''), k).not.toMatch(/[A-Za-z]{2,}/);
  });

  test('translate fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'problems', { n: 3 })).toBe('3 problem(s)');
    expect(translate('zh-CN', 'problems', { n: 3 })).toBe('3 个问题');
    expect(translate('en', 'problems')).toBe('{n} problem(s)');
  });

  test('a first visit follows the browser: any Chinese → zh-CN, English → en, else Chinese', () => {
    expect(pickLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLocale(['fr-FR'])).toBe('zh-CN');
    expect(pickLocale([])).toBe('zh-CN');
  });
});

describe('formatting for the locale', () => {
  test('money is 元 in Chinese (万/亿 from 10 000) and CNY in English', () => {
    expect(formatMoney(1_234_567, 'zh-CN')).toBe('123万元');
    expect(formatMoney(123_456_789, 'zh-CN')).toBe('1.23亿元');
    expect(formatMoney(1_234_567, 'en')).toMatch(/^CNY\s1\.23M$/);
    expect(formatMoney(4.123, 'zh-CN')).toBe('4.12元');
    expect(formatMoney(NaN, 'en')).toBe('–');
  });

  test('KPI values carry their unit', () => {
    expect(formatKpi(0.4123, 'share', 'en')).toBe('41.2%');
    expect(formatKpi(3.26, 'min', 'zh-CN')).toBe('3.3 分钟');
    expect(formatKpi(3.26, 'min', 'en')).toBe('3.3 min');
    expect(formatKpi(1_500_000, 'CNY/month', 'zh-CN')).toBe('150万元/月');
    expect(formatKpi(1234.4, 'lines', 'en')).toBe('1,234 lines');
  });

  test('differences are signed; shares differ in percentage points', () => {
    expect(formatKpiDelta(0.0123, 'share', 'en')).toBe('+1.2 pt');
    expect(formatKpiDelta(-0.00004, 'share', 'en')).toBe('−0.004 pt');
    expect(formatKpiDelta(-0.5, 'min', 'en')).toBe('−0.5 min');
    expect(formatKpiDelta(0.0312, 'points', 'zh-CN')).toBe('+0.031 分');
    expect(formatKpiDelta(1234.5, 'lines', 'en')).toBe('+1,235 lines');
    expect(formatKpiDelta(0, 'points', 'zh-CN')).toBe('±0 分');
    // with its interval: one precision for the three, the ends kept apart
    const ci: [number, number] = [0.01234, 0.01246];
    expect([0.0124, ...ci].map((v) => formatKpiDelta(v, 'share', 'en', ci))).toEqual(['+1.240 pt', '+1.234 pt', '+1.246 pt']);
    expect([-0.5, -0.9, -0.1].map((v) => formatKpiDelta(v, 'min', 'en', [-0.9, -0.1]))).toEqual(['−0.50 min', '−0.90 min', '−0.10 min']);
    expect(formatKpiDelta(25_000, 'CNY/month', 'zh-CN', [24_600, 25_400])).toBe('+2.50万元/月');
  });

  test('intervals and ticks', () => {
    expect(formatInterval([0.1, 0.2], 'share', 'en')).toBe('[10.0%, 20.0%]');
    expect(formatInterval([547_000, 562_000], 'CNY/month', 'en')).toBe('[547K, 562K]');
    expect(formatInterval([547_000, 562_000], 'CNY/month', 'zh-CN')).toBe('[54.7万, 56.2万]');
    // an interval narrower than the usual step gets the digits that keep its ends apart
    expect(formatInterval([4.06, 4.14], 'min', 'zh-CN')).toBe('[4.06, 4.14]');
    expect(formatPercent(0.5, 'zh-CN', 0)).toBe('50%');
    expect(formatTick(0.25, 'share', 'en')).toBe('25%');
    expect(formatTick(12000, 'count', 'en')).toBe('12K');
  });
});

describe('terms', () => {
  test('a field shows its name in the locale with the other language beside it', () => {
    expect(fieldTerm('targetShare', 'zh-CN')).toEqual({ primary: '分流目标', secondary: 'Diversion target' });
    expect(fieldTerm('targetShare', 'en')).toEqual({ primary: 'Diversion target', secondary: '分流目标' });
    expect(fieldTerm('someNewField', 'en')).toEqual({ primary: 'Some new field', secondary: '' });
    expect(words('waitP90Min')).toBe('Wait p90 min');
  });

  test('bilingual service names split into Chinese and English', () => {
    expect(splitBilingual('余额查询 Balance query')).toEqual({ zh: '余额查询', en: 'Balance query' });
    expect(splitBilingual('数据业务订退 Data services (GPRS, ring-back tone)').en).toBe('Data services (GPRS, ring-back tone)');
    expect(splitBilingual('Plain')).toEqual({ zh: 'Plain', en: 'Plain' });
  });

  test('an estimate and its interval share one precision, from the interval’s width: the ends never round together', () => {
    const shown = (mean: number, ci: [number, number], unit: Parameters<typeof formatKpi>[1], locale: 'zh-CN' | 'en') => {
      const p = formatEstimateParts(mean, ci, unit, locale);
      return `${p.mean.number}${p.mean.unit} ${p.interval}`;
    };
    expect(shown(0.0483, [0.0479, 0.0487], 'share', 'en')).toBe('4.83% [4.79%, 4.87%]');
    expect(shown(0.048, [0.0476, 0.0484], 'share', 'zh-CN')).toBe('4.80% [4.76%, 4.84%]');
    // a wide interval keeps the unit's usual digit
    expect(shown(0.226, [0.195, 0.257], 'share', 'en')).toBe('22.6% [19.5%, 25.7%]');
    // money: both ends in the mean's step (万, M), three significant digits unless the width needs more
    expect(shown(7_090_000, [7_053_000, 7_128_000], 'CNY/month', 'zh-CN')).toBe('709万元/月 [705万, 713万]');
    expect(shown(7_090_000, [7_086_000, 7_094_000], 'CNY/month', 'zh-CN')).toBe('709.0万元/月 [708.6万, 709.4万]');
    expect(shown(7_090_000, [7_086_000, 7_094_000], 'CNY/month', 'en')).toBe('CNY\u00a07.090M/month [7.086M, 7.094M]');
    expect(shown(123_456_789, [120e6, 127e6], 'CNY/month', 'zh-CN')).toBe('1.23亿元/月 [1.20亿, 1.27亿]');
    expect(shown(6_500_000, [-671_000, 13_700_000], 'CNY/month', 'zh-CN')).toBe('650万元/月 [-67万, 1,370万]');
    expect(shown(4104, [3310, 4898], 'lines', 'zh-CN')).toBe('4,104 户 [3,310, 4,898]');
    // one replication: a point interval, the usual digits
    expect(shown(12.3, [12.3, 12.3], 'min', 'en')).toBe('12.3 min [12.3, 12.3]');
  });

  test('digitsForWidth: a quarter of the width per step, within three digits of the usual', () => {
    expect(digitsForWidth(0.08, 1)).toBe(2);
    expect(digitsForWidth(0.8, 1)).toBe(1);
    expect(digitsForWidth(80, 1)).toBe(1);
    expect(digitsForWidth(1e-9, 1)).toBe(4);
    expect(digitsForWidth(0, 1)).toBe(1);
    expect(digitsForWidth(NaN, 0)).toBe(0);
  });
});
