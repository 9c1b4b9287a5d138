/** Test-only: one channel-lab command run to its end in a process of its own, with its exit code and output. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/channel-lab.mjs');

export interface Outcome { code: number; stdout: string; stderr: string }

/** `channel-lab ...args` from the package root; killed after timeoutMs (a hung command fails its test, not the run). */
export function runCli(args: readonly string[], timeoutMs = 90_000): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
