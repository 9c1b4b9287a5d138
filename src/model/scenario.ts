/**
 * The scenario format: one zod schema, from which the TypeScript type (z.infer) and the JSON
 * Schema at scenarios/schema.json are both derived. Every parameter has a default, a unit, a
 * range and a one-line description; docs/MODEL.md gives each default's source.
 */
import { z } from 'zod';
import {
  CHANNELS, DISTRICT_TYPES, HANDSET_BANDS, SEGMENTS, SERVICE_CLASSES, TIERS,
  type ChannelId, type SegmentId, type TierId,
} from './domain.ts';
import { MAX_OUTLETS } from './limits.ts';
import { crossCheck, generatedIds, outletIds, startOutletIds } from './scenario-checks.ts';
import { DEFAULT_SERVICES } from './default-services.ts';

export { DEFAULT_SERVICES, generatedIds, outletIds, startOutletIds };

/**
 * A finite number in [min, max] whose range problems name the unit (zod already refuses NaN and
 * ±Infinity; the range keeps out what no real city has, such as a 1e308 population).
 */
function bounded(min: number, max: number, unit: string, integer = false) {
  const n = integer ? z.number().int() : z.number();
  return n.min(min, { error: `expected at least ${quantity(min, unit)}` }).max(max, { error: `expected at most ${quantity(max, unit)}` });
}
/** Units that are counted things: "240 months", "1 month". */
const COUNTED = new Set(['agent', 'counter', 'customer', 'day', 'desk', 'district', 'kiosk', 'month', 'outlet', 'person', 'run', 'store', 'visit']);
/** Units of measure written after the number ("20 km", "1e8 CNY/month"); any other unit is a kind of number, in brackets ("1 (share)"). */
const MEASURE = /^(km|km²|km\/h|min|h|s|°|CNY|CNY\/month|points|points\/min|needs\/month|persons \(or weight\))$/;
/** A bound as a message says it: the number (grouped when large) and its unit. */
function quantity(x: number, unit: string): string {
  const n = Number.isInteger(x) && Math.abs(x) >= 10_000 ? x.toLocaleString('en-US') : String(x);
  if (unit === '') return n;
  if (COUNTED.has(unit)) return `${n} ${unit}${x === 1 ? '' : 's'}`;
  return MEASURE.test(unit) ? `${n} ${unit}` : `${n} (${unit})`;
}
/** A number with default, range, unit and description. */
function num(def: number, min: number, max: number, unit: string, description: string) {
  return bounded(min, max, unit).default(def).meta({ description, unit });
}
/** An integer with default, range, unit and description. */
function int(def: number, min: number, max: number, unit: string, description: string) {
  return bounded(min, max, unit, true).default(def).meta({ description, unit });
}
/** An object whose every field has a default, itself defaulting to {}. */
function group<T extends z.ZodRawShape>(shape: T, description: string) {
  // every field has a default, so {} is a valid input (the generic cannot see that)
  return z.object(shape).strict().prefault({} as z.input<z.ZodObject<T>>).meta({ description });
}
/** One number per key of a fixed vocabulary (segments, tiers, channels). */
function perKey<K extends string>(keys: readonly K[], defs: Record<K, number>, min: number, max: number, unit: string, description: string) {
  const shape = Object.fromEntries(keys.map((k) => [k, num(defs[k], min, max, unit, `${description}: ${k}`)])) as Record<K, ReturnType<typeof num>>;
  return group(shape, description);
}

/** Persons (or weight) in a district, and subscribers in one of its segments or tiers: more than any city has. */
export const MAX_POPULATION = 1e9;
/** Districts a scenario may list (a province's townships); the model keeps a cell's district in 16 bits. */
const MAX_DISTRICTS = 5_000;
/** Rings of an outline, and points of a ring (outlines are simplified on import, src/io/simplify.ts). */
const MAX_RINGS = 1_000, MAX_RING_POINTS = 200_000;
/** Services a scenario may define: the engine keeps a service in 8 bits, beside two keys of its own. */
export const MAX_SERVICES = 254;
/** A coordinate of the plane, km from the region's origin: outlines may reach past the region, not past the Earth. */
const planeKm = bounded(-10_000, 10_000, 'km');

const channelEnum = z.enum(CHANNELS);
const segDefaults = (v: [number, number, number, number, number, number]) =>
  Object.fromEntries(SEGMENTS.map((s, i) => [s, v[i]])) as Record<SegmentId, number>;

const simulation = group({
  months: int(24, 1, 240, 'month', 'simulated months'),
  customers: int(100_000, 100, 20_000_000, 'customer', 'subscribers in the region at the start'),
  agents: bounded(100, 20_000_000, 'agent', true).nullable().default(null).meta({ description: 'customer agents simulated (null: one per subscriber); fewer agents each stand for customers/agents subscribers', unit: 'agent' }),
  replications: int(10, 1, 10_000, 'run', 'independent replications for the 95 % intervals'),
  seed: int(42, 0, 2 ** 31 - 1, '', 'master seed; replication r uses the stream (seed, r)'),
  daysPerMonth: int(30, 1, 31, 'day', 'store opening days in a month'),
  diffusionSubsteps: int(4, 1, 30, 'per month', 'Bass adoption sub-steps per month (smaller steps track the continuous curve)'),
}, 'run length, population and replications');

