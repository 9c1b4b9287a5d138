/**
 * files.ts on real failures: a write cut off mid-file leaves the previous file (or none), never a
 * truncated one; directories under /proc, files in the way and read-only places are refused by
 * prepareDirectory with a message naming the option; the output lock keeps a second holder out
 * and is taken over when its holder is dead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_NAME, ensureDirectory, lockDirectory, prepareDirectory, writeFileAtomic } from '../../src/runtime/files.ts';
import { canMount, mountTmpfs } from '../helpers/filesystems.ts';
import { ROOT } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-files-'));
const unmounts: Array<() => void> = [];
afterAll(() => {
  unmounts.forEach((u) => u());
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const PREVIOUS = `{"previous": true, "padding": "${'p'.repeat(2000)}"}\n`;
const NEW = `{"new": true, "padding": "${'n'.repeat(400_000)}"}\n`; // far larger than either limit below

/**
 * Write NEW over `file` where the write fails mid-file, in one of two real ways:
 * - 'full disk': a 64 KiB tmpfs (needs the right to mount) — ENOSPC after the free space is used;
 * - 'file size limit': a child process under `ulimit -f 64` (RLIMIT_FSIZE, 64 KiB; no privilege
 *   needed) — the kernel writes the first 64 KiB, then EFBIG.
 * Returns the error code the writer saw.
 */
