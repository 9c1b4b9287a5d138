/**
 * The scenario editor is generated from the scenario's JSON Schema (scenarioJsonSchema(), itself
 * derived from the zod schema): each schema node becomes a form node that knows its JSON path,
 * kind of input, unit, range, default and description. Top-level objects become sections; the
 * three levers come first because they are what planners change.
 */
import { jsonPath } from '../../model/index.ts';
import type { Path } from './paths.ts';

/** The subset of JSON Schema that z.toJSONSchema produces for the scenario. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
  description?: string;
  unit?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
}

interface Base {
  key: string;
  path: Path;
  /** $.levers.diversion.targetShare: the id of the field's problems and of its input */
  pointer: string;
  description: string;
  default: unknown;
}
export type FormNode =
  | (Base & { kind: 'number'; integer: boolean; min?: number; max?: number; unit: string; nullable: boolean })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'enum'; options: string[] })
  | (Base & { kind: 'string' })
  | (Base & { kind: 'enumList'; options: string[] })
  | (Base & { kind: 'stringList' })
  | (Base & { kind: 'group'; children: FormNode[] })
  | (Base & { kind: 'list'; item: JsonSchema; minItems: number })
  | (Base & { kind: 'unsupported' });

/** Top-level keys in the order the editor shows them; the rest follow in schema order. */
export const SECTION_ORDER = ['levers', 'simulation'] as const;
/** Top-level keys the editor does not show as sections. */
const HEADER_KEYS = new Set(['$schema', 'name', 'description']);

/** One form node for the schema node at path. */
export function formNode(schema: JsonSchema, path: Path): FormNode {
  const key = String(path[path.length - 1] ?? '');
  const base: Base = { key, path, pointer: jsonPath(path), description: schema.description ?? '', default: schema.default };
  const nonNull = schema.anyOf?.filter((s) => s.type !== 'null');
  if (nonNull && nonNull.length === 1) {
    const inner = formNode({ ...nonNull[0], description: schema.description, default: schema.default, unit: schema.unit ?? nonNull[0].unit }, path);
    return inner.kind === 'number' ? { ...inner, nullable: true } : inner;
  }
  if (schema.enum) return { ...base, kind: 'enum', options: schema.enum.map(String) };
  if (schema.const !== undefined) return { ...base, kind: 'enum', options: [String(schema.const)] };
  switch (schema.type) {
    case 'number':
    case 'integer':
      return {
        ...base, kind: 'number', integer: schema.type === 'integer',
        min: schema.minimum ?? schema.exclusiveMinimum, max: schema.maximum ?? schema.exclusiveMaximum,
        unit: schema.unit ?? '', nullable: false,
      };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'string':
      return { ...base, kind: 'string' };
    case 'object':
      // A free-form map (header → text of imported data) has no fields to show.
      if (!schema.properties && schema.additionalProperties) return { ...base, kind: 'unsupported' };
      return {
        ...base, kind: 'group',
        children: Object.entries(schema.properties ?? {}).map(([k, s]) => formNode(s, [...path, k])),
      };
    case 'array': {
      const item = schema.items ?? {};
      if (item.enum) return { ...base, kind: 'enumList', options: item.enum.map(String) };
      if (item.type === 'string') return { ...base, kind: 'stringList' };
      if (item.type === 'object') return { ...base, kind: 'list', item, minItems: schema.minItems ?? 0 };
      return { ...base, kind: 'unsupported' };
    }
    default:
      return { ...base, kind: 'unsupported' };
  }
}

/** The editor's sections: one per top-level object or list of the scenario, levers first. */
export function scenarioSections(root: JsonSchema): FormNode[] {
  const entries = Object.entries(root.properties ?? {}).filter(([k]) => !HEADER_KEYS.has(k));
  const rank = (k: string) => {
    const i = (SECTION_ORDER as readonly string[]).indexOf(k);
    return i < 0 ? SECTION_ORDER.length : i;
  };
  return entries
    .map(([k, s], i) => ({ k, s, i }))
    .sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i)
    .map(({ k, s }) => formNode(s, [k]));
}

/** The value a field shows: the draft's, else the schema default (what the model will use). */
export function shownValue(draftValue: unknown, node: Pick<FormNode, 'default'>): unknown {
  return draftValue === undefined ? node.default : draftValue;
}

/**
 * Parse what the user typed in a number field: '' is "not set" (undefined, or null for a
 * nullable field), anything else a number or the raw text when it is not one (so validation
 * can say "expected number" at the field's JSON path instead of silently dropping it).
 */
export function parseNumberInput(text: string, nullable: boolean): unknown {
  const t = text.trim();
  if (t === '') return nullable ? null : undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/** Split a comma- or whitespace-separated list of ids. */
export function parseList(text: string): string[] {
  return text.split(/[\s,，]+/).filter((s) => s.length > 0);
}

/** Problems at pointer or below it (for a section's count). */
export function problemsUnder<P extends { path: string }>(problems: readonly P[], pointer: string): P[] {
  return problems.filter((p) => p.path === pointer || p.path.startsWith(pointer + '.') || p.path.startsWith(pointer + '['));
}
