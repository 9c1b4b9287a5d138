/**
 * The scenario's field descriptions and units in Chinese, for the generated editor. The English
 * ones are the schema's own (`.meta({ description, unit })` in src/model/scenario.ts); here each
 * field is keyed by its generic path: list items and the keys of a per-key group (segments,
 * channels, tiers, handset bands…) are `*`, and `{1}`, `{2}` in a description stand for the
 * Chinese terms of those keys in order (segments.*.arpu → "年轻人：每用户月均收入"). A field may
 * also carry its own name where the key alone is ambiguous (simulation.agents are simulated
 * customers, hotline.agents are hotline agents). test/ui/fields.test.ts walks the whole schema:
 * a field without a Chinese description or unit here fails it.
 */
import type { Path } from '../lib/paths.ts';
import type { Locale } from './messages.ts';
import { fieldTerm, FIELD_TERMS } from './terms.ts';

interface FieldZh {
  /** description; {1}, {2}: the terms of the path's wildcard keys */
  d: string;
  /** the field's name where its key alone would name it wrongly */
  label?: { zh: string; en: string };
  /** unit, where the unit table's would read wrongly here */
  u?: string;
}

/** The documents in seeds/ that the defaults cite, by number: "seed 002" in the schema. */
export const SOURCES: Record<string, { zh: string; en: string }> = {
  '000': { zh: '《中国移动TD总体发展策略》', en: 'China Mobile, TD strategy' },
  '001': { zh: '《电信运营商的渠道一体化运营思路》', en: 'Integrated channel operations for telecom operators' },
  '002': { zh: '《中国联通3G服务战略与工作部署》', en: 'China Unicom, 3G service strategy' },
  '003': { zh: '《清远电子渠道培训教材》', en: 'Qingyuan e-channel training material' },
  '004': { zh: '《O2O服务体系研究汇报》（福建电信）', en: 'O2O service system study (Fujian Telecom)' },
};
const src = (n: keyof typeof SOURCES) => `依据${SOURCES[n].zh}`;

/** Units of the schema in Chinese (the schema's unit strings as keys). */
export const UNITS_ZH: Record<string, string> = {
  '': '',
  month: '月',
  'per month': '次/月',
  customer: '人',
  'persons (or weight)': '人（或权重）',
  agent: '个',
  run: '次',
  day: '天',
  km: '公里',
  'km²': '平方公里',
  'km/h': '公里/小时',
  '°': '度',
  district: '个',
  weight: '权重',
  min: '分钟',
  s: '秒',
  h: '小时',
  outlet: '个',
  store: '个',
  counter: '个',
  desk: '个',
  kiosk: '台',
  person: '人',
  visit: '次',
  factor: '倍数',
  ratio: '倍数',
  share: '占比',
  'share/month': '占比/月',
  probability: '概率',
  '0-1': '0–1',
  '-1..1': '−1–1',
  CNY: '元',
  'CNY/month': '元/月',
  'CNY per subscriber-month': '元/（用户·月）',
  '1/month': '每月',
  '1/CNY': '每元',
  points: '分',
  'points/min': '分/分钟',
  utility: '效用',
  'utility/min': '效用/分钟',
  'utility/CNY': '效用/元',
  'utility/ln(min)': '效用/ln(分钟)',
  'utility/ln(size)': '效用/ln(规模)',
  'logit/CNY': '对数几率/元',
  'log-hazard': '对数风险',
  'log-hazard/point': '对数风险/分',
  'log-hazard/CNY': '对数风险/元',
  'log-sd': '对数标准差',
  elasticity: '弹性',
};

/** Units whose English the schema writes tersely. */
const UNITS_EN: Record<string, string> = { '1/month': 'per month', '1/CNY': 'per CNY', '0-1': '0–1', '-1..1': '−1…1', customer: 'customers', person: 'persons' };