const district = z.object({
  id: z.string().min(1).meta({ description: 'unique district id' }),
  name: z.string().default('').meta({ description: 'display name' }),
  type: z.enum(DISTRICT_TYPES).meta({ description: 'urban, suburban or rural' }),
  x: bounded(0, 1000, 'km').meta({ description: 'centre, km east of the region origin', unit: 'km' }),
  y: bounded(0, 1000, 'km').meta({ description: 'centre, km north of the region origin', unit: 'km' }),
  radiusKm: bounded(0.2, 200, 'km').meta({ description: 'radius over which homes spread', unit: 'km' }),
  population: bounded(0, MAX_POPULATION, 'persons (or weight)').meta({ description: 'population: persons (imported data) or a relative weight; 0: a district where nobody lives', unit: 'persons (or weight)' }),
  // Imported districts (src/io/) keep their geography so exports and the map can use it.
  lon: bounded(-180, 180, '°').optional().meta({ description: 'centroid longitude (imported data)', unit: '°' }),
  lat: bounded(-90, 90, '°').optional().meta({ description: 'centroid latitude (imported data)', unit: '°' }),
  areaKm2: bounded(0, 1e6, 'km²').optional().meta({ description: 'area (imported data)', unit: 'km²' }),
  boundary: z.array(z.array(z.tuple([planeKm, planeKm])).min(4).max(MAX_RING_POINTS)).max(MAX_RINGS).optional().meta({ description: 'outline as closed rings of [x, y] km (even-odd rule: holes and islands are further rings); population is spread evenly over it instead of over radiusKm' }),
  segments: z.object(Object.fromEntries(SEGMENTS.map((k) => [k, bounded(0, MAX_POPULATION, 'customer')])) as Record<SegmentId, z.ZodNumber>).strict().optional().meta({ description: 'subscribers by segment (imported data)', unit: 'customer' }),
  tiers: z.object(Object.fromEntries(TIERS.map((k) => [k, bounded(0, MAX_POPULATION, 'customer')])) as Record<TierId, z.ZodNumber>).strict().optional().meta({ description: 'subscribers by value tier (imported data)', unit: 'customer' }),
  extra: z.record(z.string(), z.string()).optional().meta({ description: 'columns of the imported file the model does not use, verbatim (header → text)' }),
}).strict();

const projection = z.object({
  kind: z.literal('azimuthalEqualArea').meta({ description: 'Lambert azimuthal equal-area (src/io/plane.ts)' }),
  lon0: bounded(-180, 180, '°').meta({ description: 'centre longitude', unit: '°' }),
  lat0: bounded(-90, 90, '°').meta({ description: 'centre latitude', unit: '°' }),
  dxKm: planeKm.meta({ description: 'km added to the projected x', unit: 'km' }),
  dyKm: planeKm.meta({ description: 'km added to the projected northing', unit: 'km' }),
}).strict();

const region = group({
  widthKm: num(40, 2, 1000, 'km', 'width of the generated region'),
  heightKm: num(40, 2, 1000, 'km', 'height of the generated region'),
  cellKm: num(1, 0.1, 20, 'km', 'grid cell size; customers in a cell share travel times'),
  generate: group({
    urban: int(5, 0, 500, 'district', 'urban districts to generate'),
    suburban: int(7, 0, 500, 'district', 'suburban districts to generate'),
    rural: int(10, 0, 500, 'district', 'rural districts to generate'),
    seed: int(7, 0, 2 ** 31 - 1, '', 'seed of the generated geography (fixed across replications)'),
  }, 'generated districts, used when no list is given'),
  districts: z.array(district).max(MAX_DISTRICTS).default([]).meta({ description: 'explicit districts; replaces the generated ones when not empty' }),
  districtsFile: z.string().min(1).optional().meta({ description: 'districts data file, relative to the scenario file: CSV (centroid, area, population) or GeoJSON polygons; when loaded it fills districts, widthKm, heightKm and projection' }),
  projection: projection.optional().meta({ description: 'how longitude/latitude map to km (set when data files are loaded)' }),
  speedKmh: group({
    urban: num(15, 1, 120, 'km/h', 'door-to-door travel speed in urban districts'),
    suburban: num(25, 1, 120, 'km/h', 'travel speed in suburban districts'),
    rural: num(35, 1, 120, 'km/h', 'travel speed in rural districts'),
  }, 'travel speeds by district type'),
  accessMin: num(5, 0, 60, 'min', 'fixed time to reach any outlet (parking, walking in)'),
  nearestOutlets: int(12, 1, 64, 'outlet', 'outlets of each kind a cell considers (nearest first)'),
}, 'the region: districts on a plane');

