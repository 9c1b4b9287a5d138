/**
 * How Channel Lab writes files, so that nothing is lost and nothing absurd is left behind.
 *
 * - writeFileAtomic: every output file and cache entry is written to a temporary name in the same
 *   directory, flushed to disk (fsync) and renamed over the old one. rename(2) within a directory
 *   is atomic, so a full disk, a killed process or a power cut leaves the previous file or none,
 *   never a truncated one.
 * - prepareDirectory: an output or cache directory is created and proven writable (a probe file
 *   written, read back and removed) before any replication runs, so that a read-only or pseudo
 *   location is refused at once instead of after the work. Kernel interfaces (/proc, /sys, /dev)
 *   are refused by name and by filesystem type: there, `mkdir -p` never ends (Node's recursive
 *   mkdir retries ENOENT forever under /proc) and a write does not store anything.
 * - lockDirectory: one run at a time per output directory. The lock file is created with O_EXCL
 *   and holds the pid, host and start time of its holder; a second run is refused naming them, and
 *   a lock whose process is gone (same host, pid not alive) is taken over with a warning.
 */
import {
  closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statfsSync, statSync, unlinkSync, writeFileSync, type Stats,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors.ts';

let serial = 0;

/**
 * Write `content` to `file` atomically: a temporary file beside it, fsync, rename. On any failure
 * the temporary file is removed and `file` is as it was (or still absent), and the error is thrown.
 * @param options.sync false skips the two fsyncs (5–13 ms a file measured here, against 0.2–0.5
 *   ms without): for files whose damage is detected on reading (the checksummed cache entries),
 *   where a power cut may only cost a recompute
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, options: { sync?: boolean } = {}): void {
  const sync = options.sync ?? true;
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}-${serial++}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    writeFileSync(fd, content);
    if (sync) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) closeQuietly(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  if (sync) syncDirectory(dirname(file));
}

/**
 * Create `dir` if missing and prove it a writable directory on a filesystem that keeps files: a
 * probe file is written, read back and removed. Returns the absolute path.
 * @throws {InputError} `--OPTION DIR: …` naming what is wrong (a kernel interface, a file in the
 *   way, read-only, no permission, full)
 */
export function prepareDirectory(option: string, dir: string): string {
  const abs = resolve(dir);
  const where = `--${option} ${dir}`;
  ensureDirectory(where, abs);
  const probe = join(abs, `.channel-lab-probe-${process.pid}-${serial++}`);
  const text = `channel-lab write probe ${process.pid} ${Date.now()}\n`;
  try {
    writeFileSync(probe, text, { flag: 'wx' });
    if (readFileSync(probe, 'utf8') !== text) throw new InputError(`${where}: a file written there does not read back; expected a directory on a regular filesystem`);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${where}: not writable (${errnoText(e)})`);
  } finally {
    rmSync(probe, { force: true });
  }
  return abs;
}

/**
 * Make `dir` and its missing parents, one level at a time (never recursive mkdir, which loops
 * under /proc). Kernel interfaces are refused first.
 * @throws {InputError} naming `where` and the component that could not be made
 */
export function ensureDirectory(where: string, dir: string): void {
  const abs = resolve(dir);
  refusePseudo(where, abs);
  makeDirectory(where, abs);
}

/** A held lock on an output directory. */
export interface DirectoryLock {
  readonly file: string;
  /** remove the lock file if it is still ours; safe to call more than once */
  release(): void;
}

/** The lock file's name inside an output directory. */
export const LOCK_NAME = '.channel-lab.lock';

interface LockHolder {
  pid: number;
  host: string;
  started: string;
  command: string;
}

/**
 * Take the lock of output directory `dir` (which exists): created with O_EXCL, holding this
 * process's pid, host, start time and command. Released by release(), and at the latest when the
 * process exits.
 * @throws {InputError} when another live run holds it, naming its pid, command and start time
 */
export function lockDirectory(option: string, dir: string, log: (line: string) => void): DirectoryLock {
  const file = join(dir, LOCK_NAME);
  const where = `--${option} ${dir}`;
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: process.argv.slice(2).join(' ') };
  const text = `${JSON.stringify(me)}\n`;
  let tookOver = false;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, text, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        rmSync(file, { force: true }); // ours if anything (created, then the write failed): never leave it empty
        throw new InputError(`${where}: cannot create the lock file ${LOCK_NAME} (${errnoText(e)})`);
      }
    }
    const seen = readHolder(file);
    if (seen === undefined && attempt < 3) continue; // released between our attempt and the read: try again
    const holder = seen?.holder ?? null;
    const stale = holder !== null && holder.host === me.host && holder.pid !== process.pid && !alive(holder.pid);
    if (!stale || tookOver) throw new InputError(`${where}: ${describeHolder(option, holder, file)}`);
    log(`${where}: taking over the lock of pid ${holder.pid} (${holder.command ? `"${holder.command}", ` : ''}since ${holder.started}), which is no longer running`);
    // Remove the stale lock only if it is still the one inspected, not a fresh one of a third run.
    if (statSync(file, { throwIfNoEntry: false })?.ino === seen!.ino) rmSync(file, { force: true });
    tookOver = true;
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    try {
      if (readFileSync(file, 'utf8') === text) unlinkSync(file);
    } catch {
      // already gone (the directory removed): nothing to release
    }
  };
  process.once('exit', release);
  return { file, release };
}

/** An errno failure as `ENOSPC: no space left on device`, any other error by its first line. */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const m = /^(E[A-Z]+: [^,]+)/.exec(err?.message ?? '');
  if (m) return m[1];
  return err?.code ?? String(err?.message ?? e).split('\n')[0];
}

// Kernel interfaces: where paths are not files. Magic numbers from linux/magic.h.
const PSEUDO_FS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
};
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];
// /dev/shm is shared memory on tmpfs, a real (if volatile) place for files.
const REAL_UNDER_PSEUDO = ['/dev/shm'];

function refusePseudo(where: string, abs: string): void {
  const existing = nearestExisting(abs);
  const real = realpathSync(existing);
  for (const p of [abs, real]) {
    const root = PSEUDO_ROOTS.find((r) => p === r || p.startsWith(`${r}/`));
    if (root && !REAL_UNDER_PSEUDO.some((r) => p === r || p.startsWith(`${r}/`))) {
      throw new InputError(`${where}: ${root} is a kernel interface, not a place for files; expected a directory on a regular filesystem`);
    }
  }
  const kind = PSEUDO_FS[statfsSync(existing).type];
  if (kind) throw new InputError(`${where}: ${existing} is on a ${kind} filesystem (a kernel interface), not a place for files; expected a directory on a regular filesystem`);
}

// The path itself or its closest ancestor that exists.
function nearestExisting(abs: string): string {
  let p = abs;
  while (statOf(p, lstatSync) === undefined && dirname(p) !== p) p = dirname(p);
  return p;
}

// A path's status, undefined when there is nothing (or a file where a directory would be on the way).
function statOf(p: string, stat: typeof statSync | typeof lstatSync = statSync): Stats | undefined {
  try {
    return stat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function makeDirectory(where: string, abs: string): void {
  const missing: string[] = [];
  let p = abs;
  for (;;) {
    const st = statOf(p);
    if (st?.isDirectory()) break;
    if (st) throw new InputError(`${where}: ${p === abs ? 'is' : `${p} is`} a file, not a directory`);
    missing.unshift(p);
    if (dirname(p) === p) break;
    p = dirname(p);
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue; // made meanwhile by another run
      throw new InputError(`${where}: cannot create ${d === abs ? 'the directory' : d} (${errnoText(e)})`);
    }
  }
}

// Flush a directory's entry list after a rename; filesystems that cannot (some FUSE, Windows) are left be.
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // the rename is done; only its durability across a power cut is not guaranteed here
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // closing after a failed write: the write's error is the one reported
  }
}

// The lock's holder and inode, undefined when it is gone; holder null when the file is empty or
// not one we wrote (being written, edited, a directory).
function readHolder(file: string): { holder: LockHolder | null; ino: number } | undefined {
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { holder: null, ino: st.ino };
  }
  const ino = st.ino;
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.started === 'string') return { holder: { command: '', ...h } as LockHolder, ino };
  } catch {
    // not a lock we wrote: treated as held
  }
  return { holder: null, ino };
}

function describeHolder(option: string, h: LockHolder | null, file: string): string {
  if (h === null) return `in use: the lock file ${file} is there but unreadable; if no channel-lab run writes here, remove it`;
  const who = `pid ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''}`;
  return `in use by another channel-lab run (${who}${h.command ? `, "${h.command}"` : ''}, since ${h.started}); wait for it to finish or choose another --${option}` +
    (h.host !== hostname() ? `; if that run is over, remove ${file}` : '');
}

// Whether a process of this pid exists (EPERM: it does, under another user).
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
