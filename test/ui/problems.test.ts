import { describe, expect, test } from 'vitest';
import { EXPERIMENT_PARAMETERS, ExperimentError, problem, PROBLEM_CODES, type ExperimentParameter, type ExperimentProblem, type ProblemCode, type ProblemValues } from '../../src/experiment/errors.ts';
import { LOCALES } from '../../src/ui/i18n/messages.ts';
import { errorText, PARAMETER_NAMES, PROBLEM_SENTENCES, problemSentence } from '../../src/ui/i18n/problems.ts';

const FG = 'levers.diversion.floorGuide';

// One problem of every kind, as the experiment layer raises it: [input, values, path].
const SAMPLES: { [C in ProblemCode]: [ExperimentParameter, ProblemValues[C], string?] } = {
  badPath: ['set', { given: 'levers..x' }],
  unknownIndex: ['set', { at: 'services', size: 17, step: '99' }, 'services.99.counterMin'],
  unknownField: ['vary', { at: 'levers.diversion', fields: ['targetShare', 'floorGuide'], step: 'floorGuid' }, 'levers.diversion.floorGuid'],
  notAValue: ['set', { kind: 'group' }, 'levers.diversion'],
  notANumber: ['set', { given: 'abc' }, FG],
  notAnInteger: ['set', { given: '1.5' }, 'levers.diversion.kiosksPerStore'],
  notABoolean: ['set', { given: 'maybe' }, 'outlets.generate.enabled'],
  notAllowed: ['set', { given: 'wide', allowed: ['district', 'city'] }, 'adoption.peerScope'],
  outOfRange: ['vary', { value: 2, op: '<=', bound: 1 }, FG],
  refused: ['close', { value: 'S99', reason: 'unknown outlet "S99"; expected one of S01', scenario: { code: 'unknownOutlet', values: { id: 'S99', known: ['S01'] } } }, 'levers.closures.outlets.0'],
  notNumeric: ['vary', { type: 'string' }, 'adoption.peerScope'],
  rangeOrder: ['vary', { lo: 0.5, hi: 0.2 }, FG],
  rangeIntegers: ['vary', { lo: 0.2, hi: 0.8 }, 'levers.diversion.kiosksPerStore'],
  integerRange: ['steps', { value: 1, min: 2, max: 200 }],
  notPositive: ['storeP90Min', { value: 0 }],
  negative: ['budget', { value: -5 }],
  shareRange: ['maxBeyondMin', { value: 1.5 }],
  required: ['close', {}],
  duplicate: ['set', {}, FG],
  unknownKpi: ['target', { given: 'diversion' }],
  targetOutOfReach: ['target', { kpi: 'diversionRate', target: 0.99, path: FG, lo: 0, hi: 1, min: 0.52, max: 0.91, replications: 3, at: [0, 0.5, 1] }],
  budgetTooSmall: ['budget', { budget: 1000, path: 'levers.subsidy.handset.mid', lo: 0, hi: 800, least: 250_000, at: 0 }],
  noData: ['target', { kpi: 'hotlineServiceLevel', path: 'hotline.agents', at: [0, 5] }],
  afterLastMonth: ['scenario', { month: 13, months: 12 }, 'levers.closures.fromMonth'],
  savingOrClose: ['saving', { given: 'both' }],
  alreadyExceeded: ['maxBeyondMin', { limit: 0.05, share: 0.12, limitMin: 30 }],
  shortlistTooShort: ['close', { count: 3, available: 2, travel: true }],
  nothingToClose: ['saving', { travel: true }],
  savingOutOfReach: ['saving', { saving: 1e9, reached: 480_000, shortlist: 4, limited: true }],
  limitBlocksSaving: ['maxChurnIncrease', { limit: 0.003, saving: 120_000, reached: 80_000 }],
  limitBlocksCount: ['maxBeyondMin', { limit: 0.1, count: 3, shortlist: 4 }],
  noFeasibleSet: ['saving', { limit: 120_000, ids: ['S01', 'P07'], saving: 100_000, loss: 40_000, churn: 0.0012 }],
  gridOrLatin: ['set', { given: 'neither' }],
  tooManyPoints: ['set', { count: 12_000, max: 10_000 }],
  noStartValue: ['param', {}, 'levers.diversion.kiosksPerStore'],
  notContinuous: ['fit', { leaf: 'hotline.agents' }, 'hotline.agents'],
  noRoom: ['fit', { min: 0, max: Infinity }, 'churn.baseMonthly'],
  fitOverlap: ['fit', { by: 'channels.app.*', and: 'channels.app.asc' }, 'channels.app.asc'],
  noDefaultFit: ['fit', { metrics: ['storeWaitP90Min'] }],
  unknownService: ['fit', { given: 'gprs', known: ['topUp', 'balanceQuery'] }, 'services.gprs.complexity'],
  notAGroup: ['fit', { group: 'churn.baseMonthly' }, 'churn.baseMonthly.*'],
  emptyGroup: ['fit', { group: 'services.3.incidence' }, 'services.3.incidence.*'],
  noWeight: ['observed', {}],
  tooManyInFlight: ['workers', { customers: 1_000_000, inFlight: 4, fits: 3, needBytes: 356 * 1024 ** 2, limitBytes: 267 * 1024 ** 2, customerBytes: 64, workerBytes: 24 * 1024 ** 2 }],
  tooManyCustomers: ['customers', { customers: 20_000_000, maxCustomers: 1_245_184, limitBytes: 100 * 1024 ** 2 }],
  badQueueUrl: ['queue', { url: 'http://127.0.0.1:6379', fault: 'scheme', scheme: 'http' }],
  queueUnreachable: ['queue', { url: 'redis://127.0.0.1:6379', reason: 'connection refused' }],
  attachNeedsQueue: ['queue', { id: 'e3f9c2a1b7d4' }],
  threadsWithQueue: ['threads', { threads: 2 }],
  badExperimentId: ['attach', { id: 'x1' }],
  otherExperiment: ['attach', { id: 'e00000000000', actual: 'e3f9c2a1b7d4' }],
  unknownExperiment: ['attach', { id: 'e3f9c2a1b7d4', url: 'redis://127.0.0.1:6379' }],
};

