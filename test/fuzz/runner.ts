/**
 * The fuzz runner's parent side. Cases run one after another in one long-lived child (child.mjs),
 * which loads the CLI once; a watchdog here kills the child when a case overruns its time limit,
 * records the hang and starts a fresh child for the next case. Each case is a short sequence of
 * command lines (a scenario: validate, then, when valid, a tiny run) and ends in one outcome class.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printedProblems, resultProblems, stderrProblems } from './invariants.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;
const CHILD = new URL('./child.mjs', import.meta.url).pathname;

/** One command line of a case. */
export interface Step {
  argv: string[];
  /** output directory whose result.json must hold the invariants when the step exits 0 */
  out?: string;
}

export interface Case {
  name: string;
  group: 'scenario' | 'options' | 'import';
  /** run in order; a step after the first runs only when the one before exited 0 (validate, then run) */
  steps: Step[];
  /** how the case was made (mutations applied), for the report */
  detail?: string;
}

export interface Outcome {
  name: string;
  group: Case['group'];
  /** "exit 0", "exit 2 …" by kind, or a failure class ("exit 1", "hang", …) */
  outcome: string;
  failed: boolean;
  /** what went wrong, one line each */
  problems: string[];
  ms: number;
}

/** What one command line did in the child. */
type StepResult = { code: number; stdout: string; stderr: string; ms: number } | { hang: true; ms: number } | { crash: string; ms: number };

/** The child process and the case it is running. */
export class FuzzChild {
  private proc: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private raw = '';
  private next = 0;

  /** Run one command line, or report a hang (killed after timeoutMs) or a crash of the child. */
  async exec(argv: string[], timeoutMs: number): Promise<StepResult> {
    await this.start();
    const proc = this.proc!;
    const id = this.next++;
    const started = performance.now();
    this.raw = '';
    return new Promise<StepResult>((resolve) => {
      const done = (r: StepResult) => {
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        resolve(r);
      };
      const onMessage = (m: { id?: number; code: number; stdout: string; stderr: string; ms: number }) => {
        if (m.id === id) done({ code: m.code, stdout: m.stdout, stderr: m.stderr, ms: m.ms });
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.proc = undefined;
        done({ crash: `child exited (${signal ?? `code ${code}`}): ${this.raw.slice(-2000)}`, ms: performance.now() - started });
      };
      const timer = setTimeout(() => {
        proc.off('exit', onExit);
        this.stop();
        done({ hang: true, ms: performance.now() - started });
      }, timeoutMs);
      proc.on('message', onMessage);
      proc.once('exit', onExit);
      proc.send({ id, argv });
    });
  }

  /** Kill the child (by its own handle); the next exec starts a fresh one. */
  stop(): void {
    this.proc?.kill('SIGKILL');
    this.proc = undefined;
    this.ready = undefined;
  }

  private start(): Promise<void> {
    if (this.proc && this.ready) return this.ready;
    const proc = fork(CHILD, [], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [] });
    this.proc = proc;
    const collect = (b: Buffer) => { this.raw = (this.raw + b.toString('utf8')).slice(-20_000); };
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fuzz child did not start within 60 s: ${this.raw}`)), 60_000);
      proc.once('message', () => { clearTimeout(timer); resolve(); });
      proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`fuzz child exited at start (code ${code}): ${this.raw}`)); });
    });
    return this.ready;
  }
}

/** Run the cases in order through one child; `onOutcome` sees each as it ends. */
export async function runCases(cases: readonly Case[], options: { timeoutMs: number; onOutcome?: (o: Outcome, i: number) => void }): Promise<Outcome[]> {
  const child = new FuzzChild();
  const outcomes: Outcome[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      const o = await runCase(child, c, options.timeoutMs);
      outcomes.push(o);
      options.onOutcome?.(o, i);
    }
  } finally {
    child.stop();
  }
  return outcomes;
}

async function runCase(child: FuzzChild, c: Case, timeoutMs: number): Promise<Outcome> {
  const base = { name: c.name, group: c.group };
  let ms = 0;
  let last = 0;
  for (const [s, step] of c.steps.entries()) {
    const r = await child.exec(step.argv, timeoutMs);
    ms += r.ms;
    const where = `${step.argv.join(' ').slice(0, 300)}`;
    if ('hang' in r) return { ...base, outcome: 'hang', failed: true, problems: [`no answer within ${timeoutMs / 1000} s: ${where}`], ms };
    if ('crash' in r) return { ...base, outcome: 'crash', failed: true, problems: [`${where}: ${r.crash}`], ms };
    const problems = [...stderrProblems(r.stderr, r.code), ...printedProblems(r.stdout, r.stderr)].map((p) => `${where}: ${p}`);
    if (r.code !== 0 && r.code !== 2) problems.unshift(`${where}: exit ${r.code}: ${r.stderr.trim().slice(0, 500)}`);
    if (r.code === 0 && step.out) {
      const file = join(step.out, 'result.json');
      if (!existsSync(file)) problems.push(`${where}: exit 0 but no ${file}`);
      else problems.push(...resultProblems(readFileSync(file, 'utf8')).map((p) => `${where}: result.json: ${p}`));
    }
    // What validate accepts, run must run: a refusal after validation is a disagreement, unless
    // it is the machine's memory (validate does not know the machine).
    if (s > 0 && r.code === 2 && !/not enough memory/.test(r.stderr)) problems.push(`${where}: validate accepted the scenario, then this exited 2: ${r.stderr.trim().slice(0, 300)}`);
    if (problems.length > 0) {
      const kind = r.code !== 0 && r.code !== 2 ? `exit ${r.code}` : /stack trace|raw error/.test(problems.join()) ? 'stack trace' : /raw control character/.test(problems.join()) ? 'raw control character' : /names no path|without a line/.test(problems.join()) ? 'unnamed problem' : /result\.json/.test(problems.join()) ? 'invariant' : 'validate/run disagree';
      return { ...base, outcome: kind, failed: true, problems, ms };
    }
    last = r.code;
    if (r.code !== 0) return { ...base, outcome: `exit 2: ${stepKind(c, s)}`, failed: false, problems: [], ms };
  }
  return { ...base, outcome: `exit ${last}${c.group === 'scenario' ? ': validate and run' : ''}`, failed: false, problems: [], ms };
}

function stepKind(c: Case, s: number): string {
  if (c.group === 'scenario') return s === 0 ? 'refused by validate' : 'run refused (memory)';
  return c.group === 'import' ? 'import problem' : 'bad option or value';
}

/** Counts by outcome class, failures first, and every failure with its case. */
export function summaryText(outcomes: readonly Outcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(`${o.group} · ${o.outcome}`, (counts.get(`${o.group} · ${o.outcome}`) ?? 0) + 1);
  const failed = outcomes.filter((o) => o.failed);
  const secs = outcomes.reduce((a, o) => a + o.ms, 0) / 1000;
  const lines = [`fuzz: ${outcomes.length} cases, ${failed.length} failed, ${secs.toFixed(0)} s in the CLI`];
  for (const [k, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(`  ${String(n).padStart(5)}  ${k}`);
  for (const o of failed) lines.push(`FAILED ${o.name} (${o.outcome})`, ...o.problems.map((p) => `    ${p}`));
  return lines.join('\n');
}
