/** `channel-lab validate <scenario.json>`: schema and cross-references; exit 0 or 2. */
import type { Command } from 'commander';
import { loadScenarioFile } from './scenario-file.ts';
import { startOutletIds } from '../model/scenario.ts';
import { print } from './print.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a scenario file against the schema and its cross-references')
    .argument('<scenario>', 'scenario JSON file')
    .action((file: string) => {
      const s = loadScenarioFile(file);
      print(`${file}: valid — "${s.name}", ${s.simulation.customers} customers, ${s.simulation.months} months, ${startOutletIds(s).length} outlets${s.partners.latentSites > 0 ? ` (and ${s.partners.latentSites} latent partner sites)` : ''}, ${s.services.length} services\n`);
    });
}
