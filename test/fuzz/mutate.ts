/**
 * Seeded mutations of scenario JSON: the inputs a careless edit, a broken export or a hostile file
 * could give the CLI. Each mutation draws from the project's seeded generator (src/model/rng.ts), so
 * case n of seed s is the same file on every machine.
 *
 * Generic operators pick any place in the document (a number, a string, an array, an object, a key)
 * and break it: extreme or special numbers, wrong types, deleted or unknown keys, duplicated,
 * emptied or blown-up arrays. Domain operators aim at what a city can get wrong: every district
 * empty, tiny and huge grids, closures of outlets that do not exist, services nobody can carry,
 * a city where every customer leaves, the smallest run.
 */
import { Rng } from '../../src/model/rng.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** Text written for these numbers, which JSON.stringify cannot produce: -0 and a number too large for a double. */
const NEG_ZERO = '\u0000-0', OVERFLOW = '\u00001e999';
const SPECIAL_NUMBERS: Json[] = [0, -1, NEG_ZERO, 1e308, -1e308, 5e-324, 0.5, 1.5, 2 ** 31, 2 ** 53 + 2, 1e9, 1e15, OVERFLOW, 100, 1_000_000];
const WRONG_TYPES: Json[] = ['NaN', 'Infinity', '-Infinity', '1e3', '', true, null, [], {}, [1, 2], { value: 1 }];
const STRINGS: Json[] = ['', ' ', '=HYPERLINK("x")', '\u0000', '客户'.repeat(10), 'x'.repeat(100_000), '../../etc/passwd', '$', '-1', '\u001b[2J\u001b]0;x\u0007\u202e\u009b1m', ' ＝1+1'];

/** One mutated scenario: its JSON text and what was done to it. */
export interface Mutant {
  text: string;
  /** the operators applied, for the report ("set $.region.cellKm = 0.1; …") */
  steps: string[];
}

/**
 * Apply 1–3 mutations, drawn from stream (seed, index), to a copy of `base`.
 * @param base a scenario as parsed JSON (any shape: it is only read)
 */
export function mutate(base: unknown, seed: number, index: number): Mutant {
  const rng = Rng.from(seed, 0x6675, index);
  let doc = structuredClone(base) as Json;
  const steps: string[] = [];
  const n = 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    const op = pick(rng, OPERATORS);
    const r = op(doc, rng);
    doc = r.doc;
    steps.push(r.step);
  }
  return { text: serialise(doc), steps };
}

/** JSON text, with the sentinels written as the raw tokens JSON.stringify cannot write. */
export function serialise(doc: unknown): string {
  return JSON.stringify(doc, null, 1)
    .replaceAll(JSON.stringify(NEG_ZERO), '-0')
    .replaceAll(JSON.stringify(OVERFLOW), '1e999');
}

type Operator = (doc: Json, rng: Rng) => { doc: Json; step: string };

const OPERATORS: Operator[] = [
  // generic: numbers
  (doc, rng) => replaceAt(doc, rng, (v) => typeof v === 'number', () => pick(rng, SPECIAL_NUMBERS), 'set'),
  (doc, rng) => replaceAt(doc, rng, (v) => typeof v === 'number', () => pick(rng, SPECIAL_NUMBERS), 'set'),
  (doc, rng) => replaceAt(doc, rng, (v) => typeof v === 'number', (v) => (v as number) * pick(rng, [1000, 1e6, -1, 0.001]), 'scale'),
  (doc, rng) => replaceAt(doc, rng, (v) => typeof v === 'number', () => pick(rng, WRONG_TYPES), 'retype'),
  // generic: strings, arrays, objects, keys
  (doc, rng) => replaceAt(doc, rng, (v) => typeof v === 'string', () => pick(rng, STRINGS), 'set'),
  (doc, rng) => replaceAt(doc, rng, (v) => v !== null && typeof v === 'object', () => pick(rng, WRONG_TYPES), 'retype'),
  (doc, rng) => deleteAt(doc, rng),
  (doc, rng) => deleteAt(doc, rng),
  (doc, rng) => addUnknownKey(doc, rng),
  (doc, rng) => replaceAt(doc, rng, Array.isArray, (v) => { const a = v as Json[]; return a.length ? [...a, a[rng.int(a.length)]] : a; }, 'duplicate an element of'),
  (doc, rng) => replaceAt(doc, rng, Array.isArray, () => [], 'empty'),
  (doc, rng) => replaceAt(doc, rng, Array.isArray, (v) => { const a = v as Json[]; return a.length ? Array.from({ length: pick(rng, [255, 300, 5000]) }, (_, i) => a[i % a.length]) : a; }, 'blow up'),
  // domain
  (doc) => set(doc, ['levers', 'closures', 'outlets'], ['NOPE-1', 'S01', 'S01'], 'close unknown and repeated outlets'),
  (doc) => set(doc, ['services'], [], 'no services'),
  (doc, rng) => set(doc, ['region', 'districts'], districts(rng, () => 0), 'every district population 0'),
  (doc, rng) => set(doc, ['region', 'districts'], districts(rng, (i) => (i === 0 ? 0 : 1 + rng.next())), 'one district population 0'),
  (doc, rng) => set(doc, ['region', 'districts'], districts(rng, () => 1e308), 'every district population 1e308'),
  (doc, rng) => set(doc, ['region'], { widthKm: pick(rng, [2, 1000]), heightKm: pick(rng, [2, 1000, 0.1]), cellKm: pick(rng, [0.1, 0.2, 1, 5, 20]) }, 'grid'),
  (doc, rng) => set(doc, ['outlets', 'generate'], { ownStores: pick(rng, [0, 1, 2000]), partners: pick(rng, [0, 1, 100_000]) }, 'outlets'),
  (doc) => set(doc, ['churn'], { baseMonthly: 1, priceIndex: 5, priceEffect: 10 }, 'every customer leaves'),
  (doc) => set(doc, ['acquisition', 'marketMonthly'], 0, 'no prospects'),
  (doc, rng) => set(doc, ['simulation'], { months: 1, customers: pick(rng, [100, 101, 1_000_000]), agents: pick(rng, [null, 100]) }, 'smallest run'),
  (doc) => set(doc, ['services'], [{ id: 'am', class: 'strategic', counterMin: 30, complexity: 0.9, channels: ['accountManager'], incidence: flat(1) }], 'a service only account managers carry'),
  (doc) => set(doc, ['accountManagers', 'managers'], 0, 'no account managers'),
  (doc) => set(doc, ['hotline', 'agents'], 0, 'no hotline agents'),
  (doc) => set(doc, ['services'], [{ id: 'k', class: 'service', queueFree: true, counterMin: 2, complexity: 0, channels: ['kiosk'], incidence: flat(1) }], 'a service only kiosks carry'),
  (doc) => set(doc, ['stores', 'kiosks'], 0, 'no kiosks'),
  (doc) => set(doc, ['services'], [{ id: 'q', class: 'service', counterMin: 1, complexity: 0, channels: ['web'], incidence: flat(0) }], 'nobody needs anything'),
  (doc, rng) => set(doc, ['services'], Array.from({ length: pick(rng, [254, 255]) }, (_, i) => ({ id: `s${i}`, class: 'service', counterMin: 1, complexity: 0, channels: ['web'], incidence: flat(0.01) })), 'many services'),
  (doc) => set(doc, ['outlets', 'list'], [{ id: 'S01', kind: 'own', x: 0, y: 0 }, { id: 'S01', kind: 'partner', x: 1, y: 1 }], 'duplicate outlet ids'),
  (doc) => set(doc, ['segments'], Object.fromEntries(['youth', 'business', 'family', 'senior', 'sme', 'enterprise'].map((g) => [g, { share: 0 }])), 'every segment share 0'),
];