const outlet = z.object({
  id: z.string().min(1).meta({ description: 'unique outlet id' }),
  name: z.string().default('').meta({ description: 'display name' }),
  kind: z.enum(['own', 'partner']).meta({ description: 'own store (自营厅) or partner outlet (社会渠道)' }),
  x: bounded(0, 1000, 'km').meta({ description: 'km east', unit: 'km' }),
  y: bounded(0, 1000, 'km').meta({ description: 'km north', unit: 'km' }),
  counters: bounded(1, 100, 'counter', true).optional().meta({ description: 'service counters (own) or sales desks (partner)', unit: 'counter' }),
  kiosks: bounded(0, 50, 'kiosk', true).optional().meta({ description: 'self-service kiosks inside (own stores)', unit: 'kiosk' }),
  openHours: bounded(1, 24, 'h').optional().meta({ description: 'opening hours a day', unit: 'h' }),
  rentMonthly: bounded(0, 1e8, 'CNY/month').optional().meta({ description: 'rent and upkeep', unit: 'CNY/month' }),
  staff: bounded(0, 10_000, 'person').optional().meta({ description: 'staff headcount', unit: 'person' }),
  attractiveness: bounded(0.01, 100, 'factor').optional().meta({ description: 'Huff attractiveness multiplier (brand, size)', unit: 'factor' }),
  lon: bounded(-180, 180, '°').optional().meta({ description: 'longitude (imported data)', unit: '°' }),
  lat: bounded(-90, 90, '°').optional().meta({ description: 'latitude (imported data)', unit: '°' }),
  services: z.array(z.string()).max(MAX_SERVICES).optional().meta({ description: 'ids of the services the outlet offers (可办业务); absent: all its channel carries' }),
  extra: z.record(z.string(), z.string()).optional().meta({ description: 'columns of the imported file the model does not use, verbatim (header → text)' }),
}).strict();

const outlets = group({
  generate: group({
    ownStores: int(12, 0, 2000, 'store', 'own stores to generate (districts drawn by population, urban weighted double)'),
    partners: int(80, 0, 100_000, 'outlet', 'partner outlets to generate (spread by population)'),
  }, 'generated outlets, used when no list is given'),
  list: z.array(outlet).max(MAX_OUTLETS).default([]).meta({ description: 'explicit outlets; replaces the generated ones when not empty' }),
  file: z.string().min(1).optional().meta({ description: 'outlets CSV, relative to the scenario file (UTF-8 or GBK; scenarios/templates/README.md); when loaded it fills list' }),
}, 'own stores and partner outlets');

const service = z.object({
  id: z.string().min(1).meta({ description: 'unique service id' }),
  name: z.string().default('').meta({ description: 'display name (Chinese / English)' }),
  class: z.enum(SERVICE_CLASSES).meta({ description: 'value/risk class (seed 001)' }),
  queueFree: z.boolean().default(false).meta({ description: '免排队业务: can be diverted off the counters' }),
  counterMin: bounded(0.1, 240, 'min').meta({ description: 'mean counter time in a store', unit: 'min' }),
  complexity: bounded(0, 1, '0-1').meta({ description: 'how hard it is to do alone (0 trivial, 1 needs an expert)', unit: '0-1' }),
  channels: z.array(channelEnum).min(1).max(CHANNELS.length).meta({ description: 'channels that can carry it' }),
  incidence: z.object(Object.fromEntries(SEGMENTS.map((s) => [s, bounded(0, 50, 'needs/month')])) as Record<SegmentId, z.ZodNumber>)
    .strict().meta({ description: 'needs per customer per month by segment', unit: '1/month' }),
  handset: z.boolean().default(false).meta({ description: 'a handset changes hands (subsidy applies)' }),
}).strict();

export type ServiceIn = z.input<typeof service>;

const segment = (share: number, arpu: number, literacy: number, adopted: number, tiers: [number, number, number, number, number], name: string) =>
  group({
    share: num(share, 0, 1, 'share', `${name}: share of subscribers`),
    arpu: num(arpu, 0, 100_000, 'CNY/month', `${name}: average revenue per user`),
    literacy: num(literacy, 0, 1, '0-1', `${name}: mean digital literacy at the start`),
    appAdopted: num(adopted, 0, 1, 'share', `${name}: share already using the app at the start (Bass F(0))`),
    tierMix: group(Object.fromEntries(TIERS.map((t, i) => [t, num(tiers[i], 0, 1, 'share', `${name}: share in tier ${t}`)])) as Record<TierId, ReturnType<typeof num>>, `${name}: value-tier mix`),
  }, `segment ${name}`);

