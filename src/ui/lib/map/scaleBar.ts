/**
 * The map's scale bar: the longest round distance (1, 2 or 5 × 10ⁿ km) whose bar fits in `maxPx`
 * at the map's current px per km, so the bar always reads a whole number of metres or kilometres.
 */

export interface ScaleBar {
  /** the distance the bar stands for, km */
  km: number;
  /** its length, px */
  px: number;
  /** the number and unit to print: metres below 1 km */
  value: number;
  unit: 'km' | 'm';
}

const STEPS = [1, 2, 5];

/**
 * @param pxPerKm the map's scale (zoom included)
 * @param maxPx the longest bar that fits
 * @throws {RangeError} when either is not a positive number
 * @example scaleBar(15.1, 120) // { km: 5, px: 75.5, value: 5, unit: 'km' }
 */
export function scaleBar(pxPerKm: number, maxPx: number): ScaleBar {
  if (!(pxPerKm > 0) || !Number.isFinite(pxPerKm)) throw new RangeError(`scaleBar: invalid pxPerKm ${pxPerKm}`);
  if (!(maxPx > 0) || !Number.isFinite(maxPx)) throw new RangeError(`scaleBar: invalid maxPx ${maxPx}`);
  const longest = maxPx / pxPerKm;
  const exp = Math.floor(Math.log10(longest));
  let km = 0;
  // the largest step × 10ⁿ not over the longest; a decade either side, as log10 rounds (log10(1000) < 3)
  for (let e = exp - 1; e <= exp + 1; e++) {
    for (const s of STEPS) {
      const d = s * 10 ** e;
      if (d <= longest * (1 + 1e-12) && d > km) km = d;
    }
  }
  // tidy the decimal noise of 10^exp (0.30000000000000004)
  km = Number(km.toPrecision(1));
  return km >= 1 ? { km, px: km * pxPerKm, value: km, unit: 'km' } : { km, px: km * pxPerKm, value: Math.round(km * 1000), unit: 'm' };
}