function flat(v: number): Record<string, number> {
  return Object.fromEntries(['youth', 'business', 'family', 'senior', 'sme', 'enterprise'].map((g) => [g, v]));
}

function districts(rng: Rng, population: (i: number) => number): Json {
  return Array.from({ length: 1 + rng.int(4) }, (_, i) => ({
    id: `D${i}`, type: pick(rng, ['urban', 'suburban', 'rural']), x: 2 + rng.next() * 30, y: 2 + rng.next() * 30, radiusKm: 0.2 + rng.next() * 5, population: population(i),
  }));
}

// Replace one value (drawn among those `want` accepts) by make(value).
function replaceAt(doc: Json, rng: Rng, want: (v: Json) => boolean, make: (v: Json) => Json, verb: string): { doc: Json; step: string } {
  const places = walk(doc).filter(([, v]) => want(v));
  if (places.length === 0) return { doc, step: `${verb}: nothing to ${verb}` };
  const [path, v] = places[rng.int(places.length)];
  const value = make(v);
  return { doc: setPath(doc, path, value), step: `${verb} ${show(path)} = ${describe(value)}` };
}

function deleteAt(doc: Json, rng: Rng): { doc: Json; step: string } {
  const places = walk(doc).filter(([p]) => p.length > 0);
  if (places.length === 0) return { doc, step: 'delete: nothing to delete' };
  const [path] = places[rng.int(places.length)];
  const parent = getPath(doc, path.slice(0, -1)) as Json[] | Record<string, Json>;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key as string];
  return { doc, step: `delete ${show(path)}` };
}

function addUnknownKey(doc: Json, rng: Rng): { doc: Json; step: string } {
  const objects = walk(doc).filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v));
  if (objects.length === 0) return { doc, step: 'add key: no object' };
  const [path, obj] = objects[rng.int(objects.length)];
  const key = pick(rng, ['colour', '__proto__', 'constructor', 'months ', '']);
  // defineProperty: a plain assignment to "__proto__" would set the prototype, not write the key
  Object.defineProperty(obj, key, { value: 1, enumerable: true, writable: true, configurable: true });
  return { doc, step: `add ${show([...path, key])}` };
}

function set(doc: Json, path: Path, value: Json, what: string): { doc: Json; step: string } {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { doc, step: `${what}: the document is not an object` };
  let o = doc as Record<string, Json>;
  for (const k of path.slice(0, -1)) {
    const next = o[k as string];
    o = (o[k as string] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<string, Json>;
  }
  o[path[path.length - 1] as string] = value;
  return { doc, step: what };
}

// Every value with its path, the root first.
function walk(v: Json, path: Path = [], out: Array<[Path, Json]> = []): Array<[Path, Json]> {
  out.push([path, v]);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k], out);
  return out;
}

function getPath(doc: Json, path: Path): Json {
  let v = doc;
  for (const k of path) v = (v as Record<string | number, Json>)[k];
  return v;
}

function setPath(doc: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  (getPath(doc, path.slice(0, -1)) as Record<string | number, Json>)[path[path.length - 1]] = value;
  return doc;
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

function show(path: Path): string {
  return '$' + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
}

function describe(v: Json): string {
  if (v === NEG_ZERO) return '-0';
  if (v === OVERFLOW) return '1e999';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
