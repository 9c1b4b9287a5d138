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
      if (i.origin === 'number' && i.message.startsWith('expected ')) return `${i.message}${given(i)}`; // a bound with its unit (scenario.ts)
      return `expected ${i.origin === 'array' ? 'at least ' + String(i.minimum) + ' item(s)' : (i.inclusive ? '>= ' : '> ') + String(i.minimum)}${given(i)}`;
    case 'too_big':
      if (i.origin === 'number' && i.message.startsWith('expected ')) return `${i.message}${given(i)}`;
      return `expected ${i.origin === 'array' ? 'at most ' + String(i.maximum) + ' item(s)' : (i.inclusive ? '<= ' : '< ') + String(i.maximum)}${given(i)}`;
    case 'invalid_value':
      return `expected one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return i.message;
  }
}

// ", got 1e+308" for a number out of range, ", got 300 items" for an array.
function given(i: z.core.$ZodIssue): string {
  if (!('input' in i)) return '';
  if (typeof i.input === 'number') return `, got ${i.input}`;
  return Array.isArray(i.input) ? `, got ${i.input.length}` : '';
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v === undefined) return 'nothing';
  return typeof v === 'string' ? `string ${JSON.stringify(v.length > 30 ? v.slice(0, 30) + '…' : v)}` : typeof v;
}

// The parser's message cut to one line, with the line and column of the offending character. V8
// gives "… in JSON at position N", or, for an unexpected token, echoes the text around it (10
// characters either side, "…" where cut), which may hold line breaks and must not be printed.
function syntaxPosition(text: string, msg: string): string {
  const at = /position (\d+)/.exec(msg);
  const echo = /^(Unexpected token .*?), (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(msg);
  let pos: number;
  let what = msg;
  if (at) {
    pos = Number(at[1]);
    what = msg.replace(/( in JSON)? at position \d+.*$/s, '');
  } else if (echo) {
    what = echo[1];
    const start = echo[2] ? text.indexOf(echo[3]) : -1;
    pos = start >= 0 ? start + 10 : Math.max(0, text.indexOf(/'(.)'/.exec(echo[1])?.[1] ?? ''));
  } else if (/end of JSON input/.test(msg)) pos = text.length;
  else return msg.split('\n')[0];
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${what} at line ${line}, column ${col}`;
}

/** JSON Schema of the scenario format (input side: every defaulted field optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://channel-lab.local/scenarios/schema.json', title: 'Channel Lab scenario' };
}
