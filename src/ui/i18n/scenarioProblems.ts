/**
 * Problems of a scenario (src/model/validate.ts) as sentences in the locale, built from the
 * problem's code and values: "应为整数，实为 2.5" rather than zod's "expected int, got number".
 * The JSON path stays beside the sentence (the editor links it to the field); a problem without a
 * code of its own (`other`, or one made outside validation) keeps its message.
 */
import type { Problem, ScenarioProblemCode, ScenarioProblemValues } from '../../model/index.ts';
import { formatList, formatNumber } from './format.ts';
import { TYPE_KEY } from './issues.ts';
import { translate, type Locale } from './messages.ts';
import { fieldTerm } from './terms.ts';

type Sentences = { [C in ScenarioProblemCode]: (v: ScenarioProblemValues[C], w: Words) => string };

interface Words {
  n: (x: number) => string;
  /** a zod type or input kind by its name in the locale */
  type: (name: string) => string;
  /** an option of a choice: its term, with the value as written in the JSON */
  option: (value: string) => string;
  list: (xs: readonly string[]) => string;
}

/** One sentence per kind of scenario problem and locale. */
export const SCENARIO_SENTENCES: Record<Locale, Sentences> = {
  'zh-CN': {
    invalidJson: (v) => (v.line !== null ? `JSON 格式有误：第 ${v.line} 行第 ${v.column} 列附近` : 'JSON 格式有误'),
    invalidType: (v, w) => `应为${w.type(v.expected)}，实为${v.given !== null && v.got !== 'string' ? ' ' : ''}${given(v, w, '“', '”')}`,
    tooSmall: (v, w) => v.origin === 'array' ? `至少应有 ${v.minimum} 项`
      : v.origin === 'string' ? (v.minimum <= 1 ? '不能为空' : `至少应有 ${v.minimum} 个字符`)
      : `应${v.inclusive ? '不小于' : '大于'} ${w.n(v.minimum)}`,
    tooBig: (v, w) => v.origin === 'array' ? `至多 ${v.maximum} 项`
      : v.origin === 'string' ? `至多 ${v.maximum} 个字符`
      : `应${v.inclusive ? '不大于' : '小于'} ${w.n(v.maximum)}`,
    notOneOf: (v, w) => `应为以下之一：${w.list(v.allowed.map(w.option))}`,
    unknownKey: (v) => `“${v.key}”不是此处的情景参数`,
    duplicateId: (v) => `编号“${v.id}”重复（第 ${v.first + 1} 项已使用）`,
    sensitiveChannels: () => '敏感业务只能在自营厅当面办理',
    sensitiveQueueFree: () => '敏感业务不能设为免排队业务',
    classChannels: (v, w) => v.allowed.length ? `这些渠道都不能办理${w.option(v.serviceClass)}业务；可办理的渠道：${w.list(v.allowed.map(w.option))}` : `${w.option(v.serviceClass)}业务没有可办理的渠道（渠道分工中的可办理渠道为空）`,
    agentsOverCustomers: (v, w) => `模拟客户数不能多于用户数（${w.n(v.customers)}）`,
    segmentSharesZero: () => '各客户群占比之和应大于 0',
    tierSharesZero: () => '各客户等级占比之和应大于 0',
    fileOrList: (v) => `数据文件（${v.file}）与列表（${v.list}）只能给出其一`,
    unknownService: (v) => `没有编号为“${v.id}”的业务`,
    unknownOutlet: (v, w) => `没有编号为“${v.id}”的网点（已有网点如 ${w.list(v.known)}）`,
    noDistrict: () => '至少需要一个区域',
    outsideRegion: (v, w) => `网点位置（${w.n(v.x)}, ${w.n(v.y)} 公里）在 ${w.n(v.width)} × ${w.n(v.height)} 公里的区域之外`,
    latentSiteClash: (v, w) => `网点列表中的“${v.id}”与候选社会渠道网点（L01…，共 ${w.n(v.latentSites)} 个）重名：请改名或减少候选网点数`,
    other: () => '',
  },
  en: {
    invalidJson: (v) => (v.line !== null ? `not valid JSON near line ${v.line}, column ${v.column}` : 'not valid JSON'),
    invalidType: (v, w) => `must be ${w.type(v.expected)}; got ${given(v, w, '“', '”')}`,
    tooSmall: (v, w) => v.origin === 'array' ? `needs at least ${v.minimum} item(s)`
      : v.origin === 'string' ? (v.minimum <= 1 ? 'cannot be empty' : `needs at least ${v.minimum} characters`)
      : `must be ${v.inclusive ? 'at least' : 'above'} ${w.n(v.minimum)}`,
    tooBig: (v, w) => v.origin === 'array' ? `takes at most ${v.maximum} item(s)`
      : v.origin === 'string' ? `takes at most ${v.maximum} characters`
      : `must be ${v.inclusive ? 'at most' : 'below'} ${w.n(v.maximum)}`,
    notOneOf: (v, w) => `must be one of ${w.list(v.allowed.map(w.option))}`,
    unknownKey: (v) => `“${v.key}” is not a scenario parameter here`,
    duplicateId: (v) => `the id “${v.id}” is used twice (first by item ${v.first + 1})`,
    sensitiveChannels: () => 'a sensitive service is carried by own stores only, face to face',
    sensitiveQueueFree: () => 'a sensitive service cannot be queue-free',
    classChannels: (v, w) => v.allowed.length ? `none of these channels may serve a ${v.serviceClass} service; allowed: ${w.list(v.allowed.map(w.option))}` : `no channel may serve a ${v.serviceClass} service (its allowed channels in routing are empty)`,
    agentsOverCustomers: (v, w) => `cannot exceed the subscribers (${w.n(v.customers)})`,
    segmentSharesZero: () => 'the segment shares must sum to more than 0',
    tierSharesZero: () => 'the tier shares must sum to more than 0',
    fileOrList: (v) => `give the data file (${v.file}) or the list (${v.list}), not both`,
    unknownService: (v) => `there is no service “${v.id}”`,
    unknownOutlet: (v, w) => `there is no outlet “${v.id}” (outlets are e.g. ${w.list(v.known)})`,
    noDistrict: () => 'at least one district is needed',
    outsideRegion: (v, w) => `the outlet at (${w.n(v.x)}, ${w.n(v.y)}) km lies outside the ${w.n(v.width)} × ${w.n(v.height)} km region`,
    latentSiteClash: (v, w) => `the listed outlet “${v.id}” has the id of one of the ${w.n(v.latentSites)} latent partner sites (L01…): rename it or lower the latent sites`,
    other: () => '',
  },
};

