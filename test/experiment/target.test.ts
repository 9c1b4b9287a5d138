import { describe, expect, test } from 'vitest';
import { targetVerdict } from '../../src/experiment/target.ts';

describe('targetVerdict', () => {
  test('met only when the whole interval reaches the target, missed only when it lies below, unclear otherwise', () => {
    expect(targetVerdict([0.71, 0.73], 0.7)).toBe('met');
    expect(targetVerdict([0.7, 0.73], 0.7)).toBe('met');
    expect(targetVerdict([0.66, 0.69], 0.7)).toBe('missed');
    expect(targetVerdict([0.69, 0.71], 0.7)).toBe('unclear');
    // a mean above the target with an interval straddling it is not "met"
    expect(targetVerdict([0.695, 0.725], 0.7)).toBe('unclear');
  });
});
