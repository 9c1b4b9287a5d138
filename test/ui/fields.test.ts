import { describe, expect, test } from 'vitest';
import { scenarioJsonSchema } from '../../src/model/validate.ts';
import { englishDescription, fieldDescription, fieldName, FIELDS_ZH, genericPath, unitLabel, UNITS_ZH } from '../../src/ui/i18n/fields.ts';
import { fieldTerm } from '../../src/ui/i18n/terms.ts';
import type { JsonSchema } from '../../src/ui/lib/schemaForm.ts';

interface Node { path: (string | number)[]; schema: JsonSchema }

// Every node of the scenario's JSON Schema with a concrete path (list items at index 0).
function nodes(schema: JsonSchema, path: (string | number)[] = []): Node[] {
  const here: Node[] = [{ path, schema }];
  const inner = schema.anyOf?.filter((s) => s.type !== 'null') ?? [];
  const flat = inner.length === 1 ? { ...inner[0], description: schema.description, unit: schema.unit ?? inner[0].unit } : schema;
  if (flat !== schema) return [{ path, schema: flat }, ...nodes({ ...flat, description: undefined, unit: undefined }, path).slice(1)];
  for (const [k, s] of Object.entries(schema.properties ?? {})) here.push(...nodes(s, [...path, k]));
  if (schema.items) here.push(...nodes(schema.items, [...path, 0]));
  return here;
}

const all = nodes(scenarioJsonSchema() as JsonSchema).filter((n) => n.path.length > 0);
// Words a Chinese description may keep: names of models and authors, formats, acronyms, symbols.
const ALLOWED = new Set(['Bass', 'Huff', 'Logit', 'Sultan', 'Farley', 'Lehmann', 'ARPU', 'CSV', 'GeoJSON', 'UTF', 'GBK', 'JSON', 'O2O', 'VIP', 'TD', '3G', 'USSD', 'ln', 'F', 'X', 'Y', 'r']);
// Paths, file names, CSV headers and metric patterns are data, written as the files have them.
const DATA = /[\w$*<>|\[\],-]*[./:<>|[,][\w$*<>|\[\],./:-]*/g;

describe('the scenario editor in Chinese', () => {
  test('every field with a description has a Chinese one, without English words', () => {
    const described = all.filter((n) => n.schema.description);
    expect(described.length).toBeGreaterThan(250);
    const missing = described.filter((n) => fieldDescription(n.path, n.schema.description!, 'zh-CN') === null).map((n) => genericPath(n.path).path);
    expect([...new Set(missing)], 'add these to FIELDS_ZH in src/ui/i18n/fields.ts').toEqual([]);
    for (const n of described) {
      const zh = fieldDescription(n.path, n.schema.description!, 'zh-CN')!;
      expect(zh, n.path.join('.')).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, n.path.join('.')).not.toMatch(/\{\d\}/);
      const english = (zh.replace(DATA, ' ').match(/[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*/g) ?? []).filter((w) => !ALLOWED.has(w));
      expect(english, `${n.path.join('.')}: ${zh}`).toEqual([]);
    }
  });

  test('every unit has a Chinese translation', () => {
    const units = all.filter((n) => n.schema.unit !== undefined);
    expect(units.length).toBeGreaterThan(200);
    for (const n of units) expect(unitLabel(n.path, n.schema.unit!, 'zh-CN'), `${n.path.join('.')} (${n.schema.unit})`).not.toBeNull();
    for (const [unit, zh] of Object.entries(UNITS_ZH)) expect(zh, unit).not.toMatch(/[A-Za-z]{2,}(?<!ln)/);
  });

  test('no entry of the catalogue outlives its field', () => {
    const paths = new Set(all.map((n) => genericPath(n.path).path));
    expect(Object.keys(FIELDS_ZH).filter((k) => !paths.has(k))).toEqual([]);
  });

  test('every field name and every option of a choice has a Chinese term', () => {
    const HEADER = new Set(['$schema', 'description']);
    for (const n of all) {
      const key = n.path[n.path.length - 1];
      if (typeof key === 'number' || HEADER.has(key)) continue;
      expect(fieldName(n.path, key, 'zh-CN').primary, n.path.join('.')).toMatch(/[\u4e00-\u9fff]/);
      for (const o of [...(n.schema.enum ?? []), ...(n.schema.items?.enum ?? []), ...(n.schema.const !== undefined ? [n.schema.const] : [])]) {
        expect(fieldTerm(String(o), 'zh-CN').primary, `${n.path.join('.')}: ${String(o)}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  test('a per-key field names its keys: a segment’s ARPU, a tier within a segment, a channel’s cost', () => {
    expect(genericPath(['segments', 'youth', 'tierMix', 'gold'])).toEqual({ path: 'segments.*.tierMix.*', keys: ['youth', 'gold'] });
    expect(genericPath(['services', 3, 'incidence', 'senior'])).toEqual({ path: 'services.*.incidence.*', keys: ['senior'] });
    expect(fieldDescription(['segments', 'youth', 'arpu'], '', 'zh-CN')).toBe('年轻人：每用户月均收入（ARPU）');
    expect(fieldDescription(['segments', 'senior', 'tierMix', 'gold'], '', 'zh-CN')).toBe('老年：金客户的比例');
    expect(fieldDescription(['channels', 'kiosk', 'costPerTransaction'], '', 'zh-CN')).toBe('自助终端：每笔业务的边际成本');
    expect(unitLabel(['segments', 'youth', 'arpu'], 'CNY/month', 'zh-CN')).toBe('元/月');
    expect(fieldName(['simulation', 'agents'], 'agents', 'zh-CN').primary).toBe('模拟客户数');
    expect(fieldName(['hotline', 'agents'], 'agents', 'zh-CN').primary).toBe('座席数');
  });

  test('the sources are named by their documents, in Chinese and in English; “null” is said as “empty”', () => {
    expect(fieldDescription(['hotline', 'answerWithinSec'], '', 'zh-CN')).toBe('服务水平的接通时限（依据《中国联通3G服务战略与工作部署》：20 秒）');
    expect(englishDescription('service-level threshold (seed 002: 20 s)')).toBe('service-level threshold (source: China Unicom, 3G service strategy: 20 s)');
    expect(englishDescription("kiosks in every own store (null: keep each store's own)")).toBe("kiosks in every own store (empty: keep each store's own)");
    for (const n of all.filter((x) => x.schema.description)) {
      expect(englishDescription(n.schema.description!), n.path.join('.')).not.toMatch(/\bseed 0\d\d\b|\bnull\b/);
    }
  });
});
