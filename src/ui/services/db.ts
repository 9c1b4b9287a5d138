/**
 * What survives a reload, in IndexedDB (idb): the user's scenarios, the finished runs, small
 * settings (the scenario being edited, the language), and the records set aside. Every record is
 * checked against its schema when it is read (lib/records.ts); one that fails moves to `setAside`
 * with its problems, so that it is neither loaded nor lost.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Problem } from '../../model/index.ts';
import { issueProblems } from '../i18n/issues.ts';
import type { ScenarioEntry } from '../lib/library.ts';
import { sortRuns, sortScenarios, sortSettings, type BadRecord, type Settings, type StoreName, type StoredRecord } from '../lib/records.ts';
import type { RunRecord } from '../lib/runs.ts';

/** A record that failed its schema, as kept: where it was, what it held, why (in English). */
export interface SetAsideRecord {
  store: StoreName;
  key: IDBValidKey;
  value: unknown;
  problems: Problem[];
  setAsideAt: number;
}

interface LabDB extends DBSchema {
  scenarios: { key: string; value: ScenarioEntry };
  runs: { key: string; value: RunRecord };
  settings: { key: string; value: unknown };
  setAside: { key: number; value: SetAsideRecord };
}

/** Everything a visit starts from; `setAside` are the records moved aside by this load. */
export interface Loaded {
  scenarios: ScenarioEntry[];
  runs: RunRecord[];
  settings: Settings;
  setAside: BadRecord[];
}

const NAME = 'channel-lab';
// 1: scenarios, runs, settings; 2: setAside.
const VERSION = 2;
let db: Promise<IDBPDatabase<LabDB>> | null = null;

function open(onBlocked?: () => void): Promise<IDBPDatabase<LabDB>> {
  db ??= openDB<LabDB>(NAME, VERSION, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('scenarios', { keyPath: 'id' });
        d.createObjectStore('runs', { keyPath: 'id' });
        d.createObjectStore('settings');
      }
      if (oldVersion < 2) d.createObjectStore('setAside', { autoIncrement: true });
    },
    // A tab of the previous version holds the database open; the upgrade waits until it closes.
    blocked: () => onBlocked?.(),
  });
  return db;
}

/** Read every store, check each record, move the ones that fail to `setAside`. */
export async function loadAll(onBlocked?: () => void): Promise<Loaded> {
  const d = await open(onBlocked);
  const tx = d.transaction(['scenarios', 'runs', 'settings'], 'readonly');
  const read = async (name: StoreName): Promise<StoredRecord[]> => {
    const store = tx.objectStore(name);
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    return keys.map((key, i) => ({ key, value: values[i] as unknown }));
  };
  const [scenarios, runs, settings] = await Promise.all([read('scenarios'), read('runs'), read('settings')]);
  await tx.done;
  const s = sortScenarios(scenarios);
  const r = sortRuns(runs);
  const st = sortSettings(settings);
  const bad = [...s.bad, ...r.bad, ...st.bad];
  if (bad.length > 0) await setAside(d, bad);
  return { scenarios: s.good, runs: r.good, settings: st.good, setAside: bad };
}

/** Every record ever set aside, oldest first (for a copy the user can keep). */
export async function loadSetAside(): Promise<SetAsideRecord[]> {
  return (await open()).getAll('setAside');
}

export async function saveScenario(entry: ScenarioEntry): Promise<void> {
  await (await open()).put('scenarios', plain(entry));
}

export async function deleteScenario(id: string): Promise<void> {
  await (await open()).delete('scenarios', id);
}

export async function saveRun(run: RunRecord): Promise<void> {
  await (await open()).put('runs', plain(run));
}

export async function deleteRun(id: string): Promise<void> {
  await (await open()).delete('runs', id);
}

export async function setSetting(key: keyof Settings, value: unknown): Promise<void> {
  await (await open()).put('settings', plain(value), key);
}

// One transaction: a record is either still in its store or in setAside, never in neither. If
// the move fails (storage full), the records stay where they were and are again not loaded.
async function setAside(d: IDBPDatabase<LabDB>, bad: readonly BadRecord[]): Promise<void> {
  const tx = d.transaction(['setAside', 'scenarios', 'runs', 'settings'], 'readwrite');
  const at = Date.now();
  const steps = bad.flatMap((b) => [
    tx.objectStore('setAside').add({ store: b.store, key: b.key, value: b.value, problems: issueProblems('en', b.issues), setAsideAt: at }),
    tx.objectStore(b.store).delete(b.key as string),
  ]);
  await Promise.all([...steps, tx.done]).catch(() => undefined);
}

// Svelte state proxies cannot be structured-cloned; a JSON round trip gives plain data (the
// values here are JSON by construction: scenarios and result.json objects).
function plain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
