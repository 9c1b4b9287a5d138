/**
 * What the lever commands (seek, plan-closures, curves, size) share: reading `KPI=VALUE` and
 * `PATH=LO..HI`, running a search inside a session (pool, progress, Ctrl-C), and printing JSON
 * whose numbers are rounded for reading (the files keep full precision).
 */
import type { KpiName } from '../model/kpis.ts';
import { unlessCancelled, withSession, type Session } from './experiment-io.ts';
import { rangeOption, required, targetOption } from './options.ts';

/** `--target KPI=VALUE` (required) → the KPI and its target. */
export function parseTarget(spec: string | undefined): { kpi: KpiName; value: number } {
  return targetOption('target', required('target', spec, 'e.g. --target diversionRate=0.7'));
}

/** `--vary PATH=LO..HI` (required) → the path and its range (numbers, LO < HI). */
export function parseVary(spec: string | undefined, example = 'levers.diversion.floorGuide=0..1'): { path: string; lo: number; hi: number } {
  return rangeOption('vary', required('vary', spec, `e.g. --vary ${example}`));
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
