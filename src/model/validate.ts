/**
 * Scenario validation: parse with the zod schema and turn every issue into a
 * `{ path, message, code, values }` problem whose path is a JSON path ($.levers.closures.outlets[0]):
 * the message in plain English for the command line, the code and values for a sentence in
 * another language (the workbench, src/ui/i18n/scenarioProblems.ts).
 */
import { z } from 'zod';
import { scenarioSchema, type Scenario } from './scenario.ts';

export interface Problem {
  /** JSON path of the offending value, e.g. $.simulation.months */
  path: string;
  /** What was expected there. */
  message: string;
  /** the kind of problem (set on every problem of parseScenario/parseScenarioText) */
  code?: ScenarioProblemCode;
  /** what a sentence about it needs, by code */
  values?: Record<string, unknown>;
}

/**
 * What each kind of scenario problem carries. The cross-checks (scenario.ts) give theirs as the
 * issue's params; `other` is any issue without a code of its own (its English message only).
 */
export interface ScenarioProblemValues {
  invalidJson: { line: number | null; column: number | null };
  /**
   * expected: a zod type name (number, int, string, boolean, object, array…); got: the input's kind
   * (string, number, boolean, null, array, object, nothing); given: a number's or a short text's value
   */
  invalidType: { expected: string; got: string; given: string | null };
  /** origin: number, int, string or array (a string's or an array's length) */
  tooSmall: { origin: string; minimum: number; inclusive: boolean };
  tooBig: { origin: string; maximum: number; inclusive: boolean };
  notOneOf: { allowed: string[] };
  unknownKey: { key: string };
  duplicateId: { id: string; first: number };
  sensitiveChannels: Record<string, never>;
  sensitiveQueueFree: Record<string, never>;
  /** a service's channels outside its class's allowed channels (routing.classes) */
  classChannels: { serviceClass: string; allowed: string[] };
  agentsOverCustomers: { customers: number };
  segmentSharesZero: Record<string, never>;
  tierSharesZero: Record<string, never>;
  fileOrList: { file: string; list: string };
  unknownService: { id: string };
  unknownOutlet: { id: string; known: string[] };
  noDistrict: Record<string, never>;
  outsideRegion: { x: number; y: number; width: number; height: number };
  /** a listed outlet bears the id of one of the latent partner sites (L01…) */
  latentSiteClash: { id: string; latentSites: number };
  other: Record<string, never>;
}
export type ScenarioProblemCode = keyof ScenarioProblemValues;

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
        ? i.keys.map((k) => ({ path: jsonPath([...i.path, k]), message: 'unknown key (not a scenario parameter here)', code: 'unknownKey' as const, values: { key: k } }))
        : [{ path: jsonPath(i.path), message: describe(i), ...coded(i) }]),
  };
}

/** Validate JSON text; a syntax error is reported with its line and column. */
export function parseScenarioText(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = syntaxPosition(text, (e as Error).message);
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${at.text}`, code: 'invalidJson', values: { line: at.line, column: at.column } }] };
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
      // JSON's 1e999 parses as Infinity: a number, but not one a scenario can hold
      if (i.expected === 'number' && 'input' in i && typeof i.input === 'number') return `expected a finite number, got ${i.input}`;
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

// The code and values of an issue (unknown keys are split per key by the caller).
function coded(i: z.core.$ZodIssue): Pick<Problem, 'code' | 'values'> {
  switch (i.code) {
    case 'invalid_type':
      return { code: 'invalidType', values: { expected: i.expected, got: 'input' in i ? kindOf(i.input) : 'nothing', given: 'input' in i ? givenText(i.input) : null } };
    case 'too_small':
      return { code: 'tooSmall', values: { origin: i.origin, minimum: Number(i.minimum), inclusive: i.inclusive ?? true } };
    case 'too_big':
      return { code: 'tooBig', values: { origin: i.origin, maximum: Number(i.maximum), inclusive: i.inclusive ?? true } };
    case 'invalid_value':
      return { code: 'notOneOf', values: { allowed: i.values.map(String) } };
    case 'custom': {
      const { code, ...values } = i.params ?? {};
      return typeof code === 'string' ? { code: code as ScenarioProblemCode, values } : { code: 'other', values: {} };
    }
    default:
      return { code: 'other', values: {} };
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return v === undefined ? 'nothing' : typeof v;
}

function givenText(v: unknown): string | null {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'string' ? (v.length > 30 ? v.slice(0, 30) + '…' : v) : null;
}

function typeName(v: unknown): string {
  return typeof v === 'string' ? `string ${JSON.stringify(givenText(v))}` : kindOf(v);
}

// The parser's message cut to one line, with the line and column of the offending character. V8
// gives "… in JSON at position N", or, for an unexpected token, echoes the text around it (10
// characters either side, "…" where cut), which may hold line breaks and must not be printed.
function syntaxPosition(text: string, msg: string): { text: string; line: number | null; column: number | null } {
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
  else return { text: msg.split('\n')[0], line: null, column: null };
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return { text: `${what} at line ${line}, column ${column}`, line, column };
}

/** JSON Schema of the scenario format (input side: every defaulted field optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://channel-lab.local/scenarios/schema.json', title: 'Channel Lab scenario' };
}
