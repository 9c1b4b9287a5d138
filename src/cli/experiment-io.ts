/**
 * What the experiment commands (run, compare, sweep, sensitivity) share: their common options,
 * a worker pool that is always closed, a progress bar on stderr when it is a terminal, Ctrl-C as
 * cancel, and writing output files (each atomically: the previous file or the new one, never half).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { AbortedError, type Pool, type Progress } from '../experiment/pool.ts';
import { InputError } from './errors.ts';
import { intOption, pathOption } from './options.ts';
import type { SimulationOverrides } from './scenario-file.ts';
import { cacheSummary, openPool, preparePool, type PoolOptionValues, type SessionPool } from '../runtime/session-pool.ts';
import { AUTO_THREADS_MIN_AGENTS, AUTO_THREADS_MIN_WORKERS, MAX_THREADS } from '../experiment/threads.ts';
import { ensureDirectory, errnoText, writeFileAtomic } from '../runtime/files.ts';
import { printable, printError } from './print.ts';

/** Options every experiment command takes, as commander hands them over. */
export interface CommonOptionValues {
  replications?: string;
  seed?: string;
  months?: string;
  customers?: string;
  workers?: string;
  out?: string;
}

/** Exit code of a run stopped with Ctrl-C (128 + SIGINT), partial results written. */
export const EXIT_CANCELLED = 130;

/**
 * Add --replications, --seed, --months, --customers, --workers, (unless told not to) --out, and
 * the pool options --queue, --attach, --resume, --cache-dir (session-pool.ts), which are checked
 * before the action runs and shape the pool that withSession() opens.
 */
export function commonOptions(cmd: Command, out: string | null = './out'): Command {
  cmd
    .option('--replications <n>', 'replications (default: the scenario\'s)')
    .option('--seed <s>', 'master seed; replication r uses the stream (seed, r)')
    .option('--months <m>', 'months to simulate (overrides the scenario)')
    .option('--customers <n>', 'customers at the start (overrides the scenario)')
    .option('--workers <k>', 'replications run at once (default: the cores, or the cores ÷ --threads)')
    .option('--threads <t>', `threads each replication runs on, 1–${MAX_THREADS}; the numbers do not change (default: 1; with ${AUTO_THREADS_MIN_WORKERS} workers or more, the workers shared out when the replications are fewer and have ${AUTO_THREADS_MIN_AGENTS.toLocaleString('en')} agents or more)`);
  if (out !== null) cmd.option('--out <dir>', 'output directory', out);
  cmd
    .option('--queue <url>', 'run the replications as jobs on a BullMQ queue on Redis (redis://HOST:PORT), served by `channel-lab worker`')
    .option('--attach <id>', 're-attach to a queued experiment by the id it printed (with --queue and the same inputs)')
    .option('--resume', 'take finished replications from the cache instead of computing them again')
    .option('--cache-dir <dir>', 'where finished replications are kept (default: .channel-lab-cache beside the output directory)')
    .hook('preAction', (command) => {
      const o = command.opts<Omit<PoolOptionValues, 'threads'> & { threads?: string }>();
      pathOption('cache-dir', o.cacheDir, 'a directory');
      preparePool({ ...o, threads: intOption('threads', o.threads, 1, MAX_THREADS) });
    });
  return cmd;
}

/** The scenario overrides and worker count from the common options, each checked. */
export function readCommon(o: CommonOptionValues): { overrides: SimulationOverrides; workers?: number } {
  // an empty --out would write into the working directory and keep the cache beside it, one level up
  pathOption('out', o.out, 'a directory');
  return {
    overrides: {
      replications: intOption('replications', o.replications, 1, 10_000),
      seed: intOption('seed', o.seed, 0, 2 ** 31 - 1),
      months: intOption('months', o.months, 1, 240),
      customers: intOption('customers', o.customers, 100, 20_000_000),
    },
    workers: intOption('workers', o.workers, 1, 1024),
  };
}

/** Live progress and cancel for one experiment; `signal` fires on Ctrl-C. */
export interface Session {
  pool: Pool;
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
  /** Ctrl-C was pressed */
  readonly cancelled: boolean;
}

/**
 * Run `body` with a pool of Node workers, a progress bar (stderr, terminals only) and Ctrl-C
 * wired to cancel; the workers are terminated whatever happens.
 */