const segments = group({
  youth: segment(0.26, 45, 0.65, 0.3, [0, 0.01, 0.06, 0.23, 0.7], 'youth 年轻人'),
  business: segment(0.16, 150, 0.55, 0.3, [0.02, 0.08, 0.3, 0.35, 0.25], 'business 商务'),
  family: segment(0.3, 70, 0.4, 0.12, [0, 0.01, 0.09, 0.3, 0.6], 'family 家庭'),
  senior: segment(0.18, 35, 0.15, 0.03, [0, 0, 0.03, 0.17, 0.8], 'senior 老年'),
  sme: segment(0.09, 220, 0.45, 0.15, [0.02, 0.1, 0.28, 0.3, 0.3], 'SME 中小企业'),
  enterprise: segment(0.01, 900, 0.5, 0.2, [0.3, 0.4, 0.2, 0.1, 0], 'large enterprise 大型政企'),
}, 'customer segments');

const channelParams = (asc: number, digital: number, learn: number, costTx: number, platform: number, label: string) =>
  group({
    asc: num(asc, -20, 20, 'utility', `${label}: alternative-specific constant`),
    digitalness: num(digital, 0, 1, '0-1', `${label}: how much digital skill it needs`),
    learningCost: num(learn, 0, 20, 'utility', `${label}: disutility for a customer not yet familiar with it`),
    costPerTransaction: num(costTx, 0, 1000, 'CNY', `${label}: marginal cost of one transaction`),
    fixedMonthly: num(0, 0, 1e9, 'CNY/month', `${label}: fixed cost the city carries alone, besides its share of the platform`),
    platformPerSubscriberMonth: num(platform, 0, 1000, 'CNY per subscriber-month', `${label}: the channel's shared platform cost allocated per active subscriber and month (a provincial platform shared by its cities)`),
  }, label);

const channels = group({
  ownStore: channelParams(0.5, 0, 0, 4, 0, 'own store 自营厅'),
  partner: channelParams(-0.4, 0, 0.2, 2, 0, 'partner outlet 社会渠道'),
  web: channelParams(-0.2, 0.8, 1.6, 0.15, 0.12, 'web hall 网上营业厅'),
  app: channelParams(0.3, 0.7, 1.0, 0.1, 0.16, 'app 掌上营业厅'),
  sms: channelParams(-0.3, 0.45, 1.0, 0.05, 0.04, 'SMS hall 短信营业厅'),
  ussd: channelParams(-1.1, 0.5, 1.4, 0.05, 0.02, 'USSD'),
  ivr: channelParams(-0.7, 0.3, 0.8, 0.3, 0.06, 'IVR 语音自助'),
  kiosk: channelParams(-0.6, 0.4, 0.8, 0.6, 0, 'kiosk 自助终端'),
  hotline: channelParams(0.9, 0.05, 0, 0, 0, 'hotline 人工热线'),
  accountManager: channelParams(1.5, 0, 0, 0, 0, 'account manager 客户经理'),
}, 'per-channel choice and cost parameters');

const stores = group({
  counters: int(3, 1, 100, 'counter', 'counters in a generated own store'),
  kiosks: int(1, 0, 50, 'kiosk', 'kiosks in a generated own store'),
  openHours: num(10, 1, 24, 'h', 'opening hours a day'),
  rentMonthly: num(30_000, 0, 1e8, 'CNY/month', 'rent and upkeep of a generated own store'),
  staffPerCounter: num(1.6, 0, 20, 'person', 'staff per counter (shifts, floor staff)'),
  staffCostMonthly: num(6_000, 0, 1e6, 'CNY/month', 'cost of one store employee'),
  kioskCostMonthly: num(1_200, 0, 1e6, 'CNY/month', 'lease and upkeep of one kiosk'),
  patienceMeanMin: num(30, 0.5, 600, 'min', 'mean time a customer waits in the queue before leaving (exponential)'),
  peakiness: num(0.8, 0, 0.95, '0-1', 'amplitude of the midday peak in arrivals over the day'),
  staffing: group({
    followDemand: z.boolean().default(true).meta({ description: 'staffed counters follow each store\'s recent demand month by month (false: every counter staffed all the time)' }),
    meanWaitMin: num(10, 0.5, 240, 'min', 'counters are staffed so that the mean wait at the month\'s load is at most this (Erlang C)'),
    minCounters: int(1, 1, 100, 'counter', 'fewest counters an open store keeps staffed'),
    stepPerMonth: int(1, 1, 100, 'counter', 'most counters a store opens or releases in one month (rostering lag)'),
  }, 'counter staffing (排班)'),
}, 'own stores (自营厅)');