function failingWrite(how: 'full disk' | 'file size limit', file: string): string {
  const script = `import(${JSON.stringify(join(ROOT, 'src/runtime/files.ts'))}).then((m) => {
    try { m.writeFileAtomic(${JSON.stringify(file)}, require('node:fs').readFileSync(0, 'utf8')); console.log('written'); }
    catch (e) { console.log(e.code); }
  })`;
  const limit = how === 'file size limit' ? 'ulimit -f 64; ' : '';
  const r = spawnSync('bash', ['-c', `${limit}exec "${process.execPath}" --import tsx -e "$0"`, script], { cwd: ROOT, input: NEW, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

const ways: Array<'full disk' | 'file size limit'> = ['file size limit'];
if (canMount()) ways.push('full disk');
else console.warn('[files.test] cannot mount a tmpfs here (not root, or no right to mount): the full-disk case is covered by the file size limit alone');

describe.each(ways)('writeFileAtomic when the write fails mid-file (%s)', (how) => {
  const place = (name: string) => {
    const d = join(dir, `${how.replace(/ /g, '-')}-${name}`);
    mkdirSync(d);
    if (how === 'full disk') unmounts.push(mountTmpfs(d, 64));
    return d;
  };

  it('leaves the previous file byte for byte, and no temporary file', () => {
    const d = place('previous');
    const file = join(d, 'result.json');
    writeFileAtomic(file, PREVIOUS);
    expect(failingWrite(how, file)).toBe(how === 'full disk' ? 'ENOSPC' : 'EFBIG');
    expect(readFileSync(file, 'utf8')).toBe(PREVIOUS);
    expect(readdirSync(d)).toEqual(['result.json']);
  });

  it('leaves no file at all when there was none', () => {
    const d = place('none');
    const file = join(d, 'result.json');
    expect(failingWrite(how, file)).toBe(how === 'full disk' ? 'ENOSPC' : 'EFBIG');
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file with the whole new content and leaves nothing beside it', () => {
    const d = join(dir, 'plain');
    mkdirSync(d);
    writeFileAtomic(join(d, 'a.json'), PREVIOUS);
    writeFileAtomic(join(d, 'a.json'), NEW);
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe(NEW);
    expect(readdirSync(d)).toEqual(['a.json']);
  });
});

describe('prepareDirectory', () => {
  it('creates a missing directory with its parents and leaves no probe file', () => {
    const d = join(dir, 'new', 'deeper', 'out');
    expect(prepareDirectory('out', d)).toBe(d);
    expect(readdirSync(d)).toEqual([]);
  });

  it('refuses kernel interfaces at once, by name and by filesystem type', () => {
    const started = Date.now();
    expect(() => prepareDirectory('out', '/proc/channel-lab/out')).toThrow('--out /proc/channel-lab/out: /proc is a kernel interface, not a place for files; expected a directory on a regular filesystem');
    expect(() => prepareDirectory('cache-dir', '/sys/kernel/x')).toThrow(/^--cache-dir \/sys\/kernel\/x: \/sys is a kernel interface/);
    expect(() => prepareDirectory('out', '/dev/channel-lab')).toThrow(/^--out \/dev\/channel-lab: \/dev is a kernel interface/);
    // Node's own recursive mkdir never returns under /proc; ours answers at once.
    expect(Date.now() - started).toBeLessThan(1000);
    // A symbolic link into /proc is followed to what it is.
    const link = join(dir, 'proc-link');
    spawnSync('ln', ['-s', '/proc/self', link]);
    expect(() => prepareDirectory('out', join(link, 'out'))).toThrow(/\/proc is a kernel interface/);
    // A proc filesystem mounted elsewhere is known by its type (where mounting is allowed).
    if (canMount()) {
      const elsewhere = join(dir, 'proc-elsewhere');
      mkdirSync(elsewhere);
      expect(spawnSync('mount', ['-t', 'proc', 'proc', elsewhere]).status).toBe(0);
      try {
        expect(() => prepareDirectory('out', join(elsewhere, 'out'))).toThrow(`--out ${join(elsewhere, 'out')}: ${elsewhere} is on a proc filesystem (a kernel interface), not a place for files; expected a directory on a regular filesystem`);
      } finally {
        expect(spawnSync('umount', [elsewhere]).status).toBe(0);
      }
    }
  });

  it('refuses a file in place of the directory or of a parent', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => prepareDirectory('out', file)).toThrow(`--out ${file}: is a file, not a directory`);
    expect(() => prepareDirectory('out', join(file, 'sub'))).toThrow(`--out ${join(file, 'sub')}: ${file} is a file, not a directory`);
    expect(() => ensureDirectory('--out x.json', join(file, 'sub'))).toThrow(`--out x.json: ${file} is a file, not a directory`);
  });

  it('refuses a read-only directory, and one it cannot create there', () => {
    const d = join(dir, 'read-only');
    mkdirSync(d);
    let expected: RegExp;
    if (canMount()) {
      unmounts.push(mountTmpfs(d, 16, true));
      expected = /\(EROFS: read-only file system\)$/;
    } else if (process.getuid?.() !== 0) {
      chmodSync(d, 0o555);
      expected = /\(EACCES: permission denied\)$/;
    } else {
      console.warn('[files.test] root without the right to mount: no read-only directory can be made here; case not run');
      return;
    }
    expect(() => prepareDirectory('out', d)).toThrow(new RegExp(`^--out ${d}: not writable ${expected.source}`));
    expect(() => prepareDirectory('out', join(d, 'sub'))).toThrow(new RegExp(`^--out ${join(d, 'sub')}: cannot create the directory ${expected.source}`));
  });
});

describe('lockDirectory', () => {
  it('keeps a second holder out, naming the first; released, it can be taken again', () => {
    const d = join(dir, 'locked');
    mkdirSync(d);
    const lock = lockDirectory('out', d, () => {});
    const held = JSON.parse(readFileSync(join(d, LOCK_NAME), 'utf8'));
    expect(held).toEqual({ pid: process.pid, host: hostname(), started: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), command: expect.any(String) });
    expect(() => lockDirectory('out', d, () => {})).toThrow(new RegExp(`^--out ${d}: in use by another channel-lab run \\(pid ${process.pid}.*, since ${held.started}\\); wait for it to finish or choose another --out$`));
    lock.release();
    expect(existsSync(join(d, LOCK_NAME))).toBe(false);
    lockDirectory('out', d, () => {}).release();
  });

  it('takes over a lock whose process is gone, with one warning line', async () => {
    const d = join(dir, 'stale');
    mkdirSync(d);
    const dead = spawn(process.execPath, ['-e', '']);
    const pid = dead.pid!;
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(join(d, LOCK_NAME), JSON.stringify({ pid, host: hostname(), started: '2024-01-01T00:00:00.000Z', command: 'run old.json' }));
    const lines: string[] = [];
    const lock = lockDirectory('out', d, (l) => lines.push(l));
    expect(lines).toEqual([`--out ${d}: taking over the lock of pid ${pid} ("run old.json", since 2024-01-01T00:00:00.000Z), which is no longer running`]);
    expect(JSON.parse(readFileSync(join(d, LOCK_NAME), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('does not take over a lock it cannot read, nor one of another host', () => {
    const d = join(dir, 'foreign');
    mkdirSync(d);
    writeFileSync(join(d, LOCK_NAME), '');
    expect(() => lockDirectory('out', d, () => {})).toThrow(`--out ${d}: in use: the lock file ${join(d, LOCK_NAME)} is there but unreadable; if no channel-lab run writes here, remove it`);
    writeFileSync(join(d, LOCK_NAME), JSON.stringify({ pid: 1, host: 'elsewhere', started: '2024-01-01T00:00:00.000Z', command: 'sweep s.json' }));
    expect(() => lockDirectory('out', d, () => {})).toThrow(`--out ${d}: in use by another channel-lab run (pid 1 on elsewhere, "sweep s.json", since 2024-01-01T00:00:00.000Z); wait for it to finish or choose another --out; if that run is over, remove ${join(d, LOCK_NAME)}`);
  });
});
