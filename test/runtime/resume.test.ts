/**
 * --resume: an interrupted sweep, resumed, writes the CSV an uninterrupted one writes, and no
 * replication is computed twice: through the API (cancelled with an AbortSignal, every engine call
 * counted) and through the CLI (the process killed with SIGKILL half-way, the cache files counted).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedRunner, createReplicationCache } from '../../src/runtime/cache.ts';
import { toCsv } from '../../src/experiment/csv.ts';
import { createPool, inProcessFactory } from '../../src/experiment/pool.ts';
import { sweep, type SweepOptions } from '../../src/experiment/runner.ts';
import { runReplication } from '../../src/model/engine.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { ROOT, cli, stopAll } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-resume-'));
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

// Cache files (not the temporary ones of a write cut short) under a directory.
const cached = (cacheDir: string): string[] => {
  try {
    return readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.json.gz')).sort();
  } catch {
    return [];
  }
};

describe('resuming an interrupted sweep (API)', () => {
  it('gives the uninterrupted CSV and computes every replication exactly once', async () => {
    const base = resolveScenario({ simulation: { customers: 100_000, agents: 1000, months: 2, replications: 2, seed: 42 } });
    const grid: SweepOptions['grid'] = [{ path: 'levers.diversion.floorGuide', values: [0.1, 0.3, 0.5] }];
    const calls = new Map<string, number>();
    const engine = inProcessFactory({
      runReplication: (s, r, onMonth) => {
        const id = `${s.levers.diversion.floorGuide}/${r}`;
        calls.set(id, (calls.get(id) ?? 0) + 1);
        return runReplication(s, r, { onMonth });
      },
    });
    const cache = createReplicationCache(join(dir, 'api-cache'));
    const runner = (read: boolean) => cachedRunner(createPool({ factory: engine, size: 1 }), { cache, model: 'test-model', read });

    // Reference: the same sweep without interruption, on a pool of its own (not counted).
    const reference = await sweep(base, { pool: createPool({ factory: inProcessFactory({ runReplication: (s, r) => runReplication(s, r) }) }), grid });

    // Interrupted after 3 of the 6 replications…
    const abort = new AbortController();
    let finished = 0;
    const first = runner(false);
    const partial = await sweep(base, { pool: first, grid, signal: abort.signal, onProgress: (p) => { finished = p.replicationsDone; if (finished >= 3) abort.abort(); } });
    expect(partial.partial).toBe(true);
    expect(first.counts.computed).toBe(3);
    expect(cached(cache.dir)).toHaveLength(3);

    // …then resumed: 3 from the cache, 3 computed, none twice.
    const resumed = runner(true);
    const whole = await sweep(base, { pool: resumed, grid });
    expect(resumed.counts).toEqual({ hits: 3, computed: 3, batches: 1 });
    expect(toCsv(whole.columns, whole.rows)).toBe(toCsv(reference.columns, reference.rows));
    expect([...calls.values()]).toEqual(new Array(6).fill(1));
    expect(cached(cache.dir)).toHaveLength(6);
  }, 60_000);
});

describe('channel-lab sweep --resume after the process was killed', () => {
  it('writes the uninterrupted sweep.csv, taking the finished replications from the cache and never recomputing them', async () => {
    const args = ['sweep', join(ROOT, 'scenarios/default.json'), '--set', 'levers.diversion.floorGuide=0.1,0.3,0.5', '--customers', '2000', '--months', '2', '--replications', '2', '--workers', '1'];
    const cacheDir = join(dir, 'run', '.channel-lab-cache');
    const out = join(dir, 'run', 'out');
    // The uninterrupted reference (its own directory, so its own cache) alongside.
    const reference = cli(...args, '--out', join(dir, 'reference', 'out'));

    const interrupted = cli(...args, '--out', out);
    // Kill it (no chance to clean up) once 2 of the 6 replications are stored.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (cached(cacheDir).length >= 2) {
          clearInterval(timer);
          interrupted.process.kill('SIGKILL');
          resolve();
        } else if (interrupted.process.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`the sweep ended before it could be interrupted: ${interrupted.stderr()}`));
        }
      }, 20);
    });
    await interrupted.exited;
    const kept = cached(cacheDir);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(6);
    const inodes = new Map(kept.map((f) => [f, statSync(join(cacheDir, f)).ino]));

    const resumed = cli(...args, '--out', out, '--resume');
    expect(await resumed.exited).toBe(0);
    expect(resumed.stderr()).toContain(`channel-lab: --resume: ${kept.length} of 6 replications from cache (${cacheDir})\n`);
    expect(resumed.stderr()).toContain(`channel-lab: --resume: ${kept.length} of 6 replications from cache, ${6 - kept.length} computed\n`);
    // The stored replications were read, not written again (a write replaces the file: a new inode).
    for (const [f, ino] of inodes) expect(statSync(join(cacheDir, f)).ino).toBe(ino);
    expect(cached(cacheDir)).toHaveLength(6);

    expect(await reference.exited).toBe(0);
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8')).toBe(readFileSync(join(dir, 'reference', 'out', 'sweep.csv'), 'utf8'));

    // Resumed once more, everything comes from the cache.
    const again = cli(...args, '--out', out, '--resume');
    expect(await again.exited).toBe(0);
    expect(again.stderr()).toContain('channel-lab: --resume: 6 of 6 replications from cache, 0 computed\n');
  }, 90_000);
});