const partners = group({
  desks: int(1, 1, 20, 'desk', 'sales desks in a generated partner outlet'),
  fixedCostMonthly: num(9_000, 0, 1e7, 'CNY/month', "a partner's own monthly cost (rent, staff) when its outlet row gives no rent or staff"),
  serviceFee: num(1.5, 0, 1000, 'CNY', 'commission per service transaction handled (代办酬金)'),
  handsetMargin: num(80, 0, 10_000, 'CNY', "partner's margin on a handset sale"),
  ownTradeMonthly: num(7_000, 0, 1e7, 'CNY/month', "median of a partner's margin from its own trade (other goods, unsubsidised phones, top-up cards), log-normal across outlets"),
  ownTradeSpread: num(0.5, 0, 3, 'log-sd', "spread of the partners' own-trade margin (standard deviation of its logarithm)"),
  effortElasticity: num(0.34, 0, 0.9, 'elasticity', "elasticity of a partner's sales to its selling effort; partners set effort to maximise profit, so their sales attraction moves with their margin per sale to the power e/(1 − e)"),
  exitMonths: int(6, 0, 60, 'month', 'a partner whose smoothed profit is a loss of its whole fixed cost leaves with hazard 1/this a month, less in proportion for smaller losses (0: partners never leave)'),
  entryRate: num(0.0275, 0, 1, '1/month', 'hazard that a closed partner site opens when the profit expected there equals its fixed cost, less in proportion for smaller profits (0: no entry); the default balances the expected entries and exits of the default city after its first month (scripts/partner-entry-rate.ts)'),
  latentSites: int(40, 0, 100_000, 'outlet', 'candidate partner sites (L001…) generated with the region, closed at the start, where partners may open'),
  sizeSpread: num(0, 0, 3, 'log-sd', "spread of the generated partners' and latent sites' size (Huff attractiveness, log-normal with mean 1: standard deviation of its logarithm; 0: all alike)"),
}, 'partner outlets (社会渠道)');

const hotline = group({
  agents: int(7, 0, 1_000_000, 'agent', 'agents on duty during staffed hours'),
  ahtMin: num(4, 0.1, 120, 'min', 'mean handling time of a call (exponential)'),
  hoursPerDay: num(12, 1, 24, 'h', 'staffed hours a day'),
  patienceMeanSec: num(120, 1, 3600, 's', 'mean time a caller holds before hanging up (exponential)'),
  peakiness: num(0.8, 0, 0.95, '0-1', 'amplitude of the midday peak in calls over the staffed day'),
  answerWithinSec: num(20, 1, 600, 's', 'service-level threshold (seed 002: 20 s)'),
  targetServiceLevel: num(0.85, 0, 1, 'share', 'service-level target (seed 002: 85 %)'),
  agentCostMonthly: num(5_500, 0, 1e6, 'CNY/month', 'cost of one agent position'),
  sensitiveReferralShare: num(0.3, 0, 1, 'share', 'share of sensitive needs that call the hotline first and are handed to a store'),
}, 'hotline (人工热线)');

const accountManagers = group({
  managers: int(12, 0, 100_000, 'person', 'account managers covering the region'),
  visitsPerManagerMonth: num(120, 1, 10_000, 'visit', 'transactions one manager can handle a month'),
  costMonthly: num(12_000, 0, 1e6, 'CNY/month', 'cost of one account manager'),
  eligibleTiers: z.array(z.enum(TIERS)).max(TIERS.length).default(['supreme', 'diamond']).meta({ description: 'tiers entitled to a manager, in any segment (VIP客户经理, seed 002)' }),
  eligibleSegments: z.array(z.enum(SEGMENTS)).max(SEGMENTS.length).default(['enterprise']).meta({ description: 'segments entitled to a manager whatever their tier (大型政企 one-to-one, seed 004)' }),
  proactiveClasses: z.array(z.enum(SERVICE_CLASSES)).max(SERVICE_CLASSES.length).default(['strategic', 'retention', 'sales']).meta({ description: 'service classes an entitled customer\'s manager takes first, before the customer chooses a channel, up to capacity (proactive account management)' }),
}, 'account managers (客户经理)');

const ALL_CHANNELS = [...CHANNELS];
const E_CHANNELS: ChannelId[] = ['web', 'app', 'sms', 'ussd', 'ivr', 'kiosk'];
const classPolicy = (allowed: ChannelId[], preferred: ChannelId[], label: string) => group({
  allowed: z.array(channelEnum).max(CHANNELS.length).default(allowed).meta({ description: `${label}: channels that may serve it (intersected with each service's own channels)` }),
  preferred: z.array(channelEnum).max(CHANNELS.length).default(preferred).meta({ description: `${label}: channels customers of the steered tiers are steered to; the other allowed channels cost them routing.steerUtility` }),
}, label);

