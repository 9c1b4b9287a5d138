/**
 * Where the CLI writes, end to end with real processes: an --out or --cache-dir that cannot take
 * files is refused before any replication runs (exit 2, one line naming the option and path); a
 * full disk at the end leaves the previous result.json intact; two runs into one --out do not
 * interleave (the second is refused naming the first), a dead run's lock is taken over, and the
 * lock goes with the run whether it ends, is interrupted with Ctrl-C or fails; `schema --out` and
 * `import --out` write atomically too.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_NAME } from '../../src/runtime/files.ts';
import { canMount, mountTmpfs } from '../helpers/filesystems.ts';
import { BIN, ROOT, cli, freePort, start, stopAll, type Child } from '../helpers/processes.ts';

const SCENARIO = join(ROOT, 'scenarios/default.json');
const TINY = ['--customers', '1000', '--months', '1', '--replications', '2', '--workers', '1'];
// A few seconds of work on one thread: long enough to be caught holding its lock.
const LONGER = ['--customers', '20000', '--months', '6', '--replications', '2', '--workers', '1'];

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-out-'));
const unmounts: Array<() => void> = [];
afterAll(async () => {
  await stopAll();
  unmounts.forEach((u) => u());
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

const entries = (cacheDir: string) => (existsSync(cacheDir) ? readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json.gz')) : []);

async function finished(c: Child): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const code = await c.exited;
  return { code, stdout: c.stdout(), stderr: c.stderr(), ms: Date.now() - started };
}

describe('--out and --cache-dir are checked before any replication runs', () => {
  const cacheDir = join(dir, 'refused-cache');

  it('refuses a path under /proc at once (it used to loop forever), running nothing', async () => {
    const r = await finished(cli('run', SCENARIO, ...LONGER, '--out', '/proc/channel-lab/out', '--cache-dir', cacheDir));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('channel-lab: --out /proc/channel-lab/out: /proc is a kernel interface, not a place for files; expected a directory on a regular filesystem\n');
    expect(entries(cacheDir)).toEqual([]);
  }, 30_000);

  it('refuses a file where the directory should be, and a --cache-dir under /sys', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const [a, b] = await Promise.all([
      finished(cli('sweep', SCENARIO, '--set', 'levers.diversion.floorGuide=0.1,0.5', ...LONGER, '--out', file, '--cache-dir', cacheDir)),
      finished(cli('run', SCENARIO, ...LONGER, '--out', join(dir, 'fine'), '--cache-dir', '/sys/channel-lab')),
    ]);
    expect([a.code, a.stderr]).toEqual([2, `channel-lab: --out ${file}: is a file, not a directory\n`]);
    expect([b.code, b.stderr]).toEqual([2, 'channel-lab: --cache-dir /sys/channel-lab: /sys is a kernel interface, not a place for files; expected a directory on a regular filesystem\n']);
    expect(entries(cacheDir)).toEqual([]);
  }, 30_000);

  it('refuses a read-only --out before any work, and writes nothing there', async (ctx) => {
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    let reason: string;
    if (canMount()) {
      unmounts.push(mountTmpfs(readOnly, 16, true));
      reason = 'EROFS: read-only file system';
    } else if (process.getuid?.() !== 0) {
      chmodSync(readOnly, 0o555);
      reason = 'EACCES: permission denied';
    } else {
      console.warn('[out.test] root without the right to mount: no read-only directory can be made here; case not run');
      return ctx.skip();
    }
    const r = await finished(cli('run', SCENARIO, ...LONGER, '--out', readOnly, '--cache-dir', cacheDir));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`channel-lab: --out ${readOnly}: not writable (${reason})\n`);
    // The 2 × 6-month replications of 20 000 agents take seconds; nothing of them ran.
    expect(entries(cacheDir)).toEqual([]);
    expect(readdirSync(readOnly)).toEqual([]);
    const schema = await finished(cli('schema', '--out', join(readOnly, 'schema.json')));
    expect([schema.code, schema.stderr]).toEqual([2, `channel-lab: --out ${join(readOnly, 'schema.json')}: cannot write (${reason}); nothing written\n`]);
  }, 30_000);
});

describe('a full disk when the outputs are written', () => {
  it('leaves the previous result.json byte for byte and says so (exit 2)', async () => {
    // A finished run's outputs in a small filesystem with room for the checks, not for a second result.json.
    const out = join(dir, 'full');
    const cacheDir = join(dir, 'full-cache');
    const first = await finished(cli('run', SCENARIO, ...TINY, '--out', join(dir, 'full-first'), '--cache-dir', cacheDir));
    expect(first.code).toBe(0);
    const previous = readFileSync(join(dir, 'full-first', 'result.json'));
    mkdirSync(out);
    let args: string[];
    if (canMount()) {
      // result.json is about 70 KB; the three files fill about 88 KiB of 128 KiB.
      unmounts.push(mountTmpfs(out, 128));
      args = [BIN];
    } else {
      // No mount allowed: a file size limit (RLIMIT_FSIZE, 48 KiB) cuts the new result.json short instead.
      console.warn('[out.test] cannot mount a tmpfs here: a file size limit stands in for the full disk');
      args = ['-c', `ulimit -f 48; exec "${process.execPath}" "$0" "$@"`, BIN];
    }
    for (const f of ['result.json', 'series.csv', 'outlets.csv']) copyFileSync(join(dir, 'full-first', f), join(out, f));
    // Another seed: a result.json that differs from the previous one.
    const second = start(canMount() ? process.execPath : 'bash', [...args, 'run', SCENARIO, ...TINY, '--seed', '7', '--out', out, '--cache-dir', cacheDir]);
    const r = await finished(second);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^channel-lab: --out ${out}: cannot write result\\.json \\((ENOSPC: no space left on device|EFBIG: file too large)\\); the previous result\\.json is left as it was\\n$`));
    expect(readFileSync(join(out, 'result.json')).equals(previous)).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['outlets.csv', 'result.json', 'series.csv']); // no temporary file, no lock
  }, 60_000);
});

describe('one run at a time per --out', () => {
  it('refuses a second run into the same --out while the first runs, naming it; the first finishes and frees it', async () => {
    const out = join(dir, 'shared');
    const first = cli('run', SCENARIO, ...LONGER, '--out', out, '--cache-dir', join(dir, 'shared-cache-1'));
    await waitForFile(join(out, LOCK_NAME), first);
    const holder = JSON.parse(readFileSync(join(out, LOCK_NAME), 'utf8'));
    expect(holder).toMatchObject({ pid: first.process.pid, host: hostname() });
    const second = await finished(cli('run', SCENARIO, ...TINY, '--out', out, '--cache-dir', join(dir, 'shared-cache-2')));
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`channel-lab: --out ${out}: in use by another channel-lab run (pid ${first.process.pid}, "run ${SCENARIO} ${LONGER.join(' ')} --out ${out} --cache-dir ${join(dir, 'shared-cache-1')}", since ${holder.started}); wait for it to finish or choose another --out\n`);
    expect(entries(join(dir, 'shared-cache-2'))).toEqual([]);
    expect(first.process.exitCode).toBeNull(); // still running when refused
    expect(await first.exited).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['outlets.csv', 'result.json', 'series.csv']);
  }, 90_000);

  it('takes over the lock of a run that died without releasing it, with one warning line', async () => {
    const out = join(dir, 'stale');
    mkdirSync(out);
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(join(out, LOCK_NAME), JSON.stringify({ pid: dead.pid, host: hostname(), started: '2024-05-01T08:00:00.000Z', command: 'run killed.json' }) + '\n');
    const r = await finished(cli('run', SCENARIO, ...TINY, '--out', out));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`channel-lab: --out ${out}: taking over the lock of pid ${dead.pid} ("run killed.json", since 2024-05-01T08:00:00.000Z), which is no longer running\n`);
    expect(existsSync(join(out, LOCK_NAME))).toBe(false);
  }, 30_000);

  it('releases the lock on Ctrl-C and when the run fails', async () => {
    const out = join(dir, 'interrupted');
    const run = cli('run', SCENARIO, ...LONGER, '--out', out);
    await waitForFile(join(out, LOCK_NAME), run);
    run.process.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(existsSync(join(out, LOCK_NAME))).toBe(false);

    const port = await freePort(); // nobody listens there: the run fails after taking the lock
    const failed = await finished(cli('run', SCENARIO, ...TINY, '--queue', `redis://127.0.0.1:${port}`, '--out', out));
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(`channel-lab: --queue: expected Redis answering at redis://127.0.0.1:${port}, got connection refused\n`);
    expect(readdirSync(out)).not.toContain(LOCK_NAME);
  }, 60_000);
});

describe('schema --out and import --out', () => {
  it('replace the file whole, and name the option when the place cannot take it', async () => {
    const file = join(dir, 'files', 'schema.json');
    const schema = await finished(cli('schema', '--out', file));
    expect(schema.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(ROOT, 'scenarios/schema.json'), 'utf8'));
    const fragment = join(dir, 'files', 'fragment.json');
    writeFileSync(fragment, 'previous');
    const imported = await finished(cli('import', 'scenarios/templates/districts.geojson', '--kind', 'districts', '--out', fragment));
    expect(imported.code).toBe(0);
    expect(JSON.parse(readFileSync(fragment, 'utf8')).region.districts.length).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'files')).sort()).toEqual(['fragment.json', 'schema.json']);
    const proc = await finished(cli('import', 'scenarios/templates/districts.geojson', '--kind', 'districts', '--out', '/proc/fragment.json'));
    expect([proc.code, proc.stderr]).toEqual([2, 'channel-lab: --out /proc/fragment.json: /proc is a kernel interface, not a place for files; expected a directory on a regular filesystem\n']);
  }, 30_000);
});

// Resolve when `file` exists; reject when `child` ends first.
function waitForFile(file: string, child: Child, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (existsSync(file)) {
        clearInterval(timer);
        resolve();
      } else if (child.process.exitCode !== null || Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`no ${file} (exit ${child.process.exitCode}): ${child.stderr()}`));
      }
    }, 20);
  });
}

