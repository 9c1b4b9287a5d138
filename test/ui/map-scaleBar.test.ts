import { describe, expect, test } from 'vitest';
import { scaleBar } from '../../src/ui/lib/map/scaleBar.ts';

describe('scaleBar', () => {
  test('reads the longest round distance (1, 2 or 5 × 10ⁿ) that fits, and is exactly that long', () => {
    expect(scaleBar(15.1, 120)).toEqual({ km: 5, px: 75.5, value: 5, unit: 'km' });
    expect(scaleBar(10, 100)).toMatchObject({ km: 10, px: 100 });
    expect(scaleBar(1, 1000)).toMatchObject({ km: 1000, px: 1000 });
    expect(scaleBar(966.4, 140)).toMatchObject({ km: 0.1, value: 100, unit: 'm' });
    expect(scaleBar(966.4, 140).px).toBeCloseTo(96.64, 10);
  });

  test('at every zoom from 1 to 64 the distance is round and the bar between 40 % and 100 % of the room', () => {
    for (let k = 0.5; k < 2000; k *= 1.07) {
      const b = scaleBar(k, 140);
      const mantissa = b.km / 10 ** Math.floor(Math.log10(b.km) + 1e-9);
      expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9), `${k} px/km → ${b.km} km`).toBe(true);
      expect(b.px).toBeLessThanOrEqual(140 + 1e-9);
      // the next step up (×2 or ×2.5) would not fit, so the bar fills at least 2/5 of the room
      expect(b.px).toBeGreaterThan(140 * 0.4);
      expect(b.unit === 'm' ? b.value : b.value * 1000).toBe(Math.round(b.km * 1000));
    }
  });

  test('a scale or room that is not a positive number is refused', () => {
    expect(() => scaleBar(0, 100)).toThrow(/scaleBar: invalid pxPerKm 0/);
    expect(() => scaleBar(NaN, 100)).toThrow(/invalid pxPerKm NaN/);
    expect(() => scaleBar(10, -1)).toThrow(/invalid maxPx -1/);
  });
});
