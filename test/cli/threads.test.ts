/**
 * One replication split across threads (src/experiment/threads.ts, real worker_threads): the
 * outputs of `run` on 1, 2 and 4 threads per replication are byte for byte the same, the wall
 * time in result.json (runtimeMs) aside; a bad --threads is refused naming it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type Outcome } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// weighted agents (shadow arrivals), closures mid-run, a floor guide and O2O pick-ups: every kind
// of visit and tally the blocks carry from thread to thread
const scenario = join(dir, 'city.json');
const SIZE = ['--customers', '4000', '--months', '4', '--replications', '2', '--workers', '1'];
const THREADS = [1, 2, 4];
const runs = new Map<number, Outcome>();

beforeAll(async () => {
  const base = JSON.parse(readFileSync(join(ROOT, 'scenarios/default.json'), 'utf8'));
  base.$schema = join(ROOT, 'scenarios/schema.json');
  base.simulation = { ...base.simulation, customers: 12_000 };
  base.handoffs = { ...base.handoffs, o2oShare: 0.6 };
  base.levers = { ...base.levers, diversion: { ...base.levers?.diversion, floorGuide: 0.4 }, closures: { outlets: ['S02', 'P03'], fromMonth: 2 } };
  writeFileSync(scenario, JSON.stringify(base));
  for (const t of THREADS) runs.set(t, await runCli(['run', scenario, ...SIZE, '--threads', String(t), '--out', join(dir, `t${t}`)]));
}, 180_000);

const file = (t: number, f: string) => readFileSync(join(dir, `t${t}`, f), 'utf8').replace(/"runtimeMs": ?\d+(\.\d+)?/g, '"runtimeMs": 0');

describe('a replication on several threads', () => {
  it('gives byte-identical result.json, series.csv and outlets.csv on 1, 2 and 4 threads', () => {
    for (const t of THREADS) expect(runs.get(t)!.code, runs.get(t)!.stderr).toBe(0);
    for (const f of ['result.json', 'series.csv', 'outlets.csv']) {
      for (const t of THREADS.slice(1)) expect(file(t, f) === file(1, f), `${f} on ${t} threads`).toBe(true);
    }
    // and the run is not empty: stores queued, new lines sold
    const r = JSON.parse(file(1, 'result.json'));
    expect(r.kpis.storeWaitMeanMin.mean).toBeGreaterThan(0);
    expect(r.kpis.newLines.mean).toBeGreaterThan(0);
  });

  it('refuses --threads outside 1–16, or with a queue, with exit 2, naming it', async () => {
    for (const bad of ['0', '17', 'two']) {
      const o = await runCli(['run', scenario, '--customers', '500', '--months', '1', '--threads', bad, '--out', join(dir, 'bad')]);
      expect(o.code).toBe(2);
      expect(o.stderr).toMatch(new RegExp(`^channel-lab: --threads: expected an integer from 1 to 16( in decimal digits)?, got "${bad}"\\n$`));
    }
    // a queue's workers run replications one thread each: --threads would be dropped, so it is refused
    const queued = await runCli(['run', scenario, '--threads', '2', '--queue', 'redis://127.0.0.1:1', '--out', join(dir, 'bad')]);
    expect(queued.code).toBe(2);
    expect(queued.stderr).toBe('channel-lab: --threads: expected no threads per replication with a queue (its workers run each replication on one thread), got 2\n');
  });
});