export async function withSession<T>(workers: number | undefined, label: string, body: (s: Session) => Promise<T>): Promise<T> {
  // News from the pool (queue, cache) on a line of its own, not glued to the progress bar.
  let barShown = false;
  const abort = new AbortController();
  let cancelled = false;
  const onSigint = () => {
    cancelled = true;
    abort.abort();
  };
  // Ctrl-C is ours before the pool opens: opening takes the --out lock, which must not be left behind.
  process.once('SIGINT', onSigint);
  let pool: SessionPool;
  try {
    pool = await openPool(workers, (line) => printError(`channel-lab: ${line}\n`, barShown ? '\r\x1b[2K' : ''));
  } catch (e) {
    process.removeListener('SIGINT', onSigint);
    throw e;
  }
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({
      stream: process.stderr,
      format: `${label} |{bar}| {percentage}% | {replications} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    }, cliProgress.Presets.shades_classic)
    : null;
  let started = false;
  const onProgress = (p: Progress) => {
    if (!bar) return;
    if (!started) {
      bar.start(p.monthsTotal, 0, { replications: `0/${p.replicationsTotal} replications` });
      started = barShown = true;
    }
    bar.setTotal(p.monthsTotal);
    const queued = p.queue ? ` | queue: ${p.queue.waiting} waiting, ${p.queue.active} active, ${p.queue.failed} failed` : '';
    bar.update(p.monthsDone, { replications: `${p.replicationsDone}/${p.replicationsTotal} replications${queued}` });
  };
  try {
    return await body({ pool, signal: abort.signal, onProgress, get cancelled() { return cancelled; } });
  } finally {
    if (started) bar?.stop();
    process.removeListener('SIGINT', onSigint);
    await pool.close();
    const summary = cacheSummary(pool);
    if (summary) printError(`channel-lab: ${summary}\n`);
  }
}

/** Write DIR/name (DIR created if needed) with writeOutputFile for --out DIR. */
export function writeOutput(dir: string, name: string, content: string): string {
  const file = join(dir, name);
  writeOutputFile('out', file, content, dir);
  return file;
}

/**
 * Write `file` atomically, its directory created if needed, for option `--OPTION GIVEN` (the file,
 * or the directory the option named).
 * @throws {InputError} `--out DIR: cannot write result.json (ENOSPC: no space left on device); the
 *   previous result.json is left as it was`, and the like
 */
export function writeOutputFile(option: string, file: string, content: string, given = file): void {
  const where = `--${option} ${given}`;
  ensureDirectory(where, dirname(resolve(file)));
  const name = given === file ? 'file' : basename(file);
  const existed = existsSync(file);
  try {
    writeFileAtomic(file, content);
  } catch (e) {
    throw new InputError(`${where}: cannot write${given === file ? '' : ` ${name}`} (${errnoText(e)}); ${existed ? `the previous ${name} is left as it was` : 'nothing written'}`);
  }
}

/** A number for a table: 4 significant digits, thousands grouped, no exponent for everyday sizes; "—" for no data (NaN). */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e12)) return x.toExponential(3);
  const digits = a >= 1000 ? 0 : Math.max(0, 3 - Math.floor(Math.log10(a || 1)));
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/**
 * Rows of cells as a text table with a header rule: first column left-aligned, the rest right.
 * Headers and cells are made printable first, so that a name's escaped controls are measured.
 */
export function textTable(head: string[], cells: string[][]): string {
  const header = head.map(printable);
  const rows = cells.map((r) => r.map(printable));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const pad = (c: string, w: number, left: boolean) => (left ? c + ' '.repeat(w - displayWidth(c)) : ' '.repeat(w - displayWidth(c)) + c);
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i === 0)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

// Terminal columns a string takes: CJK ideographs, Hangul and full-width forms take two.
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
}

/** Commander's collector for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Await an experiment; when Ctrl-C cancelled it before anything finished, say so on stderr, set
 * exit code 130 and give undefined (the caller writes nothing).
 */
export async function unlessCancelled<T>(session: Pick<Session, 'cancelled'>, what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AbortedError && session.cancelled) {
      printError(`channel-lab: cancelled ${what}; nothing written\n`);
      process.exitCode = EXIT_CANCELLED;
      return undefined;
    }
    throw e;
  }
}
