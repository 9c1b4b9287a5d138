import { describe, expect, test } from 'vitest';
import { aggregate, PRACTICAL_THRESHOLDS, replicationKpis, thresholdsWith } from '../../src/experiment/index.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { comparisonOf } from '../../src/ui/lib/comparison.ts';
import { thresholdField } from '../../src/ui/lib/thresholds.ts';
import type { RunRecord } from '../../src/ui/lib/runs.ts';
import { fakeRun } from '../fixtures/fake-result.ts';

// A kept run of fake replications (test/fixtures/fake-result.ts): its KPIs move with the floor guide.
function record(id: string, scenario: Scenario, extra: Partial<RunRecord> = {}): RunRecord {
  const reps = Array.from({ length: scenario.simulation.replications }, (_, r) => fakeRun(scenario, r));
  return { id, createdAt: 0, name: id, entryId: 'e', result: aggregate(scenario, reps), replicationKpis: replicationKpis(reps), cancelled: false, modelVersion: '0.1.0+m1', ...extra };
}
const base = resolveScenario({ simulation: { months: 3, replications: 3, seed: 5 } });
const guided = resolveScenario({ simulation: { months: 3, replications: 3, seed: 5 }, levers: { diversion: { floorGuide: 0.6 } } });
const longer = resolveScenario({ simulation: { months: 6, replications: 3, seed: 5 } });
const runs = [record('a', base), record('b', guided), record('c', longer)];

describe('the comparison view\'s data', () => {
  test('the first ticked run is the baseline, the others in the order ticked, each labelled by what differs', () => {
    const c = comparisonOf(runs, ['b', 'a'], null, PRACTICAL_THRESHOLDS)!;
    expect(c.base.id).toBe('b');
    expect(c.others.map((o) => o.run.id)).toEqual(['a']);
    expect(c.others[0].changes).toEqual([{ path: 'levers.diversion.floorGuide', kind: 'value', base: 0.6, other: 0.15 }]);
    expect(c.unfair).toBe(false);
    expect(c.others[0].differences).toHaveLength(20);
  });

  test('the baseline the user chose, when ticked; otherwise the first ticked', () => {
    expect(comparisonOf(runs, ['b', 'a'], 'a', PRACTICAL_THRESHOLDS)!.base.id).toBe('a');
    expect(comparisonOf(runs, ['b', 'a'], 'c', PRACTICAL_THRESHOLDS)!.base.id).toBe('b');
    expect(comparisonOf(runs, ['b', 'gone'], null, PRACTICAL_THRESHOLDS)).toBeNull();
  });

  test('a run of another length makes the selection unfair, with the reason; the key names the selection and its baseline', () => {
    const c = comparisonOf(runs, ['a', 'b', 'c'], null, PRACTICAL_THRESHOLDS)!;
    expect(c.unfair).toBe(true);
    expect(c.others.map((o) => o.problems)).toEqual([[], [{ code: 'months', base: 3, other: 6 }]]);
    expect(c.key).toBe('a|b|c');
    expect(comparisonOf(runs, ['a', 'b', 'c'], 'b', PRACTICAL_THRESHOLDS)!.key).toBe('b|a|c');
  });

  test('verdicts follow the thresholds given', () => {
    const strict = comparisonOf(runs, ['a', 'b'], null, thresholdsWith({ revenue: 0 }))!;
    const lax = comparisonOf(runs, ['a', 'b'], null, thresholdsWith({ revenue: 1e9 }))!;
    const revenue = (c: typeof strict) => c.others[0].differences!.find((d) => d.kpi === 'revenue')!;
    expect(revenue(strict).threshold).toBe(0);
    // at a threshold of 0 any significant difference matters
    expect(revenue(strict).practical).toBe(revenue(strict).significant ? 'practical' : 'inconclusive');
    expect(revenue(lax).practical).toBe('negligible');
  });
});

describe('thresholds as the view edits them', () => {
  test('shares in points, relative thresholds in percent, minutes and points as they are', () => {
    expect(thresholdField('eChannelShare', PRACTICAL_THRESHOLDS.eChannelShare)).toEqual({ shown: 0.5, fallback: 0.5, scale: 100, unitKey: 'thresholdUnitPoints' });
    expect(thresholdField('revenue', { kind: 'relative', value: 0.02 })).toEqual({ shown: 2, fallback: 1, scale: 100, unitKey: 'thresholdUnitOfBase' });
    expect(thresholdField('storeWaitP90Min', PRACTICAL_THRESHOLDS.storeWaitP90Min)).toMatchObject({ shown: 0.1, scale: 1, unitKey: 'thresholdUnitMin' });
    expect(thresholdField('satisfaction', PRACTICAL_THRESHOLDS.satisfaction)).toMatchObject({ shown: 0.5, unitKey: 'thresholdUnitScore' });
  });
});
