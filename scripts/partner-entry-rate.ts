/**
 * The derivation of `partners.entryRate`'s default (docs/MODEL.md §7.12): the default city, at
 * the default parameters and size (100,000 subscribers, one agent each), books its partners'
 * first month; the entry rate that makes the next month's expected entries equal its expected
 * exits is
 *
 *   ρ* = ρ · Σ_r E[exits]_r / Σ_r E[entries]_r
 *
 * (the entry hazard is proportional to ρ), over R replications. Prints both sums, ρ* and its
 * standard error by the delta method. With --scenario, the same for a scenario file (its own
 * entry rate as ρ).
 *
 *   npx tsx scripts/partner-entry-rate.ts [--replications 12] [--months 1] [--scenario file.json]
 */
import { parseArgs } from 'node:util';
import { createModel } from '../src/model/engine.ts';
import { resolveScenario } from '../src/model/validate.ts';
import { loadScenarioFile } from '../src/cli/scenario-file.ts';

const { values } = parseArgs({ options: { replications: { type: 'string', default: '12' }, months: { type: 'string', default: '1' }, scenario: { type: 'string' } } });
const R = Number(values.replications), months = Number(values.months);
const s = values.scenario ? loadScenarioFile(values.scenario, { months }) : resolveScenario({ simulation: { months } });
const exits: number[] = [], entries: number[] = [];
for (let r = 0; r < R; r++) {
  const model = createModel(s, r);
  model.tick(months);
  const p = model.result().partners;
  exits.push(p.expectedExits[months - 1]);
  entries.push(p.expectedEntries[months - 1]);
}
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const x = mean(exits), n = mean(entries), rho = s.partners.entryRate;
// delta method for the ratio x / n of two means from the same replications
const cov = (a: number[], b: number[]) => a.reduce((acc, v, i) => acc + (v - mean(a)) * (b[i] - mean(b)), 0) / (R - 1) / R;
const relVar = cov(exits, exits) / x ** 2 + cov(entries, entries) / n ** 2 - (2 * cov(exits, entries)) / (x * n);
console.log(`after month ${months}, ${R} replications at ${s.simulation.customers.toLocaleString('en-US')} subscribers:`);
console.log(`  expected exits   ${x.toFixed(3)} a month (SE ${Math.sqrt(cov(exits, exits)).toFixed(3)})`);
console.log(`  expected entries ${n.toFixed(3)} a month at entryRate ${rho} (SE ${Math.sqrt(cov(entries, entries)).toFixed(3)})`);
console.log(`  balancing entryRate ${(rho * x / n).toFixed(4)} (SE ${(rho * (x / n) * Math.sqrt(Math.max(0, relVar))).toFixed(4)})`);