const routing = group({
  vipTiers: z.array(z.enum(TIERS)).max(TIERS.length).default(['supreme', 'diamond']).meta({ description: 'tiers in the green channel (绿色通道): served first at store counters and on the hotline where the lane is on (seed 002)' }),
  storePriority: z.boolean().default(true).meta({ description: 'VIP visitors are called first at the store counters (营业厅绿色通道, non-preemptive priority)' }),
  hotlinePriority: z.boolean().default(true).meta({ description: 'VIP callers are answered first on the hotline (10010优先接入, non-preemptive priority)' }),
  steeredTiers: z.array(z.enum(TIERS)).max(TIERS.length).default(['silver', 'ordinary']).meta({ description: 'low-value tiers steered to each class\'s preferred channels (seed 001: low-value customers to partner and electronic channels)' }),
  steerUtility: num(0, 0, 10, 'utility', 'disutility of an allowed but not preferred channel for the steered tiers (0: no steering)'),
  classes: group({
    sales: classPolicy(ALL_CHANNELS, ['partner', ...E_CHANNELS], 'sales 销售型'),
    strategic: classPolicy(['ownStore', 'accountManager'], ['ownStore', 'accountManager'], 'strategic 战略型'),
    incentive: classPolicy(['ownStore', ...E_CHANNELS], E_CHANNELS, 'incentive 激励型'),
    retention: classPolicy(['ownStore', 'accountManager'], ['ownStore', 'accountManager'], 'retention 挽留型'),
    service: classPolicy(ALL_CHANNELS, ['partner', ...E_CHANNELS], 'service 服务型'),
    sensitive: classPolicy(['ownStore'], ['ownStore'], 'sensitive 敏感型'),
  }, 'which channels may serve each service class, and where low-value customers are steered (矩阵式运营, seed 001)'),
}, 'value-tier routing (分级服务)');

const choice = group({
  travelExponent: num(1.6, 0, 5, 'utility/ln(min)', 'Huff distance-decay exponent λ on travel time'),
  attractivenessExponent: num(1, 0, 5, 'utility/ln(size)', 'Huff exponent α on outlet size (counters or desks)'),
  waitPerMin: num(0.06, 0, 2, 'utility/min', 'disutility per minute of expected wait'),
  digital: num(2.5, 0, 20, 'utility', 'weight of digital literacy × channel digitalness'),
  habit: num(1.6, 0, 20, 'utility', 'weight of familiarity with the channel (habit)'),
  moneyPerCny: num(0.12, 0, 10, 'utility/CNY', 'weight of a cash-equivalent incentive'),
  complexityPenalty: num(2.5, 0, 20, 'utility', 'disutility of complexity × digitalness (hard things alone)'),
  tierEntitlement: num(0.6, 0, 10, 'utility', 'bonus of own stores (VIP counters) per tier step above gold: diamond 1 step, supreme 2'),
  selfServiceFailure: num(0.25, 0, 1, 'probability', 'a self-service attempt fails with probability this × complexity × (1 − literacy); the customer then re-chooses or gives up'),
  abandonAfterFailure: num(0.3, 0, 1, 'probability', 'a customer whose attempt failed gives up instead of re-choosing'),
  directCapacityStrictness: num(1, 0, 1, '0-1', 'how strictly account-manager capacity limits access'),
}, 'channel choice (multinomial logit) coefficients');

const adoption = group({
  p: num(0.004, 0, 1, '1/month', 'Bass innovation coefficient (campaigns); Sultan, Farley & Lehmann 1990 mean p≈0.03/yr'),
  q: num(0.05, 0, 5, '1/month', 'Bass imitation coefficient (peers); Sultan, Farley & Lehmann 1990 mean q≈0.38/yr'),
  peerScope: z.enum(['district', 'global']).default('district').meta({ description: 'peers counted in the home district or over the whole region' }),
  literacyGain: num(0.02, 0, 1, 'share', 'digital literacy gained per electronic-channel use (towards 1)'),
  familiarityGain: num(0.35, 0, 1, 'share', 'familiarity gained by one use (towards 1)'),
  familiarityDecay: num(0.08, 0, 1, '1/month', 'share of familiarity lost each month'),
}, 'digital adoption and habits (Bass 1969)');

const satisfaction = group({
  initial: num(72, 0, 100, 'points', 'satisfaction at the start'),
  smoothing: num(0.25, 0, 1, 'weight', 'weight of a new experience in the running score'),
  waitPenaltyPerMin: num(1.2, 0, 20, 'points/min', 'loss per minute waited'),
  travelPenaltyPerMin: num(0.25, 0, 20, 'points/min', 'loss per minute travelled'),
  failurePenalty: num(35, 0, 100, 'points', 'experience score lost when a need is abandoned (applied with the smoothing weight)'),
  goodExperience: num(85, 0, 100, 'points', 'score of a smooth transaction'),
}, 'satisfaction (0-100)');

