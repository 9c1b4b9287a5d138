/**
 * Test-only worker of test/io/fuzz.test.ts: imports one data file with importDataFile (what the
 * command line, the scenario loader and the workbench's import worker call), places accepted
 * outlets and districts on the plane as `channel-lab import` does, and checks the outcome against
 * the importers' invariants. It runs in a worker thread so that a case that never ends can be
 * stopped (terminate) and named; on the test's own thread a synchronous loop would hang the run.
 *
 * Message in: { id, kind, bytes, file }. Message out: { id, verdict }.
 */
import { parentPort } from 'node:worker_threads';
import { decodeText } from '../../src/io/decode.ts';
import type { ImportedDistrict } from '../../src/io/districts.ts';
import { importDataFile, type DataKind } from '../../src/io/import-file.ts';
import type { ObservedFigure } from '../../src/io/observed.ts';
import type { ImportedOutlet } from '../../src/io/outlets.ts';
import { placeOnPlane } from '../../src/io/plane.ts';
import { formatProblem, type ImportProblem, type ImportResult } from '../../src/io/problems.ts';
import { DEFAULT_SERVICES } from '../../src/model/scenario.ts';

/** How a case ended: accepted (records) or refused (problems), each with the invariants it broke. */
export interface Verdict {
  outcome: 'accepted' | 'refused' | 'threw';
  /** invariants broken (empty when the case is fine) */
  violations: string[];
  /** every problem as printed (refused), or the error with its stack (threw) */
  problems: string[];
  rows: number;
  lines: number;
  ms: number;
}

const SERVICE_IDS = new Set(DEFAULT_SERVICES.map((s) => s.id));

export function judge(kind: DataKind, bytes: Uint8Array, file: string): Verdict {
  const t0 = performance.now();
  const r = importDataFile(kind, bytes, file, { services: DEFAULT_SERVICES });
  const v: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) v.push(what);
  };
  check(r.file === file, `result names ${r.file}, not ${file}`);
  check(Number.isInteger(r.rows) && r.rows >= 0 && Number.isInteger(r.lines) && r.lines >= 0, `rows ${r.rows} and lines ${r.lines} must be counts`);
  // the lines, counted here without the tokenizer: line ends, plus a last line without one
  const d = decodeText(bytes);
  if (d.ok) {
    const text = d.text;
    const expected = text === '' ? 0 : text.split(/\r\n|\r|\n/).length - (/[\r\n]$/.test(text) ? 1 : 0);
    check(r.lines === expected, `lines ${r.lines}, but the text has ${expected}`);
  } else check(!r.ok && r.lines === 0, 'an undecodable file must be refused with 0 lines');
  if (r.tally) {
    const t = r.tally;
    check(t.header + r.rows + t.blank + t.inCells + t.hint === r.lines, `lines do not add up: ${t.header} header + ${r.rows} rows + ${t.blank} blank + ${t.inCells} in cells + ${t.hint} hint ≠ ${r.lines}`);
  }
  let problems: string[] = [];
  if (r.ok) {
    check(r.records.length === r.rows, `${r.records.length} records from ${r.rows} rows`);
    check(!('problems' in r), 'an accepted result carries problems');
    if (kind === 'outlets') outletInvariants(r.records as ImportedOutlet[], r, check);
    else if (kind === 'districts') districtInvariants(r.records as ImportedDistrict[], check);
    else observedInvariants(r.records as ObservedFigure[], check);
    if (kind !== 'observed') {
      const placed = kind === 'outlets'
        ? placeOnPlane({ outlets: { file, records: r.records as ImportedOutlet[], columns: r.columns } }, { cellKm: 1 })
        : placeOnPlane({ districts: { file, records: r.records as ImportedDistrict[], columns: r.columns } }, { cellKm: 1 });
      if (placed.ok) {
        check(Number.isFinite(placed.widthKm) && placed.widthKm > 0 && Number.isFinite(placed.heightKm) && placed.heightKm > 0, `placed on ${placed.widthKm} × ${placed.heightKm} km`);
        for (const p of [...(placed.outlets ?? []), ...(placed.districts ?? [])]) {
          check(p.x >= 0 && p.x <= placed.widthKm && p.y >= 0 && p.y <= placed.heightKm, `${p.id} placed at (${p.x}, ${p.y}) outside ${placed.widthKm} × ${placed.heightKm} km`);
        }
      } else {
        problems = placed.problems.map(formatProblem);
        problemInvariants(placed.problems, file, check);
      }
    }
  } else {
    check(!('records' in r), 'a refused result carries records');
    check(r.problems.length > 0, 'refused without a problem');
    problems = r.problems.map(formatProblem);
    problemInvariants(r.problems, file, check);
  }
  return { outcome: r.ok && problems.length === 0 ? 'accepted' : 'refused', violations: v, problems, rows: r.rows, lines: r.lines, ms: performance.now() - t0 };
}

