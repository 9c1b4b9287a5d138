import { readFileSync } from 'node:fs';
import { runReplication } from './src/model/engine.ts';
import { resolveScenario } from './src/model/validate.ts';
const file = (path: string) => { const { $schema: _i, ...rest } = JSON.parse(readFileSync(path, 'utf8')); return rest; };
const world = (change: Record<string, unknown> = {}) => resolveScenario({ ...file('scenarios/default.json'), ...change, simulation: { months: 6, customers: 100_000, agents: 2500, seed: 42 }, levers: { ...file('scenarios/default.json').levers, closures: { outlets: [] } } });
const a = world(), b = world({ hotline: { agents: 0 } });
const d: number[] = [];
for (let r = 0; r < 10; r++) { const x = runReplication(a, r), y = runReplication(b, r); d.push(y.channels.ownStore.transactions - x.channels.ownStore.transactions); }
const m = d.reduce((p, q) => p + q) / d.length; console.log(d.join(' '), 'sd', Math.sqrt(d.reduce((p, q) => p + (q - m) ** 2, 0) / 9).toFixed(0));
