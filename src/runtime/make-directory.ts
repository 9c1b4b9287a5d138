/**
 * `mkdir -p` that cannot spin. Node's recursive mkdir treats ENOENT as "the parent is missing",
 * creates the parent and tries again, forever, when the parent exists but cannot hold children
 * (procfs and sysfs answer ENOENT: `--out /proc/x` froze the command at 100 % CPU). Here the
 * missing levels are created one at a time, top down, so such a path fails at once with its code.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Create dir and its missing parents. @throws the first mkdir error other than EEXIST (its code names why) */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another writer made it meanwhile
    }
  }
}
