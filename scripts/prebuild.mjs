/**
 * Node entry points prebuilt to JavaScript: the CLI (bin/channel-lab.mjs loads it) and the
 * replication worker (src/runtime/pool.node.ts starts it), bundled by esbuild. Without this every
 * process and every worker thread compiled the TypeScript sources at start (about 0.8 s of CPU
 * each).
 *
 * A start costs what the bundle makes Node read and run, hence three choices (load times here,
 * median of 10 imports, before → after all three: CLI 520 → 110 ms, worker 180 → 90 ms):
 * - the packages are bundled in, so Node resolves and reads 6 files for the CLI instead of 543
 *   and 3 for the worker instead of 106 (counted with strace; d3 alone is thirty packages, of
 *   which three functions are used);
 * - BullMQ and its Redis client stay packages, imported on first use by the commands that queue
 *   (src/runtime/session-pool.ts, src/cli/worker.ts): a quarter of a second no other run pays.
 *   Code splitting puts what is loaded on demand, and what both entries share, in chunks beside
 *   the entries (same directory, so the paths below hold for them too);
 * - the source map is a file beside each bundle (`node --enable-source-maps` reads it), not inline
 *   text that tripled what the parser scans.
 *
 * The bundles live in dist-node/<stamp>/ (not committed), where the stamp is a digest of every
 * source file's path, size and modification time under src/ (the UI aside) and workers/, and of
 * package.json and package-lock.json (the versions of the bundled packages): an edit gives a new
 * stamp and a fresh build on first use, so nothing runs stale. A directory, once
 * there, is never changed (processes still running keep their files); builders of the same
 * stamp write to a temporary directory and rename it into place, and the first one wins. The
 * directory is two levels below the package root, like src/<layer>/, so sources that locate
 * files with `new URL('../../…', import.meta.url)` find them from the bundle too.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist-node');
const ENTRIES = {
  cli: 'src/cli/main.ts',
  'replication.node-worker': 'workers/replication.node-worker.ts',
  'replication-thread.node-worker': 'workers/replication-thread.node-worker.ts',
};
/** Packages left to Node: loaded only by the commands that talk to a Redis queue, on first use. */
const LOADED_ON_USE = ['bullmq', 'ioredis'];
/** Builds kept besides the current one (older ones are removed when a new one is made). */
const KEEP = 3;

function sources(dir, acc = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'ui') sources(p, acc);
    } else if (/\.(ts|mts|mjs|json)$/.test(e.name)) acc.push(p);
  }
  return acc;
}

/** A digest of the sources the bundles are made of. */
function sourceStamp() {
  const h = createHash('sha256');
  const manifests = ['package.json', 'package-lock.json'].map((f) => join(ROOT, f)).filter((f) => existsSync(f));
  for (const f of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'workers')), ...manifests].sort()) {
    const s = statSync(f);
    h.update(`${relative(ROOT, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

const pathsIn = (dir) => Object.fromEntries(Object.keys(ENTRIES).map((k) => [k, join(dir, `${k}.mjs`)]));

/**
 * The bundles for the sources as they are now, built first when missing.
 * @returns {Promise<Record<'cli' | 'replication.node-worker', string>>} absolute paths
 */
export async function ensureBuilt() {
  const dir = join(OUT, sourceStamp());
  if (existsSync(join(dir, 'cli.mjs'))) return pathsIn(dir);
  const { build } = await import('esbuild');
  const tmp = join(OUT, `.tmp-${process.pid}-${Math.floor(performance.now() * 1000)}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await build({
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, join(ROOT, v)])),
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      splitting: true,
      chunkNames: '[name]-[hash]',
      external: LOADED_ON_USE,
      // bundled CommonJS packages (commander, cli-progress) call require() for Node's own modules
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      sourcemap: 'linked',
      logLevel: 'error',
      // this file stays itself (src/runtime/pool.node.ts asks it for the worker's bundle); the
      // import path, relative and two levels deep, resolves to it from the bundle as well
      plugins: [{ name: 'prebuild-external', setup: (b) => b.onResolve({ filter: /prebuild\.mjs$/ }, (a) => ({ path: a.path, external: true })) }],
    });
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(join(dir, 'cli.mjs'))) throw e; // another process put the same build in place first
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  prune(dir);
  return pathsIn(dir);
}

function prune(keep) {
  const dirs = readdirSync(OUT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && join(OUT, e.name) !== keep)
    .map((e) => ({ path: join(OUT, e.name), t: statSync(join(OUT, e.name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  // a build an hour old is no longer loading in any process of a test run or a command
  for (const d of dirs.slice(KEEP)) if (Date.now() - d.t > 3_600_000) rmSync(d.path, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await ensureBuilt();
