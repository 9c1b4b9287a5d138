// The fuzz child: loads the CLI once, then runs the cases the parent sends over IPC one after
// another in this process, each with its own captured stdout/stderr and exit code. The parent
// (runner.ts) watches the clock and kills this process when a case hangs.
import { register as registerModuleHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
registerModuleHooks('./pool-hook.mjs', import.meta.url);
const { main } = await import('../../src/cli/main.ts');

const out = process.stdout.write.bind(process.stdout);
const err = process.stderr.write.bind(process.stderr);

process.on('message', async (c) => {
  let stdout = '', stderr = '';
  const capture = (chunk, encoding, done) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (typeof encoding === 'function') encoding();
    else if (typeof done === 'function') done();
    return text;
  };
  process.stdout.write = (chunk, encoding, done) => { stdout += capture(chunk, encoding, done); return true; };
  process.stderr.write = (chunk, encoding, done) => { stderr += capture(chunk, encoding, done); return true; };
  process.exitCode = undefined;
  const started = performance.now();
  let code;
  try {
    code = await main(c.argv);
  } catch (e) {
    // main() maps every error to an exit code; anything escaping it is a defect of its own
    stderr += `fuzz child: main() threw: ${e?.stack ?? e}\n`;
    code = -1;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
  process.send({ id: c.id, code, stdout, stderr, ms: performance.now() - started });
});
process.send({ ready: true });
