/**
 * Test-only: small real filesystems for the write-failure tests. A tmpfs of a few kilobytes is a
 * real full disk (ENOSPC) and, mounted read-only, a real read-only directory (EROFS), with no
 * permission bits involved (root ignores those). Mounting needs root with the right to mount;
 * canMount() says whether this process has it, so that a test can fall back on a mechanism that
 * needs no privilege (a file size limit, RLIMIT_FSIZE, for a write failing mid-file; permission
 * bits for a non-root user) and say so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mounted = new Set<string>();
process.once('exit', () => {
  for (const dir of mounted) spawnSync('umount', ['-l', dir]);
});

let allowed: boolean | undefined;

/** Whether this process may mount a tmpfs (tried once, on a throw-away directory). */
export function canMount(): boolean {
  if (allowed !== undefined) return allowed;
  const dir = mkdtempSync(join(tmpdir(), 'channel-lab-mount-probe-'));
  allowed = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', dir]).status === 0;
  if (allowed) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return allowed;
}

/**
 * Mount a tmpfs of `sizeKb` on `dir` (which exists), read-only if asked; returns the unmount.
 * @throws {Error} when mount fails
 */
export function mountTmpfs(dir: string, sizeKb: number, readOnly = false): () => void {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `${readOnly ? 'ro,' : ''}size=${sizeKb}k,mode=0777`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount tmpfs on ${dir}: ${r.stderr.trim()}`);
  mounted.add(dir);
  return () => {
    if (!mounted.delete(dir)) return;
    const u = spawnSync('umount', [dir], { encoding: 'utf8' });
    if (u.status !== 0) spawnSync('umount', ['-l', dir]);
  };
}
