/**
 * The scenario library: the bundled scenarios (scenarios/*.json, read-only) and the user's own
 * (IndexedDB). An entry holds the scenario as the user wrote it (defaults not filled in), so an
 * exported file stays as short as the one imported.
 */
export interface ScenarioEntry {
  /** bundled:<file stem> or user:<unique> */
  id: string;
  source: 'bundled' | 'user';
  json: unknown;
  updatedAt: number;
}

/** The scenario used when no bundled file is present: every default. */
export const BUILTIN_DEFAULT = { name: '默认情景 Default' };

/** The name to show: the scenario's own name, else the file stem. */
export function entryName(e: Pick<ScenarioEntry, 'id' | 'json'>): string {
  const n = (e.json as { name?: unknown } | null)?.name;
  return typeof n === 'string' && n.trim() ? n : e.id.replace(/^(bundled|user):/, '');
}

/** Entries for the modules of import.meta.glob('…/scenarios/*.json'): default.json first, then by file name. */
export function bundledEntries(modules: Record<string, unknown>): ScenarioEntry[] {
  const entries = Object.entries(modules)
    .filter(([path]) => !/\/schema\.json$/.test(path))
    .map(([path, mod]) => {
      const stem = path.replace(/^.*\//, '').replace(/\.json$/, '');
      const json = mod && typeof mod === 'object' && 'default' in mod ? (mod as { default: unknown }).default : mod;
      return { id: `bundled:${stem}`, source: 'bundled' as const, json, updatedAt: 0 };
    })
    .sort((a, b) => (a.id === 'bundled:default' ? -1 : b.id === 'bundled:default' ? 1 : a.id.localeCompare(b.id)));
  return entries.length > 0 ? entries : [{ id: 'bundled:default', source: 'bundled', json: BUILTIN_DEFAULT, updatedAt: 0 }];
}

/** "name (suffix)", or "name (suffix 2)" … when taken. */
export function uniqueName(name: string, suffix: string, taken: readonly string[]): string {
  const base = name.replace(/\s*\([^)]*\)\s*$/, '');
  for (let k = 1; ; k++) {
    const candidate = `${base} (${suffix}${k > 1 ? ` ${k}` : ''})`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** A user entry id not in taken: user:<time in base 36>[-k]. */
export function newUserId(now: number, taken: readonly string[]): string {
  const stem = `user:${now.toString(36)}`;
  if (!taken.includes(stem)) return stem;
  for (let k = 2; ; k++) if (!taken.includes(`${stem}-${k}`)) return `${stem}-${k}`;
}

/** json with its name replaced (a rename changes the scenario's own name field). */
export function withName(json: unknown, name: string): unknown {
  return { ...(json && typeof json === 'object' && !Array.isArray(json) ? json : {}), name };
}

/**
 * The scenario an edit of a bundled one is saved as (a user copy): the edited JSON renamed
 * "name (suffix)", or as edited when the edit is to the name itself, so that the name being
 * typed keeps its first keystroke.
 */
export function forkedJson(id: string, before: unknown, after: unknown, suffix: string, taken: readonly string[]): unknown {
  const name = entryName({ id, json: before });
  if (entryName({ id, json: after }) !== name) return after;
  return withName(after, uniqueName(name, suffix, taken));
}
