/**
 * Problems of the experiment layer (src/experiment/errors.ts) as sentences for planners, in
 * Simplified Chinese and English: built from the problem's code and values, the scenario path
 * named by its lever's label where the planning tools know the lever, the input by its name here.
 * Never an option of the command line, never the layer's own English.
 */
import {
  ExperimentError, type ExperimentParameter, type ExperimentProblem, type ProblemCode, type ProblemValues,
} from '../../experiment/index.ts';
import { KPI_META, type KpiName } from '../../model/index.ts';
import { leverOfPath } from '../lib/leverCatalogue.ts';
import { formatKpi, formatKpiDelta, formatList, formatNumber, formatPercent } from './format.ts';
import { translate, type Locale } from './messages.ts';
import { formatLever } from './planningFormat.ts';
import { scenarioProblemText } from './scenarioProblems.ts';

/** What a sentence is built with: the subject's name and formatters for the locale. */
interface Words {
  /** the path's lever label or the path itself; without a path, the input's name */
  subject: string;
  /** a lever's name (its label where known, else the path) */
  lever: (path: string) => string;
  /** a plain number */
  n: (x: number) => string;
  /** a level of the problem's lever, in its unit where the lever is known */
  level: (x: number, path?: string) => string;
  money: (x: number) => string;
  share: (x: number) => string;
  kpi: (k: KpiName) => string;
  kpiValue: (x: number, k: KpiName) => string;
  list: (xs: readonly (string | number)[]) => string;
  bytes: (b: number) => string;
  /** why the scenario refuses a value, in the locale where its problem has a code */
  reason: (v: ProblemValues['refused']) => string;
}

type Sentences = { [C in ProblemCode]: (v: ProblemValues[C], w: Words) => string };

/** The names of the experiment's inputs, for problems without a scenario path. */
export const PARAMETER_NAMES: Record<Locale, Record<ExperimentParameter, string>> = {
  'zh-CN': {
    scenario: '场景', vary: '调整的杠杆', target: '目标', steps: '水平数', maximise: '优化指标', budget: '预算',
    exitMonths: '社会渠道退出月数', storeP90Min: '厅店等候 P90 目标', saving: '节省目标', close: '关停网点数',
    maxChurnIncrease: '离网率增幅上限', maxBeyondMin: '超出出行时间的客户占比上限', travelLimitMin: '出行时间上限',
    maxEvaluations: '最多评估次数', warmUpMonths: '预热月数', set: '参数网格', samples: '样本数', range: '参数范围', param: '扰动参数', kpi: '指标',
    fit: '拟合参数', observed: '观测值', workers: '计算线程数', customers: '客户数', queue: '队列', attach: '实验编号', threads: '每次重复的线程数',
  },
  en: {
    scenario: 'Scenario', vary: 'Lever varied', target: 'Target', steps: 'Levels', maximise: 'Figure to maximise', budget: 'Budget',
    exitMonths: 'Partner exit months', storeP90Min: 'p90 store wait target', saving: 'Saving target', close: 'Outlets to close',
    maxChurnIncrease: 'Max. churn increase', maxBeyondMin: 'Max. share beyond the travel limit', travelLimitMin: 'Travel limit',
    maxEvaluations: 'Max. evaluations', warmUpMonths: 'Warm-up months', set: 'Grid', samples: 'Samples', range: 'Range', param: 'Parameter perturbed', kpi: 'Figure',
    fit: 'Parameters to fit', observed: 'Observed figures', workers: 'Workers', customers: 'Customers', queue: 'Queue', attach: 'Experiment id', threads: 'Threads per replication',
  },
};

const ZH_OP = { '>=': '不小于', '<=': '不大于' } as const;
const EN_OP = { '>=': 'at least', '<=': 'at most' } as const;
const ZH_TYPE: Record<string, string> = { string: '文本', boolean: '是/否' };

