/**
 * Hostile input for the importers: the hand-made corpus of test/fuzz/corpus/ (its README says what
 * each file must come to) and seeded mutations of the bundled templates. Every case runs in a worker
 * thread (test/fuzz/import.node-worker.ts) under a time limit, and must end accepted with records
 * that pass the invariants or refused with every problem one line naming its place; never an
 * exception, never a hang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataKind } from '../../src/io/import-file.ts';
import { Rng } from '../../src/model/rng.ts';
import type { Verdict } from '../fuzz/import.node-worker.ts';

const CORPUS = new URL('../fuzz/corpus/', import.meta.url);
const TEMPLATES = new URL('../../scenarios/templates/', import.meta.url);
const BOOTSTRAP = new URL('../../workers/tsx-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('../fuzz/import.node-worker.ts', import.meta.url);
/** Time a case may take. The slowest corpus case takes about 30 ms here; a hang is far beyond. */
const LIMIT_MS = 2000;

// ---- one worker, restarted after a case that overran ------------------------------------------

let worker: Worker | null = null;
let nextId = 1;

function start(): Worker {
  worker = new Worker(BOOTSTRAP, { argv: [ENTRY.href] });
  worker.unref();
  return worker;
}

type Outcome = Verdict | (Omit<Verdict, 'outcome'> & { outcome: 'hang' });

/** Import one file in the worker; 'hang' when it takes longer than `limit` (the worker is replaced). */
function runCase(kind: DataKind, bytes: Uint8Array, file: string, limit = LIMIT_MS): Promise<Outcome> {
  const w = worker ?? start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
    };
    const onMessage = (m: { id: number; verdict: Verdict }) => {
      if (m.id !== id) return;
      done();
      resolve(m.verdict);
    };
    const onError = (e: Error) => {
      done();
      worker = null;
      reject(e);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.postMessage({ id, kind, bytes, file });
    // the first case also waits for the worker to compile its TypeScript
    const allowance = id === 1 ? limit + 30_000 : limit;
    timer = setTimeout(() => {
      done();
      worker = null;
      void w.terminate();
      resolve({ outcome: 'hang', violations: [`no answer within ${limit} ms`], problems: [], rows: 0, lines: 0, ms: allowance });
    }, allowance);
  });
}

beforeAll(() => {
  start();
});
afterAll(async () => {
  await worker?.terminate();
});

// ---- the corpus ---------------------------------------------------------------------------------

interface CorpusCase {
  file: string;
  folder: 'csv' | 'geojson';
  kind: DataKind;
  /** 'accept', or the place one of the problems must name: 'file', 'R:C' or a JSON path */
  expect: string;
}

// The README's tables: | file | kind | expect | exercises |, under "### csv/" and "### geojson/".
function corpusCases(): CorpusCase[] {
  const readme = readFileSync(new URL('README.md', CORPUS), 'utf8');
  const cases: CorpusCase[] = [];
  let folder: 'csv' | 'geojson' | null = null;
  for (const line of readme.split('\n')) {
    const h = /^### (csv|geojson)\/$/.exec(line);
    if (h) folder = h[1] as 'csv' | 'geojson';
    const cells = line.split('|').map((c) => c.trim());
    if (!folder || cells.length < 6 || cells[1] === 'file' || cells[1].startsWith('---')) continue;
    const [, file, kind, expectation] = cells;
    cases.push({ file, folder, kind: kind as DataKind, expect: expectation.replace(/^refuse /, '') });
  }
  return cases;
}
const cases = corpusCases();

// The place a formatted problem names: 'file', 'R:C', 'R' or a JSON path.
function placeOf(line: string, file: string): string {
  const rest = line.slice(file.length);
  if (rest.startsWith(': ')) return 'file';
  const m = /^:(\$\S*?|\d+(?::\d+)?): /.exec(rest);
  return m ? m[1] : '?';
}

describe('the corpus (test/fuzz/corpus/README.md)', () => {
  it('lists every file of the corpus, and only those, with a kind and an outcome', () => {
    const onDisk = ['csv', 'geojson'].flatMap((f) => readdirSync(new URL(`${f}/`, CORPUS)).map((n) => `${f}/${n}`)).sort();
    expect(cases.map((c) => `${c.folder}/${c.file}`).sort()).toEqual(onDisk);
    for (const c of cases) {
      expect(['outlets', 'districts', 'observed'], c.file).toContain(c.kind);
      expect(c.expect, c.file).toMatch(/^(accept|file|\d+:\d+|\$\S*)$/);
      if (c.folder === 'csv') expect(c.file.split('-')[0], c.file).toBe(c.kind);
    }
    expect(cases.length).toBeGreaterThanOrEqual(70);
  });

  it.each(cases.map((c) => [`${c.folder}/${c.file}`, c] as const))('%s', async (_, c) => {
    const bytes = new Uint8Array(readFileSync(new URL(`${c.folder}/${c.file}`, CORPUS)));
    const v = await runCase(c.kind, bytes, c.file);
    expect(v.violations).toEqual([]);
    if (c.expect === 'accept') {
      expect(v.problems).toEqual([]);
      expect(v.outcome).toBe('accepted');
    } else {
      expect(v.outcome).toBe('refused');
      expect(v.problems.map((p) => placeOf(p, c.file))).toContain(c.expect);
    }
  });
});

// ---- seeded mutations of the templates ------------------------------------------------------------

