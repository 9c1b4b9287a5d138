/**
 * Scenario validation: parse with the zod schema and turn every issue into a
 * `{ path, message }` problem whose path is a JSON path ($.levers.closures.outlets[0]).
 */
import { z } from 'zod';
import { scenarioSchema, type Scenario } from './scenario.ts';

export interface Problem {
  /** JSON path of the offending value, e.g. $.simulation.months */
  path: string;
  /** What was expected there. */
  message: string;
}

export type Parsed = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/** Validate an already-parsed JSON value. */
export function parseScenario(input: unknown): Parsed {
  const r = scenarioSchema.safeParse(input, { reportInput: true });
  if (r.success) return { ok: true, scenario: r.data };
  return {
    ok: false,
    problems: r.error.issues.flatMap((i) =>
      // one problem per unknown key, at the key's own path
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: jsonPath([...i.path, k]), message: 'unknown key (not a scenario parameter here)' }))
        : [{ path: jsonPath(i.path), message: describe(i) }]),
  };
}

/** Validate JSON text; a syntax error is reported with its line and column. */
export function parseScenarioText(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${syntaxPosition(text, (e as Error).message)}` }] };
  }
  return parseScenario(value);
}

/** Fill every default of a partial scenario, throwing a readable error on bad input. */
export function resolveScenario(input: unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.scenario;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? `.${String(k)}` : `[${JSON.stringify(String(k))}]`;
  return s;
}

function describe(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'unrecognized_keys':
      return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return `expected ${i.expected}${'input' in i ? `, got ${typeName(i.input)}` : ''}`;
    case 'too_small':
      return `expected ${i.origin === 'array' ? 'at least ' + String(i.minimum) + ' item(s)' : (i.inclusive ? '>= ' : '> ') + String(i.minimum)}`;
    case 'too_big':
      return `expected ${i.origin === 'array' ? 'at most ' + String(i.maximum) + ' item(s)' : (i.inclusive ? '<= ' : '< ') + String(i.maximum)}`;
    case 'invalid_value':
      return `expected one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return i.message;
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v === undefined) return 'nothing';
  return typeof v === 'string' ? `string ${JSON.stringify(v.length > 30 ? v.slice(0, 30) + '…' : v)}` : typeof v;
}

function syntaxPosition(text: string, msg: string): string {
  const m = /position (\d+)/.exec(msg);
  if (!m) return msg;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${msg.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${col}`;
}

/** JSON Schema of the scenario format (input side: every defaulted field optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://channel-lab.local/scenarios/schema.json', title: 'Channel Lab scenario' };
}
