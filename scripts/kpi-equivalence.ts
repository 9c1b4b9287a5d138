/**
 * Two engines (or two versions) on the same scenario, told apart by their KPIs: for each KPI of
 * two result.json files, the difference of the means with its 95 % interval (Welch, the
 * replications independent: the two runs need not share random streams) and whether the interval
 * holds 0. With 20 KPIs about one interval in twenty misses 0 by chance when nothing changed.
 *
 *   npx tsx scripts/kpi-equivalence.ts OLD/result.json NEW/result.json
 */
import { readFileSync } from 'node:fs';
import { tQuantile } from '../src/experiment/stats.ts';

interface Kpi { mean: number | null; sd: number | null }
const [a, b] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')) as { replicationsDone: number; kpis: Record<string, Kpi> });
if (!a || !b) {
  console.error('usage: kpi-equivalence.ts OLD/result.json NEW/result.json');
  process.exit(2);
}
const na = a.replicationsDone, nb = b.replicationsDone;
let outside = 0, compared = 0;
console.log(`| KPI | old (n=${na}) | new (n=${nb}) | new − old [95 % CI] | relative | holds 0 |`);
console.log('|---|---|---|---|---|---|');
for (const [k, x] of Object.entries(a.kpis)) {
  const y = b.kpis[k];
  if (!y || x.mean === null || y.mean === null || x.sd === null || y.sd === null) continue;
  const va = (x.sd ** 2) / na, vb = (y.sd ** 2) / nb, se = Math.sqrt(va + vb);
  const df = se > 0 ? (va + vb) ** 2 / ((va ** 2) / (na - 1) + (vb ** 2) / (nb - 1)) : na + nb - 2;
  const d = y.mean - x.mean, h = se > 0 ? tQuantile(0.975, df) * se : 0;
  const holds = d - h <= 0 && 0 <= d + h;
  compared++;
  if (!holds) outside++;
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(4));
  console.log(`| ${k} | ${f(x.mean)} | ${f(y.mean)} | ${f(d)} [${f(d - h)}, ${f(d + h)}] | ${x.mean !== 0 ? ((100 * d) / Math.abs(x.mean)).toFixed(2) + ' %' : '—'} | ${holds ? 'yes' : 'no'} |`);
}
console.log(`\n${compared - outside} of ${compared} intervals hold 0 (about ${(0.05 * compared).toFixed(1)} expected to miss by chance)`);
