/**
 * What survives a reload, in IndexedDB (idb): the user's scenarios, the finished runs, small
 * settings (the scenario being edited, the language), the run in progress with its finished
 * replications (so that a reload can resume it), and the records set aside. Every record is
 * checked against its schema when it is read (lib/records.ts); one that fails moves to `setAside`
 * with its problems, so that it is neither loaded nor lost.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Problem } from '../../model/index.ts';
import { issueProblems } from '../i18n/issues.ts';
import type { ScenarioEntry } from '../lib/library.ts';
import { sortInflight, sortInflightReplications, sortRuns, sortScenarios, sortSettings, type BadRecord, type Settings, type StoreName, type StoredRecord } from '../lib/records.ts';
import type { InflightReplication, InflightRun, RunRecord } from '../lib/runs.ts';

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
  inflight: { key: string; value: InflightRun };
  inflightReplications: { key: [string, number]; value: InflightReplication };
}

/** Everything a visit starts from; `setAside` are the records moved aside by this load. */
export interface Loaded {
  scenarios: ScenarioEntry[];
  runs: RunRecord[];
  settings: Settings;
  /** runs interrupted by a reload, with their finished replications */
  inflight: InflightRun[];
  inflightReplications: InflightReplication[];
  setAside: BadRecord[];
}

const NAME = 'channel-lab';
// 1: scenarios, runs, settings; 2: setAside; 3: inflight, inflightReplications.
const VERSION = 3;
const ALL_STORES = ['scenarios', 'runs', 'settings', 'inflight', 'inflightReplications'] as const;
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
      if (oldVersion < 3) {
        d.createObjectStore('inflight', { keyPath: 'id' });
        d.createObjectStore('inflightReplications', { keyPath: ['runId', 'replication'] });
      }
    },
    // A tab of the previous version holds the database open; the upgrade waits until it closes.
    blocked: () => onBlocked?.(),
  });
  return db;
}

/** Read every store, check each record, move the ones that fail to `setAside`. */
export async function loadAll(onBlocked?: () => void): Promise<Loaded> {
  const d = await open(onBlocked);
  const tx = d.transaction(ALL_STORES, 'readonly');
  const read = async (name: StoreName): Promise<StoredRecord[]> => {
    const store = tx.objectStore(name);
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    return keys.map((key, i) => ({ key, value: values[i] as unknown }));
  };
  const [scenarios, runs, settings, inflight, inflightReplications] = await Promise.all(ALL_STORES.map(read));
  await tx.done;
  const s = sortScenarios(scenarios);
  const r = sortRuns(runs);
  const st = sortSettings(settings);
  const f = sortInflight(inflight);
  const fr = sortInflightReplications(inflightReplications);
  const bad = [...s.bad, ...r.bad, ...st.bad, ...f.bad, ...fr.bad];
  if (bad.length > 0) await setAside(d, bad);
  return { scenarios: s.good, runs: r.good, settings: st.good, inflight: f.good, inflightReplications: fr.good, setAside: bad };
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

/** Start keeping a run in progress. Its replications are not JSON-copied: they keep NaN. */
export async function saveInflight(run: InflightRun): Promise<void> {
  await (await open()).put('inflight', plain(run));
}

/** Keep one finished replication of the run in progress (a worker's plain object, cloned as is). */
export async function saveInflightReplication(record: InflightReplication): Promise<void> {
  await (await open()).put('inflightReplications', record);
}

/**
 * The run in progress is over: its record (when there is one to keep) goes to the runs and the
 * run with its replications leaves the in-flight stores, in one transaction, so that a reload
 * finds either the run in progress or the finished run, never both or neither.
 */
export async function finishInflight(id: string, record?: RunRecord): Promise<void> {
  const tx = (await open()).transaction(['runs', 'inflight', 'inflightReplications'], 'readwrite');
  await Promise.all([
    record ? tx.objectStore('runs').put(plain(record)) : undefined,
    tx.objectStore('inflight').delete(id),
    // Array keys sort by their first element, then the second: [id] … [id, []] holds every [id, n].
    tx.objectStore('inflightReplications').delete(IDBKeyRange.bound([id], [id, []])),
    tx.done,
  ]);
}

/** Replications kept for runs that are no longer in progress (a write cut short): dropped. */
export async function dropInflightReplications(keys: ReadonlyArray<[string, number]>): Promise<void> {
  if (keys.length === 0) return;
  const tx = (await open()).transaction('inflightReplications', 'readwrite');
  await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
}

export async function setSetting(key: keyof Settings, value: unknown): Promise<void> {
  await (await open()).put('settings', plain(value), key);
}

// One transaction: a record is either still in its store or in setAside, never in neither. If
// the move fails (storage full), the records stay where they were and are again not loaded.
async function setAside(d: IDBPDatabase<LabDB>, bad: readonly BadRecord[]): Promise<void> {
  const tx = d.transaction(['setAside', ...ALL_STORES], 'readwrite');
  const at = Date.now();
  const steps = bad.flatMap((b) => [
    tx.objectStore('setAside').add({ store: b.store, key: b.key, value: b.value, problems: issueProblems('en', b.issues), setAsideAt: at }),
    tx.objectStore(b.store).delete(b.key as string & [string, number]),
  ]);
  await Promise.all([...steps, tx.done]).catch(() => undefined);
}

// Svelte state proxies cannot be structured-cloned; a JSON round trip gives plain data (the
// values here are JSON by construction: scenarios and result.json objects).
function plain<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