/** A problem's sentence in the locale (its message when it has no code of its own). */
export function scenarioProblemText(p: Problem, locale: Locale): string {
  if (!p.code || p.code === 'other' || !(p.code in SCENARIO_SENTENCES[locale])) return p.message;
  const sentence = SCENARIO_SENTENCES[locale][p.code] as (v: unknown, w: Words) => string;
  return sentence(p.values ?? {}, words(locale));
}

/** The problems with their messages in the locale (path, code and values kept). */
export function wordedProblems(problems: readonly Problem[], locale: Locale): Problem[] {
  return problems.map((p) => ({ ...p, message: scenarioProblemText(p, locale) }));
}

// What was given: a number or a text by its value, anything else by its kind.
function given(v: ScenarioProblemValues['invalidType'], w: Words, open: string, close: string): string {
  if (v.given === null) return w.type(v.got);
  return v.got === 'string' ? `${w.type('string')}${open}${v.given}${close}` : v.given;
}

function words(locale: Locale): Words {
  return {
    n: (x) => formatNumber(x, locale, 6),
    type: (name) => (TYPE_KEY[name] ? translate(locale, TYPE_KEY[name]) : name),
    option: (value) => {
      const t = fieldTerm(value, locale);
      return t.secondary && locale === 'zh-CN' ? `${t.primary}（${value}）` : value;
    },
    list: (xs) => formatList(xs, locale),
  };
}
