import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../src/model/validate.ts';
import { loadScenarioFile } from '../../src/cli/scenario-file.ts';
import { createModel } from '../../src/model/engine.ts';
import { MESSAGES } from '../../src/ui/i18n/messages.ts';
import { LESSONS, RELATION_LABEL, lessonById, lessonFiles } from '../../src/ui/lib/lessons.ts';
import { activeSlots, selectSample } from '../../src/ui/lib/sample.ts';
import { KPIS } from '../../src/model/kpis.ts';
import type { Scenario } from '../../src/model/scenario.ts';

const ROOT = join(import.meta.dirname, '../..');
const DIR = join(ROOT, 'scenarios/lessons');
const read = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));
function scenario(file: string): Scenario {
  const p = parseScenario(read(file));
  if (!p.ok) throw new Error(`${file}: ${JSON.stringify(p.problems)}`);
  return p.scenario;
}

describe('lesson files', () => {
  test('every lesson names two files in scenarios/lessons/, and every file there belongs to a lesson', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
    expect(LESSONS.flatMap((l) => [l.baseline, l.change]).sort()).toEqual(files);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  test('each file is a valid scenario that points at the schema, as the CLI\'s validate reads it', () => {
    for (const f of readdirSync(DIR).filter((x) => x.endsWith('.json'))) {
      expect((read(f) as { $schema?: string }).$schema, f).toBe('../schema.json');
      expect(parseScenario(read(f)).ok, f).toBe(true);
      // what `channel-lab validate` runs: schema, cross-references and data files
      expect(() => loadScenarioFile(join(DIR, f)), f).not.toThrow();
    }
  });

  test('`channel-lab validate` accepts a lesson file (exit 0)', () => {
    const r = spawnSync(process.execPath, ['bin/channel-lab.mjs', 'validate', 'scenarios/lessons/o2o-change.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/valid/);
  });

  test('a pair shares the city, the run and the seed: only the change differs', () => {
    for (const l of LESSONS) {
      const b = scenario(l.baseline), c = scenario(l.change);
      expect(c.simulation, l.id).toEqual(b.simulation);
      expect(c.region, l.id).toEqual(b.region);
      expect(c.outlets, l.id).toEqual(b.outlets);
      const { name: _bn, description: _bd, ...bRest } = b;
      const { name: _cn, description: _cd, ...cRest } = c;
      expect(cRest, l.id).not.toEqual(bRest);
    }
  });

  test('lessonFiles keys the bundled modules by file name; an unknown lesson id gives the first lesson', () => {
    const m = lessonFiles({ '../../scenarios/lessons/a.json': { default: { name: 'A' } }, '/x/b.json': { name: 'B' } });
    expect(m.get('a.json')).toEqual({ name: 'A' });
    expect(m.get('b.json')).toEqual({ name: 'B' });
    expect(lessonById('nope')).toBe(LESSONS[0]);
    expect(lessonById('hotline').id).toBe('hotline');
  });

  test('each lesson\'s title and story are in both languages, and the story names its channel relation', () => {
    for (const l of LESSONS) {
      for (const locale of ['zh-CN', 'en'] as const) {
        expect(MESSAGES[locale][l.title].trim(), `${locale} ${l.title}`).not.toBe('');
        expect(MESSAGES[locale][l.story].length, `${locale} ${l.story}`).toBeGreaterThan(60);
      }
      expect(MESSAGES['zh-CN'][l.story], l.id).toContain(RELATION_LABEL[l.relation].zh);
      expect(MESSAGES.en[l.story], l.id).toContain(RELATION_LABEL[l.relation].en.toLowerCase());
      expect(MESSAGES.en[l.story], l.id).toContain(RELATION_LABEL[l.relation].zh);
    }
  });
});

describe('the KPI each lesson says moves', () => {
  // The training view shows replication 0 of each file; six months are enough to see the move.
  const MONTHS = 6;
  for (const l of LESSONS) {
    test(`${l.id}: ${l.kpi} goes ${l.direction} from the baseline to the change`, () => {
      const [base, change] = [l.baseline, l.change].map((f) => {
        const s = scenario(f);
        const m = createModel({ ...s, simulation: { ...s.simulation, months: MONTHS } }, 0);
        m.tick(MONTHS);
        return m.result().run[l.kpi];
      });
      if (l.direction === 'up') expect(change, `${base} → ${change}`).toBeGreaterThan(base * 1.05);
      else expect(change, `${base} → ${change}`).toBeLessThan(base * 0.95);
    });
  }
});

describe('side by side on common random numbers', () => {
  // The training worker runs each side as replication 0 of its file with the file's seed, and draws
  // the animated sample from the active slots with that seed (workers/training.worker.ts start()).
  test('both sides of every lesson animate the same 3,000 customers', () => {
    for (const l of LESSONS) {
      const [b, c] = [l.baseline, l.change].map((f) => {
        const s = scenario(f);
        return selectSample(activeSlots(createModel(s, 0).customers().status), 3000, s.simulation.seed);
      });
      expect(b.length, l.id).toBe(3000);
      expect(c, l.id).toEqual(b);
    }
  });

  test('closure: until the stores close (month 3) the two runs are one run, KPI for KPI; then they part', () => {
    const l = lessonById('closure');
    const [b, c] = [l.baseline, l.change].map((f) => createModel(scenario(f), 0));
    for (let m = 1; m <= 3; m++) {
      b.tick(1);
      c.tick(1);
      const rb = b.result().monthly, rc = c.result().monthly;
      const same = KPIS.every((k) => Object.is(rb[k][m - 1], rc[k][m - 1]));
      expect(same, `month ${m}`).toBe(m < 3);
    }
  });
});