// `file:row:column: …`, `file:row: …`, `file:$.path: …` or `file: …`, on one line, naming the file.
function problemInvariants(ps: readonly ImportProblem[], file: string, check: (ok: boolean, what: string) => void): void {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const shape = new RegExp(`^${escaped}(:\\d+(:\\d+)?|:\\$[^ ]*)?: \\S`);
  for (const p of ps) {
    const line = formatProblem(p);
    check(p.file === file, `problem names ${p.file}: ${line}`);
    check(shape.test(line) && !/[\r\n]/.test(line), `malformed problem: ${JSON.stringify(line)}`);
  }
}

const finiteIn = (x: unknown, lo: number, hi: number) => typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi;

function outletInvariants(rs: readonly ImportedOutlet[], r: ImportResult<unknown>, check: (ok: boolean, what: string) => void): void {
  const ids = new Set<string>();
  let last = 1;
  const lastRow = 1 + r.rows + (r.tally?.blank ?? 0);
  for (const o of rs) {
    const at = `outlet row ${o.row}`;
    check(Number.isInteger(o.row) && o.row > last && o.row <= lastRow, `${at}: row out of order or past the ${lastRow} rows of the file`);
    last = o.row;
    check(typeof o.id === 'string' && o.id !== '' && o.id === o.id.trim() && !ids.has(o.id), `${at}: id ${JSON.stringify(o.id)} empty, untrimmed or repeated`);
    ids.add(o.id);
    check(typeof o.name === 'string' && o.name !== '', `${at}: no name`);
    check(o.kind === 'own' || o.kind === 'partner', `${at}: kind ${String(o.kind)}`);
    check(finiteIn(o.lon, -180, 180) && finiteIn(o.lat, -90, 90) && !(o.lon === 0 && o.lat === 0), `${at}: position ${o.lon}, ${o.lat}`);
    const ranges: Array<[keyof ImportedOutlet, number, number, boolean]> = [['counters', 1, 100, true], ['kiosks', 0, 50, true], ['openHours', 1, 24, false], ['rentMonthly', 0, 1e8, false], ['staff', 0, 1e4, false], ['attractiveness', 0.01, 100, false]];
    for (const [k, lo, hi, integer] of ranges) {
      const x = o[k];
      if (x !== undefined) check(finiteIn(x, lo, hi) && (!integer || Number.isInteger(x)), `${at}: ${k} ${String(x)}`);
    }
    if (o.services) check(o.services.every((s) => SERVICE_IDS.has(s)), `${at}: services ${o.services.join(';')}`);
    if (o.extra) check(Object.values(o.extra).every((x) => typeof x === 'string' && x !== ''), `${at}: extra`);
  }
}

function districtInvariants(rs: readonly ImportedDistrict[], check: (ok: boolean, what: string) => void): void {
  const ids = new Set<string>();
  for (const d of rs) {
    const at = `district ${d.row}`;
    check(typeof d.id === 'string' && d.id !== '' && !ids.has(d.id), `${at}: id ${JSON.stringify(d.id)} empty or repeated`);
    ids.add(d.id);
    check(['urban', 'suburban', 'rural'].includes(d.type), `${at}: type ${d.type}`);
    check(finiteIn(d.lon, -180, 180) && finiteIn(d.lat, -90, 90), `${at}: centre ${d.lon}, ${d.lat}`);
    check(finiteIn(d.areaKm2, Number.MIN_VALUE, 5.2e8), `${at}: area ${d.areaKm2}`);
    check(finiteIn(d.population, 0, 1e10), `${at}: population ${d.population}`);
    for (const split of [d.segments, d.tiers]) {
      if (!split) continue;
      const sum = Object.values(split).reduce((a, b) => a + b, 0);
      check(Object.values(split).every((x) => finiteIn(x, 0, 1e10)) && Math.abs(sum - d.population) <= 0.01 * Math.max(sum, d.population) + 0.5, `${at}: split sums to ${sum}, population ${d.population}`);
    }
    if (d.polygon) check(d.polygon.flat(2).every((p) => finiteIn(p[0], -180, 180) && finiteIn(p[1], -90, 90)), `${at}: outline position not finite degrees`);
  }
}

function observedInvariants(rs: readonly ObservedFigure[], check: (ok: boolean, what: string) => void): void {
  const metrics = new Set<string>();
  for (const f of rs) {
    check(typeof f.metric === 'string' && f.metric.length > 0 && !metrics.has(f.metric), `row ${f.row}: metric ${f.metric} empty or repeated`);
    metrics.add(f.metric);
    check(Number.isFinite(f.value), `row ${f.row}: value ${f.value}`);
    check(finiteIn(f.weight, 0, 1e6), `row ${f.row}: weight ${f.weight}`);
  }
}

parentPort?.on('message', (m: { id: number; kind: DataKind; bytes: Uint8Array; file: string }) => {
  let verdict: Verdict;
  try {
    verdict = judge(m.kind, m.bytes, m.file);
  } catch (e) {
    verdict = { outcome: 'threw', violations: [], problems: [e instanceof Error ? e.stack ?? e.message : String(e)], rows: 0, lines: 0, ms: 0 };
  }
  parentPort!.postMessage({ id: m.id, verdict });
});
