/**
 * What the workbench keeps in IndexedDB, as schemas, checked whenever a record is read: a record
 * damaged by a hand edit, a browser extension or another version's bug is set aside with its
 * problems (services/db.ts) instead of breaking the page, and the rest loads.
 *
 * Versions: these are the shapes the workbench has written since its first version. Objects are
 * loose (keys a later version adds do not fail a record), and a field added later must be optional
 * here, so that records written before it keep loading.
 *
 * A scenario entry holds the draft as the user left it, which may break the scenario schema while
 * it is being edited: the editor shows those problems, and the entry loads. What fails here is an
 * entry that is not one (no user id, no JSON).
 */
import { z } from 'zod';
import { LOCALES } from '../i18n/messages.ts';
import type { ScenarioEntry } from './library.ts';
import type { InflightReplication, InflightRun, RunRecord } from './runs.ts';

export type StoreName = 'scenarios' | 'runs' | 'settings' | 'inflight' | 'inflightReplications';

export const scenarioEntrySchema = z.looseObject({
  id: z.string().startsWith('user:'),
  source: z.literal('user'),
  json: z.json(),
  updatedAt: z.number(),
});

// Figures are stored through a JSON round trip, which writes NaN and ±Infinity as null.
const figure = z.number().nullable();
const point = z.looseObject({ month: z.number().int(), mean: figure, lo: figure, hi: figure });
const matrix = z.array(z.array(figure));
// ci95 is null for a KPI without data and for one from a single replication (aggregate.ts)
const kpiSummary = z.looseObject({ mean: figure, sd: figure, ci95: z.tuple([figure, figure]).nullable(), unit: z.string() });

const resultSchema = z.looseObject({
  schemaVersion: z.literal(1),
  // the resolved scenario the run used: the views read its services; the rest is kept as stored
  scenario: z.looseObject({ services: z.array(z.looseObject({ id: z.string() })) }),
  seed: z.number(),
  replications: z.number().int(),
  replicationsDone: z.number().int(),
  months: z.number().int(),
  customers: z.number(),
  kpis: z.record(z.string(), kpiSummary),
  series: z.record(z.string(), z.array(point)),
  channels: z.record(z.string(), z.looseObject({ family: z.string(), transactions: figure, share: figure, costPerTransaction: figure })),
  channelSeries: z.record(z.string(), z.array(point.extend({ share: figure }))),
  outlets: z.array(z.looseObject({ id: z.string(), name: z.string(), kind: z.enum(['own', 'partner']), open: z.boolean(), x: z.number(), y: z.number() })),
  serviceChannel: z.looseObject({ services: z.array(z.string()), channels: z.array(z.string()), transactions: matrix }),
  handoffs: z.looseObject({ channels: z.array(z.string()), transactions: matrix }),
  closureFlows: z.record(z.string(), z.record(z.string(), figure)),
  failures: z.array(z.looseObject({ replication: z.number(), message: z.string() })),
  runtimeMs: z.number(),
});

export const runRecordSchema = z.looseObject({
  id: z.string().min(1),
  createdAt: z.number(),
  name: z.string(),
  entryId: z.string(),
  result: resultSchema,
  replicationKpis: z.array(z.looseObject({ replication: z.number().int(), run: z.record(z.string(), figure) })),
  cancelled: z.boolean(),
  // written from the version that added it; earlier records have none
  modelVersion: z.string().optional(),
  // written from the version that added it; earlier records have none
  afterChange: z.looseObject({
    from: z.number().int(), to: z.number().int(), replications: z.number().int(),
    kpis: z.record(z.string(), kpiSummary),
  }).optional(),
});

// A run in progress keeps its replications as the workers returned them, through structured
// clone: NaN stays NaN (a JSON round trip would make it null, and the fold would read it as 0).
const count = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number' });
const counts = z.array(count);

/** A run in progress: what is needed to run its missing replications after a reload. */
export const inflightRunSchema = z.looseObject({
  id: z.string().startsWith('run:'),
  startedAt: z.number(),
  name: z.string(),
  entryId: z.string(),
  replications: z.number().int().min(1),
  // the prepared scenario the workers ran (data files read in), as the engine reads it
  scenario: z.looseObject({
    simulation: z.looseObject({ months: z.number().int().min(1), seed: z.number(), replications: z.number().int().min(1) }),
    services: z.array(z.looseObject({ id: z.string() })),
    levers: z.looseObject({ closures: z.looseObject({ outlets: z.array(z.string()), fromMonth: z.number().int() }) }),
  }),
});

