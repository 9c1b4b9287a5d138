/**
 * What differs between two scenarios, as a planner reads it beside a comparison: the dotted paths
 * whose values differ (levers.subsidy.handset.high: 600 → 900), lists of names as what was added
 * and removed (closures: +S03, +P12), lists of items with an id matched by id and compared field
 * by field (services[billQuery].counterMin: 3 → 4), any other list by its length. The scenarios'
 * names and descriptions are labels, not parameters, and are left out.
 *
 * One diff for `channel-lab compare` (printed above its table and kept in compare.json), the
 * workbench's comparison (each run labelled by what differs from the baseline) and the report.
 */

/** A value as the diff shows it; null for a value that is null or absent. */
export type DiffValue = number | string | boolean | null;

export type ParameterChange =
  | { path: string; kind: 'value'; base: DiffValue; other: DiffValue }
  /** a list of names or ids: what the other scenario adds and removes */
  | { path: string; kind: 'items'; added: string[]; removed: string[] }
  /** any other list whose contents differ: its lengths */
  | { path: string; kind: 'list'; base: number; other: number };

/** Top-level keys that label a scenario rather than set it. */
const LABEL_KEYS = new Set(['$schema', 'name', 'description']);

/** Shorter names for paths a planner knows by another name. */
const ALIASES: Record<string, string> = { 'levers.closures.outlets': 'closures' };

/**
 * The paths whose values differ from `base` to `other`, in the order of base's keys (keys only
 * `other` has after them).
 */
export function parameterDiff(base: unknown, other: unknown): ParameterChange[] {
  const out: ParameterChange[] = [];
  walk(base, other, '', out);
  return out;
}

/** One change as text: "levers.subsidy.handset.high: 600 → 900", "closures: +S03, +P12", "outlets.list: list of 40 → 41". */
export function changeText(c: ParameterChange): string {
  const path = ALIASES[c.path] ?? c.path;
  switch (c.kind) {
    case 'value':
      return `${path}: ${valueText(c.base)} → ${valueText(c.other)}`;
    case 'items':
      return `${path}: ${[...c.added.map((x) => `+${x}`), ...c.removed.map((x) => `−${x}`)].join(', ')}`;
    case 'list':
      return `${path}: [${c.base}] → [${c.other}]`;
  }
}

function walk(a: unknown, b: unknown, path: string, out: ParameterChange[]): void {
  if (same(a, b)) return;
  if (isRecord(a) || isRecord(b)) {
    if ((a !== undefined && !isRecord(a)) || (b !== undefined && !isRecord(b))) {
      out.push({ path, kind: 'value', base: scalar(a), other: scalar(b) });
      return;
    }
    const ra = (a ?? {}) as Record<string, unknown>, rb = (b ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
    for (const k of keys) {
      if (path === '' && LABEL_KEYS.has(k)) continue;
      walk(ra[k], rb[k], path ? `${path}.${k}` : k, out);
    }
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    list(Array.isArray(a) ? a : [], Array.isArray(b) ? b : [], path, out);
    return;
  }
  out.push({ path, kind: 'value', base: scalar(a), other: scalar(b) });
}

function list(a: readonly unknown[], b: readonly unknown[], path: string, out: ParameterChange[]): void {
  const names = (xs: readonly unknown[]) => xs.every((x) => typeof x === 'string' || typeof x === 'number');
  if (names(a) && names(b)) {
    const sa = new Set(a.map(String)), sb = new Set(b.map(String));
    const added = [...sb].filter((x) => !sa.has(x)), removed = [...sa].filter((x) => !sb.has(x));
    out.push(added.length + removed.length > 0 ? { path, kind: 'items', added, removed } : { path, kind: 'list', base: a.length, other: b.length });
    return;
  }
  const ids = (xs: readonly unknown[]) => xs.every((x) => isRecord(x) && typeof x.id === 'string') && new Set(xs.map((x) => (x as { id: string }).id)).size === xs.length;
  if (ids(a) && ids(b)) {
    const byId = new Map(b.map((x) => [(x as { id: string }).id, x]));
    const inA = new Set(a.map((x) => (x as { id: string }).id));
    const added = [...byId.keys()].filter((id) => !inA.has(id)), removed = [...inA].filter((id) => !byId.has(id));
    if (added.length + removed.length > 0) out.push({ path, kind: 'items', added, removed });
    for (const x of a) {
      const id = (x as { id: string }).id;
      if (byId.has(id)) walk(x, byId.get(id), `${path}[${id}]`, out);
    }
    return;
  }
  out.push({ path, kind: 'list', base: a.length, other: b.length });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

// A value for the diff: lists and objects by their shape, numbers to 12 significant digits (no 0.30000000000000004).
function scalar(x: unknown): DiffValue {
  if (x === undefined || x === null) return null;
  if (typeof x === 'number') return Number.isFinite(x) ? Number(x.toPrecision(12)) : String(x);
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  return Array.isArray(x) ? `[${x.length}]` : '{…}';
}

// Numbers to 6 significant digits for reading (the change itself keeps 12).
function valueText(v: DiffValue): string {
  if (v === null) return '–';
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);
}
