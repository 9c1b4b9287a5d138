/**
 * Physical reach of the own-store network: the share of customers whose travel time to the
 * nearest open own store exceeds a limit,
 *
 *   beyond(T) = Σ_cells w_c · [ min_j T_cj > T ],   T_cj = access minutes + d_cj / v_c · 60,
 *
 * with w_c the cell's population weight (customers are placed by it), d_cj the distance from the
 * cell centre (at least 0.3 cells) and v_c the speed of the cell's district: the travel times
 * the choice model uses (access.ts). Fixed by the geography, so no simulation is needed.
 */
import { nearestOutlets } from '../../model/access.ts';
import type { Region } from '../../model/region.ts';

/**
 * Share of customers (population weight) farther than limitMin from any own store not in `closed`.
 * With no own store open every cell is beyond.
 * @throws {RangeError} when limitMin is not a finite number ≥ 0
 */
export function shareBeyond(region: Region, closed: ReadonlySet<string>, accessMin: number, limitMin: number): number {
  if (!(Number.isFinite(limitMin) && limitMin >= 0)) throw new RangeError(`shareBeyond: limitMin must be a finite number ≥ 0, got ${limitMin}`);
  const acc = nearestOutlets(region, (j) => region.outlets[j].kind === 'own' && !closed.has(region.outlets[j].id), 1, accessMin, 0);
  let beyond = 0;
  for (let cell = 0; cell < region.nCells; cell++) {
    if (acc.outlet[cell] < 0 || acc.travel[cell] > limitMin) beyond += region.cellWeight[cell];
  }
  return beyond;
}
