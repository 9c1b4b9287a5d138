/** `channel-lab schema [--out FILE]`: the scenario JSON Schema, generated from the zod schema. */
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../model/validate.ts';
import { writeOutputFile } from './experiment-io.ts';
import { pathOption } from './options.ts';
import { print } from './print.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print (or write) the JSON Schema of scenario files')
    .option('--out <file>', 'write to this file instead of stdout')
    .action((opts: { out?: string }) => {
      const out = pathOption('out', opts.out, 'a file');
      const text = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
      if (out) writeOutputFile('out', out, text);
      else print(text);
    });
}
