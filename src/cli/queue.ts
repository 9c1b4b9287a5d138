/**
 * `channel-lab queue`: the counter/hotline queue submodel alone, next to its closed form. Poisson
 * arrivals, exponential service and infinite patience go through simulateQueue, so the simulated
 * figures must agree with Erlang C up to sampling error; the batch-means intervals say how much.
 */
import type { Command } from 'commander';
import { erlangCMetrics, type ErlangCMetrics } from '../model/erlang.ts';
import { poissonArrivals, simulateQueue } from '../model/queue.ts';
import { Rng } from '../model/rng.ts';
import { InputError } from './errors.ts';
import { intOption, numberOption, required } from './options.ts';
import { print } from './print.ts';

const DEFAULT_HOURS = 10000;
const DEFAULT_ANSWER_WITHIN_S = 20;
const DEFAULT_SEED = 42;
/** Share of the horizon discarded while the queue fills from empty. */
const WARM_UP = 0.05;
/** Batches for the batch-means confidence intervals. */
const BATCHES = 20;
/** t quantile with BATCHES − 1 = 19 degrees of freedom, two-sided 95 %. */
const T_19_975 = 2.093;
/** Customers simulated per chunk: the arrays are this long whatever the horizon. */
const CHUNK = 1 << 16;
/** Guard against runs of hours: λ·H above this is refused. */
const MAX_EXPECTED_ARRIVALS = 1e8;
// Stream keys under the seed: arrivals and service durations draw from separate streams.
const STREAM_ARRIVALS = 1;
const STREAM_SERVICE = 2;

/** An M/M/c experiment; rates per hour, times in minutes unless named otherwise. */
export interface QueueExperiment {
  arrivalsPerHour: number;
  meanServiceMin: number;
  servers: number;
  /** Simulated horizon in hours, warm-up included. */
  hours: number;
  answerWithinS: number;
  seed: number;
}

type Interval = [number, number];

/** What `queue` prints. */
export interface QueueReport {
  simulated: ErlangCMetrics;
  erlangC: ErlangCMetrics;
  /** Batch-means 95 % intervals around the simulated figures; absent if a batch had no customers. */
  simulatedCi95?: { meanWaitMin: Interval; pWait: Interval; serviceLevel: Interval };
}

/**
 * Simulates the queue over the horizon and sets the result beside Erlang C. The first 5 % of
 * the horizon is warm-up; the rest is cut into 20 equal time batches whose means give the
 * standard errors (batch means, so the autocorrelation of successive waits is accounted for).
 * Point estimates pool every measured customer.
 * @throws {RangeError} from erlangCMetrics if the load is not below the number of servers
 */
export function runQueueExperiment(x: QueueExperiment): QueueReport {
  const erlangC = erlangCMetrics(x);
  const horizon = x.hours * 60;
  const warmUp = WARM_UP * horizon;
  const batchLength = (horizon - warmUp) / BATCHES;
  const withinMin = x.answerWithinS / 60;

  const arrivals = new Float64Array(CHUNK);
  const service = new Float64Array(CHUNK);
  const wait = new Float64Array(CHUNK);
  const reneged = new Uint8Array(CHUNK);
  const heap = new Float64Array(x.servers);
  const count = new Float64Array(BATCHES);
  const waitSum = new Float64Array(BATCHES);
  const waited = new Float64Array(BATCHES);
  const within = new Float64Array(BATCHES);

  const arrivalRng = Rng.from(x.seed, STREAM_ARRIVALS);
  const serviceRng = Rng.from(x.seed, STREAM_SERVICE);
  const ratePerMin = x.arrivalsPerHour / 60;
  let offset = 0;
  let carry = false;
  for (;;) {
    // A full chunk ends at its last arrival; the Poisson process restarts there (memoryless).
    const m = poissonArrivals(arrivalRng, ratePerMin, horizon - offset, arrivals);
    for (let k = 0; k < m; k++) {
      arrivals[k] += offset;
      service[k] = serviceRng.exponential(x.meanServiceMin);
    }
    simulateQueue(m, arrivals, service, null, x.servers, wait, reneged, heap, carry);
    carry = true;
    for (let k = 0; k < m; k++) {
      if (arrivals[k] < warmUp) continue;
      const b = Math.min(BATCHES - 1, Math.floor((arrivals[k] - warmUp) / batchLength));
      const w = wait[k];
      count[b]++;
      waitSum[b] += w;
      if (w > 0) waited[b]++;
      if (w <= withinMin) within[b]++;
    }
    if (m < CHUNK) break;
    offset = arrivals[m - 1];
  }

  const n = sum(count);
  if (n === 0) throw new InputError(`--hours: no customer arrived after the ${x.hours * WARM_UP} h warm-up; raise --hours`);
  const simulated: ErlangCMetrics = {
    meanWaitMin: sum(waitSum) / n,
    pWait: sum(waited) / n,
    serviceLevel: sum(within) / n,
  };
  const report: QueueReport = { simulated, erlangC };
  if (count.every((c) => c > 0)) {
    report.simulatedCi95 = {
      meanWaitMin: interval(simulated.meanWaitMin, waitSum, count),
      pWait: interval(simulated.pWait, waited, count),
      serviceLevel: interval(simulated.serviceLevel, within, count),
    };
  }
  return report;
}

