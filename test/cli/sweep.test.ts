/**
 * A sweep cut short by Ctrl-C, end to end with a real process and a real SIGINT: sweep.csv is
 * written with every point of the design, each row saying how many replications its figures rest
 * on and whether that is fewer than asked for (partial=true), and those counts are exactly the
 * replications that finished (the cache's entries); `--resume` then completes it from the cache.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KPIS } from '../../src/model/kpis.ts';
import { ROOT, cli, stopAll } from '../helpers/processes.ts';

const SCENARIO = join(ROOT, 'scenarios/default.json');
// 3 points × 2 replications on one thread: about a second a replication, so Ctrl-C lands mid-sweep.
const SWEEP = ['sweep', SCENARIO, '--set', 'levers.diversion.floorGuide=0,0.4,0.8', '--customers', '10000', '--months', '4', '--replications', '2', '--workers', '1'];

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-sweep-'));
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

const entries = (cacheDir: string) => (existsSync(cacheDir) ? readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json.gz')) : []);
const rowsOf = (file: string) => {
  const [header, ...lines] = readFileSync(file, 'utf8').slice(1).trimEnd().split('\r\n');
  const columns = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));
};

describe('a sweep cut short by Ctrl-C', () => {
  it('writes sweep.csv with every point, each row with the replications it rests on and partial=true where short; --resume completes it', async () => {
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    const run = cli(...SWEEP, '--out', out, '--cache-dir', cache);
    // Ctrl-C once the first replication is in the cache, long before the sixth
    for (let t = 0; entries(cache).length === 0; t += 20) {
      if (t > 60_000 || run.process.exitCode !== null) throw new Error(`no replication finished: ${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    run.process.kill('SIGINT');
    expect(await run.exited).toBe(130);
    const done = entries(cache).length;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(6);

    const rows = rowsOf(join(out, 'sweep.csv'));
    expect(rows.map((r) => r.point)).toEqual(['0', '1', '2']);
    expect(rows.map((r) => r['levers.diversion.floorGuide'])).toEqual(['0', '0.4', '0.8']);
    // nothing lost, nothing invented: the rows count exactly the replications that finished
    expect(rows.reduce((n, r) => n + Number(r.replications), 0)).toBe(done);
    for (const r of rows) {
      const n = Number(r.replications);
      expect(r.partial).toBe(n < 2 ? 'true' : 'false');
      // a mean from one replication or more, an interval from two, neither from none
      for (const k of KPIS.filter((k) => r[`${k}_mean`] !== '')) expect([r[`${k}_lo`] !== '', n]).toEqual([n === 2, n]);
      if (n === 0) expect(KPIS.every((k) => r[`${k}_mean`] === '')).toBe(true);
    }
    const complete = rows.filter((r) => r.partial === 'false').length;
    expect(run.stdout()).toContain(`\nPARTIAL: ${done} of 6 replications finished; ${complete} of 3 points complete, the other ${3 - complete} marked partial=true in sweep.csv with the replications each rests on\n`);

    const resumed = cli(...SWEEP, '--out', out, '--cache-dir', cache, '--resume');
    expect(await resumed.exited).toBe(0);
    expect(resumed.stderr()).toContain(`--resume: ${done} of 6 replications from cache`);
    expect(rowsOf(join(out, 'sweep.csv')).map((r) => [r.replications, r.partial])).toEqual([['2', 'false'], ['2', 'false'], ['2', 'false']]);
    expect(resumed.stdout()).not.toMatch(/PARTIAL/);
  }, 120_000);
});
