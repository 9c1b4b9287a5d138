/**
 * What every CLI outcome must satisfy, whatever the input: exit 0 or 2 (never 1, a signal or a
 * hang), no stack trace on stderr, no terminal control character printed raw, every exit-2 line
 * naming where the problem is (a JSON path, an option, a file or file:row:column), and every
 * result.json of an exit-0 run within the engine's invariants (shares sum to 1, satisfaction
 * 0–100, intervals around their means, counts ≥ 0, a KPI without data null with its reason, one
 * from a single replication without sd and interval and with its reason, nothing else null).
 */
import { KPIS, KPI_META } from '../../src/model/kpis.ts';
import { ONE_REPLICATION } from '../../src/experiment/aggregate.ts';

/** The five family shares: they sum to 1 over completed transactions. */
const SHARES = ['eChannelShare', 'storeShare', 'partnerShare', 'hotlineShare', 'directShare'] as const;
const COUNTS = ['newLines', 'handsetsSold', 'subsidySpend', 'commissionSpend', 'channelCost', 'revenue', 'costPerTransaction', 'storeWaitMeanMin', 'storeWaitP90Min'] as const;
const TOL = 1e-9;

/** Lines of a raw JavaScript error or a stack: what bad input must never show. */
const TRACE = /^\s+at |^(\w*Error|TypeError|RangeError|ReferenceError|SyntaxError)\b|\b(TypeError|RangeError|ReferenceError|SyntaxError): |Error: |\bundefined is not\b|Cannot read propert/m;

/**
 * What a problem line must name: a JSON path ($, $.a.b, $[0]), a scenario path (levers.closures.
 * fromMonth), an option (--x), a quoted argument or value, a file or directory (a/b, x.csv),
 * file:row:column, or, as the subject of the line, the thing given ("channel-lab: P: unknown path").
 */