// FUZZ_SEED and FUZZ_CASES run other or more mutations by hand (15,000 a seed took 20–40 s here).
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_917);
const PER_TEMPLATE = Number(process.env.FUZZ_CASES ?? 60);
const TEMPLATE_CASES: Array<[string, DataKind]> = [['outlets.csv', 'outlets'], ['outlets-gbk.csv', 'outlets'], ['districts.csv', 'districts'], ['districts.geojson', 'districts'], ['observed.csv', 'observed']];
const enc = (s: string) => [...new TextEncoder().encode(s)];
// What a mutation inserts: CSV and JSON structure, line ends, and bytes that break encodings.
const TOKENS: number[][] = ['"', '""', ',', '\n', '\r', '\r\n', '\t', ';', '{', '}', '[', ']', ':', '-', 'e', '9'].map(enc)
  .concat([[0], [0xef, 0xbb, 0xbf], [0xff], [0x80], [0xa4, 0xa4], [0x82, 0xa0], [0xe4, 0xb8]]);

/** The template's bytes changed by 1 to 3 edits drawn from `rng`: delete, duplicate, insert, swap, truncate. */
function mutate(bytes: Uint8Array, rng: Rng): { bytes: Uint8Array; edits: string[] } {
  let b = Array.from(bytes);
  const edits: string[] = [];
  const pick = (n: number) => rng.nextU32() % Math.max(1, n);
  const count = 1 + pick(3);
  for (let k = 0; k < count; k++) {
    const at = pick(b.length + 1);
    switch (pick(6)) {
      case 0: {
        const n = 1 + pick(16);
        b.splice(at, n);
        edits.push(`delete ${n} at ${at}`);
        break;
      }
      case 1: {
        const n = 1 + pick(200);
        b.splice(at, 0, ...b.slice(at, at + n));
        edits.push(`duplicate ${n} at ${at}`);
        break;
      }
      case 2: {
        const t = TOKENS[pick(TOKENS.length)];
        b.splice(at, 0, ...t);
        edits.push(`insert ${JSON.stringify(t)} at ${at}`);
        break;
      }
      case 3: {
        const x = pick(256);
        b.splice(at, 0, x);
        edits.push(`insert byte ${x} at ${at}`);
        break;
      }
      case 4: {
        const j = pick(b.length);
        if (at < b.length) [b[at], b[j]] = [b[j], b[at]];
        edits.push(`swap ${at} and ${j}`);
        break;
      }
      default:
        b = b.slice(0, at);
        edits.push(`truncate at ${at}`);
    }
  }
  return { bytes: Uint8Array.from(b), edits };
}

describe(`${PER_TEMPLATE} seeded mutations of each template (seed ${SEED})`, () => {
  it.each(TEMPLATE_CASES)('%s', async (name, kind) => {
    const template = new Uint8Array(readFileSync(new URL(name, TEMPLATES)));
    const failures: string[] = [];
    const outcomes = { accepted: 0, refused: 0 };
    let slowest = 0;
    for (let i = 0; i < PER_TEMPLATE; i++) {
      const { bytes, edits } = mutate(template, Rng.from(SEED, TEMPLATE_CASES.findIndex(([n]) => n === name), i));
      const v = await runCase(kind, bytes, name);
      slowest = Math.max(slowest, v.ms);
      if (v.outcome === 'accepted' || v.outcome === 'refused') outcomes[v.outcome]++;
      if (v.outcome === 'hang' || v.outcome === 'threw' || v.violations.length > 0) {
        failures.push(`case ${i} (${edits.join('; ')}): ${v.outcome}: ${[...v.violations, ...v.problems].slice(0, 3).join(' | ')}`);
      }
    }
    expect(failures).toEqual([]);
    // the mutations must exercise both ends: a fuzzer whose every case is refused tests little
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.accepted + outcomes.refused).toBe(PER_TEMPLATE);
    expect(slowest).toBeLessThan(LIMIT_MS);
  });
});

// ---- large files ----------------------------------------------------------------------------------

describe('large files, within a time limit proportional to their size', () => {
  it('60,000 outlet rows (2.6 MB) and 3,000 districts of 150 positions each (18 MB of GeoJSON)', async () => {
    const rows = ['id,name,kind,longitude,latitude'];
    for (let i = 0; i < 60_000; i++) rows.push(`P${i},网点${i},partner,${(116.5 + (i % 400) / 1000).toFixed(4)},${(27 + Math.floor(i / 400) / 1000).toFixed(4)}`);
    const bytes = new TextEncoder().encode(rows.join('\n'));
    const csv = await runCase('outlets', bytes, 'big.csv', 10_000);
    expect([csv.outcome, csv.violations, csv.rows, csv.lines]).toEqual(['accepted', [], 60_000, 60_001]);
    // the time limit holds: past it, a case is a hang and the next one runs in a fresh worker
    expect((await runCase('outlets', bytes, 'big.csv', 5)).outcome).toBe('hang');
    expect((await runCase('outlets', new TextEncoder().encode(rows.slice(0, 4).join('\n')), 'small.csv', 30_000)).outcome).toBe('accepted');

    const features = [];
    for (let i = 0; i < 3000; i++) {
      const x = 100 + (i % 100) * 0.01, y = 20 + Math.floor(i / 100) * 0.01;
      const ring = Array.from({ length: 150 }, (_, k) => [x + 0.004 * (1 + Math.cos((2 * Math.PI * k) / 150)), y + 0.004 * (1 + Math.sin((2 * Math.PI * k) / 150))]);
      ring.push(ring[0]);
      features.push({ type: 'Feature', properties: { id: `D${i}`, population: 1000 }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
    const geo = await runCase('districts', new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features })), 'big.geojson', 15_000);
    expect(geo.violations).toEqual([]);
    expect([geo.outcome, geo.rows]).toEqual(['accepted', 3000]);
  });
});
