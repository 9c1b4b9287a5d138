/**
 * Bad input already worded for the command line: the Node-only pieces (output directories, the
 * cache, the queue) name the option and path themselves (`--out DIR: …`), since only the command
 * line gives them. One line per problem; the CLI prints each and exits 2 (src/cli/errors.ts).
 * Input to an experiment itself is an ExperimentError (src/experiment/errors.ts) instead, worded
 * by each front end.
 */
export class InputError extends Error {
  readonly problems: string[];
  constructor(problems: string[] | string) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}