/** One sentence per kind of problem and locale. */
export const PROBLEM_SENTENCES: Record<Locale, Sentences> = {
  'zh-CN': {
    badPath: (v) => `参数路径应以点分隔，如 levers.diversion.floorGuide，实为“${v.given}”。`,
    unknownIndex: (v, w) => `「${w.subject}」不存在：${v.at || '场景'}是含 ${v.size} 项的列表，序号应为 0 至 ${v.size - 1}，实为“${v.step}”。`,
    unknownField: (v, w) => `「${w.subject}」不存在：${v.at || '场景'}下没有“${v.step}”${v.fields.length ? `，可选：${w.list(v.fields)}` : ''}。`,
    notAValue: (v, w) => `「${w.subject}」是${v.kind === 'list' ? '一个列表' : '一组参数'}，不是单个数值：请指定其中一个字段。`,
    notANumber: (v, w) => `「${w.subject}」应为数字，实为“${v.given}”。`,
    notAnInteger: (v, w) => `「${w.subject}」应为整数，实为“${v.given}”。`,
    notABoolean: (v, w) => `「${w.subject}」应为是或否，实为“${v.given}”。`,
    notAllowed: (v, w) => `「${w.subject}」应为以下之一：${w.list(v.allowed)}，实为“${v.given}”。`,
    outOfRange: (v, w) => `「${w.subject}」应${ZH_OP[v.op]} ${w.level(v.bound)}，实为 ${w.level(v.value)}。`,
    refused: (v, w) => `「${w.subject}」取 ${v.value} 时，场景校验未通过：${w.reason(v)}。`,
    notNumeric: (v, w) => `「${w.subject}」不是数值参数（而是${ZH_TYPE[v.type] ?? v.type}），无法在范围内调整。`,
    rangeOrder: (v, w) => `「${w.subject}」的范围应满足下限小于上限，实为 ${w.level(v.lo)} 至 ${w.level(v.hi)}。`,
    rangeIntegers: (v, w) => `「${w.subject}」是整数参数，范围 ${w.n(v.lo)} 至 ${w.n(v.hi)} 内至少应包含两个整数。`,
    integerRange: (v, w) => `「${w.subject}」应为${v.max === null ? `不小于 ${w.n(v.min)} 的整数` : ` ${w.n(v.min)} 至 ${w.n(v.max)} 之间的整数`}，实为 ${w.n(v.value)}。`,
    notPositive: (v, w) => `「${w.subject}」应大于 0，实为 ${w.n(v.value)}。`,
    negative: (v, w) => `「${w.subject}」不能为负数，实为 ${w.n(v.value)}。`,
    shareRange: (v, w) => `「${w.subject}」应为 0 至 1 之间的比例，实为 ${w.n(v.value)}。`,
    required: (_v, w) => `「${w.subject}」至少需要一项。`,
    duplicate: (_v, w) => `「${w.subject}」给了两次：每个参数只能给一次。`,
    unknownKpi: (v, w) => `「${w.subject}」：没有名为“${v.given}”的指标。`,
    targetOutOfReach: (v, w) => `在${w.lever(v.path)}的范围 ${w.level(v.lo, v.path)} 至 ${w.level(v.hi, v.path)} 内，${w.kpi(v.kpi)}只能达到 ${w.kpiValue(v.min, v.kpi)} 至 ${w.kpiValue(v.max, v.kpi)}（${v.replications} 次重复的均值），目标 ${w.kpiValue(v.target, v.kpi)} 无法达到。`,
    noData: (v, w) => `${w.kpi(v.kpi)}在${w.lever(v.path)}取 ${v.at.map((x) => w.level(x, v.path)).join('、')} 时没有数据（没有一个月有它所衡量的业务、来电、到店或在网客户），无法寻找目标值。`,
    budgetTooSmall: (v, w) => `在${w.lever(v.path)}的范围 ${w.level(v.lo, v.path)} 至 ${w.level(v.hi, v.path)} 内，每个水平的支出都超过预算 ${w.money(v.budget)}：最低为 ${w.money(v.least)}（取 ${w.level(v.at, v.path)} 时）。`,
    afterLastMonth: (v) => `网点关停从第 ${v.month} 个月开始，晚于模拟的最后一个月（第 ${v.months} 个月），关停不会生效。`,
    savingOrClose: (v) => `请给出节省目标或关停网点数，二者选其一（现在${v.given === 'both' ? '两者都给了' : '都没有给'}）。`,
    alreadyExceeded: (v, w) => `关停之前已有 ${w.share(v.share)} 的客户距最近的自营厅超过 ${w.n(v.limitMin)} 分钟，超过上限 ${w.share(v.limit)}。`,
    shortlistTooShort: (v) => `只有 ${v.available} 个网点${v.travel ? '在出行时间上限内' : ''}符合候选条件，少于要关停的 ${v.count} 个：请增加候选数或减少关停数。`,
    nothingToClose: (v) => `没有${v.travel ? '在出行时间上限内' : ''}可以关停的自营厅。`,
    savingOutOfReach: (v, w) => `节省目标 ${w.money(v.saving)} 无法达到：关停全部 ${v.shortlist} 个候选自营厅${v.limited ? '（在限制条件内）' : ''}约可节省 ${w.money(v.reached)}。请降低目标或增加候选数。`,
    limitBlocksSaving: (v, w) => `在「${w.subject}」为 ${w.n(v.limit)} 的限制下，任何关停组合都节省不到 ${w.money(v.saving)}：限制内的关停约可节省 ${w.money(v.reached)}。`,
    limitBlocksCount: (v, w) => `在「${w.subject}」为 ${w.n(v.limit)} 的限制下，候选的 ${v.shortlist} 个网点中找不到 ${v.count} 个可以同时关停的网点。`,
    noFeasibleSet: (v, w) => `没有找到满足「${w.subject}」（${w.n(v.limit)}）的关停组合：找到的最佳组合（${w.list(v.ids)}）节省 ${w.money(v.saving)}，收入损失 ${w.money(v.loss)}，离网率每月变化 ${formatKpiDelta(v.churn, 'share', 'zh-CN')}。`,
    gridOrLatin: (v) => `请给出参数网格或拉丁超立方抽样，二者选其一（现在${v.given === 'both' ? '两者都给了' : '都没有给'}）。`,
    tooManyPoints: (v, w) => `参数网格共有 ${w.n(v.count)} 个点，超过上限 ${w.n(v.max)}：请改用拉丁超立方抽样。`,
    noStartValue: (_v, w) => `「${w.subject}」在此场景中没有可作为起点的数值。`,
    notContinuous: (v, w) => `「${w.subject}」：${v.leaf} 是整数参数，校准只能拟合连续数值（例如 hotline.ahtMin，而不是 hotline.agents）。`,
    noRoom: (v, w) => `「${w.subject}」的取值范围 [${w.n(v.min)}, ${w.n(v.max)}] 没有可调整的余地。`,
    fitOverlap: (v, w) => `「${w.subject}」同时由 ${v.by} 和 ${v.and} 设定：每个数值只能由一个拟合参数设定。`,
    noDefaultFit: (v, w) => `${w.list(v.metrics)} 没有默认的拟合参数：请指定要拟合的参数。`,
    unknownService: (v, w) => `「${w.subject}」：没有编号为“${v.given}”的业务，可选：${w.list(v.known)}。`,
    notAGroup: (v, w) => `「${w.subject}」：${v.group || '（空）'}不是一组参数；以 .* 结尾的路径表示一组参数，例如 services.dataService.incidence.*。`,
    emptyGroup: (v, w) => `「${w.subject}」：${v.group} 下没有可以缩放的非零数值。`,
    noWeight: () => '没有可拟合的观测值：需要至少一个权重为正且未留出检验的观测值。',
    tooManyInFlight: (v, w) => `内存不足：${w.n(v.customers)} 个客户 × ${v.inFlight} 个同时运行的重复约需 ${w.bytes(v.needBytes)}，超过上限 ${w.bytes(v.limitBytes)}（每个客户 ${v.customerBytes} 字节，每个计算线程 ${w.bytes(v.workerBytes)}）；最多可同时运行 ${v.fits} 个。`,
    tooManyCustomers: (v, w) => `内存不足：即使只运行一个重复，${w.n(v.customers)} 个客户也超过内存上限 ${w.bytes(v.limitBytes)}；最多 ${w.n(v.maxCustomers)} 个客户。`,
    badQueueUrl: (v) => `队列地址“${v.url}”无效：应为 Redis 地址 redis://主机:端口${v.fault === 'scheme' ? `（而不是 ${v.scheme}）` : v.fault === 'host' ? '（缺少主机）' : v.fault === 'database' ? '，路径只能是数据库编号 /0…/15' : ''}。`,
    queueUnreachable: (v) => `无法连接 ${v.url} 上的 Redis 队列（${v.reason}）。`,
    attachNeedsQueue: (v) => `重新连接实验 ${v.id} 需要它提交到的队列地址。`,
    threadsWithQueue: (v) => `使用队列时不能指定线程数（${v.threads}）：队列的工作进程每次重复只用一个线程。`,
    badExperimentId: (v) => `“${v.id}”不是实验编号：应为提交时显示的编号，如 e3f9c2a1b7d4。`,
    otherExperiment: (v) => `实验 ${v.id} 不是本次运行的实验（本次为 ${v.actual}）：请使用提交时的场景文件和选项。`,
    unknownExperiment: (v) => `队列 ${v.url} 上没有实验 ${v.id}（从未提交，或已超过一周）。`,
  },
  en: {
    badPath: (v) => `A parameter path is dotted, like levers.diversion.floorGuide; got “${v.given}”.`,
    unknownIndex: (v, w) => `${w.subject} does not exist: ${v.at || 'the scenario'} is a list of ${v.size}, so the index goes from 0 to ${v.size - 1}; got “${v.step}”.`,
    unknownField: (v, w) => `${w.subject} does not exist: ${v.at || 'the scenario'} has no “${v.step}”${v.fields.length ? `; it has ${w.list(v.fields)}` : ''}.`,
    notAValue: (v, w) => `${w.subject} is ${v.kind === 'list' ? 'a list' : 'a group of values'}, not a single value: name one of its fields.`,
    notANumber: (v, w) => `${w.subject} must be a number; got “${v.given}”.`,
    notAnInteger: (v, w) => `${w.subject} must be a whole number; got “${v.given}”.`,
    notABoolean: (v, w) => `${w.subject} must be yes or no; got “${v.given}”.`,
    notAllowed: (v, w) => `${w.subject} must be one of ${w.list(v.allowed)}; got “${v.given}”.`,
    outOfRange: (v, w) => `${w.subject} must be ${EN_OP[v.op]} ${w.level(v.bound)}; got ${w.level(v.value)}.`,
    refused: (v, w) => `${w.subject} at ${v.value} fails the scenario’s checks: ${w.reason(v)}.`,
    notNumeric: (v, w) => `${w.subject} is not a numeric parameter (it is ${v.type}), so it has no range to vary.`,
    rangeOrder: (v, w) => `${w.subject}: the range must go from a lower to a higher value; got ${w.level(v.lo)} to ${w.level(v.hi)}.`,
    rangeIntegers: (v, w) => `${w.subject} is a whole number: the range ${w.n(v.lo)} to ${w.n(v.hi)} must hold at least two.`,
    integerRange: (v, w) => `${w.subject} must be a whole number ${v.max === null ? `of at least ${w.n(v.min)}` : `from ${w.n(v.min)} to ${w.n(v.max)}`}; got ${w.n(v.value)}.`,
    notPositive: (v, w) => `${w.subject} must be above 0; got ${w.n(v.value)}.`,
    negative: (v, w) => `${w.subject} cannot be negative; got ${w.n(v.value)}.`,
    shareRange: (v, w) => `${w.subject} must be a share from 0 to 1; got ${w.n(v.value)}.`,
    required: (_v, w) => `${w.subject}: give at least one.`,
    duplicate: (_v, w) => `${w.subject} is given twice: give each parameter once.`,
    unknownKpi: (v, w) => `${w.subject}: there is no figure called “${v.given}”.`,
    targetOutOfReach: (v, w) => `Over ${w.lever(v.path)} from ${w.level(v.lo, v.path)} to ${w.level(v.hi, v.path)}, ${w.kpi(v.kpi)} reaches only ${w.kpiValue(v.min, v.kpi)} to ${w.kpiValue(v.max, v.kpi)} (means of ${v.replications} replications): the target ${w.kpiValue(v.target, v.kpi)} is out of reach.`,
    noData: (v, w) => `${w.kpi(v.kpi)} has no data at ${w.lever(v.path)} = ${v.at.map((x) => w.level(x, v.path)).join(', ')} (no month with what it measures: transactions, calls, visits or active customers), so there is nothing to seek.`,
    budgetTooSmall: (v, w) => `Over ${w.lever(v.path)} from ${w.level(v.lo, v.path)} to ${w.level(v.hi, v.path)}, every level spends more than the budget of ${w.money(v.budget)}: the least is ${w.money(v.least)} (at ${w.level(v.at, v.path)}).`,
    afterLastMonth: (v) => `The closures start in month ${v.month}, after the last simulated month ${v.months}: they would never apply.`,
    savingOrClose: (v) => `Give either a saving target or a number of outlets to close (now ${v.given === 'both' ? 'both are given' : 'neither is'}).`,
    alreadyExceeded: (v, w) => `Before any closure, ${w.share(v.share)} of customers are already beyond ${w.n(v.limitMin)} min of an own store, over the limit of ${w.share(v.limit)}.`,
    shortlistTooShort: (v) => `Only ${v.available} outlets${v.travel ? ' within the travel limit' : ''} qualify for the shortlist, fewer than the ${v.count} to close: lengthen the shortlist or close fewer.`,
    nothingToClose: (v) => `No open own store can be closed${v.travel ? ' within the travel limit' : ''}.`,
    savingOutOfReach: (v, w) => `A saving of ${w.money(v.saving)} is out of reach: closing all ${v.shortlist} shortlisted own stores${v.limited ? ' the limits allow' : ''} saves about ${w.money(v.reached)}. Lower the target or lengthen the shortlist.`,
    limitBlocksSaving: (v, w) => `With ${w.subject} at ${w.n(v.limit)}, no set of closures saves ${w.money(v.saving)}: the closures within it save about ${w.money(v.reached)}.`,
    limitBlocksCount: (v, w) => `With ${w.subject} at ${w.n(v.limit)}, no ${v.count} of the ${v.shortlist} shortlisted outlets can be closed together.`,
    noFeasibleSet: (v, w) => `No set of closures found meets ${w.subject} (${w.n(v.limit)}): the best found (${w.list(v.ids)}) saves ${w.money(v.saving)}, loses ${w.money(v.loss)} of revenue, churn ${formatKpiDelta(v.churn, 'share', 'en')} a month.`,
    gridOrLatin: (v) => `Give either a grid or a Latin hypercube (now ${v.given === 'both' ? 'both are given' : 'neither is'}).`,
    tooManyPoints: (v, w) => `The grid has ${w.n(v.count)} points, more than ${w.n(v.max)}: use a Latin hypercube.`,
    noStartValue: (_v, w) => `${w.subject} has no number in this scenario to start from.`,
    notContinuous: (v, w) => `${w.subject}: ${v.leaf} is a whole number; calibration fits continuous values only (e.g. hotline.ahtMin rather than hotline.agents).`,
    noRoom: (v, w) => `${w.subject}: its range [${w.n(v.min)}, ${w.n(v.max)}] leaves nothing to fit.`,
    fitOverlap: (v, w) => `${w.subject} is set by both ${v.by} and ${v.and}: each value by one fitted parameter only.`,
    noDefaultFit: (v, w) => `${w.list(v.metrics)} has no default parameter to fit: choose the parameters.`,
    unknownService: (v, w) => `${w.subject}: there is no service “${v.given}”; the services are ${w.list(v.known)}.`,
    notAGroup: (v, w) => `${w.subject}: ${v.group || '(empty)'} is not a group of values; a path ending in .* names a group, e.g. services.dataService.incidence.*.`,
    emptyGroup: (v, w) => `${w.subject}: no non-zero number under ${v.group} to scale.`,
    noWeight: () => 'No observed figure to fit: at least one needs a positive weight and must not be held out.',
    tooManyInFlight: (v, w) => `Not enough memory: ${w.n(v.customers)} customers × ${v.inFlight} replications at once need about ${w.bytes(v.needBytes)}, over the limit of ${w.bytes(v.limitBytes)} (${v.customerBytes} bytes a customer, ${w.bytes(v.workerBytes)} a worker); at most ${v.fits} fit at once.`,
    tooManyCustomers: (v, w) => `Not enough memory: even one replication of ${w.n(v.customers)} customers exceeds the limit of ${w.bytes(v.limitBytes)}; at most ${w.n(v.maxCustomers)} customers fit.`,
    badQueueUrl: (v) => `The queue address “${v.url}” is not a Redis address redis://HOST:PORT${v.fault === 'scheme' ? ` (it is ${v.scheme})` : v.fault === 'host' ? ' (no host)' : v.fault === 'database' ? ' (its path may only be a database number /0…/15)' : ''}.`,
    queueUnreachable: (v) => `Cannot reach the Redis queue at ${v.url} (${v.reason}).`,
    attachNeedsQueue: (v) => `Re-attaching to experiment ${v.id} needs the queue it was submitted to.`,
    threadsWithQueue: (v) => `Threads per replication (${v.threads}) cannot be given with a queue: its workers run each replication on one thread.`,
    badExperimentId: (v) => `“${v.id}” is not an experiment id as printed at submission, like e3f9c2a1b7d4.`,
    otherExperiment: (v) => `Experiment ${v.id} is not this run’s (${v.actual}): use the scenario files and options it was submitted with.`,
    unknownExperiment: (v) => `The queue ${v.url} has no experiment ${v.id} (never submitted there, or over a week ago).`,
  },
};

