import { describe, expect, test } from 'vitest';
import { scenarioJsonSchema } from '../../src/model/validate.ts';
import { formNode, parseList, parseNumberInput, problemsUnder, scenarioSections, type FormNode, type JsonSchema } from '../../src/ui/lib/schemaForm.ts';

const sections = scenarioSections(scenarioJsonSchema() as JsonSchema);
function leaves(n: FormNode): FormNode[] {
  return n.kind === 'group' ? n.children.flatMap(leaves) : [n];
}
function find(pointer: string): FormNode | undefined {
  const all = sections.flatMap(function walk(n: FormNode): FormNode[] { return n.kind === 'group' ? [n, ...n.children.flatMap(walk)] : [n]; });
  return all.find((n) => n.pointer === pointer);
}

describe('the editor generated from the scenario schema', () => {
  test('has one section per top-level group or list, the levers first, then the run settings', () => {
    expect(sections[0].key).toBe('levers');
    expect(sections[1].key).toBe('simulation');
    const keys = sections.map((s) => s.key);
    expect(keys).toContain('services');
    expect(keys).not.toContain('name');
    expect(keys).not.toContain('$schema');
  });

  test('every number field carries a description and a unit key; the model\'s parameters a range and a default', () => {
    const numbers = sections.flatMap(leaves).filter((n) => n.kind === 'number');
    expect(numbers.length).toBeGreaterThan(100);
    for (const n of numbers) {
      expect(n.description, n.pointer).not.toBe('');
      expect(n.kind === 'number' && typeof n.unit === 'string', n.pointer).toBe(true);
    }
    for (const key of ['simulation', 'levers', 'stores', 'hotline', 'choice', 'churn']) {
      for (const n of leaves(sections.find((s) => s.key === key)!).filter((x) => x.kind === 'number')) {
        expect(n.kind === 'number' && (n.min !== undefined || n.max !== undefined), n.pointer).toBe(true);
        expect(n.default, n.pointer).not.toBeUndefined();
      }
    }
  });

  test('a literal is a one-option choice; a free-form map is left to the JSON view', () => {
    expect(formNode({ const: 'azimuthalEqualArea', type: 'string' }, ['k'])).toMatchObject({ kind: 'enum', options: ['azimuthalEqualArea'] });
    expect(formNode({ type: 'object', additionalProperties: { type: 'string' } }, ['extra'])).toMatchObject({ kind: 'unsupported' });
  });

  test('fields are addressed by the JSON paths validation reports', () => {
    const months = find('$.simulation.months');
    expect(months).toMatchObject({ kind: 'number', integer: true, min: 1, max: 240, unit: 'month', default: 24 });
    expect(find('$.levers.diversion.kiosksPerStore')).toMatchObject({ kind: 'number', nullable: true, default: null });
    expect(find('$.levers.closures.outlets')).toMatchObject({ kind: 'stringList' });
    expect(find('$.accountManagers.eligibleTiers')).toMatchObject({ kind: 'enumList', options: ['supreme', 'diamond', 'gold', 'silver', 'ordinary'] });
    expect(find('$.adoption.peerScope')).toMatchObject({ kind: 'enum', options: ['district', 'global'] });
  });

  test('lists of objects build their items on demand, at the item path', () => {
    const services = sections.find((s) => s.key === 'services')!;
    expect(services.kind).toBe('list');
    if (services.kind !== 'list') return;
    expect(services.minItems).toBe(1);
    const item = formNode(services.item, ['services', 2]);
    expect(item.kind).toBe('group');
    const incidence = item.kind === 'group' ? item.children.find((c) => c.key === 'incidence') : undefined;
    expect(incidence?.pointer).toBe('$.services[2].incidence');
    expect(incidence?.kind).toBe('group');
  });

  test('a cleared number is "not set"; text that is not a number is kept for validation to name', () => {
    expect(parseNumberInput('', false)).toBeUndefined();
    expect(parseNumberInput('  ', true)).toBeNull();
    expect(parseNumberInput('12.5', false)).toBe(12.5);
    expect(parseNumberInput('abc', false)).toBe('abc');
  });

  test('id lists split on commas (also the Chinese comma) and spaces', () => {
    expect(parseList('S01, P02，P03  S04,')).toEqual(['S01', 'P02', 'P03', 'S04']);
  });

  test('problemsUnder counts a section\'s problems, and not its namesakes\'', () => {
    const problems = [{ path: '$.churn.baseMonthly' }, { path: '$.churnX' }, { path: '$.services[1].id' }, { path: '$.churn' }];
    expect(problemsUnder(problems, '$.churn').map((p) => p.path)).toEqual(['$.churn.baseMonthly', '$.churn']);
    expect(problemsUnder(problems, '$.services')).toHaveLength(1);
  });
});
