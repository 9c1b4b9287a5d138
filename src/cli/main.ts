/**
 * The `channel-lab` command. Each sub-command lives in its own module and registers itself here;
 * this file only maps outcomes to exit codes (0 done, 2 bad input, 1 internal error).
 */
import { Command, CommanderError } from 'commander';
import { inputLines, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK } from './errors.ts';
import { commands } from './commands.ts';
import { print, printError } from './print.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('channel-lab')
    .description('Channel Lab: agent-based simulation of telecom service and sales channels')
    .exitOverride()
    .configureOutput({ writeErr: (s) => printError(s), writeOut: (s) => print(s) })
    .showSuggestionAfterError(true);
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT_OK) || EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      return EXIT_INPUT; // commander already printed one line naming the option or argument
    }
    const lines = inputLines(e);
    if (lines) {
      for (const line of lines) printError(`channel-lab: ${line}\n`);
      return EXIT_INPUT;
    }
    const err = e as Error;
    printError(`channel-lab: internal error: ${err?.message ?? String(e)}\n`);
    if (process.env.CHANNEL_LAB_DEBUG) printError(`${err?.stack ?? ''}\n`);
    return EXIT_INTERNAL;
  }
}
