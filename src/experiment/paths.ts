/**
 * Parameter paths: a dotted path into the scenario (`levers.diversion.floorGuide`,
 * `services.3.counterMin`) names one value that a sweep, a sensitivity analysis or a search may
 * vary. Paths are checked against the scenario's JSON Schema (so its type, range and whether it
 * is an integer are known) and every new value is validated by the schema itself; problems are
 * ExperimentErrors that name the path, the experiment input it came from and what was expected.
 */
import { ExperimentError, invalid, problem, type ExperimentParameter, type ExperimentProblem, type ProblemValues } from './errors.ts';
import type { Scenario } from '../model/scenario.ts';
import { parseScenario, scenarioJsonSchema } from '../model/validate.ts';
import { parseDecimal, parseInteger } from './number-text.ts';

/** A value a path may take. */
export type PathValue = number | boolean | string | null;

/** What the schema says of the value at a path. */
export interface PathInfo {
  path: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  nullable: boolean;
  minimum?: number;
  maximum?: number;
  /** allowed strings, for enumerations */
  values?: string[];
  /** the value in the scenario the path was looked up in */
  current: PathValue | undefined;
}

/** One path set to one value. */
export interface Assignment {
  path: string;
  value: PathValue;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
};

let schemaCache: JsonSchema | undefined;

/**
 * Look a path up: it must name a single value (number, integer, boolean or text) in the schema;
 * array steps are indices within the scenario's array.
 * @param parameter the experiment input the path was given for
 * @throws {ExperimentError} for a path that names nothing, or a list or group rather than a value
 */
export function describePath(scenario: Scenario, path: string, parameter: ExperimentParameter): PathInfo {
  const root = (schemaCache ??= scenarioJsonSchema() as JsonSchema);
  const steps = path.split('.');
  if (path.trim() === '' || steps.some((s) => s === '')) throw invalid(parameter, 'badPath', { given: path });
  let node: JsonSchema = root;
  let value: unknown = scenario;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const here = steps.slice(0, i).join('.');
    node = deref(root, nonNull(root, node));
    if (node.items && Array.isArray(value)) {
      const k = Number(step);
      if (!Number.isInteger(k) || k < 0 || k >= value.length) {
        throw invalid(parameter, 'unknownIndex', { at: here, size: value.length, step }, path);
      }
      node = node.items;
      value = value[k];
      continue;
    }
    const props = node.properties;
    if (!props || !Object.hasOwn(props, step)) {
      const fields = props ? Object.keys(props).filter((k) => !k.startsWith('$')) : [];
      throw invalid(parameter, 'unknownField', { at: here, fields, step }, path);
    }
    node = props[step];
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  }
  const leaf = deref(root, nonNull(root, node));
  const nullable = allowsNull(root, node);
  const type = typeOf(leaf);
  if (!type) throw invalid(parameter, 'notAValue', { kind: leaf.items ? 'list' : 'group' }, path);
  const min = leaf.minimum ?? leaf.exclusiveMinimum;
  const max = leaf.maximum ?? leaf.exclusiveMaximum;
  return {
    path, type, nullable,
    ...(min !== undefined ? { minimum: min } : {}),
    ...(max !== undefined ? { maximum: max } : {}),
    ...(leaf.enum ? { values: leaf.enum.map(String) } : {}),
    current: value as PathValue | undefined,
  };
}

/**
 * Read a value for a path from text (blanks around it are the list's padding): a number for
 * numeric paths in the grammar of number-text.ts (an integer path takes decimal digits only),
 * true/false, text, or null where the schema allows it.
 * @throws {ExperimentError} naming the path when the text is not of the path's type
 */
export function parseValue(info: PathInfo, text: string, parameter: ExperimentParameter): PathValue {
  const t = text.trim();
  if (info.nullable && t === 'null') return null;
  switch (info.type) {
    case 'number':
    case 'integer': {
      const n = parseDecimal(t);
      if (Number.isNaN(n)) throw invalid(parameter, 'notANumber', { given: text }, info.path);
      if (info.type === 'integer' && Number.isNaN(parseInteger(t))) throw invalid(parameter, 'notAnInteger', { given: text }, info.path);
      return n;
    }
    case 'boolean':
      if (t === 'true' || t === 'false') return t === 'true';
      throw invalid(parameter, 'notABoolean', { given: text }, info.path);
    default:
      if (info.values && !info.values.includes(t)) throw invalid(parameter, 'notAllowed', { given: text, allowed: info.values }, info.path);
      return t;
  }
}

/**
 * A range LO..HI that a search, a response curve or a Latin hypercube spans: finite ends with
 * LO < HI, the one rule for every range (seek, curves, sweep and the command line's PATH=LO..HI).
 * An empty range has nothing to search, draw or sample; one value is a grid point (sweep's grid).
 * @throws {ExperimentError} `rangeOrder` naming the path
 */
