import { describe, expect, test } from 'vitest';
import { parseScenario, parseScenarioText, type Problem } from '../../src/model/validate.ts';
import { scenarioProblemText, wordedProblems } from '../../src/ui/i18n/scenarioProblems.ts';

const SERVICE = { counterMin: 1, complexity: 0.1, incidence: { youth: 0, business: 0, family: 0, senior: 0, sme: 0, enterprise: 0 } };
const ZERO_SHARES = Object.fromEntries(['youth', 'business', 'family', 'senior', 'sme', 'enterprise'].map((k) => [k, { share: 0 }]));

// Broken scenarios that between them raise every kind of problem validation knows.
const BROKEN: unknown[] = [
  {
    simulation: { months: 2.5, customers: 'many', agents: null, replications: 0 },
    region: { generate: { urban: 0, suburban: 0, rural: 0 } },
    adoption: { peerScope: 'wide' },
    unknownThing: 1,
    services: [{ id: 'query', class: 'service', channels: ['web'], ...SERVICE }, { id: 'topUp', class: 'service', channels: [], ...SERVICE }],
  },
  {
    services: [
      { id: 'sim', class: 'sensitive', queueFree: true, channels: ['web'], ...SERVICE },
      { id: 'sim', class: 'service', channels: ['web'], ...SERVICE },
      { id: 'vipPlan', class: 'strategic', channels: ['web'], ...SERVICE },
    ],
  },
  {
    simulation: { customers: 1000, agents: 5000 },
    segments: ZERO_SHARES,
    outlets: { list: [{ id: 'S01', kind: 'own', x: 900, y: 1, services: ['gprs'] }], file: 'outlets.csv' },
  },
  { levers: { closures: { outlets: ['S99'] } } },
  { outlets: { list: [{ id: 'S01', kind: 'own', x: 1, y: 1 }, { id: 'L02', kind: 'partner', x: 2, y: 2 }] } },
];

function problems(input: unknown): Problem[] {
  const r = parseScenario(input);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('scenario problems as sentences', () => {
  const all = BROKEN.flatMap(problems);

  test('every problem of validation has a code of its own, none falls back to the English message', () => {
    expect(new Set(all.map((p) => p.code))).toEqual(new Set(['invalidType', 'tooSmall', 'notOneOf', 'unknownKey', 'duplicateId', 'sensitiveChannels',
      'sensitiveQueueFree', 'classChannels', 'agentsOverCustomers', 'segmentSharesZero', 'fileOrList', 'unknownService', 'outsideRegion', 'unknownOutlet', 'latentSiteClash']));
    for (const p of all) expect(p.code, `${p.path} ${p.message}`).not.toBe('other');
  });

  test('in Chinese: a whole number, a number, a range, a choice, an unknown key, the cross-checks', () => {
    const zh = new Map(wordedProblems(all, 'zh-CN').map((p) => [p.path, p.message]));
    const EXPECTED: Record<string, string> = {
      '$.simulation.months': '应为整数，实为 2.5',
      '$.simulation.customers': '应为数值，实为文本“many”',
      '$.simulation.replications': '应不小于 1',
      '$.adoption.peerScope': '应为以下之一：本片区（district）、全区域（global）',
      '$.unknownThing': '“unknownThing”不是此处的情景参数',
      '$.services[1].channels': '至少应有 1 项',
      '$.services[1].id': '编号“sim”重复（第 1 项已使用）',
      '$.services[0].channels': '敏感业务只能在自营厅当面办理',
      '$.services[2].channels': '这些渠道都不能办理战略型（strategic）业务；可办理的渠道：自营厅（ownStore）、客户经理（accountManager）',
      '$.simulation.agents': '模拟客户数不能多于用户数（1,000）',
      '$.levers.closures.outlets[0]': '没有编号为“S99”的网点（已有网点如 S01、S02、S03、S04、S05）',
      '$.outlets.list[0]': '网点位置（900, 1 公里）在 40 × 40 公里的区域之外',
      '$.outlets.file': '数据文件（outlets.file）与列表（outlets.list）只能给出其一',
      '$.partners.latentSites': '网点列表中的“L02”与候选社会渠道网点（L01…，共 40 个）重名：请改名或减少候选网点数',
    };
    for (const [path, sentence] of Object.entries(EXPECTED)) expect(zh.get(path), path).toBe(sentence);
    // no English word left in a Chinese sentence besides the values, ids and paths quoted in it
    for (const p of wordedProblems(all, 'zh-CN')) {
      const words = p.message.replace(/（[^）]*）|“[^”]*”/g, '').match(/[A-Za-z]{2,}/g) ?? [];
      expect(words, p.message).toEqual([]);
    }
  });

  test('in English: plain sentences, never zod’s type names', () => {
    const en = new Map(wordedProblems(all, 'en').map((p) => [p.path, p.message]));
    expect(en.get('$.simulation.months')).toBe('must be a whole number; got 2.5');
    expect(en.get('$.simulation.replications')).toBe('must be at least 1');
    for (const m of en.values()) expect(m).not.toMatch(/\bint\b|expected/);
  });

  test('a JSON syntax error names its line and column; a problem made elsewhere keeps its message', () => {
    const syntax = parseScenarioText('{\n  "name": "x",\n  oops\n}');
    if (syntax.ok) throw new Error('expected a syntax error');
    expect(scenarioProblemText(syntax.problems[0], 'zh-CN')).toMatch(/^JSON 格式有误：第 3 行第 \d+ 列附近$/);
    expect(scenarioProblemText({ path: '$', message: 'cannot read outlets.csv' }, 'zh-CN')).toBe('cannot read outlets.csv');
  });
});
