/**
 * Bad input is reported, never thrown at the user: an InputError carries one line per problem
 * (file, JSON path or CSV row/column, and what was expected) and maps to exit code 2.
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

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;