const churn = group({
  baseMonthly: num(0.048, 0, 1, '1/month', 'monthly churn hazard of a postpaid customer out of contract at reference satisfaction'),
  referenceSatisfaction: num(76, 0, 100, 'points', 'satisfaction at which the base hazard applies'),
  satisfactionEffect: num(0.04, 0, 1, 'log-hazard/point', 'log-hazard change per point below the reference'),
  priceIndex: num(1, 0.2, 5, 'ratio', 'our price relative to the competition before its response (1 = parity)'),
  priceEffect: num(1.2, 0, 10, 'log-hazard', 'log-hazard per unit of price index above 1, after the competitor\'s response'),
  networkQuality: num(0, -1, 1, '-1..1', 'network quality relative to the competition (seed 002: main reason to leave)'),
  networkEffect: num(0.8, 0, 10, 'log-hazard', 'log-hazard per unit of network disadvantage'),
  closureEffect: num(0.35, 0, 5, 'log-hazard', 'extra log-hazard for 6 months after the home outlet closes, at closureTravelRefMin minutes of extra travel (in proportion: none when another outlet is as near)'),
  closureTravelRefMin: num(15, 0.5, 240, 'min', 'extra travel to the nearest remaining outlet of the kind at which a closure adds the full closureEffect'),
  tierFactor: perKey(TIERS, { supreme: 0.35, diamond: 0.45, gold: 0.6, silver: 0.85, ordinary: 1.1 }, 0, 10, 'ratio', 'hazard multiplier by tier'),
  tenureHalfLifeMonths: num(18, 0.1, 600, 'month', 'tenure at which the new-customer excess hazard has halved: factor 0.6 + 0.8·2^(−tenure/this)'),
  prepaidShare: perKey(SEGMENTS, segDefaults([0.85, 0.3, 0.75, 0.9, 0.4, 0.1]), 0, 1, 'share', 'share of customers on prepaid (预付费) rather than postpaid, by segment'),
  prepaidFactor: num(1.5, 0, 10, 'ratio', 'hazard multiplier of a prepaid customer out of contract'),
  contractFactor: num(0.4, 0, 10, 'ratio', 'hazard multiplier during a contract (合约期): a subsidised handset or a retention offer'),
  contractEndFactor: num(2, 0, 20, 'ratio', 'hazard multiplier in the months just after a contract ends'),
  contractEndMonths: int(2, 0, 24, 'month', 'months after a contract ends that carry contractEndFactor'),
  retentionMonths: int(12, 0, 36, 'month', 'months of renewed contract (续约) a completed retention offer (挽留) gives, without a minimum spend'),
}, 'churn (离网) hazard');

const acquisition = group({
  counterMin: num(15, 0.1, 240, 'min', 'mean counter time of a new line signed in a store'),
  marketMonthly: num(0.085, 0, 1, 'share/month', 'prospects in the market each month, as a share of the starting base'),
  baseWinShare: num(0.5, 0.01, 0.99, 'share', 'share of prospects we win with no handset subsidy offered, at the reference partner commission, in the city as it stands at the start (every outlet open, no waits); the outside option\'s constant is solved to give it'),
  nestScale: num(0.6, 0.05, 1, 'ratio', 'weight of the log-sum of the sales channels a prospect can reach in its utility for our offer (nested logit; 1: no nesting)'),
  referenceSubsidy: num(200, 0, 10_000, 'CNY', 'handset subsidy at which handsetShare and the base handset-purchase rate apply'),
  subsidyPerCny: num(0.004, 0, 1, 'logit/CNY', 'utility per CNY of a subsidised contract\'s net value to the customer (and of the competitor\'s subsidy to a prospect)'),
  lockInCnyMonthly: num(10, 0, 10_000, 'CNY/month', 'what a customer gives up for each month a contract binds them (freedom to switch), in CNY'),
  referenceCommission: num(60, 0, 10_000, 'CNY', 'partner commission per line at which partners sell with reference effort'),
  commissionPerCny: num(0.006, 0, 1, 'logit/CNY', 'not read by the engine: commission acts through partner effort (partners.effortElasticity); kept so older scenario files load'),
  handsetShare: num(0.55, 0, 1, 'share', 'share of new lines that take a handset at reference subsidy'),
  handsetPerCny: num(0.004, 0, 1, 'logit/CNY', 'handset take-up logit per CNY of subsidy above the reference'),
  upgradePerCny: num(0.0025, 0, 1, '1/CNY', 'relative change in an out-of-contract customer\'s handset-purchase hazard per CNY of their subsidy above the reference'),
}, 'acquisition of new lines (入网)');

const competitor = group({
  statusQuoHandset: perKey(HANDSET_BANDS, { basic: 50, mid: 300, high: 600 }, 0, 10_000, 'CNY', 'our handset subsidy by band before the run, which the competitor had matched: a band offered more or less starts its response there'),
  statusQuoTiers: z.array(z.enum(TIERS)).max(TIERS.length).default(['supreme', 'diamond', 'gold', 'silver']).meta({ description: 'tiers offered the subsidy before the run (the status quo the competitor had matched)' }),
  subsidyMatch: num(0.5, 0, 2, 'share', 'share of our subsidy move away from the status quo, tier by tier, the competitor matches in the long run'),
  priceMatch: num(0.5, 0, 2, 'share', 'share of our price move (price index away from 1) the competitor matches in the long run'),
  adjustment: num(0.25, 0, 1, '1/month', 'share of the gap to its long-run response the competitor closes each month (partial adjustment)'),
  subsidyChurnEffect: num(0.001, 0, 1, 'log-hazard/CNY', 'log-hazard of our out-of-contract customers per CNY of the competitor\'s subsidy move to their tier'),
}, 'the competitor\'s response (reduced form)');


