/**
 * The fixed vocabulary of the model: channels and their families, customer segments, value
 * tiers, service classes. Scenarios parameterise these; they do not invent new ones, because the
 * hot loop indexes typed arrays by them.
 */

/** Channels (渠道). Order matters: it is the column index in every per-channel array. */
export const CHANNELS = [
  'ownStore', // 自营营业厅 (business hall, flagship store): counters that queue
  'partner', // 社会渠道 (franchise store, authorised agent, cooperative hall, express station)
  'web', // 网上营业厅
  'app', // 掌上营业厅 (needs the app: a Bass adopter)
  'sms', // 短信营业厅
  'ussd', // USSD 营业厅
  'ivr', // 电话营业厅 self-service voice menu
  'kiosk', // 自助服务站 inside own stores: travel, but no counter queue
  'hotline', // 人工热线 10086/10010/10000: a staffed queue
  'accountManager', // 客户经理 (direct sales): enterprise and top-tier customers
] as const;
export type ChannelId = (typeof CHANNELS)[number];
export const NC = CHANNELS.length;
export const CH: { readonly [K in ChannelId]: number } = Object.fromEntries(
  CHANNELS.map((c, i) => [c, i]),
) as { [K in ChannelId]: number };

export const FAMILIES = ['own', 'partner', 'electronic', 'hotline', 'direct'] as const;
export type Family = (typeof FAMILIES)[number];
export const CHANNEL_FAMILY: { readonly [K in ChannelId]: Family } = {
  ownStore: 'own',
  partner: 'partner',
  web: 'electronic',
  app: 'electronic',
  sms: 'electronic',
  ussd: 'electronic',
  ivr: 'electronic',
  kiosk: 'electronic',
  hotline: 'hotline',
  accountManager: 'direct',
};

/** Channels reached by travelling to an outlet. */
export const PHYSICAL: readonly ChannelId[] = ['ownStore', 'partner', 'kiosk'];

export const SEGMENTS = ['youth', 'business', 'family', 'senior', 'sme', 'enterprise'] as const;
export type SegmentId = (typeof SEGMENTS)[number];
export const NS = SEGMENTS.length;

/** Value tiers (客户分级), highest first. */
export const TIERS = ['supreme', 'diamond', 'gold', 'silver', 'ordinary'] as const;
export type TierId = (typeof TIERS)[number];
export const NT = TIERS.length;

/** Service classes by value and risk (业务分类, seed 001). */
export const SERVICE_CLASSES = ['sales', 'strategic', 'incentive', 'retention', 'service', 'sensitive'] as const;
export type ServiceClass = (typeof SERVICE_CLASSES)[number];

/** Handset price bands; subsidy is set per band. */
export const HANDSET_BANDS = ['basic', 'mid', 'high'] as const;
export type HandsetBand = (typeof HANDSET_BANDS)[number];

export const DISTRICT_TYPES = ['urban', 'suburban', 'rural'] as const;
export type DistrictType = (typeof DISTRICT_TYPES)[number];

/** Display names, Chinese first. */
export const CHANNEL_LABELS: { readonly [K in ChannelId]: { zh: string; en: string } } = {
  ownStore: { zh: '自营厅', en: 'Own store' },
  partner: { zh: '社会渠道', en: 'Partner outlet' },
  web: { zh: '网上营业厅', en: 'Web hall' },
  app: { zh: '掌上营业厅', en: 'App' },
  sms: { zh: '短信营业厅', en: 'SMS hall' },
  ussd: { zh: 'USSD', en: 'USSD' },
  ivr: { zh: '语音自助', en: 'IVR' },
  kiosk: { zh: '自助终端', en: 'Kiosk' },
  hotline: { zh: '人工热线', en: 'Hotline' },
  accountManager: { zh: '客户经理', en: 'Account manager' },
};
