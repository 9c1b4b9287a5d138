/**
 * Output digests of a default run, a compare, a sweep and a seek for a fixed seed: the pin that
 * keeps a behaviour-preserving change honest. `npx tsx scripts/digests.ts` prints them;
 * `--write` stores them in test/fixtures/digests.json, which test/digests.test.ts checks. Store
 * new digests only with a model change made on purpose, and say in the commit what changed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/channel-lab.mjs');
const SMALL = ['--customers', '2000', '--months', '3', '--replications', '2', '--seed', '7'];
export const DIGESTS_FILE = join(ROOT, 'test/fixtures/digests.json');

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
/** Wall-clock fields are the only ones allowed to differ between two identical runs. */
const stable = (text: string) => text.replace(/"runtimeMs": ?\d+(\.\d+)?/g, '"runtimeMs": 0');

function cli(args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function computeDigests(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'channel-lab-digests-'));
  try {
    const out = (n: string) => join(dir, n);
    const read = (n: string, f: string) => stable(readFileSync(join(out(n), f), 'utf8'));
    cli(['run', 'scenarios/default.json', ...SMALL, '--out', out('run')]);
    cli(['compare', 'scenarios/default.json', 'scenarios/diversion-push.json', ...SMALL, '--out', out('compare')]);
    cli(['sweep', 'scenarios/default.json', '--set', 'levers.diversion.floorGuide=0,0.5', ...SMALL, '--out', out('sweep')]);
    const seek = cli(['seek', 'scenarios/default.json', '--target', 'diversionRate=0.7', '--vary', 'levers.diversion.floorGuide=0..1', ...SMALL]);
    return {
      'run/result.json': sha(read('run', 'result.json')),
      'run/series.csv': sha(read('run', 'series.csv')),
      'run/outlets.csv': sha(read('run', 'outlets.csv')),
      'compare/compare.json': sha(read('compare', 'compare.json')),
      'sweep/sweep.csv': sha(read('sweep', 'sweep.csv')),
      'seek/stdout.json': sha(stable(seek)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const d = computeDigests();
  console.log(JSON.stringify(d, null, 2));
  if (process.argv.includes('--write')) writeFileSync(DIGESTS_FILE, `${JSON.stringify(d, null, 2)}\n`);
}
