import { describe, expect, test } from 'vitest';
import { activities, percentDone, timeLeftMs } from '../../src/ui/lib/progress.ts';

describe('run progress', () => {
  test('percent of replication-months done, floored so that 100 means finished', () => {
    expect(percentDone(null)).toBe(0);
    expect(percentDone({ monthsDone: 0, monthsTotal: 0 })).toBe(0);
    expect(percentDone({ monthsDone: 239, monthsTotal: 240 })).toBe(99);
    expect(percentDone({ monthsDone: 240, monthsTotal: 240 })).toBe(100);
  });

  test('time left: unknown before the first month, then the pace so far over the months to go', () => {
    expect(timeLeftMs(null, 0, 5000)).toBeNull();
    // 80 s building 20 million customers, nothing simulated yet: no guess
    expect(timeLeftMs({ monthsDone: 0, monthsTotal: 24 }, 0, 80_000)).toBeNull();
    // first month after 84 s: 23 months to go at 84 s a month
    expect(timeLeftMs({ monthsDone: 1, monthsTotal: 24 }, 0, 84_000)).toBe(23 * 84_000);
    expect(timeLeftMs({ monthsDone: 12, monthsTotal: 24 }, 0, 60_000)).toBe(60_000);
    expect(timeLeftMs({ monthsDone: 24, monthsTotal: 24 }, 0, 60_000)).toBe(0);
  });

  test('a resumed run paces only the months simulated since it resumed', () => {
    // 3 of 6 replications of 4 months were done before the reload: 12 months not in the pace
    expect(timeLeftMs({ monthsDone: 12, monthsTotal: 24 }, 12, 10_000)).toBeNull();
    expect(timeLeftMs({ monthsDone: 14, monthsTotal: 24 }, 12, 10_000)).toBe(50_000);
  });

  test('busy workers: building customers at month 0, then the month reached; replications counted from 1', () => {
    expect(activities(null)).toEqual([]);
    expect(activities({ running: [{ replication: 3, month: 7 }, { replication: 2, month: 0 }] })).toEqual([
      { replication: 3, building: true },
      { replication: 4, building: false, month: 7 },
    ]);
  });
});