const seg = '{1}';
/** Chinese descriptions by generic path. */
export const FIELDS_ZH: Record<string, FieldZh> = {
  $schema: { d: '情景格式说明文件（scenarios/schema.json）的路径或网址' },
  name: { d: '情景名称' },
  description: { d: '情景要检验什么' },

  simulation: { d: '运行时长、用户规模与重复次数' },
  'simulation.months': { d: '模拟的月数' },
  'simulation.customers': { d: '期初区域内的用户数', label: { zh: '用户数', en: 'Subscribers' } },
  'simulation.agents': { d: '模拟的客户个体数（留空：每名用户一个）；个体少于用户时，每个个体代表“用户数 ÷ 个体数”名用户', label: { zh: '模拟客户数', en: 'Agents simulated' }, u: '个' },
  'simulation.replications': { d: '独立重复运行的次数，用于计算 95% 区间' },
  'simulation.seed': { d: '主随机种子；第 r 次重复使用（种子, r）这一随机数流' },
  'simulation.daysPerMonth': { d: '每月营业天数' },
  'simulation.diffusionSubsteps': { d: '每月 Bass 扩散的子步数（步长越小越贴近连续曲线）' },

  region: { d: '区域：平面上的各个片区' },
  'region.widthKm': { d: '生成区域的宽度' },
  'region.heightKm': { d: '生成区域的高度' },
  'region.cellKm': { d: '网格边长；同一格内的客户出行时间相同' },
  'region.generate': { d: '自动生成的片区（未给出片区列表时使用）' },
  'region.generate.urban': { d: '生成的城区片区数' },
  'region.generate.suburban': { d: '生成的近郊片区数' },
  'region.generate.rural': { d: '生成的乡镇片区数' },
  'region.generate.seed': { d: '生成地理布局的随机种子（各次重复相同）', label: { zh: '地理随机种子', en: 'Geography seed' } },
  'region.districts': { d: '明确给出的片区；不为空时取代自动生成的片区' },
  'region.districts.*.id': { d: '片区编号（唯一）' },
  'region.districts.*.name': { d: '显示名称' },
  'region.districts.*.type': { d: '城区、近郊或乡镇' },
  'region.districts.*.x': { d: '中心位置：区域原点以东的公里数' },
  'region.districts.*.y': { d: '中心位置：区域原点以北的公里数' },
  'region.districts.*.radiusKm': { d: '住户分布的半径' },
  'region.districts.*.population': { d: '相对人口权重' },
  'region.districts.*.lon': { d: '中心点经度（导入数据）' },
  'region.districts.*.lat': { d: '中心点纬度（导入数据）' },
  'region.districts.*.areaKm2': { d: '面积（导入数据）' },
  'region.districts.*.boundary': { d: '边界：以公里为单位的闭合环（奇偶规则：洞和飞地为另外的环）；人口均匀分布在边界内，而不是按半径分布' },
  'region.districts.*.segments': { d: '各客户群用户数（导入数据）' },
  'region.districts.*.tiers': { d: '各价值等级用户数（导入数据）' },
  'region.districts.*.extra': { d: '导入文件中模型未用到的列，原样保留（表头 → 文本）' },
  'region.districtsFile': { d: '片区数据文件，路径相对于情景文件：CSV（中心点、面积、人口）或 GeoJSON 多边形；读入后填写片区列表、区域宽高和投影' },
  'region.projection': { d: '经纬度如何换算为公里（读入数据文件时设定）' },
  'region.projection.kind': { d: '兰伯特等积方位投影' },
  'region.projection.lon0': { d: '中心经度' },
  'region.projection.lat0': { d: '中心纬度' },
  'region.projection.dxKm': { d: '投影后 X 坐标的平移量' },
  'region.projection.dyKm': { d: '投影后 Y 坐标（向北）的平移量' },
  'region.speedKmh': { d: '各类片区的出行速度' },
  'region.speedKmh.urban': { d: '城区门到门的出行速度' },
  'region.speedKmh.suburban': { d: '近郊的出行速度' },
  'region.speedKmh.rural': { d: '乡镇的出行速度' },
  'region.accessMin': { d: '到达任一网点的固定时间（停车、步行进店）' },
  'region.nearestOutlets': { d: '每个网格考虑的每类网点数（由近及远）' },

  outlets: { d: '自营厅与社会渠道网点' },
  'outlets.generate': { d: '自动生成的网点（未给出网点列表时使用）' },
  'outlets.generate.ownStores': { d: '生成的自营厅数（按人口抽取片区，城区权重加倍）' },
  'outlets.generate.partners': { d: '生成的社会渠道网点数（按人口分布）' },
  'outlets.list': { d: '明确给出的网点；不为空时取代自动生成的网点' },
  'outlets.list.*.id': { d: '网点编号（唯一）' },
  'outlets.list.*.name': { d: '显示名称' },
  'outlets.list.*.kind': { d: '自营厅或社会渠道网点' },
  'outlets.list.*.x': { d: '向东的公里数' },
  'outlets.list.*.y': { d: '向北的公里数' },
  'outlets.list.*.counters': { d: '服务柜台数（自营厅）或销售台数（社会渠道）' },
  'outlets.list.*.kiosks': { d: '厅内自助终端数（自营厅）' },
  'outlets.list.*.openHours': { d: '每天营业时长' },
  'outlets.list.*.rentMonthly': { d: '租金与维护费' },
  'outlets.list.*.staff': { d: '员工人数' },
  'outlets.list.*.attractiveness': { d: 'Huff 吸引力倍数（品牌、规模）' },
  'outlets.list.*.lon': { d: '经度（导入数据）' },
  'outlets.list.*.lat': { d: '纬度（导入数据）' },
  'outlets.list.*.services': { d: '网点可办业务的编号；不填：其渠道能办的全部业务' },
  'outlets.list.*.extra': { d: '导入文件中模型未用到的列，原样保留（表头 → 文本）' },
  'outlets.file': { d: '网点 CSV 文件，路径相对于情景文件（UTF-8 或 GBK；见 scenarios/templates/README.md）；读入后填写网点列表' },

  stores: { d: '自营厅' },
  'stores.counters': { d: '生成的自营厅的柜台数' },
  'stores.kiosks': { d: '生成的自营厅的自助终端数' },
  'stores.openHours': { d: '每天营业时长' },
  'stores.rentMonthly': { d: '生成的自营厅的租金与维护费' },
  'stores.staffPerCounter': { d: '每个柜台配备的员工（含轮班、厅堂人员）' },
  'stores.staffCostMonthly': { d: '一名营业员的成本' },
  'stores.kioskCostMonthly': { d: '一台自助终端的租赁与维护费' },
  'stores.patienceMeanMin': { d: '客户离队前的平均排队耐心（指数分布）' },
  'stores.peakiness': { d: '一天中午间到店高峰的幅度' },
  'stores.staffing': { d: '柜台排班' },
  'stores.staffing.followDemand': { d: '开放柜台数按各营业厅近期的业务量逐月调整（否：所有柜台全时开放）' },
  'stores.staffing.meanWaitMin': { d: '排班使当月业务量下的平均等候不超过此值（按排队论的埃尔朗公式计算）' },
  'stores.staffing.minCounters': { d: '营业中的自营厅至少开放的柜台数' },
  'stores.staffing.stepPerMonth': { d: '一个自营厅一个月内最多增开或减少的柜台数（排班滞后）' },

  partners: { d: '社会渠道网点' },
  'partners.desks': { d: '生成的社会渠道网点的销售台数' },
  'partners.fixedCostMonthly': { d: '网点数据未给租金和人员时，社会渠道网点自身的月成本：存续门槛' },
  'partners.serviceFee': { d: '每代办一笔业务的酬金（代办酬金）' },
  'partners.handsetMargin': { d: '社会渠道每售一部终端的毛利' },
  'partners.exitMonths': { d: '平滑利润亏掉全部固定成本的网点平均经过此月数退出（每月风险为其倒数），亏损越小退出越少（0：从不退出）' },
  'partners.ownTradeMonthly': { d: '社会渠道自营生意（其他商品、非补贴手机、充值卡）毛利的中位数，各网点间呈对数正态分布' },
  'partners.ownTradeSpread': { d: '各网点自营生意毛利的离散程度（其对数的标准差）' },
  'partners.effortElasticity': { d: '网点销量对其销售投入的弹性；网点按利润最大化决定投入，故其销售吸引力随每单毛利的 ε/(1 − ε) 次方变化（ε 为此弹性）' },
  'partners.entryRate': { d: '候选网点处预期利润等于其固定成本时每月开业的风险，预期利润越小风险按比例越小（0：无新网点）；默认值使默认城市首月之后的预期开业数与退出数相等' },
  'partners.latentSites': { d: '随区域生成、期初未开业的候选社会渠道网点数，社会渠道可在此开业' },
  'partners.sizeSpread': { d: '生成的社会渠道网点及候选网点规模（吸引力，均值为 1 的对数正态）的离散程度：其对数的标准差；0 表示规模相同' },

  hotline: { d: '人工热线' },
  'hotline.agents': { d: '服务时段内值班的座席数', label: { zh: '座席数', en: 'Agents' }, u: '个' },
  'hotline.ahtMin': { d: '一通电话的平均处理时长（指数分布）' },
  'hotline.hoursPerDay': { d: '每天人工服务时长' },
  'hotline.patienceMeanSec': { d: '来电者挂断前的平均等待耐心（指数分布）' },
  'hotline.peakiness': { d: '服务时段内午间来电高峰的幅度' },
  'hotline.answerWithinSec': { d: `服务水平的接通时限（${src('002')}：20 秒）` },
  'hotline.targetServiceLevel': { d: `服务水平目标（${src('002')}：85%）` },
  'hotline.agentCostMonthly': { d: '一个座席岗位的成本' },
  'hotline.sensitiveReferralShare': { d: '敏感业务需求中先拨打热线、再转到营业厅的比例' },

  accountManagers: { d: '客户经理' },
  'accountManagers.managers': { d: '覆盖本区域的客户经理人数' },
  'accountManagers.visitsPerManagerMonth': { d: '一名客户经理每月能处理的业务笔数' },
  'accountManagers.costMonthly': { d: '一名客户经理的成本' },
  'accountManagers.eligibleTiers': { d: `享有客户经理服务的客户等级，不论客户群（VIP 客户经理，${src('002')}）` },
  'accountManagers.eligibleSegments': { d: `不论等级均享有客户经理服务的客户群（大型政企一对一，${src('004')}）` },
  'accountManagers.proactiveClasses': { d: '客户经理在客户自选渠道之前主动办理的业务类，以其能力为限（主动客户经营）' },

  segments: { d: '客户群' },
  'segments.*': { d: `客户群：${seg}` },
  'segments.*.share': { d: `${seg}：占用户的比例` },
  'segments.*.arpu': { d: `${seg}：每用户月均收入（ARPU）` },
  'segments.*.literacy': { d: `${seg}：期初平均数字素养` },
  'segments.*.appAdopted': { d: `${seg}：期初已使用掌上营业厅的比例（Bass F(0)）` },
  'segments.*.tierMix': { d: `${seg}：价值等级构成` },
  'segments.*.tierMix.*': { d: `${seg}：{2}客户的比例` },

  services: { d: '客户需要办理的业务' },
  'services.*.id': { d: '业务编号（唯一）' },
  'services.*.name': { d: '显示名称（中文 / 英文）' },
  'services.*.class': { d: `按价值与风险划分的业务类别（${src('001')}）` },
  'services.*.queueFree': { d: '免排队业务：可从柜台分流' },
  'services.*.counterMin': { d: '在营业厅柜台办理的平均时长' },
  'services.*.complexity': { d: '自助办理的难度（0 很简单，1 需要专人）' },
  'services.*.channels': { d: '可办理该业务的渠道' },
  'services.*.incidence': { d: '各客户群每名客户每月的需求次数' },
  'services.*.handset': { d: '涉及终端交付（适用终端补贴）' },

  channels: { d: '各渠道的选择与成本参数' },
  'channels.*': { d: `渠道：${seg}` },
  'channels.*.asc': { d: `${seg}：渠道固有偏好（备选方案常数）` },
  'channels.*.digitalness': { d: `${seg}：所需的数字技能程度` },
  'channels.*.learningCost': { d: `${seg}：尚不熟悉该渠道的客户的负效用` },
  'channels.*.costPerTransaction': { d: `${seg}：每笔业务的边际成本` },
  'channels.*.fixedMonthly': { d: `${seg}：平台或固定成本` },
  'channels.*.platformPerSubscriberMonth': { d: `${seg}：按在网用户与月份分摊的共享平台成本（全省平台由各地市分担）` },

  choice: { d: '渠道选择（多项 Logit）系数' },
  'choice.travelExponent': { d: '出行时间的 Huff 距离衰减指数 λ' },
  'choice.attractivenessExponent': { d: '网点规模（柜台或销售台数）的 Huff 指数 α' },
  'choice.waitPerMin': { d: '预期等候每分钟的负效用' },
  'choice.digital': { d: '数字素养 × 渠道数字化程度的权重' },
  'choice.habit': { d: '对渠道熟悉程度（习惯）的权重' },
  'choice.moneyPerCny': { d: '现金等价优惠的权重' },
  'choice.complexityPenalty': { d: '业务复杂度 × 数字化程度的负效用（难事自助）' },
  'choice.tierEntitlement': { d: '高于金卡的每一等级在自营厅（VIP 柜台）获得的加分：钻石 1 级，至尊 2 级' },
  'choice.selfServiceFailure': { d: '自助办理失败的概率为：此值 × 复杂度 × (1 − 数字素养)；失败后客户重新选择渠道或放弃' },
  'choice.abandonAfterFailure': { d: '自助失败后放弃而不是重新选择渠道的概率' },
  'choice.directCapacityStrictness': { d: '客户经理服务能力对可及性的约束强度' },

  adoption: { d: '数字化采纳与使用习惯（Bass 1969）' },
  'adoption.p': { d: 'Bass 创新系数（推广活动）；Sultan、Farley 与 Lehmann（1990）的均值约为每年 0.03' },
  'adoption.q': { d: 'Bass 模仿系数（同伴影响）；Sultan、Farley 与 Lehmann（1990）的均值约为每年 0.38' },
  'adoption.peerScope': { d: '同伴按本片区还是全区域计算' },
  'adoption.literacyGain': { d: '每使用一次电子渠道增长的数字素养（趋向 1）' },
  'adoption.familiarityGain': { d: '每使用一次增长的熟悉度（趋向 1）' },
  'adoption.familiarityDecay': { d: '每月流失的熟悉度比例' },

  satisfaction: { d: '满意度（0–100）' },
  'satisfaction.initial': { d: '期初满意度' },
  'satisfaction.smoothing': { d: '一次新体验在滚动得分中的权重' },
  'satisfaction.waitPenaltyPerMin': { d: '每等候一分钟扣的分数' },
  'satisfaction.travelPenaltyPerMin': { d: '每出行一分钟扣的分数' },
  'satisfaction.failurePenalty': { d: '需求未办成而放弃时扣除的体验分（按平滑权重计入）' },
  'satisfaction.goodExperience': { d: '顺利办理一笔业务的体验得分' },

  churn: { d: '离网风险' },
  'churn.baseMonthly': { d: '满意度处于参考值时客户的月离网风险' },
  'churn.referenceSatisfaction': { d: '基础离网风险所对应的满意度' },
  'churn.satisfactionEffect': { d: '满意度每低于参考值一分，对数风险的变化' },
  'churn.priceIndex': { d: '我方价格相对竞争对手的比值（1 为持平）' },
  'churn.priceEffect': { d: '价格指数每高于 1 一个单位增加的对数风险' },
  'churn.networkQuality': { d: `网络质量相对竞争对手的优劣（${src('002')}：离网的主要原因）` },
  'churn.networkEffect': { d: '网络每落后一个单位增加的对数风险' },
  'churn.closureEffect': { d: '常去的营业厅关停后 6 个月内额外增加的对数风险' },
  'churn.tierFactor': { d: '各价值等级的离网风险倍数' },
  'churn.tierFactor.*': { d: `离网风险倍数：${seg}客户` },
  'churn.tenureHalfLifeMonths': { d: '新用户额外风险减半所需的在网时长：系数 0.6 + 0.8·2^(−在网时长/此值)' },
  'churn.closureTravelRefMin': { d: '关停后到最近的同类网点多出的出行时间达到此值时，关停的离网影响取满值' },
  'churn.prepaidShare': { d: '各客户群中预付费（而非后付费）用户的比例' },
  'churn.prepaidShare.*': { d: `预付费用户比例：${seg}` },
  'churn.prepaidFactor': { d: '不在合约期内的预付费用户的离网风险倍数' },
  'churn.contractFactor': { d: '合约期内（补贴购机或挽留续约）的离网风险倍数' },
  'churn.contractEndFactor': { d: '合约刚到期后几个月的离网风险倍数' },
  'churn.contractEndMonths': { d: '合约到期后按到期倍数计算离网风险的月数' },
  'churn.retentionMonths': { d: '完成一次挽留业务后续约的月数（不附最低消费）' },

  acquisition: { d: '新用户入网' },
  'acquisition.counterMin': { d: '在营业厅办理一笔新入网的平均柜台时长' },
  'acquisition.marketMonthly': { d: '每月市场上的潜在客户，占期初用户的比例' },
  'acquisition.baseWinShare': { d: '在参考补贴与酬金下赢得潜在客户的比例' },
  'acquisition.referenceSubsidy': { d: '基础获客比例所对应的终端补贴' },
  'acquisition.subsidyPerCny': { d: '补贴每高于参考值一元，获客比例的对数几率变化' },
  'acquisition.referenceCommission': { d: '基础获客比例所对应的社会渠道每新增用户酬金' },
  'acquisition.commissionPerCny': { d: '社会渠道酬金每高于参考值一元，获客比例的对数几率变化（网点推得更卖力）' },
  'acquisition.handsetShare': { d: '参考补贴下新用户同时购机的比例' },
  'acquisition.handsetPerCny': { d: '补贴每高于参考值一元，购机比例的对数几率变化' },
  'acquisition.upgradePerCny': { d: '补贴每高于参考值一元，购机需求的相对变化' },
  'acquisition.nestScale': { d: '潜在客户可到达的各销售渠道的对数和在其对我方效用中的权重（嵌套 Logit；1：不嵌套）' },
  'acquisition.lockInCnyMonthly': { d: '合约每约束一个月，客户放弃的转网自由折合的金额' },

  competitor: { d: '竞争对手的反应（简化形式）' },
  'competitor.statusQuoHandset': { d: '运行前我方各档终端补贴，对手已跟进；某档补贴高于或低于此值即在该档引发其反应' },
  'competitor.statusQuoHandset.*': { d: `${seg}：运行前我方该档的终端补贴` },
  'competitor.statusQuoTiers': { d: '运行前享受补贴的客户等级（对手已跟进的现状）' },
  'competitor.subsidyMatch': { d: '我方补贴偏离现状的部分（逐等级），对手长期跟进的比例' },
  'competitor.priceMatch': { d: '我方价格变动（价格指数偏离 1 的部分），对手长期跟进的比例' },
  'competitor.adjustment': { d: '对手每月弥合与其长期反应之间差距的比例（部分调整）' },
  'competitor.subsidyChurnEffect': { d: '对手对某等级的补贴每变动一元，我方该等级不在合约期内用户的离网对数风险变化' },

  levers: { d: '三大杠杆' },
  'levers.diversion': { d: '杠杆一：分流' },
  'levers.diversion.targetShare': { d: '分流目标：免排队业务在自营厅柜台之外完成的目标占比；规划工具以它为默认目标，分流率图画出目标线' },
  'levers.diversion.floorGuide': { d: '引导员把办理免排队业务的到店客户引导到自助终端或掌上营业厅的概率' },
  'levers.diversion.floorGuideStaffPerStore': { d: '启用引导员时每厅的引导员人数（计入成本）' },
  'levers.diversion.kiosksPerStore': { d: '每个自营厅的自助终端数（留空：各厅保持原有数量）' },
  'levers.diversion.appIncentiveCny': { d: '在掌上营业厅或网上营业厅办理每笔业务的优惠或赠送话费' },
  'levers.diversion.pointsPerEChannel': { d: '在电子渠道办理每笔业务赠送的积分（折合现金）' },
  'levers.diversion.campaignP': { d: '掌上营业厅推广活动带来的额外 Bass 创新系数' },
  'levers.subsidy': { d: '杠杆二（甲）：终端补贴' },
  'levers.subsidy.handset': { d: '按档次的每部终端补贴' },
  'levers.subsidy.handset.*': { d: `每部终端补贴：${seg}` },
  'levers.subsidy.eligibleTiers': { d: `享受补贴的客户等级（${src('000')}：面向中高价值客户）` },
  'levers.subsidy.minMonthlySpend': { d: '补贴附带的最低月消费（提高受补贴用户的 ARPU）' },
  'levers.subsidy.contractMonths': { d: '补贴购机约束客户的月数（合约期）' },
  'levers.commission': { d: '杠杆二（乙）：酬金' },
  'levers.commission.perNewLine': { d: '按渠道的每新增用户酬金' },
  'levers.commission.perNewLine.*': { d: `每新增用户酬金：${seg}` },
  'levers.closures': { d: '杠杆三：网点关停' },
  'levers.closures.outlets': { d: '自起始月起关停的网点编号' },
  'levers.closures.fromMonth': { d: '关停生效的第一个月' },

  handoffs: { d: '渠道之间的转交' },
  'handoffs.o2oShare': { d: '线上订购终端后到厅自提的比例（O2O）' },
  'handoffs.pickupMin': { d: '一次自提的柜台时长' },

  money: { d: '财务' },
  'money.otherOpexShare': { d: '其他渠道成本占收入的比例（模型未单独计算的部分）' },

  routing: { d: '渠道分工：绿色通道、客户引导与各业务类可用的渠道' },
  'routing.vipTiers': { d: `进入绿色通道的客户等级：在营业厅柜台和热线优先服务（${src('002')}）` },
  'routing.storePriority': { d: '营业厅柜台优先叫号绿色通道客户（非抢占式优先）' },
  'routing.hotlinePriority': { d: '热线优先接入绿色通道客户（非抢占式优先）' },
  'routing.steeredTiers': { d: `引导到各业务类引导渠道的低价值客户等级（${src('001')}：低价值客户引导至社会渠道与电子渠道）` },
  'routing.steerUtility': { d: '被引导客户选用可办理但非引导渠道时的负效用（0：不引导）' },
  'routing.classes': { d: `各业务类的渠道分工（${src('001')}的六类业务）` },
  'routing.classes.sales': { d: '销售型业务的渠道分工' },
  'routing.classes.sales.allowed': { d: '销售型业务：可办理的渠道（与各业务自身的渠道取交集）' },
  'routing.classes.sales.preferred': { d: '销售型业务：被引导等级的客户所引导到的渠道；其他可办理渠道对其有引导负效用' },
  'routing.classes.strategic': { d: '战略型业务的渠道分工' },
  'routing.classes.strategic.allowed': { d: '战略型业务：可办理的渠道（与各业务自身的渠道取交集）' },
  'routing.classes.strategic.preferred': { d: '战略型业务：被引导等级的客户所引导到的渠道；其他可办理渠道对其有引导负效用' },
  'routing.classes.incentive': { d: '激励型业务的渠道分工' },
  'routing.classes.incentive.allowed': { d: '激励型业务：可办理的渠道（与各业务自身的渠道取交集）' },
  'routing.classes.incentive.preferred': { d: '激励型业务：被引导等级的客户所引导到的渠道；其他可办理渠道对其有引导负效用' },
  'routing.classes.retention': { d: '挽留型业务的渠道分工' },
  'routing.classes.retention.allowed': { d: '挽留型业务：可办理的渠道（与各业务自身的渠道取交集）' },
  'routing.classes.retention.preferred': { d: '挽留型业务：被引导等级的客户所引导到的渠道；其他可办理渠道对其有引导负效用' },
  'routing.classes.service': { d: '服务型业务的渠道分工' },
  'routing.classes.service.allowed': { d: '服务型业务：可办理的渠道（与各业务自身的渠道取交集）' },
  'routing.classes.service.preferred': { d: '服务型业务：被引导等级的客户所引导到的渠道；其他可办理渠道对其有引导负效用' },
  'routing.classes.sensitive': { d: '敏感型业务的渠道分工' },
  'routing.classes.sensitive.allowed': { d: '敏感型业务：可办理的渠道（与各业务自身的渠道取交集）' },
  'routing.classes.sensitive.preferred': { d: '敏感型业务：被引导等级的客户所引导到的渠道；其他可办理渠道对其有引导负效用' },

  observed: { d: '观测值（校准目标）' },
  'observed.file': { d: '观测值 CSV（metric,value[,weight][,holdOut]），路径相对于情景文件；读入后填写观测值列表' },
  'observed.figures': { d: '用于校准的观测值' },
  'observed.figures.*.metric': { d: '指标名、share:<渠道>、mix:<渠道>:<业务>[/*]、outletClass:low|mid|high 或 <指标>/<指标>' },
  'observed.figures.*.value': { d: '观测值，与指标单位相同' },
  'observed.figures.*.weight': { d: '拟合中的相对权重（0：只报告，不拟合）' },
  'observed.figures.*.holdOut': { d: '留出：不参与拟合，作为拟合结果的样本外检验报告' },
};

