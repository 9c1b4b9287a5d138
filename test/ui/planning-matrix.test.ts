import { describe, expect, test } from 'vitest';
import { CHANNELS, CH } from '../../src/model/domain.ts';
import { resolveScenario } from '../../src/model/validate.ts';
import { compareMatrices, matrixOfRuns, meanServiceChannel } from '../../src/ui/lib/matrixCompare.ts';
import { effectRows } from '../../src/ui/lib/effects.ts';

const S = resolveScenario({});
const nS = S.services.length;
// One replication: service i done only at own stores, or (after) half of the queue-free ones in the app.
function rep(after: boolean, scale = 1): { serviceChannel: number[][] } {
  return {
    serviceChannel: Array.from({ length: nS + 1 }, (_, i) => {
      const row = new Array<number>(CHANNELS.length).fill(0);
      const moved = after && S.services[i]?.queueFree ? 0.5 : 0;
      row[CH.ownStore] = 100 * scale * (1 - moved);
      row[CH.app] = 100 * scale * moved;
      return row;
    }),
  };
}

describe('service × channel before and after', () => {
  test('meanServiceChannel is the mean over replications, cell by cell', () => {
    const m = meanServiceChannel([rep(false, 1), rep(false, 3)]);
    expect(m[0][CH.ownStore]).toBe(200);
    expect(m[0][CH.app]).toBe(0);
    expect(() => meanServiceChannel([])).toThrow(/at least one replication/);
  });

  test('rows are the scenario services (the new-line row left out) and each row’s shares sum to 1', () => {
    const m = matrixOfRuns(S, [rep(true)]);
    expect(m.rows.map((r) => r.service)).toEqual(S.services.map((s) => s.id));
    for (const r of m.rows) expect(r.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  test('compareMatrices keeps a channel used on either side and pairs the cells', () => {
    const c = compareMatrices(matrixOfRuns(S, [rep(false)]), matrixOfRuns(S, [rep(true)]));
    expect(c.channels).toEqual(['ownStore', 'app']);
    const qf = S.services.findIndex((s) => s.queueFree);
    const sensitive = S.services.findIndex((s) => s.class === 'sensitive');
    expect(c.rows[qf].cells).toEqual([{ before: 1, after: 0.5 }, { before: 0, after: 0.5 }]);
    expect(c.rows[sensitive].cells).toEqual([{ before: 1, after: 1 }, { before: 0, after: 0 }]);
  });
});

describe('effects', () => {
  test('a change is significant when its interval excludes 0, better or worse by the KPI’s direction', () => {
    const rows = effectRows({
      storeWaitMeanMin: { mean: -1.5, ci95: [-2, -1] },
      satisfaction: { mean: -0.4, ci95: [-0.6, -0.2] },
      channelCost: { mean: 10, ci95: [-5, 25] },
      storeShare: { mean: -0.1, ci95: [-0.12, -0.08] },
    }, ['storeWaitMeanMin', 'satisfaction', 'channelCost', 'storeShare', 'revenue']);
    expect(rows.map((r) => [r.kpi, r.significant, r.verdict])).toEqual([
      ['storeWaitMeanMin', true, 'better'],
      ['satisfaction', true, 'worse'],
      ['channelCost', false, null],
      ['storeShare', true, null],
    ]);
  });
});
