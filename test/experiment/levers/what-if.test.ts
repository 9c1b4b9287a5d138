import { describe, expect, test } from 'vitest';
import { createPool, inProcessFactory } from '../../../src/experiment/pool.ts';
import { runReplication } from '../../../src/model/engine.ts';
import { resolveScenario } from '../../../src/model/validate.ts';
import { closureWhatIf, withoutClosures } from '../../../src/experiment/levers/what-if.ts';

// A small city, in process: 1,500 agents for 15,000 subscribers, 5 months, closures from month 2;
// partners neither leave nor open, so the outlets open at the end are the generated ones
const BASE = resolveScenario({
  simulation: { customers: 15_000, agents: 1_500, months: 5, replications: 3, seed: 7 },
  levers: { closures: { outlets: ['P03'], fromMonth: 2 } },
  partners: { exitMonths: 0, entryRate: 0 },
});

describe('closure what-if', () => {
  test('the set closed against none closed: own-store costs saved, flows sum to 1, every open outlet ranked', async () => {
    const pool = createPool({ factory: inProcessFactory({ runReplication: (s, r, onMonth) => runReplication(s, r, { onMonth }) }), size: 1 });
    const r = await closureWhatIf(BASE, ['S01', 'S02'], { pool, travelLimitMin: 30 });
    expect(r).toMatchObject({ closed: ['S01', 'S02'], fromMonth: 2, months: 5, replications: 3, seed: 7, evaluations: 2 });
    // two own stores' rent and staff are saved
    expect(r.saving.mean).toBeGreaterThan(0);
    for (const id of ['S01', 'S02']) {
      expect(Object.values(r.flows[id]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(r.weights[id]).toBeGreaterThan(0);
    }
    // the ranking is of the no-closure run: P03 (closed in the scenario) is open there
    expect(r.ranking.map((x) => x.id)).toContain('P03');
    expect(r.ranking).toHaveLength(BASE.outlets.generate.ownStores + BASE.outlets.generate.partners);
    expect(r.beyond!.closed).toBeGreaterThanOrEqual(r.beyond!.none);
    await pool.close();
  });

  test('refuses an empty set, a negative travel limit and closures after the last month', async () => {
    const pool = createPool({ factory: inProcessFactory({ runReplication: (s, r) => runReplication(s, r) }), size: 1 });
    await expect(closureWhatIf(BASE, [], { pool })).rejects.toMatchObject({ problems: [{ parameter: 'close', code: 'required' }] });
    await expect(closureWhatIf(BASE, ['S01'], { pool, travelLimitMin: -1 })).rejects.toMatchObject({ problems: [{ parameter: 'travelLimitMin', code: 'negative', values: { value: -1 } }] });
    const late = resolveScenario({ simulation: { months: 3 }, levers: { closures: { outlets: [], fromMonth: 5 } } });
    await expect(closureWhatIf(late, ['S01'], { pool })).rejects.toMatchObject({ problems: [{ parameter: 'scenario', path: 'levers.closures.fromMonth', code: 'afterLastMonth', values: { month: 5, months: 3 } }] });
    expect(withoutClosures(BASE).levers.closures).toMatchObject({ outlets: [], fromMonth: 2 });
    await pool.close();
  });
});
