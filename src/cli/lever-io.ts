/**
 * What the lever commands (seek, plan-closures, curves, size) share: reading `KPI=VALUE` and
 * `PATH=LO..HI`, running a search inside a session (pool, progress, Ctrl-C), and printing JSON
 * whose numbers are rounded for reading (the files keep full precision).
 */
import { KPIS, type KpiName } from '../model/kpis.ts';
import { InputError } from './errors.ts';
import { rangeSpec, unlessCancelled, splitSpec, withSession, type Session } from './experiment-io.ts';

/** `KPI=VALUE` → the KPI and its target. */
export function parseTarget(spec: string | undefined): { kpi: KpiName; value: number } {
  if (spec === undefined) throw new InputError('--target: required, e.g. --target diversionRate=0.7');
  const [kpi, v] = splitSpec('target', spec, 'KPI=VALUE');
  if (!(KPIS as readonly string[]).includes(kpi)) throw new InputError(`--target: unknown KPI "${kpi}"; expected one of ${KPIS.join(', ')}`);
  const value = Number(v);
  if (!Number.isFinite(value)) throw new InputError(`--target ${kpi}: expected a number, got "${v}"`);
  return { kpi: kpi as KpiName, value };
}

/** `--vary PATH=LO..HI` (required) → the path and its range (numbers, LO < HI). */
export function parseVary(spec: string | undefined, example = 'levers.diversion.floorGuide=0..1'): { path: string; lo: number; hi: number } {
  if (spec === undefined) throw new InputError(`--vary: required, e.g. --vary ${example}`);
  return rangeSpec('vary', spec);
}

/**
 * Run a search in a session; Ctrl-C before it finishes leaves nothing written and exits 130
 * (a search has no meaningful partial answer).
 */
export async function runSearch<T>(workers: number | undefined, label: string, body: (s: Session) => Promise<T>): Promise<T | undefined> {
  return withSession(workers, label, (session) => unlessCancelled(session, label, () => body(session)));
}

/** JSON with numbers rounded to 6 significant digits (integers kept): for the terminal. */
export function readableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v), 2) + '\n';
}
