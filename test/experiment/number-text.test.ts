import { describe, expect, it } from 'vitest';
import { parseDecimal, parseInteger, parseRange } from '../../src/experiment/number-text.ts';

describe('numbers as text', () => {
  it('parseInteger reads decimal digits with an optional minus, and nothing Number() reads besides', () => {
    expect(['0', '42', '007', '-3', '2147483647', '-0'].map(parseInteger)).toEqual([0, 42, 7, -3, 2147483647, 0]);
    expect(Object.is(parseInteger('-0'), 0)).toBe(true);
    for (const t of ['', ' ', ' 2 ', '0x10', '0b1', '0o7', '1e3', '1.0', '1.5', '+1', '--1', 'Infinity', 'NaN', '1_000', '１２', '12a']) {
      expect(parseInteger(t), JSON.stringify(t)).toBeNaN();
    }
  });

  it('parseDecimal reads digits, a point with digits on both sides and an exponent; never hex, blanks, a bare point or Infinity', () => {
    expect(['0.05', '1e-6', '-2.5E3', '10', '1e308', '3e+2'].map(parseDecimal)).toEqual([0.05, 1e-6, -2500, 10, 1e308, 300]);
    for (const t of ['', ' 1', '1 ', '.5', '1.', '0x10', '1e', 'e3', '1e999', 'Infinity', '-Infinity', '1,5', '１', '5%', '+1']) {
      expect(parseDecimal(t), JSON.stringify(t)).toBeNaN();
    }
  });

  it('parseRange reads LO..HI and refuses every near miss (the order of LO and HI is not its business)', () => {
    expect(parseRange('0..1')).toEqual({ lo: 0, hi: 1 });
    expect(parseRange('-1.5..2e3')).toEqual({ lo: -1.5, hi: 2000 });
    expect(parseRange('1..0')).toEqual({ lo: 1, hi: 0 });
    for (const t of ['0...1', '0..', '..1', 'a..b', '0..1..2', '0-1', '0:1', '0..1e999', '0. .1', '', '..', '0x0..1']) {
      expect(parseRange(t), JSON.stringify(t)).toBeNull();
    }
  });
});