export function checkRange(parameter: ExperimentParameter, path: string, lo: number, hi: number): void {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw invalid(parameter, 'rangeOrder', { lo, hi }, path);
}

/**
 * A range over a numeric path: the path looked up, its type checked and the range checked.
 * @throws {ExperimentError} for an unknown or non-numeric path, or an empty range
 */
export function describeRange(scenario: Scenario, parameter: ExperimentParameter, r: { path: string; lo: number; hi: number }): PathInfo {
  const info = describePath(scenario, r.path, parameter);
  if (info.type !== 'number' && info.type !== 'integer') throw invalid(parameter, 'notNumeric', { type: info.type }, r.path);
  checkRange(parameter, r.path, r.lo, r.hi);
  return info;
}

/** A copy of the scenario with one path set (no validation: see applyAssignments). */
export function setPath(scenario: Scenario, path: string, value: PathValue): Scenario {
  const copy = structuredClone(scenario);
  const steps = path.split('.');
  let node = copy as unknown as Record<string, unknown>;
  for (const step of steps.slice(0, -1)) node = node[step] as Record<string, unknown>;
  node[steps[steps.length - 1]] = value;
  return copy;
}

/** The value at a path, or undefined. */
export function getPath(scenario: Scenario, path: string): unknown {
  let node: unknown = scenario;
  for (const step of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined;
  return node;
}

/**
 * The scenario with every assignment applied, validated by the schema and its cross-checks. A
 * number outside its path's bounds is `outOfRange`; whatever else the schema refuses (an exclusive
 * bound met exactly too), `refused` with the schema's message.
 * @param parameter the experiment input the assignments come from
 * @throws {ExperimentError} one problem per refusal, naming the path and the value
 */
export function applyAssignments(base: Scenario, assignments: readonly Assignment[], parameter: ExperimentParameter): Scenario {
  let s = base;
  const outside: ExperimentProblem[] = [];
  for (const a of assignments) {
    const bound = outOfBounds(describePath(base, a.path, parameter), a.value);
    if (bound) outside.push(problem(parameter, 'outOfRange', bound, a.path));
    s = setPath(s, a.path, a.value);
  }
  if (outside.length > 0) throw new ExperimentError(outside);
  const parsed = parseScenario(s);
  if (parsed.ok) return parsed.scenario;
  throw new ExperimentError(parsed.problems.map((p) => {
    const at = dotted(p.path);
    const a = assignments.find((x) => at === x.path || at.startsWith(`${x.path}.`));
    const value = a ? String(a.value) : assignments.map((x) => `${x.path}=${String(x.value)}`).join(', ');
    return problem(parameter, 'refused', { value, reason: p.message, scenario: { code: p.code, values: p.values } }, a?.path ?? (at || undefined));
  }));
}

// The bound a number breaks, if any.
function outOfBounds(info: PathInfo, value: PathValue): ProblemValues['outOfRange'] | null {
  if (typeof value !== 'number') return null;
  if (info.minimum !== undefined && value < info.minimum) return { value, op: '>=', bound: info.minimum };
  if (info.maximum !== undefined && value > info.maximum) return { value, op: '<=', bound: info.maximum };
  return null;
}

/** A schema problem's JSON path ($.services[3].counterMin) as a dotted path (services.3.counterMin). */
export function dotted(jsonPath: string): string {
  return jsonPath.replace(/^\$\.?/, '').replace(/\[(\d+)\]/g, '.$1').replace(/\["([^"]*)"\]/g, '.$1').replace(/^\./, '');
}

// Schema helpers: follow a local $ref; drop the null branch of a nullable value.
function deref(root: JsonSchema, node: JsonSchema): JsonSchema {
  let n = node;
  for (let i = 0; n.$ref && i < 20; i++) {
    const name = n.$ref.replace(/^#\/\$defs\//, '');
    n = root.$defs?.[name] ?? {};
  }
  return n;
}

function nonNull(root: JsonSchema, node: JsonSchema): JsonSchema {
  const n = deref(root, node);
  if (!n.anyOf) return n;
  const branches = n.anyOf.map((b) => deref(root, b)).filter((b) => b.type !== 'null');
  return branches.length === 1 ? { ...n, ...branches[0], anyOf: undefined } : n;
}

function allowsNull(root: JsonSchema, node: JsonSchema): boolean {
  const n = deref(root, node);
  const types = Array.isArray(n.type) ? n.type : [n.type];
  return types.includes('null') || (n.anyOf ?? []).some((b) => deref(root, b).type === 'null');
}

function typeOf(leaf: JsonSchema): PathInfo['type'] | undefined {
  const types = (Array.isArray(leaf.type) ? leaf.type : [leaf.type]).filter((t) => t && t !== 'null');
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'number';
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('string') || leaf.enum) return 'string';
  return undefined;
}
