/**
 * Test-only: a real redis-server and CLI processes (workers, submitters) that the tests start and
 * always stop, whatever happens: every child is registered and killed by its own pid in
 * stopAll() (call it in afterAll) and, as a last resort, when the test process exits.
 *
 * redis-server is Debian's package. When it is missing, the setup installs it (root with
 * apt-get), as the browser tests do for Chromium, or stops with one line saying how.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { modelVersion } from '../../src/runtime/version.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/channel-lab.mjs');
const REDIS_SERVER = '/usr/bin/redis-server';

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/**
 * The redis-server binary, installed with apt-get when missing and allowed.
 * @throws {Error} one line saying how to install it
 */
export function ensureRedisServer(): string {
  if (existsSync(REDIS_SERVER)) return REDIS_SERVER;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.error('[queue tests] /usr/bin/redis-server is missing: installing Debian\'s redis-server (apt-get update && apt-get install -y redis-server)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && existsSync(REDIS_SERVER)) return REDIS_SERVER;
    throw new Error(`Queue tests need redis-server at ${REDIS_SERVER}, and "apt-get install -y redis-server" failed (exit ${install.status}); install it by hand, then run npm test again.`);
  }
  throw new Error(`Queue tests need redis-server at ${REDIS_SERVER}: install it with "sudo apt-get update && sudo apt-get install -y redis-server" (Debian), then run npm test again.`);
}

/** A free TCP port on the loopback interface (free when asked; used at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A child process with its output so far. */
export interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** settles with the exit code (or 128 + signal number style: null code → -1) */
  exited: Promise<number>;
  /** resolves when `pattern` appears on stdout or on stderr after its first `from` characters; rejects after `ms` */
  waitFor(pattern: RegExp, ms?: number, from?: number): Promise<void>;
}

/**
 * The model version every process of a test agrees on: computed once here, so that an edit of the
 * engine by someone else while a test runs does not split its workers and submitters.
 */
export const MODEL = modelVersion();

/** Start a registered child process. */
export function start(command: string, args: string[], options: { cwd?: string } = {}): Child {
  const env = { ...process.env, CHANNEL_LAB_MODEL_VERSION: MODEL };
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d) => { out += d; waiters.forEach((w) => w()); });
  child.stderr!.on('data', (d) => { err += d; waiters.forEach((w) => w()); });
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => {
    children.delete(child);
    waiters.forEach((w) => w());
    resolve(code ?? -1);
  }));
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, ms = 30_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out) || pattern.test(err.slice(from))) done(resolve);
          else if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`exited before ${pattern}: ${err.trim().split('\n').slice(-3).join(' | ')}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} within ${ms} ms: ${err.trim().split('\n').slice(-3).join(' | ')}`))), ms);
        const done = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** `npx channel-lab …` as a registered child process. */
export const cli = (...args: string[]): Child => start(process.execPath, [BIN, ...args]);

/** Stop a child: `signal` first, SIGKILL if it is still there after `graceMs`. */
export async function stop(child: Child, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill(signal);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Stop every child still running, each by its own pid. */
export async function stopAll(): Promise<void> {
  const running = [...children];
  await Promise.all(running.map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  })));
}

/** A redis-server on a free loopback port, persistence off; stop() ends it. */
export async function startRedis(): Promise<{ url: string; port: number; server: Child; stop(): Promise<void> }> {
  const binary = ensureRedisServer();
  const port = await freePort();
  const server = start(binary, ['--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--port', String(port), '--protected-mode', 'yes']);
  await server.waitFor(/Ready to accept connections/, 10_000);
  return { url: `redis://127.0.0.1:${port}`, port, server, stop: () => stop(server, 'SIGTERM', 3000) };
}
