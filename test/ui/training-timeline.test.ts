import { describe, expect, test } from 'vitest';
import { advance, calendar, nextSpeed, SPEEDS, stepDays, ticking } from '../../src/ui/lib/timeline.ts';

describe('the player clock', () => {
  test('advance moves speed × seconds days, held within [0, end]', () => {
    expect(advance(0, 1, 2, 30, 12)).toBeCloseTo(2 / 30, 12);
    expect(advance(1, 0.5, 30, 30, 12)).toBeCloseTo(1.5, 12);
    expect(advance(11.99, 10, 16, 30, 12)).toBe(12);
    expect(advance(2, 10, 16, 30, 2)).toBe(2);
  });

  test('stepDays lands on day boundaries: from inside a day, first to its edge in that direction', () => {
    expect(stepDays(0, 1, 30, 12)).toBeCloseTo(1 / 30, 12);
    expect(stepDays(1 / 30, 1, 30, 12)).toBeCloseTo(2 / 30, 12);
    expect(stepDays(1.5 / 30, 1, 30, 12)).toBeCloseTo(2 / 30, 12);
    expect(stepDays(1.5 / 30, -1, 30, 12)).toBeCloseTo(1 / 30, 12);
    expect(stepDays(2 / 30, -1, 30, 12)).toBeCloseTo(1 / 30, 12);
    expect(stepDays(0, -1, 30, 12)).toBe(0);
    expect(stepDays(1, 5, 30, 1)).toBe(1);
  });

  test('speeds go up and down the ladder and stop at its ends', () => {
    expect(nextSpeed(2, 1)).toBe(4);
    expect(nextSpeed(2, -1)).toBe(1);
    expect(nextSpeed(SPEEDS[SPEEDS.length - 1], 1)).toBe(SPEEDS[SPEEDS.length - 1]);
    expect(nextSpeed(SPEEDS[0], -1)).toBe(SPEEDS[0]);
    expect(nextSpeed(3, 1)).toBe(4);
    expect(nextSpeed(3, -1)).toBe(2);
  });

  test('calendar names the month and day (1-based), the end is the last day', () => {
    expect(calendar(0, 30, 12)).toEqual({ month: 1, day: 1, dayFraction: 0 });
    const c = calendar(2.5, 30, 12);
    expect(c.month).toBe(3);
    expect(c.day).toBe(16);
    expect(c.dayFraction).toBeCloseTo(0, 9);
    expect(calendar(12, 30, 12)).toMatchObject({ month: 12, day: 30, dayFraction: 1 });
  });

  test('a monthly figure ticks from the last finished month\'s value to this month\'s', () => {
    const v = [10, 20, 40];
    expect(ticking(v, 0)).toBe(10);
    expect(ticking(v, 0.5)).toBe(10);
    expect(ticking(v, 1)).toBe(10);
    expect(ticking(v, 1.25)).toBe(12.5);
    expect(ticking(v, 2.5)).toBe(30);
    expect(ticking(v, 7)).toBe(40);
    expect(ticking([], 1)).toBeNaN();
  });
});