/** One finished replication of a run in progress: everything aggregate() reads of it. */
export const inflightReplicationSchema = z.looseObject({
  runId: z.string().startsWith('run:'),
  replication: z.number().int().min(0),
  result: z.looseObject({
    replication: z.number().int().min(0),
    seed: z.number(),
    months: z.number().int().min(1),
    customers: count,
    subscribers: count,
    agentWeight: count,
    monthly: z.record(z.string(), counts),
    run: z.record(z.string(), count),
    channels: z.record(z.string(), z.looseObject({ transactions: count, cost: count })),
    channelMonthly: z.array(counts),
    serviceChannel: z.array(counts),
    handoffs: z.array(counts),
    outlets: z.array(z.looseObject({ id: z.string(), name: z.string(), kind: z.enum(['own', 'partner']), x: count, y: count, open: z.boolean() })),
    outletStats: z.looseObject({
      transactions: counts, newLines: counts, revenue: counts, cost: counts, waitMeanMin: counts, waitP90Min: counts, utilization: counts,
      open: z.array(z.boolean()),
    }),
    closureFlows: z.record(z.string(), z.record(z.string(), count)),
    choiceEvents: count,
    runtimeMs: count,
  }),
});

/** The settings the workbench reads; other keys are left alone. */
export const settingSchemas = {
  activeId: z.string(),
  locale: z.enum(LOCALES),
  // the comparison's thresholds of practical importance the user set, KPI → value (in the KPI's kind)
  practicalThresholds: z.record(z.string(), z.number().min(0).finite()),
} as const;
export type Settings = { [K in keyof typeof settingSchemas]?: z.infer<(typeof settingSchemas)[K]> };

/** A record as it was read: its key in the store and its value. */
export interface StoredRecord {
  key: IDBValidKey;
  value: unknown;
}

/** A record that failed its schema: where it was, what it held, and its problems. */
export interface BadRecord extends StoredRecord {
  store: StoreName;
  /** the record's name for a message: a scenario's or run's name, else its key */
  label: string;
  issues: z.core.$ZodIssue[];
}

export interface Sorted<T> {
  good: T[];
  bad: BadRecord[];
}

/** Split what was read from a store into records that pass its schema and records to set aside. */
export function sortScenarios(records: readonly StoredRecord[]): Sorted<ScenarioEntry> {
  const { good, bad } = sortBy('scenarios', records, () => scenarioEntrySchema);
  return { good: good.map((r) => r.value as ScenarioEntry), bad };
}

export function sortRuns(records: readonly StoredRecord[]): Sorted<RunRecord> {
  // Passing the schema makes a record a RunRecord as far as the views read it.
  const { good, bad } = sortBy('runs', records, () => runRecordSchema);
  return { good: good.map((r) => r.value as RunRecord), bad };
}

export function sortInflight(records: readonly StoredRecord[]): Sorted<InflightRun> {
  const { good, bad } = sortBy('inflight', records, () => inflightRunSchema);
  return { good: good.map((r) => r.value as InflightRun), bad };
}

export function sortInflightReplications(records: readonly StoredRecord[]): Sorted<InflightReplication> {
  const { good, bad } = sortBy('inflightReplications', records, () => inflightReplicationSchema);
  return { good: good.map((r) => r.value as InflightReplication), bad };
}

/** Settings by key; keys the workbench does not read are neither loaded nor set aside. */
export function sortSettings(records: readonly StoredRecord[]): { good: Settings; bad: BadRecord[] } {
  const known = records.filter((r) => typeof r.key === 'string' && Object.hasOwn(settingSchemas, r.key));
  const { good, bad } = sortBy('settings', known, (r) => settingSchemas[r.key as keyof typeof settingSchemas]);
  return { good: Object.fromEntries(good.map((r) => [String(r.key), r.value])) as Settings, bad };
}

// The schemas transform nothing, so a record that passes is loaded as it was stored.
function sortBy(store: StoreName, records: readonly StoredRecord[], schemaOf: (r: StoredRecord) => z.ZodType): Sorted<StoredRecord> {
  const good: StoredRecord[] = [];
  const bad: BadRecord[] = [];
  for (const r of records) {
    const parsed = schemaOf(r).safeParse(r.value, { reportInput: true });
    if (parsed.success) good.push(r);
    else bad.push({ ...r, store, label: labelOf(store, r), issues: parsed.error.issues });
  }
  return { good, bad };
}

function labelOf(store: StoreName, r: StoredRecord): string {
  const v = r.value as { name?: unknown; json?: { name?: unknown } } | null;
  const name = store === 'scenarios' ? v?.json?.name : store === 'runs' || store === 'inflight' ? v?.name : undefined;
  return typeof name === 'string' && name.trim() ? name : String(r.key);
}
