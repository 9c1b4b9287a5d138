/**
 * What survives a reload, in IndexedDB (idb): the user's scenarios, the finished runs, and small
 * settings (the scenario being edited, the language).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ScenarioEntry } from '../lib/library.ts';
import type { RunRecord } from '../lib/runs.ts';

interface LabDB extends DBSchema {
  scenarios: { key: string; value: ScenarioEntry };
  runs: { key: string; value: RunRecord };
  settings: { key: string; value: unknown };
}

const NAME = 'channel-lab';
const VERSION = 1;
let db: Promise<IDBPDatabase<LabDB>> | null = null;

function open(): Promise<IDBPDatabase<LabDB>> {
  db ??= openDB<LabDB>(NAME, VERSION, {
    upgrade(d) {
      d.createObjectStore('scenarios', { keyPath: 'id' });
      d.createObjectStore('runs', { keyPath: 'id' });
      d.createObjectStore('settings');
    },
  });
  return db;
}

export async function loadScenarios(): Promise<ScenarioEntry[]> {
  return (await open()).getAll('scenarios');
}

export async function saveScenario(entry: ScenarioEntry): Promise<void> {
  await (await open()).put('scenarios', plain(entry));
}

export async function deleteScenario(id: string): Promise<void> {
  await (await open()).delete('scenarios', id);
}

export async function loadRuns(): Promise<RunRecord[]> {
  return (await open()).getAll('runs');
}

export async function saveRun(run: RunRecord): Promise<void> {
  await (await open()).put('runs', plain(run));
}

export async function deleteRun(id: string): Promise<void> {
  await (await open()).delete('runs', id);
}

export async function getSetting<T>(key: string): Promise<T | undefined> {
  return (await (await open()).get('settings', key)) as T | undefined;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await (await open()).put('settings', plain(value), key);
}

// Svelte state proxies cannot be structured-cloned; a JSON round trip gives plain data (the
// values here are JSON by construction: scenarios and result.json objects).
function plain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
