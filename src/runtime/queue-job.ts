/**
 * What a worker checks before it runs a queued job (queue-worker.ts): a job is data from the
 * network, so nothing in it is trusted. Its data must have the shape the submitter (pool.queue.ts)
 * writes, with a replication index and seed in the schema's ranges and this worker's model
 * version; the scenario stored for it must unpack, pass the schema and cross-references that
 * `channel-lab validate` applies, carry its data files inline, and agree with the job's seed.
 *
 * A job that fails a check is refused: one line naming the JSON path and what was expected,
 * never a JavaScript error text. The worker fails it without retrying (the same input would fail
 * again) and the submitter reports it as bad input.
 */
import { scenarioSchema, type Scenario } from '../model/scenario.ts';
import { parseScenario } from '../model/validate.ts';
import { hasDataFiles } from '../io/references.ts';
import { decodeValue } from './replication-key.ts';
import type { JobData } from './queue-redis.ts';

/** A job refused as bad input; the message names the JSON path and what was expected. */
export class JobRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobRefused';
  }
}

const simulation = scenarioSchema.shape.simulation.unwrap().shape;
/** Replication indices run from 0 to the schema's largest simulation.replications − 1. */
const MAX_REPLICATION = (simulation.replications.unwrap().maxValue ?? 10_000) - 1;
const MAX_SEED = simulation.seed.unwrap().maxValue ?? 2 ** 31 - 1;
/** A stored scenario larger than this unpacked is refused: a small gzip can unpack to gigabytes. */
export const MAX_SCENARIO_BYTES = 64 * 1024 * 1024;
/** Problems listed in a refusal; the rest are counted. */
const PROBLEMS_SHOWN = 3;

const FIELDS = ['scenario', 'replication', 'seed', 'model', 'experiment'] as const;

/**
 * The job's data, checked against its shape and this worker's `model`.
 * @throws {JobRefused} `$.replication: expected an integer from 0 to 9999, got -1` and the like
 */
export function checkJobData(data: unknown, model: string): JobData {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new JobRefused(`$: expected an object {${FIELDS.join(', ')}}, got ${shown(data)}`);
  const d = data as Record<string, unknown>;
  const problems = Object.keys(d).filter((k) => !(FIELDS as readonly string[]).includes(k)).map((k) => `${path(k)}: unknown key (a job has ${FIELDS.join(', ')})`);
  const expect = (key: (typeof FIELDS)[number], ok: boolean, expected: string) => {
    if (!ok) problems.push(`$.${key}: expected ${expected}, got ${shown(d[key])}`);
  };
  expect('model', typeof d.model === 'string', 'a model version string');
  expect('scenario', typeof d.scenario === 'string' && /^[0-9a-f]{64}$/.test(d.scenario), 'the 64-hex-digit hash of a stored scenario');
  expect('replication', isIntegerIn(d.replication, 0, MAX_REPLICATION), `an integer from 0 to ${MAX_REPLICATION}`);
  expect('seed', isIntegerIn(d.seed, 0, MAX_SEED), `an integer from 0 to ${MAX_SEED}`);
  expect('experiment', typeof d.experiment === 'string' && /^e[0-9a-f]{11}$/.test(d.experiment), 'an experiment id like e3f9c2a1b7d4');
  if (problems.length === 0 && d.model !== model) problems.push(`$.model: a job of model ${shown(d.model)}; this worker runs ${model}`);
  if (problems.length > 0) throw new JobRefused(summary(problems));
  return d as unknown as JobData;
}

/**
 * The scenario stored under `hash`, unpacked and validated as `validate` does.
 * @param buffer what Redis holds under the hash, null when nothing
 * @throws {JobRefused} `stored scenario 3f9c2a1b7d40…: $.simulation.months: expected <= 240` and the like
 */
export function checkStoredScenario(hash: string, buffer: Buffer | null): Scenario {
  const where = `stored scenario ${hash.slice(0, 12)}…`;
  if (buffer === null) throw new JobRefused(`${where}: not in Redis (scenarios are kept a week): submit the experiment again`);
  let value: unknown;
  try {
    value = decodeValue(buffer, MAX_SCENARIO_BYTES);
  } catch (e) {
    const tooLarge = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
    throw new JobRefused(`${where}: $: expected gzipped JSON${tooLarge ? ` of at most ${MAX_SCENARIO_BYTES / 2 ** 20} MB unpacked` : ''}, got ${buffer.length} bytes that are not`);
  }
  const parsed = parseScenario(value);
  if (!parsed.ok) throw new JobRefused(`${where}: ${summary(parsed.problems.map((p) => `${p.path}: ${p.message}`))}`);
  const s = parsed.scenario;
  if (hasDataFiles(s)) {
    const field = s.outlets.file !== undefined ? '$.outlets.file' : s.region.districtsFile !== undefined ? '$.region.districtsFile' : '$.observed.file';
    throw new JobRefused(`${where}: ${field}: expected the data inline (a queued scenario carries its data files read; a worker cannot read the submitter's files)`);
  }
  return s;
}

/**
 * The job's seed must be its scenario's: the key covers the scenario's seed only, and a job that
 * says another one was not written by a submitter.
 * @throws {JobRefused} naming $.seed
 */
export function checkSeed(hash: string, scenario: Scenario, seed: number): void {
  if (scenario.simulation.seed !== seed) throw new JobRefused(`$.seed: expected ${scenario.simulation.seed}, the simulation.seed of stored scenario ${hash.slice(0, 12)}…, got ${seed}`);
}

// The first few problems, and how many more.
function summary(problems: readonly string[]): string {
  const more = problems.length - PROBLEMS_SHOWN;
  return problems.slice(0, PROBLEMS_SHOWN).join('; ') + (more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '');
}

function isIntegerIn(v: unknown, lo: number, hi: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

function path(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `$.${key}` : `$[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`;
}

// A value in a few words: never a dump of a huge array or string.
function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}