const NAMES_A_PLACE = [
  /\$[.[:]|\$: /, /\b[A-Za-z_]\w*(\.\w+)+\b/, /(^|[\s(])--?[a-z]/i, /'[^']*'|"[^"]*"/, /\S\/|\/\S/, /:\d+:\d+/, /^channel-lab: [^\s:]+:/,
];

/** What a terminal acts on (C0 but line feed, DEL, C1, bidirectional controls): never printed raw (src/cli/print.ts). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A control character printed raw on stdout or stderr, where it is. */
export function printedProblems(stdout: string, stderr: string): string[] {
  const out: string[] = [];
  for (const [name, text] of [['stdout', stdout], ['stderr', stderr]] as const) {
    const m = RAW_CONTROL.exec(text);
    if (m) out.push(`raw control character U+${m[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} printed on ${name}: ${JSON.stringify(lineAround(text, m.index))}`);
  }
  return out;
}

/** Problems with stderr: a stack trace, or an exit-2 line that does not say where. */
export function stderrProblems(stderr: string, code: number): string[] {
  const out: string[] = [];
  const trace = TRACE.exec(stderr);
  if (trace) out.push(`stack trace or raw error on stderr: ${JSON.stringify(lineAround(stderr, trace.index))}`);
  if (code === 2) {
    const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !/^\s*\(Did you mean/.test(l));
    if (lines.length === 0) out.push('exit 2 without a line on stderr');
    for (const l of lines) if (!NAMES_A_PLACE.some((r) => r.test(l))) out.push(`exit-2 line names no path, option or file: ${JSON.stringify(l.slice(0, 200))}`);
  }
  return out;
}

/** Problems of a result.json text (an exit-0 run). */
export function resultProblems(text: string): string[] {
  const out: string[] = [];
  let r: Record<string, any>;
  try {
    r = JSON.parse(text);
  } catch (e) {
    return [`result.json is not JSON: ${(e as Error).message}`];
  }
  // nulls: only an absent KPI's figures and a month without data; the scenario echoes its own nulls
  for (const [path, v] of leaves(r)) {
    if (path[0] === 'scenario') continue;
    if (typeof v === 'number' && !Number.isFinite(v)) out.push(`${show(path)} is ${v}`);
    if (v === null && !nullAllowed(r, path)) out.push(`${show(path)} is null`);
  }
  for (const k of KPIS) {
    const s = r.kpis?.[k];
    if (!s) { out.push(`kpis.${k} missing`); continue; }
    if (s.mean === null) {
      if (s.sd !== null || s.ci95 !== null || s.absent !== 'no data') out.push(`kpis.${k}: absent but ${JSON.stringify(s)}`);
      continue;
    }
    if (s.ci95 === null) {
      if (s.sd !== null || s.interval !== ONE_REPLICATION) out.push(`kpis.${k}: no interval but ${JSON.stringify(s)}`);
      continue;
    }
    const [lo, hi] = s.ci95;
    if (!(lo <= s.mean + TOL * Math.max(1, Math.abs(s.mean)) && s.mean <= hi + TOL * Math.max(1, Math.abs(s.mean)))) out.push(`kpis.${k}: mean ${s.mean} outside ci95 [${lo}, ${hi}]`);
    if (!(s.sd >= 0)) out.push(`kpis.${k}: sd ${s.sd}`);
    if (KPI_META[k].unit === 'share' && !(lo >= 0 && hi <= 1)) out.push(`kpis.${k}: share interval [${lo}, ${hi}] outside 0–1`);
    if (!Array.isArray(r.series?.[k])) { out.push(`series.${k} missing`); continue; }
    for (const [m, p] of r.series[k].entries()) {
      if (p.mean === null) continue;
      if (!(p.lo <= p.mean + TOL * Math.max(1, Math.abs(p.mean)) && p.mean <= p.hi + TOL * Math.max(1, Math.abs(p.mean)))) out.push(`series.${k}[${m}]: mean ${p.mean} outside [${p.lo}, ${p.hi}]`);
    }
  }
  const sat = r.kpis?.satisfaction;
  if (sat?.mean !== null && !(sat.mean >= 0 && sat.mean <= 100 && (sat.ci95 === null || (sat.ci95[0] >= 0 && sat.ci95[1] <= 100)))) out.push(`satisfaction ${sat.mean} ${JSON.stringify(sat.ci95)} outside 0–100`);
  for (const k of COUNTS) {
    const s = r.kpis?.[k];
    if (s && s.mean !== null && !(s.mean >= 0 && (s.ci95 === null || s.ci95[0] >= 0))) out.push(`kpis.${k}: ${s.mean} ${JSON.stringify(s.ci95)}, a quantity that cannot be negative`);
  }
  // shares sum to 1 over the run and in every month with transactions; all five present or none
  const means = SHARES.map((k) => r.kpis?.[k]?.mean);
  if (means.some((m) => m === null) !== means.every((m) => m === null)) out.push(`shares partly absent: ${JSON.stringify(means)}`);
  else if (means[0] !== null && Math.abs(means.reduce((a, b) => a + b, 0) - 1) > TOL) out.push(`shares sum to ${means.reduce((a, b) => a + b, 0)}`);
  const months = r.series?.[SHARES[0]]?.length ?? 0;
  for (let m = 0; m < months; m++) {
    const ms = SHARES.map((k) => r.series?.[k]?.[m]?.mean ?? null);
    if (ms.some((x) => x === null) !== ms.every((x) => x === null)) out.push(`month ${m + 1}: shares partly absent`);
    else if (ms[0] !== null && Math.abs(ms.reduce((a, b) => a + b, 0) - 1) > TOL) out.push(`month ${m + 1}: shares sum to ${ms.reduce((a, b) => a + b, 0)}`);
  }
  for (const [c, ch] of Object.entries<any>(r.channels ?? {})) {
    if (!(ch.transactions >= 0 && ch.share >= 0 && ch.share <= 1 + TOL)) out.push(`channels.${c}: ${JSON.stringify(ch)}`);
  }
  for (const o of r.outlets ?? []) {
    if (!(o.transactions >= 0 && o.newLines >= 0)) out.push(`outlet ${o.id}: transactions ${o.transactions}, newLines ${o.newLines}`);
  }
  return out;
}

// A null is honest only as an absent KPI's mean/sd/ci95, the sd and ci95 of a KPI from one
// replication, or a series month without data (or its interval, from one replication).
function nullAllowed(r: Record<string, any>, path: (string | number)[]): boolean {
  if (path[0] === 'kpis' && path.length === 3) return r.kpis[path[1]]?.absent === 'no data' || (r.kpis[path[1]]?.interval === ONE_REPLICATION && ['sd', 'ci95'].includes(path[2] as string));
  if (path[0] === 'series' && path.length === 4) return ['mean', 'lo', 'hi'].includes(path[3] as string);
  return false;
}

function leaves(v: unknown, path: (string | number)[] = [], out: Array<[(string | number)[], unknown]> = []): Array<[(string | number)[], unknown]> {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  else out.push([path, v]);
  return out;
}

function show(path: (string | number)[]): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').slice(1);
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? undefined : end).slice(0, 200);
}
