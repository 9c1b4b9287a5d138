/**
 * The fuzz cases: seeded mutations of the bundled scenarios, the hand-made corpus of scenario
 * files, the option lists, and the CSV/GeoJSON corpus (test/fuzz/corpus/README.md says how each
 * is laid out). Scenario files are written to a temporary directory; every run writes there too.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { resolveScenario } from '../../src/model/validate.ts';
import { mutate } from './mutate.ts';
import { ROOT, type Case, type Step } from './runner.ts';

const CORPUS = join(ROOT, 'test/fuzz/corpus');

/** The tiny size every scenario case is run at. */
export const TINY = { customers: 500, months: 2, replications: 2 };

/** Commands that take --out DIR (and keep their replication cache beside it). */
const WRITES_OUT = new Set(['run', 'compare', 'sweep', 'sensitivity', 'plan-closures', 'calibrate', 'curves', 'size', 'seek']);

/** A scenario case: validate the file, then, when it is valid, run it at the tiny size. */
export function scenarioCase(name: string, file: string, tmp: string, detail?: string): Case {
  const out = join(tmp, 'out', name.replace(/[^\w.-]+/g, '_'));
  const customers = customersOf(file);
  const run: Step = {
    argv: ['run', file, '--customers', String(Math.min(TINY.customers, customers)), '--months', String(TINY.months), '--replications', String(TINY.replications), '--out', out],
    out,
  };
  return { name, group: 'scenario', steps: [{ argv: ['validate', file] }, run], detail };
}

/**
 * `count` mutants, drawn in turn from each base scenario (scenarios/*.json and the fully resolved
 * default, whose every field is there to be broken), written into tmp.
 */
export function mutantCases(count: number, seed: number, tmp: string): Case[] {
  const dir = join(tmp, 'mutants');
  mkdirSync(dir, { recursive: true });
  const bases = baseScenarios();
  return Array.from({ length: count }, (_, i) => {
    const base = bases[i % bases.length];
    const m = mutate(base.doc, seed, i);
    const file = join(dir, `${i}-${base.name}`);
    writeFileSync(file, m.text);
    return scenarioCase(`mutant ${i} of ${base.name}`, file, tmp, m.steps.join('; '));
  });
}

/** Every file of corpus/scenarios (valid or not: broken JSON, BOM, empty files are cases too). */
export function corpusScenarioCases(tmp: string): Case[] {
  const dir = join(CORPUS, 'scenarios');
  return readdirSync(dir).filter((f) => !f.startsWith('.')).sort().map((f) => scenarioCase(`corpus/scenarios/${f}`, join(dir, f), tmp));
}

/**
 * Every line of corpus/options/*.txt: one argv a line, words split on blanks, "…" and '…' quote,
 * # starts a comment; $OUT is the case's own output directory and $TMP the run's scratch directory.
 * Experiment commands without --out get one in $OUT.
 */
export function optionCases(tmp: string): Case[] {
  const dir = join(CORPUS, 'options');
  const cases: Case[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.txt')).sort()) {
    readFileSync(join(dir, f), 'utf8').split('\n').forEach((line, i) => {
      const words = splitWords(line);
      if (words.length === 0) return;
      const name = `corpus/options/${f}:${i + 1}`;
      const out = join(tmp, 'out', name.replace(/[^\w.-]+/g, '_'));
      const argv = words.map((w) => w.replaceAll('$OUT', out).replaceAll('$TMP', tmp));
      if (WRITES_OUT.has(argv[0]) && !argv.includes('--out')) argv.push('--out', out);
      cases.push({ name, group: 'options', steps: [{ argv, out: argv[0] === 'run' ? argv[argv.indexOf('--out') + 1] : undefined }], detail: line.trim() });
    });
  }
  return cases;
}

/**
 * Every file of corpus/csv and corpus/geojson, imported with the kind its name starts with
 * (outlets-…, districts-…, observed-…).
 * @throws {Error} for a file whose name gives no kind (the corpus convention, README.md)
 */
export function dataCases(corpus = CORPUS): Case[] {
  const cases: Case[] = [];
  for (const sub of ['csv', 'geojson']) {
    const dir = join(corpus, sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => /\.(csv|geojson|json|txt)$/i.test(x)).sort()) {
      // every GeoJSON file is a districts file; a CSV file's kind is the first word of its name
      const kind = sub === 'geojson' ? 'districts' : /^(outlets|districts|observed)-/.exec(f)?.[1];
      if (!kind) throw new Error(`test/fuzz/corpus/${sub}/${f}: name it outlets-…, districts-… or observed-… (test/fuzz/corpus/README.md)`);
      cases.push({ name: `corpus/${sub}/${f}`, group: 'import', steps: [{ argv: ['import', join(dir, f), '--kind', kind] }] });
    }
  }
  return cases;
}

/** Split a line into words: blanks separate, "…" and '…' quote (an empty pair is an empty word), # comments. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '#') break;
    let word = '';
    while (i < line.length && !/\s/.test(line[i])) {
      const q = line[i];
      if (q === '"' || q === "'") {
        const end = line.indexOf(q, i + 1);
        if (end < 0) throw new Error(`unclosed ${q} in: ${line}`);
        word += line.slice(i + 1, end);
        i = end + 1;
      } else word += line[i++];
    }
    words.push(word);
  }
  return words;
}

// The scenarios mutants start from, with data-file references made absolute (mutants live elsewhere).
function baseScenarios(): Array<{ name: string; doc: unknown }> {
  const dir = join(ROOT, 'scenarios');
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json').map((f) => join(dir, f)),
    ...readdirSync(join(dir, 'lessons')).filter((f) => f.endsWith('.json')).map((f) => join(dir, 'lessons', f)),
  ].sort();
  const bases = files.map((file) => ({ name: basename(file), doc: absoluteRefs(JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')), dirname(file)) }));
  const resolved = JSON.parse(JSON.stringify(resolveScenario({})));
  delete resolved.$schema;
  return [{ name: 'resolved-default.json', doc: resolved }, ...bases];
}

function absoluteRefs(doc: Record<string, any>, dir: string): Record<string, any> {
  const fix = (o: Record<string, any> | undefined, key: string) => {
    if (o && typeof o[key] === 'string' && !isAbsolute(o[key])) o[key] = resolve(dir, o[key]);
  };
  fix(doc.outlets, 'file');
  fix(doc.region, 'districtsFile');
  fix(doc.observed, 'file');
  delete doc.$schema;
  return doc;
}

// simulation.customers of a scenario file when it can be read (the run's agents may not exceed it).
function customersOf(file: string): number {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))?.simulation?.customers;
    return Number.isInteger(c) && c >= 100 ? c : TINY.customers;
  } catch {
    return TINY.customers;
  }
}
