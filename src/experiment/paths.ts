/**
 * Parameter paths: a dotted path into the scenario (`levers.diversion.floorGuide`,
 * `services.3.counterMin`) names one value that a sweep, a sensitivity analysis or a search may
 * vary. Paths are checked against the scenario's JSON Schema (so its type, range and whether it
 * is an integer are known) and every new value is validated by the schema itself; problems are
 * InputErrors that name the path and what was expected.
 */
import { InputError } from '../cli/errors.ts';
import type { Scenario } from '../model/scenario.ts';
import { parseScenario, scenarioJsonSchema } from '../model/validate.ts';

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
 * @throws {InputError} `PATH: unknown path; X has a, b, c` or `PATH: … is not a single value`
 */
export function describePath(scenario: Scenario, path: string): PathInfo {
  const root = (schemaCache ??= scenarioJsonSchema() as JsonSchema);
  const steps = path.split('.');
  if (path.trim() === '' || steps.some((s) => s === '')) throw new InputError(`${path || '(empty)'}: expected a dotted path such as levers.diversion.floorGuide`);
  let node: JsonSchema = root;
  let value: unknown = scenario;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const here = steps.slice(0, i).join('.') || 'the scenario';
    node = deref(root, nonNull(root, node));
    if (node.items && Array.isArray(value)) {
      const k = Number(step);
      if (!Number.isInteger(k) || k < 0 || k >= value.length) {
        throw new InputError(`${path}: unknown path; ${here} is a list of ${value.length}, expected an index from 0 to ${value.length - 1} at "${step}"`);
      }
      node = node.items;
      value = value[k];
      continue;
    }
    const props = node.properties;
    if (!props || !Object.hasOwn(props, step)) {
      const known = props ? Object.keys(props).filter((k) => !k.startsWith('$')) : [];
      throw new InputError(`${path}: unknown path; ${here} ${known.length ? `has ${known.join(', ')}` : 'has no fields'}`);
    }
    node = props[step];
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined;
  }
  const leaf = deref(root, nonNull(root, node));
  const nullable = allowsNull(root, node);
  const type = typeOf(leaf);
  if (!type) throw new InputError(`${path}: is ${leaf.items ? 'a list' : 'a group of values'}, not a single value; name one of its fields`);
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
 * Read a command-line value for a path: a number for numeric paths, true/false, text, or null
 * where the schema allows it.
 * @throws {InputError} naming the path when the text is not of the path's type
 */
export function parseValue(info: PathInfo, text: string): PathValue {
  const t = text.trim();
  if (info.nullable && t === 'null') return null;
  switch (info.type) {
    case 'number':
    case 'integer': {
      const n = Number(t);
      if (t === '' || !Number.isFinite(n)) throw new InputError(`${info.path}: expected a number, got "${text}"`);
      if (info.type === 'integer' && !Number.isInteger(n)) throw new InputError(`${info.path}: expected an integer, got "${text}"`);
      return n;
    }
    case 'boolean':
      if (t === 'true' || t === 'false') return t === 'true';
      throw new InputError(`${info.path}: expected true or false, got "${text}"`);
    default:
      if (info.values && !info.values.includes(t)) throw new InputError(`${info.path}: expected one of ${info.values.join(', ')}, got "${text}"`);
      return t;
  }
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
 * The scenario with every assignment applied, validated by the schema and its cross-checks.
 * @param label prefixes each problem, e.g. "--set" or "point 3"
 * @throws {InputError} one line per problem, naming the path and the value
 */
export function applyAssignments(base: Scenario, assignments: readonly Assignment[], label = ''): Scenario {
  let s = base;
  for (const a of assignments) {
    describePath(base, a.path);
    s = setPath(s, a.path, a.value);
  }
  const parsed = parseScenario(s);
  if (parsed.ok) return parsed.scenario;
  const prefix = label ? `${label} ` : '';
  throw new InputError(parsed.problems.map((p) => {
    const at = dotted(p.path);
    const a = assignments.find((x) => at === x.path || at.startsWith(`${x.path}.`));
    if (a) return `${prefix}${a.path}=${String(a.value)}: ${p.message}`;
    return `${prefix}${at || 'scenario'}: ${p.message} (with ${assignments.map((x) => `${x.path}=${String(x.value)}`).join(', ')})`;
  }));
}

// A problem's JSON path ($.services[3].counterMin) as a dotted path (services.3.counterMin).
function dotted(jsonPath: string): string {
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