const sample = (code: ProblemCode): ExperimentProblem => {
  const [parameter, values, path] = SAMPLES[code] as [ExperimentParameter, ProblemValues[typeof code], string?];
  return problem(parameter, code, values, path);
};

// Text that is data, not our wording: what the user typed, ids, URLs, schema and network
// messages. Kinds and types ("group", "string", "both") are our words and stay to be checked.
const OUR_WORDS = new Set(['kind', 'type', 'fault', 'op']);
function dataText(p: ExperimentProblem): string[] {
  return Object.entries(p.values).flatMap(([k, v]) => {
    if (OUR_WORDS.has(k) || v === 'both' || v === 'neither') return [];
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  });
}

describe('experiment problems in the workbench', () => {
  test('every kind of problem has a sentence in Chinese and in English, every input a name', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...PROBLEM_CODES].sort());
    for (const locale of LOCALES) {
      expect(Object.keys(PROBLEM_SENTENCES[locale]).sort(), locale).toEqual([...PROBLEM_CODES].sort());
      expect(Object.keys(PARAMETER_NAMES[locale]).sort(), locale).toEqual([...EXPERIMENT_PARAMETERS].sort());
      for (const code of PROBLEM_CODES) expect(problemSentence(sample(code), locale).length, `${locale} ${code}`).toBeGreaterThan(10);
    }
  });

  test('no sentence names a command-line option or shows the layer\'s own English', () => {
    for (const code of PROBLEM_CODES) {
      const p = sample(code);
      for (const locale of LOCALES) {
        const text = problemSentence(p, locale);
        expect(text, `${locale} ${code}`).not.toMatch(/--[a-z]/);
        expect(text, `${locale} ${code}`).not.toMatch(/\bexpected\b/);
      }
    }
  });

  test('a Chinese sentence has no English words besides path names, ids and what was typed', () => {
    const leftovers: string[] = [];
    for (const code of PROBLEM_CODES) {
      const p = sample(code);
      let text = problemSentence(p, 'zh-CN')
        .replace(/[A-Za-z_]\w*(?:\.[\w*]+)+/g, '') // dotted scenario paths
        .replace(/\bredis:\/\/|\bRedis\b|\b[MG]B\b/g, ''); // a product, its URL scheme and byte units
      for (const d of dataText(p).sort((x, y) => y.length - x.length)) text = text.split(d).join('');
      const english = text.match(/[A-Za-z]{2,}/g);
      if (english) leftovers.push(`${code}: ${english.join(' ')} in “${problemSentence(p, 'zh-CN')}”`);
    }
    expect(leftovers).toEqual([]);
  });

  test('a range the wrong way round on the floor-guide lever reads in its Chinese name and unit', () => {
    const p = sample('rangeOrder');
    expect(problemSentence(p, 'zh-CN')).toBe('「引导员：免排队客户被引导分流的概率」的范围应满足下限小于上限，实为 50.0% 至 20.0%。');
    expect(problemSentence(p, 'en')).toBe('Floor guide (引导员): chance a queue-free visitor is redirected: the range must go from a lower to a higher value; got 50.0% to 20.0%.');
    expect(problemSentence(sample('targetOutOfReach'), 'zh-CN')).toBe('在引导员：免排队客户被引导分流的概率的范围 0.0% 至 100.0% 内，分流率只能达到 52.0% 至 91.0%（3 次重复的均值），目标 99.0% 无法达到。');
  });

  test('a value the scenario refuses gives its reason in the locale, from the scenario problem’s code', () => {
    expect(problemSentence(sample('refused'), 'zh-CN')).toBe('「levers.closures.outlets.0」取 S99 时，场景校验未通过：没有编号为“S99”的网点（已有网点如 S01）。');
    expect(problemSentence(sample('refused'), 'en')).toMatch(/fails the scenario’s checks: there is no outlet “S99” \(outlets are e\.g\. S01\)\.$/);
  });

  test('an error for people: an ExperimentError as sentences, anything else by its message', () => {
    const e = new ExperimentError([sample('notPositive'), sample('required')]);
    expect(errorText(e, 'zh-CN')).toBe('「厅店等候 P90 目标」应大于 0，实为 0。 「关停网点数」至少需要一项。');
    expect(errorText(new Error('worker crashed'), 'zh-CN')).toBe('worker crashed');
  });
});
