/** `channel-lab schema [--out FILE]`: the scenario JSON Schema, generated from the zod schema. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../model/validate.ts';
import { InputError } from './errors.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print (or write) the JSON Schema of scenario files')
    .option('--out <file>', 'write to this file instead of stdout')
    .action((opts: { out?: string }) => {
      const text = JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
      if (!opts.out) return void process.stdout.write(text);
      try {
        writeFileSync(opts.out, text);
      } catch (e) {
        throw new InputError(`--out ${opts.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    });
}
