/**
 * KPI names and units (../shared/CONTRACTS.md). Monthly values; the run value of a KPI is the
 * mean of its monthly values unless `aggregate` says otherwise.
 */
export const KPIS = [
  'eChannelShare', 'storeShare', 'partnerShare', 'hotlineShare', 'directShare',
  'diversionRate', 'storeWaitMeanMin', 'storeWaitP90Min', 'hotlineServiceLevel', 'abandonRate',
  'churnRateMonthly', 'satisfaction', 'newLines', 'handsetsSold', 'subsidySpend', 'commissionSpend',
  'channelCost', 'costPerTransaction', 'revenue', 'netContribution',
] as const;
export type KpiName = (typeof KPIS)[number];

export interface KpiMeta {
  unit: 'share' | 'min' | 'points' | 'lines' | 'handsets' | 'CNY/month' | 'CNY';
  /** Higher is better (for marking improvements), or null when it depends on the question. */
  better: 'higher' | 'lower' | null;
  zh: string;
  en: string;
}

export const KPI_META: Record<KpiName, KpiMeta> = {
  eChannelShare: { unit: 'share', better: 'higher', zh: '电子渠道占比', en: 'E-channel share' },
  storeShare: { unit: 'share', better: null, zh: '自营厅占比', en: 'Own-store share' },
  partnerShare: { unit: 'share', better: null, zh: '社会渠道占比', en: 'Partner share' },
  hotlineShare: { unit: 'share', better: null, zh: '热线占比', en: 'Hotline share' },
  directShare: { unit: 'share', better: null, zh: '直销占比', en: 'Direct share' },
  diversionRate: { unit: 'share', better: 'higher', zh: '分流率', en: 'Diversion rate' },
  storeWaitMeanMin: { unit: 'min', better: 'lower', zh: '厅店平均等候', en: 'Store wait (mean)' },
  storeWaitP90Min: { unit: 'min', better: 'lower', zh: '厅店等候P90', en: 'Store wait (p90)' },
  hotlineServiceLevel: { unit: 'share', better: 'higher', zh: '热线20秒接通率', en: 'Hotline service level' },
  abandonRate: { unit: 'share', better: 'lower', zh: '放弃率', en: 'Abandon rate' },
  churnRateMonthly: { unit: 'share', better: 'lower', zh: '月离网率', en: 'Monthly churn' },
  satisfaction: { unit: 'points', better: 'higher', zh: '满意度', en: 'Satisfaction' },
  newLines: { unit: 'lines', better: 'higher', zh: '新增用户', en: 'New lines' },
  handsetsSold: { unit: 'handsets', better: 'higher', zh: '终端销量', en: 'Handsets sold' },
  subsidySpend: { unit: 'CNY/month', better: 'lower', zh: '补贴支出', en: 'Subsidy spend' },
  commissionSpend: { unit: 'CNY/month', better: 'lower', zh: '酬金支出', en: 'Commission spend' },
  channelCost: { unit: 'CNY/month', better: 'lower', zh: '渠道成本', en: 'Channel cost' },
  costPerTransaction: { unit: 'CNY', better: 'lower', zh: '单笔成本', en: 'Cost per transaction' },
  revenue: { unit: 'CNY/month', better: 'higher', zh: '收入', en: 'Revenue' },
  netContribution: { unit: 'CNY/month', better: 'higher', zh: '净贡献', en: 'Net contribution' },
};
