import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SEGMENTS } from '../../src/model/domain.ts';
import { DEFAULT_SERVICES, outletIds } from '../../src/model/scenario.ts';
import { jsonPath, parseScenario, parseScenarioText, resolveScenario, scenarioJsonSchema } from '../../src/model/validate.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scenarioDir = join(root, 'scenarios');
const incidence = Object.fromEntries(SEGMENTS.map((g) => [g, 0.1]));
const service = (id: string, extra: Record<string, unknown> = {}) =>
  ({ id, class: 'service', counterMin: 3, complexity: 0.2, channels: ['web', 'ownStore'], incidence, ...extra });

/** The problems of an invalid input (fails the test if the input is valid). */
// Path and English message; the code and values for other languages: test/ui/scenarioProblems.test.ts.
function problems(input: unknown) {
  const r = parseScenario(input);
  if (r.ok) throw new Error('expected the input to be rejected');
  return r.problems.map(({ path, message }) => ({ path, message }));
}

describe('scenario defaults', () => {
  it('an empty object is a complete scenario', () => {
    const r = parseScenario({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.simulation.months).toBe(24);
    expect(r.scenario.services).toHaveLength(DEFAULT_SERVICES.length);
    expect(outletIds(r.scenario)).toHaveLength(r.scenario.outlets.generate.ownStores + r.scenario.outlets.generate.partners);
    // segment shares of the defaults sum to 1
    expect(SEGMENTS.reduce((a, g) => a + r.scenario.segments[g].share, 0)).toBeCloseTo(1, 12);
  });

  it('resolving is idempotent: a resolved scenario parses to itself', () => {
    const s = resolveScenario({ simulation: { months: 3 } });
    expect(resolveScenario(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('fills a partial group without touching the given fields', () => {
    const s = resolveScenario({ choice: { habit: 2 } });
    expect(s.choice.habit).toBe(2);
    expect(s.choice.digital).toBe(2.5);
  });
});

describe('scenario files', () => {
  const files = readdirSync(scenarioDir).filter((f) => f.endsWith('.json') && f !== 'schema.json');

  it('there are scenario files to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s validates', (f) => {
    const r = parseScenarioText(readFileSync(join(scenarioDir, f), 'utf8').replace(/^\uFEFF/, ''));
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it('scenarios/schema.json is the schema generated from the zod schema (regenerate: node bin/channel-lab.mjs schema --out scenarios/schema.json)', () => {
    const stored = JSON.parse(readFileSync(join(scenarioDir, 'schema.json'), 'utf8'));
    expect(stored).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});

describe('scenario problems name the exact JSON path', () => {
  it('unknown key: at the key\u2019s own path', () => {
    expect(problems({ simulation: { monthz: 3 } })).toEqual([{ path: '$.simulation.monthz', message: 'unknown key (not a scenario parameter here)' }]);
    expect(problems({ colour: 'red' })).toEqual([{ path: '$.colour', message: 'unknown key (not a scenario parameter here)' }]);
  });

  it('out of range', () => {
    expect(problems({ simulation: { months: 0 } })).toEqual([{ path: '$.simulation.months', message: 'expected >= 1' }]);
    expect(problems({ levers: { diversion: { floorGuide: 1.5 } } })).toEqual([{ path: '$.levers.diversion.floorGuide', message: 'expected <= 1' }]);
    expect(problems({ simulation: { customers: 1000.5 } })[0].path).toBe('$.simulation.customers');
  });

  it('wrong type', () => {
    const [p, ...rest] = problems({ choice: { habit: 'high' } });
    expect(rest).toEqual([]);
    expect(p.path).toBe('$.choice.habit');
    expect(p.message).toMatch(/^expected number/);
    expect(problems([])).toEqual([{ path: '$', message: expect.stringMatching(/^expected object/) }]);
  });

  it('a wrong enum value inside an array element', () => {
    const [p] = problems({ services: [service('a', { channels: ['fax'] })] });
    expect(p.path).toBe('$.services[0].channels[0]');
    expect(p.message).toMatch(/expected one of "ownStore", "partner"/);
  });

  it('unknown closure outlet id', () => {
    expect(problems({ levers: { closures: { outlets: ['S01', 'S99'] } } })).toEqual([
      { path: '$.levers.closures.outlets[1]', message: expect.stringMatching(/^unknown outlet "S99"; expected one of S01, S02/) },
    ]);
    // ids come from the explicit list when there is one
    const list = [{ id: 'Hall-1', kind: 'own', x: 1, y: 1 }];
    expect(parseScenario({ outlets: { list }, levers: { closures: { outlets: ['Hall-1'] } } }).ok).toBe(true);
    expect(problems({ outlets: { list }, levers: { closures: { outlets: ['S01'] } } })[0].path).toBe('$.levers.closures.outlets[0]');
  });

  it('duplicate service id (the later one)', () => {
    expect(problems({ services: [service('a'), service('b'), service('a')] })).toEqual([
      { path: '$.services[2].id', message: 'duplicate id "a" (first at index 0)' },
    ]);
  });

  it('a sensitive service offered outside own stores', () => {
    expect(problems({ services: [service('sim', { class: 'sensitive', channels: ['ownStore', 'web'] })] })).toEqual([
      { path: '$.services[0].channels', message: expect.stringMatching(/sensitive service can only be carried by ownStore/) },
    ]);
  });

  it('more agents than subscribers', () => {
    expect(problems({ simulation: { customers: 1000, agents: 2000 } })).toEqual([
      { path: '$.simulation.agents', message: 'expected at most simulation.customers (1000)' },
    ]);
    expect(parseScenario({ simulation: { customers: 1000, agents: 500 } }).ok).toBe(true);
  });

  it('reports every problem, not just the first', () => {
    const ps = problems({ simulation: { months: 0, seed: -1 }, choice: { habit: 'x' } });
    expect(ps.map((p) => p.path).sort()).toEqual(['$.choice.habit', '$.simulation.months', '$.simulation.seed']);
  });

  it('invalid JSON text is reported with line and column', () => {
    const r = parseScenarioText('{\n  "simulation": {\n    "months": 3,\n  }\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ path: '$', message: expect.stringMatching(/^not valid JSON: .* at line 4, column 3$/), code: 'invalidJson', values: { line: 4, column: 3 } }]);
  });

  it('jsonPath quotes keys that are not identifiers', () => {
    expect(jsonPath(['a', 0, 'b c', 'd'])).toBe('$.a[0]["b c"].d');
  });
});

describe('channel-lab validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'channel-lab-scenario-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function channelLab(...args: string[]) {
    const r = spawnSync(process.execPath, ['bin/channel-lab.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stderr.split('\n').filter((l) => l !== '') };
  }
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:/);

  it('accepts a valid file with exit 0', () => {
    const r = channelLab('validate', 'scenarios/default.json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^scenarios\/default\.json: valid/);
  });

  it('rejects a bad file with exit 2 and one stderr line per problem naming the file and the path', () => {
    const file = join(dir, 'bad.json');
    // (cross-references such as closure ids are checked once every field is valid)
    writeFileSync(file, JSON.stringify({ simulation: { months: 0 }, choice: { habit: 'high' }, levers: { closures: { outlet: ['S01'] } } }));
    const r = channelLab('validate', file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    noStack(r.stderr);
    expect(r.lines).toHaveLength(3);
    for (const line of r.lines) expect(line.includes(file)).toBe(true);
    expect(r.lines.some((l) => l.includes('$.simulation.months'))).toBe(true);
    expect(r.lines.some((l) => l.includes('$.choice.habit'))).toBe(true);
    expect(r.lines.some((l) => l.includes('$.levers.closures.outlet:') && l.includes('unknown key'))).toBe(true);
  });

  it('a missing file exits 2 with one line', () => {
    const file = join(dir, 'nope.json');
    const r = channelLab('validate', file);
    expect(r.status).toBe(2);
    noStack(r.stderr);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain(file);
    expect(r.lines[0]).toMatch(/no such file/);
  });

  it('invalid JSON exits 2 with the line and column', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "name": "x",\n  "simulation": { "months": 3 ]\n}\n');
    const r = channelLab('validate', file);
    expect(r.status).toBe(2);
    noStack(r.stderr);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain(file);
    expect(r.lines[0]).toMatch(/line 3, column \d+/);
  });
});
