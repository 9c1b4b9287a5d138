import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SEGMENTS } from '../../src/model/domain.ts';
import { DEFAULT_SERVICES, outletIds } from '../../src/model/scenario.ts';
import { footprint, gridOf, MAX_CELLS, MAX_REPLICATION_BYTES } from '../../src/model/limits.ts';
import { createModel } from '../../src/model/engine.ts';
import { createPool } from '../../src/experiment/pool.ts';
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
function problemsOfText(text: string) {
  const r = parseScenarioText(text);
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
    expect(outletIds(r.scenario)).toHaveLength(r.scenario.outlets.generate.ownStores + r.scenario.outlets.generate.partners + r.scenario.partners.latentSites);
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
    expect(problems({ simulation: { months: 0 } })).toEqual([{ path: '$.simulation.months', message: 'expected at least 1 month, got 0' }]);
    expect(problems({ levers: { diversion: { floorGuide: 1.5 } } })).toEqual([{ path: '$.levers.diversion.floorGuide', message: 'expected at most 1 (probability), got 1.5' }]);
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

describe('every number has a range a real city can have', () => {
  it('the JSON Schema gives every number and integer a finite minimum and maximum', () => {
    const unbounded: string[] = [];
    const visit = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((x, i) => visit(x, `${at}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if ((n.type === 'number' || n.type === 'integer') && !(Number.isFinite(n.minimum) && Number.isFinite(n.maximum))) unbounded.push(at);
      for (const [k, v] of Object.entries(n)) visit(v, `${at}.${k}`);
    };
    visit(scenarioJsonSchema(), '#');
    expect(unbounded).toEqual([]);
  });

  it('a 1e308 population is refused with its JSON path, the bound and its unit', () => {
    const d = { id: 'A', type: 'urban', x: 10, y: 10, radiusKm: 3, population: 1e308 };
    expect(problems({ region: { districts: [d] } })).toEqual([
      { path: '$.region.districts[0].population', message: 'expected at most 1,000,000,000 persons (or weight), got 1e+308' },
    ]);
  });

  it('a number too large for a double (1e999 parses as Infinity) and "NaN" are refused; -0 is 0', () => {
    expect(problemsOfText('{"simulation": {"customers": 1e999}}')).toEqual([{ path: '$.simulation.customers', message: 'expected a finite number, got Infinity' }]);
    expect(problems({ simulation: { months: 'NaN' } })).toEqual([{ path: '$.simulation.months', message: 'expected number, got string "NaN"' }]);
    const r = parseScenarioText('{"region": {"accessMin": -0}}');
    expect(r.ok && r.scenario.region.accessMin === 0).toBe(true);
  });

  it('a district of population 0 is accepted; a city where every district has 0 is refused', () => {
    const d = (id: string, population: number) => ({ id, type: 'urban', x: 10, y: 10, radiusKm: 3, population });
    expect(parseScenario({ region: { districts: [d('A', 0), d('B', 2)] } }).ok).toBe(true);
    expect(problems({ region: { districts: [d('A', 0), d('B', -0)] } })).toEqual([{ path: '$.region.districts', message: 'every district has population 0; at least one needs people' }]);
  });
});

describe('the grid, the outlets, the needs and the memory a scenario may ask for', () => {
  it('a 1000 × 2 km region in 0.1 km cells is refused at region.cellKm with its cells and the maximum; the advised size fits', () => {
    const [p, ...rest] = problems({ region: { widthKm: 1000, heightKm: 2, cellKm: 0.1 } });
    expect(rest).toEqual([]);
    expect(p.path).toBe('$.region.cellKm');
    expect(p.message).toMatch(/^a 1000 × 2 km region in cells of 0\.1 km has 10,000 × 20 = 200,000 cells; at most 65,535 \(cell indices are 16-bit\): use region\.cellKm ≥ (\d+\.\d+)/);
    const advised = Number(/≥ ([\d.]+)/.exec(p.message)![1]);
    expect(gridOf({ widthKm: 1000, heightKm: 2, cellKm: advised }).cells).toBeLessThanOrEqual(MAX_CELLS);
    expect(gridOf({ widthKm: 1000, heightKm: 2, cellKm: advised - 0.01 }).cells).toBeGreaterThan(MAX_CELLS);
    expect(parseScenario({ region: { widthKm: 1000, heightKm: 2, cellKm: advised } }).ok).toBe(true);
  });

  it('the grid is counted as region.ts builds it: ceil(width / cell) × ceil(height / cell)', () => {
    const s = resolveScenario({ region: { widthKm: 40.5, heightKm: 7, cellKm: 2 } });
    const m = createModel(s, 0);
    expect([m.region.cols, m.region.rows, m.region.nCells]).toEqual([21, 4, 84]);
    expect(gridOf(s.region)).toEqual({ cols: 21, rows: 4, cells: 84 });
  });

  it('more cell-outlet pairs than the nearest-outlet search allows are refused at region.cellKm', () => {
    const [p] = problems({ outlets: { generate: { ownStores: 0, partners: 100_000 } }, partners: { latentSites: 0 } });
    expect(p.path).toBe('$.region.cellKm');
    expect(p.message).toMatch(/1,600 cells, each compared with 100,000 outlets .*160,000,000 cell-outlet pairs; at most 100,000,000: use region\.cellKm ≥ 1\.3 or fewer outlets/);
  });

  it('more needs a customer-month than the engine draws, and more services than it can index, are refused', () => {
    const heavy = { ...service('a'), incidence: { ...incidence, youth: 21 } };
    expect(problems({ services: [heavy] })).toEqual([{ path: '$.services', message: expect.stringMatching(/^a youth customer would have 21 needs a month .*at most 20 needs\/month$/) }]);
    expect(problems({ services: Array.from({ length: 255 }, (_, i) => service(`s${i}`)) })).toEqual([{ path: '$.services', message: 'expected at most 254 item(s), got 255' }]);
  });

  it('memory: a replication over the ceiling is refused at simulation.customers; the estimate grows with months of acquisition', () => {
    const [p, ...rest] = problems({ simulation: { customers: 20_000_000, months: 240 }, acquisition: { marketMonthly: 1 } });
    expect(rest).toEqual([]);
    expect(p.path).toBe('$.simulation.customers');
    expect(p.message).toMatch(/^one replication would need about [\d.]+ GB \(4,820,000,000 customer agents at their peak .*\); at most 64\.0 GB/);
    // the same city for 24 months fits: the peak is agents × (1 + marketMonthly × months)
    const s = resolveScenario({ simulation: { customers: 20_000_000, months: 24 }, acquisition: { marketMonthly: 1 } });
    const f = footprint(s, outletIds(s).length);
    expect(f.peakAgents).toBe(20_000_000 * 25);
    expect(f.bytes).toBeLessThan(MAX_REPLICATION_BYTES);
    const longer = footprint({ ...s, simulation: { ...s.simulation, months: 48 } }, outletIds(s).length);
    expect(longer.customerBytes / f.customerBytes).toBeCloseTo(49 / 25, 6);
  });
});

describe('the memory check against the machine', () => {
  it('refuses a batch before any worker starts, counting the customers a long acquisition adds', async () => {
    let spawned = 0;
    const pool = createPool({ factory: { defaultSize: 1, spawn: () => { spawned++; throw new Error('must not start'); } }, size: 1, memoryLimitBytes: 1024 ** 3 });
    // 100,000 agents at the start, up to 100,000 × (1 + 1 × 240) at the peak: valid, but not in 1 GB
    const s = resolveScenario({ simulation: { customers: 100_000, months: 240 }, acquisition: { marketMonthly: 1 } });
    await expect(pool.run([{ scenario: s, replication: 0 }])).rejects.toThrow(expect.objectContaining({
      problems: [expect.objectContaining({ parameter: 'customers', code: 'tooManyCustomers', values: expect.objectContaining({ customers: 24_100_000, limitBytes: 1024 ** 3 }) })],
    }));
    expect(spawned).toBe(0);
  });
});

describe('validate and run agree', () => {
  it('a district of population 0 simply has no homes', () => {
    const d = (id: string, x: number, population: number) => ({ id, type: 'urban', x, y: 20, radiusKm: 3, population });
    const s = resolveScenario({ simulation: { customers: 3000, months: 1 }, region: { districts: [d('EMPTY', 8, 0), d('HOMES', 30, 1)] } });
    const m = createModel(s, 0);
    m.tick(1);
    const c = m.customers();
    let inEmpty = 0, active = 0;
    for (let i = 0; i < c.capacity; i++) {
      if (!(c.status[i] & 1)) continue;
      active++;
      if (m.region.cellDistrict[c.cell[i]] === 0 || m.region.cellWeight[c.cell[i]] === 0) inEmpty++;
    }
    expect(active).toBeGreaterThan(2000);
    expect(inEmpty).toBe(0);
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

  it('validate and run agree: the zero-population district runs (exit 0); the 1000 km × 0.1 km grid is refused by both (exit 2), never exit 1', () => {
    const zero = join(dir, 'zero.json'), grid = join(dir, 'grid.json');
    const d = (id: string, x: number, population: number) => ({ id, type: 'urban', x, y: 20, radiusKm: 3, population });
    writeFileSync(zero, JSON.stringify({ region: { districts: [d('EMPTY', 8, 0), d('HOMES', 30, 1)] } }));
    writeFileSync(grid, JSON.stringify({ region: { widthKm: 1000, heightKm: 2, cellKm: 0.1 } }));
    const tiny = ['--customers', '500', '--months', '2', '--replications', '2', '--workers', '1'];
    expect(channelLab('validate', zero).status).toBe(0);
    const run = channelLab('run', zero, ...tiny, '--out', join(dir, 'zero-out'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'zero-out', 'result.json'), 'utf8')).kpis.satisfaction.mean).toBeGreaterThan(0);
    for (const r of [channelLab('validate', grid), channelLab('run', grid, ...tiny, '--out', join(dir, 'grid-out'))]) {
      expect(r.status).toBe(2);
      noStack(r.stderr);
      expect(r.lines).toEqual([expect.stringMatching(new RegExp(`^channel-lab: ${grid}: \\$\\.region\\.cellKm: a 1000 × 2 km region .* 200,000 cells; at most 65,535`))]);
    }
  }, 60_000);

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
