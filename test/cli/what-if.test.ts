import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.ts';
import { loadScenarioFile } from '../../src/cli/scenario-file.ts';
import { closureWhatIf } from '../../src/experiment/levers/what-if.ts';
import { createPool, inProcessFactory } from '../../src/experiment/pool.ts';
import { runReplication } from '../../src/model/engine.ts';

const cli = (...args: string[]) => runCli(args);
const SCENARIO = join(ROOT, 'scenarios/default.json');
// The default city's closures start in month 7: eight months leave two with S01 and S02 closed.
const SMALL = ['--customers', '2000', '--months', '8', '--replications', '2', '--workers', '1'];

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-what-if-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('channel-lab what-if', () => {
  it('writes what-if.json with the very numbers the workbench\'s what-if computes for the same scenario', async () => {
    const out = join(dir, 'out');
    const r = await cli('what-if', SCENARIO, '--close', 'S01,S02', '--travel-limit-min', '30', ...SMALL, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(join(out, 'what-if.json'), 'utf8'));
    expect(written).toMatchObject({ closed: ['S01', 'S02'], fromMonth: 7, months: 8, replications: 2, seed: 42, evaluations: 2 });
    // The twin: the experiment layer's function in this process, on the scenario as the command reads it.
    const scenario = loadScenarioFile(SCENARIO, { customers: 2000, months: 8, replications: 2 });
    const pool = createPool({ factory: inProcessFactory({ runReplication: (s, rep, onMonth) => runReplication(s, rep, { onMonth }) }), size: 1 });
    const twin = await closureWhatIf(scenario, ['S01', 'S02'], { pool, travelLimitMin: 30 });
    await pool.close();
    // what-if.json leaves out the replications the answer keeps for the decision report
    const { runs: _runs, ...answer } = twin;
    expect(written).toEqual(JSON.parse(JSON.stringify(answer)));
    // Two own stores' rent and staff are saved; each closed store's customers all went somewhere.
    expect(written.saving.mean).toBeGreaterThan(0);
    for (const id of ['S01', 'S02']) expect(Object.values(written.flows[id] as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(r.stdout).toMatch(/^closing S01, S02 from month 7, against none closed: 2 replications on common random numbers, seed 42/);
    expect(r.stdout).toMatch(/\nchannelCost +-[\d,]+ \[/);
    expect(r.stdout).toMatch(/customers beyond 30 min of an open own store: [\d.]+ % with none closed, [\d.]+ % with these closed/);
  }, 120_000);

  it('closes the scenario\'s own closures by default; an unknown id, an empty set or a late month exit 2 naming what was expected', async () => {
    const [own, unknown, empty, late] = await Promise.all([
      cli('what-if', SCENARIO, ...SMALL, '--out', join(dir, 'own')),
      // each its own --out: runs into one --out at the same time are refused by its lock
      cli('what-if', SCENARIO, '--close', 'S99', ...SMALL, '--out', join(dir, 'x1')),
      cli('what-if', SCENARIO, '--close', ',', ...SMALL, '--out', join(dir, 'x2')),
      cli('what-if', SCENARIO, '--close', 'S01', '--months', '4', '--out', join(dir, 'x3')),
    ]);
    expect(own.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'own', 'what-if.json'), 'utf8')).closed).toEqual(['S08', 'P13', 'P63']);
    expect([unknown.code, empty.code, late.code]).toEqual([2, 2, 2]);
    expect(unknown.stderr).toMatch(/^channel-lab: --close levers\.closures\.outlets\.0: expected a value the scenario accepts \(unknown outlet "S99"; expected one of S01, /);
    expect(empty.stderr).toBe('channel-lab: --close: expected at least one, got none\n');
    expect(late.stderr).toBe('channel-lab: levers.closures.fromMonth: expected a month up to the last simulated month 4, or the closures never apply, got 7\n');
    for (const x of [unknown, empty, late]) expect(x.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
