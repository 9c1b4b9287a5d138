import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ExperimentError, invalid, problem, PROBLEM_CODES, wordProblem } from '../../src/experiment/errors.ts';
import { checkRange } from '../../src/experiment/paths.ts';

const ROOT = join(import.meta.dirname, '../..');
const EXPERIMENT = join(ROOT, 'src/experiment');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

// Every string literal and template text of a file, by the TypeScript parser (comments left out).
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) out.push(node.text);
    node.forEachChild(visit);
  };
  visit(source);
  return out;
}

describe('the experiment layer speaks no front end', () => {
  const files = sources(EXPERIMENT);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(15);
    expect(literals(join(EXPERIMENT, 'errors.ts')).length).toBeGreaterThan(50);
  });

  it('no string in src/experiment names a command-line option (--vary, --max-evaluations, …)', () => {
    const flags = files.flatMap((f) => literals(f).filter((s) => /--[a-z]/.test(s)).map((s) => `${relative(ROOT, f)}: ${s}`));
    expect(flags).toEqual([]);
  });

  it('imports neither node:, BullMQ, Redis, the CLI nor the runtime', () => {
    const imports = files.flatMap((f) => literals(f).filter((s) => /^(node:|bullmq$|ioredis$)|\/(cli|runtime)\//.test(s)).map((s) => `${relative(ROOT, f)}: ${s}`));
    expect(imports).toEqual([]);
  });
});

describe('ExperimentError', () => {
  it('words a problem plainly: [path: ]expected …, got …', () => {
    const p = problem('vary', 'rangeOrder', { lo: 0.5, hi: 0.2 }, 'levers.diversion.floorGuide');
    expect(p).toEqual({ parameter: 'vary', path: 'levers.diversion.floorGuide', code: 'rangeOrder', values: { lo: 0.5, hi: 0.2 }, expected: 'LO..HI with LO < HI', got: '0.5..0.2' });
    expect(wordProblem(p)).toBe('levers.diversion.floorGuide: expected LO..HI with LO < HI, got 0.5..0.2');
    expect(wordProblem(problem('steps', 'integerRange', { value: 1, min: 2, max: 200 }))).toBe('expected an integer from 2 to 200, got 1');
  });

  it('its message is one plain line per problem; its problems keep their data', () => {
    const e = new ExperimentError([problem('set', 'duplicate', {}, 'a.b'), problem('samples', 'integerRange', { value: 0, min: 1, max: null })]);
    expect(e.message).toBe('a.b: expected each path once, got it twice\nexpected an integer ≥ 1, got 0');
    expect(e.problems.map((p) => p.parameter)).toEqual(['set', 'samples']);
    expect(invalid('budget', 'negative', { value: -1 })).toBeInstanceOf(Error);
  });

  it('lists every kind of problem once', () => {
    expect(PROBLEM_CODES.length).toBeGreaterThan(40);
    expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length);
  });
});

describe('one rule for a range: finite ends, LO < HI', () => {
  it('accepts LO < HI and refuses LO = HI, LO > HI and non-numbers, naming the input and path', () => {
    expect(() => checkRange('range', 'a', 0, 1)).not.toThrow();
    for (const [lo, hi] of [[1, 1], [1, 0], [NaN, 1], [0, Infinity]]) {
      expect(() => checkRange('vary', 'a.b', lo, hi)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ parameter: 'vary', path: 'a.b', code: 'rangeOrder' })] }));
    }
  });
});
