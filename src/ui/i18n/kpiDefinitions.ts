/**
 * What each KPI measures, in the words of docs/MODEL.md §7.13, for the KPI cards' tooltips. Every
 * KPI is a monthly figure; the card shows its mean over the months of the run (the averaging
 * window is said beside it, messages.ts kpiWindow…).
 */
import type { KpiName } from '../../model/index.ts';
import type { Locale } from './messages.ts';

const DEFINITIONS: Record<KpiName, { zh: string; en: string }> = {
  eChannelShare: {
    zh: '网上营业厅、掌上营业厅、短信、USSD、语音自助和自助终端完成的交易占全部完成交易的比例。',
    en: 'Transactions completed on the web, the app, SMS, USSD, IVR and kiosks, as a share of all completed transactions.',
  },
  storeShare: { zh: '自营厅柜台完成的交易占全部完成交易的比例。', en: 'Transactions completed at own-store counters, as a share of all completed transactions.' },
  partnerShare: { zh: '社会渠道网点完成的交易占全部完成交易的比例。', en: 'Transactions completed at partner outlets, as a share of all completed transactions.' },
  hotlineShare: { zh: '人工热线完成的交易占全部完成交易的比例。', en: 'Transactions completed by hotline agents, as a share of all completed transactions.' },
  directShare: {
    zh: '客户经理完成的交易占全部完成交易的比例；五个渠道占比之和为 1。',
    en: 'Transactions completed by account managers, as a share of all completed transactions; the five shares sum to 1.',
  },
  diversionRate: {
    zh: '免排队业务中，在自营厅柜台以外（任何其他渠道，含自助终端和热线）完成的比例。',
    en: 'Of the queue-free transactions completed, the share completed anywhere but the own-store counters (kiosks and the hotline count as outside).',
  },
  storeWaitMeanMin: {
    zh: '所有进入自营厅排队者的平均等候时间（分钟）；等到耐心耗尽而离开者按其耐心计。',
    en: 'Mean wait of everyone who joined an own-store queue, in minutes; those who left count at their patience.',
  },
  storeWaitP90Min: { zh: '同一批等候时间的 90% 分位数（分钟）：九成排队者等候不超过此值。', en: '90th percentile of the same waits, in minutes: nine in ten waited no longer.' },
  hotlineServiceLevel: {
    zh: '在接通时限（默认 20 秒）内接通的来电占全部来电的比例，含放弃的来电；无来电时为 100%。',
    en: 'Calls answered within the threshold (20 s by default) as a share of all calls offered, abandoned ones included; 100 % when there are no calls.',
  },
  abandonRate: { zh: '客户放弃（未在任何渠道办成）的需求占全部需求的比例。', en: 'Needs the customer gave up on (completed in no channel), as a share of all needs.' },
  churnRateMonthly: { zh: '当月离网的客户占当月在网客户（含当月新增）的比例。', en: 'Customers who left in the month, as a share of the active customers (new lines of the month included).' },
  satisfaction: { zh: '离网结算后在网客户的平均满意度（0–100 分）。', en: 'Mean satisfaction of the active customers after churn, on a 0–100 scale.' },
  newLines: { zh: '当月完成开户的新增用户数（全市规模）。', en: 'New lines completed in the month (city scale).' },
  handsetsSold: { zh: '当月终端销量：新入网购机与存量客户购机（全市规模）。', en: 'Handsets sold in the month: with new lines and to existing customers (city scale).' },
  subsidySpend: { zh: '当月支付的终端补贴总额（元）。', en: 'Handset subsidies paid in the month, CNY.' },
  commissionSpend: { zh: '当月支付的酬金：按新增用户计的酬金加社会渠道代办业务的服务费（元）。', en: 'Commissions paid in the month: per new line, plus partner service fees, CNY.' },
  channelCost: {
    zh: '当月渠道总成本（元）：营业厅、平台、热线座席、客户经理的固定成本，按笔的交易成本，酬金和其他运营支出。',
    en: 'Total channel cost of the month, CNY: fixed costs of stores, platforms, hotline agents and account managers, per-transaction costs, commissions and other opex.',
  },
  costPerTransaction: { zh: '当月渠道成本除以当月完成交易数（元/笔）。', en: 'Channel cost of the month divided by the transactions completed, CNY each.' },
  revenue: { zh: '当月收入（元）：在网客户的 ARPU 之和。', en: 'Revenue of the month, CNY: the ARPU of the active customers.' },
  netContribution: { zh: '收入减渠道成本再减终端补贴（元/月）。', en: 'Revenue less channel cost less handset subsidies, CNY a month.' },
};

/** The definition of a KPI in the locale. */
export function kpiDefinition(kpi: KpiName, locale: Locale): string {
  return locale === 'zh-CN' ? DEFINITIONS[kpi].zh : DEFINITIONS[kpi].en;
}