/** A problem as a sentence in the locale. */
export function problemSentence(p: ExperimentProblem, locale: Locale): string {
  const sentence = PROBLEM_SENTENCES[locale][p.code] as (v: ExperimentProblem['values'], w: Words) => string;
  return sentence(p.values, words(p, locale));
}

/** An error for people: an ExperimentError's problems as sentences, anything else by its message. */
export function errorText(e: unknown, locale: Locale): string {
  if (e instanceof ExperimentError) return e.problems.map((p) => problemSentence(p, locale)).join(' ');
  return e instanceof Error ? e.message : String(e);
}

function words(p: ExperimentProblem, locale: Locale): Words {
  const lever = (path: string) => {
    const l = leverOfPath(path);
    return l ? translate(locale, l.label) : path;
  };
  const n = (x: number) => (Number.isFinite(x) ? formatNumber(x, locale, 6) : x > 0 ? '∞' : '−∞');
  return {
    subject: p.path !== undefined ? lever(p.path) : PARAMETER_NAMES[locale][p.parameter],
    lever,
    n,
    level: (x, path = p.path) => {
      const l = path !== undefined ? leverOfPath(path) : undefined;
      return l ? formatLever(x, l.unit, locale) : n(x);
    },
    money: (x) => formatKpi(x, 'CNY/month', locale),
    share: (x) => formatPercent(x, locale, 1),
    kpi: (k) => KPI_META[k][locale === 'zh-CN' ? 'zh' : 'en'],
    kpiValue: (x, k) => formatKpi(x, KPI_META[k].unit, locale),
    list: (xs) => formatList(xs, locale),
    reason: (v) => scenarioProblemText({ path: '', message: v.reason, ...v.scenario }, locale),
    bytes: (b) => (b >= 1024 ** 3 ? `${formatNumber(b / 1024 ** 3, locale, 1)} GB` : `${formatNumber(Math.ceil(b / 1024 ** 2), locale, 0)} MB`),
  };
}