/** Generic paths whose children are the keys of a fixed vocabulary, each child a `*`. */
const PER_KEY = new Set([
  'segments', 'channels', 'segments.*.tierMix', 'churn.tierFactor', 'churn.prepaidShare', 'levers.subsidy.handset', 'competitor.statusQuoHandset',
  'levers.commission.perNewLine', 'services.*.incidence', 'region.districts.*.segments', 'region.districts.*.tiers',
]);

/** The generic path of a field and the keys its wildcards stand for (list indices are not keys). */
export function genericPath(path: Path): { path: string; keys: string[] } {
  const out: string[] = [];
  const keys: string[] = [];
  for (const step of path) {
    if (typeof step === 'number') out.push('*');
    else if (PER_KEY.has(out.join('.'))) {
      out.push('*');
      keys.push(step);
    } else out.push(step);
  }
  return { path: out.join('.'), keys };
}

/**
 * A field's description in the locale: the Chinese catalogue's in Chinese (null when it has
 * none), the schema's in English with its sources named and "null" said as "empty".
 */
export function fieldDescription(path: Path, english: string, locale: Locale): string | null {
  if (locale === 'en') return englishDescription(english);
  const g = genericPath(path);
  const entry = FIELDS_ZH[g.path];
  if (!entry) return null;
  return entry.d.replace(/\{(\d)\}/g, (m, i: string) => {
    const key = g.keys[Number(i) - 1];
    return key === undefined ? m : FIELD_TERMS[key]?.zh ?? key;
  });
}

/** A unit in the locale (Chinese from the field's own unit or the table; null when neither has it). */
export function unitLabel(path: Path, unit: string, locale: Locale): string | null {
  if (locale === 'en') return UNITS_EN[unit] ?? unit;
  return FIELDS_ZH[genericPath(path).path]?.u ?? UNITS_ZH[unit] ?? null;
}

/** A field's name: its own where the catalogue gives one, else its key's term. */
export function fieldName(path: Path, key: string, locale: Locale): { primary: string; secondary: string } {
  const own = FIELDS_ZH[genericPath(path).path]?.label;
  if (!own) return fieldTerm(key, locale);
  return locale === 'zh-CN' ? { primary: own.zh, secondary: own.en } : { primary: own.en, secondary: own.zh };
}

/** The schema's English, for people: "seed 002" as its source, "null" as "empty". */
export function englishDescription(text: string): string {
  return text
    .replace(/\bseed (00\d)\b/g, (m, n: string) => (SOURCES[n] ? `source: ${SOURCES[n].en}` : m))
    .replace(/\bnull\b/g, 'empty');
}