const diversion = group({
  targetShare: num(0.7, 0, 1, 'share', '分流目标: target share of queue-free transactions completed outside own stores'),
  floorGuide: num(0.15, 0, 1, 'probability', 'chance a floor guide (引导员) redirects a queue-free visitor to a kiosk or the app'),
  floorGuideStaffPerStore: num(1, 0, 20, 'person', 'floor guides per store while floorGuide > 0 (cost)'),
  kiosksPerStore: bounded(0, 50, 'kiosk', true).nullable().default(null).meta({ description: 'kiosks in every own store (null: keep each store\'s own)', unit: 'kiosk' }),
  appIncentiveCny: num(1, 0, 100, 'CNY', 'discount or credit per transaction done in the app or web hall'),
  pointsPerEChannel: num(0.5, 0, 100, 'CNY', 'loyalty points (cash value) per transaction in an electronic channel'),
  campaignP: num(0.002, 0, 1, '1/month', 'extra Bass innovation from app campaigns'),
}, 'lever 1: diversion (分流)');

const subsidy = group({
  handset: perKey(HANDSET_BANDS, { basic: 100, mid: 300, high: 600 }, 0, 10_000, 'CNY', 'handset subsidy per device by band (补贴)'),
  eligibleTiers: z.array(z.enum(TIERS)).max(TIERS.length).default(['supreme', 'diamond', 'gold', 'silver', 'ordinary']).meta({ description: 'tiers that receive the subsidy (seed 000: aim at mid/high value)' }),
  minMonthlySpend: num(0, 0, 10_000, 'CNY/month', 'minimum monthly spend during a subsidised contract (每月最低消费, seed 000): spend below it is raised to it while the contract runs'),
  contractMonths: int(12, 0, 36, 'month', 'months a subsidised handset binds the customer (合约期)'),
}, 'lever 2a: handset subsidy (补贴)');

const commission = group({
  perNewLine: perKey(['ownStore', 'partner', 'web', 'app', 'accountManager'] as const, { ownStore: 0, partner: 60, web: 0, app: 0, accountManager: 30 }, 0, 10_000, 'CNY', 'commission per new line by channel (酬金)'),
}, 'lever 2b: commission (酬金)');

const closures = group({
  outlets: z.array(z.string()).max(MAX_OUTLETS).default([]).meta({ description: 'ids of outlets closed from fromMonth on (网点关停)' }),
  fromMonth: int(1, 1, 240, 'month', 'first month the closures apply'),
}, 'lever 3: outlet closures (网点关停)');

const handoffs = group({
  o2oShare: num(0.4, 0, 1, 'share', 'share of handset purchases ordered online that are picked up in a store (O2O)'),
  pickupMin: num(4, 0, 60, 'min', 'counter time of a pick-up'),
}, 'hand-offs between channels');

const observed = group({
  file: z.string().min(1).optional().meta({ description: 'observed-figures CSV (metric,value[,weight][,holdOut]), relative to the scenario file; when loaded it fills figures' }),
  figures: z.array(z.object({
    metric: z.string().min(1).meta({ description: 'a KPI name, share:<channelId>, mix:<channelId>:<serviceId>[/*], outletClass:low|mid|high or <kpi>/<kpi>' }),
    value: bounded(-1e12, 1e12, 'the KPI\'s unit').meta({ description: 'observed value, in the KPI\'s unit' }),
    weight: bounded(0, 1e6, '').default(1).meta({ description: 'relative weight in a fit (0: reported, not fitted)' }),
    holdOut: z.boolean().optional().meta({ description: 'held out: not fitted, reported as an out-of-sample check of the fit' }),
  }).strict()).max(10_000).default([]).meta({ description: 'observed figures to calibrate against' }),
}, 'observed figures (calibration targets)');

const money = group({
  otherOpexShare: num(0, 0, 1, 'share', 'other channel costs as a share of revenue (not modelled explicitly)'),
}, 'money');

export const scenarioSchema = z.object({
  $schema: z.string().optional().meta({ description: 'path or URL of scenarios/schema.json' }),
  name: z.string().default('Untitled').meta({ description: 'scenario name' }),
  description: z.string().default('').meta({ description: 'what the scenario tests' }),
  simulation,
  region,
  outlets,
  stores,
  partners,
  hotline,
  accountManagers,
  routing,
  segments,
  services: z.array(service).min(1).max(MAX_SERVICES).prefault(DEFAULT_SERVICES).meta({ description: 'services customers need (业务)' }),
  channels,
  choice,
  adoption,
  satisfaction,
  churn,
  acquisition,
  competitor,
  levers: group({ diversion, subsidy, commission, closures }, 'the three levers'),
  handoffs,
  money,
  observed,
}).strict().superRefine(crossCheck);

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Service = Scenario['services'][number];
export type OutletSpec = z.infer<typeof outlet>;
export type DistrictSpec = z.infer<typeof district>;

/** Customer agents simulated, and how many subscribers each one stands for. */
export function agentsOf(s: Pick<Scenario, 'simulation'>): { agents: number; weight: number } {
  const agents = s.simulation.agents ?? s.simulation.customers;
  return { agents, weight: s.simulation.customers / agents };
}