/** Adds `queue` to the program. */
export function registerQueue(program: Command): void {
  program
    .command('queue')
    .description(
      'simulate the counter/hotline queue alone (Poisson arrivals, exponential service, FCFS, no abandonment) ' +
        'and print JSON {simulated, erlangC, simulatedCi95} with mean wait (min), P(wait) and service level',
    )
    .option('--arrivals-per-hour <L>', 'arrivals per hour (required, > 0)')
    .option('--mean-service-min <S>', 'mean service time in minutes (required, > 0)')
    .option('--servers <C>', 'number of servers: counters or agents (required, integer ≥ 1)')
    .option(
      '--hours <H>',
      `simulated hours including a 5 % warm-up (default ${DEFAULT_HOURS}: long enough that, at loads up to 90 %, ` +
        'P(wait) and service level typically land within 1–2 % of Erlang C and the mean wait within about 5 %; ' +
        'simulatedCi95 gives the precision of each run)',
    )
    .option('--answer-within-s <T>', `service-level target time in seconds (default ${DEFAULT_ANSWER_WITHIN_S})`)
    .option('--seed <X>', `random seed, an integer (default ${DEFAULT_SEED})`)
    .action((opts: Record<string, string | undefined>) => {
      const report = runQueueExperiment(queueOptions(opts));
      print(`${JSON.stringify(report)}\n`);
    });
}

// Reads and checks the options; every problem becomes an InputError naming the option.
function queueOptions(opts: Record<string, string | undefined>): QueueExperiment {
  const arrivalsPerHour = positive('arrivals-per-hour', opts.arrivalsPerHour, 1e7);
  const meanServiceMin = positive('mean-service-min', opts.meanServiceMin, 1e6);
  const servers = required('servers', intOption('servers', opts.servers, 1, 100000), 'an integer from 1 to 100000');
  const hours = positive('hours', opts.hours ?? String(DEFAULT_HOURS), 1e9);
  const answerWithinS = numberOption('answer-within-s', opts.answerWithinS, 0, 86400) ?? DEFAULT_ANSWER_WITHIN_S;
  const seed = intOption('seed', opts.seed, 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_SEED;

  const load = (arrivalsPerHour * meanServiceMin) / 60;
  if (load >= servers) {
    throw new InputError(
      `--servers: the offered load is ${round(load)} Erlang (${arrivalsPerHour}/h × ${meanServiceMin} min), which ` +
        `${servers} servers cannot carry (the queue grows without bound); at least ${Math.floor(load) + 1} servers are needed`,
    );
  }
  if (arrivalsPerHour * hours > MAX_EXPECTED_ARRIVALS) {
    throw new InputError(
      `--hours: ${arrivalsPerHour}/h × ${hours} h is ${arrivalsPerHour * hours} expected arrivals; at most ${MAX_EXPECTED_ARRIVALS} are simulated, lower --hours`,
    );
  }
  return { arrivalsPerHour, meanServiceMin, servers, hours, answerWithinS, seed };
}

// A required number that must be strictly positive.
function positive(name: string, value: string | undefined, max: number): number {
  const x = required(name, numberOption(name, value, 0, max), `a number above 0 and at most ${max}`);
  if (x <= 0) throw new InputError(`--${name}: expected a number above 0 and at most ${max}, got "${value}"`);
  return x;
}

// Pooled estimate ± t·s/√B, s the spread of the batch ratios.
function interval(estimate: number, numerators: Float64Array, counts: Float64Array): Interval {
  let mean = 0;
  for (let b = 0; b < BATCHES; b++) mean += numerators[b] / counts[b];
  mean /= BATCHES;
  let ss = 0;
  for (let b = 0; b < BATCHES; b++) ss += (numerators[b] / counts[b] - mean) ** 2;
  const half = (T_19_975 * Math.sqrt(ss / (BATCHES - 1))) / Math.sqrt(BATCHES);
  return [estimate - half, estimate + half];
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
