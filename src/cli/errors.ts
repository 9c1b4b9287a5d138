/**
 * Bad input is reported, never thrown at the user: an InputError (the command line's own options
 * and files) or an ExperimentError (src/experiment/errors.ts) becomes one stderr line per problem
 * (file, JSON path, CSV row/column or option, and what was expected) and exit code 2.
 */
import { ExperimentError, wordProblem, type ExperimentParameter, type ExperimentProblem } from '../experiment/errors.ts';
import { InputError } from '../runtime/errors.ts';

export { InputError };

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

/** The option each experiment input is given with (null: the scenario itself, named by its path). */
const OPTION: Record<ExperimentParameter, string | null> = {
  scenario: null,
  vary: '--vary', target: '--target', steps: '--steps', maximise: '--maximise', budget: '--budget',
  exitMonths: '--exit-months', storeP90Min: '--store-p90-min',
  saving: '--saving', close: '--close', maxChurnIncrease: '--max-churn-increase', maxBeyondMin: '--max-beyond-min',
  travelLimitMin: '--travel-limit-min', maxEvaluations: '--max-evaluations', warmUpMonths: '--warm-up',
  set: '--set', samples: '--samples', range: '--range', param: '--param', kpi: '--kpi',
  fit: '--fit', observed: '--observed',
  workers: '--workers', customers: '--customers', queue: '--queue', attach: '--attach', threads: '--threads',
};

/** An experiment's problem as the command line says it: `--vary PATH: expected …`, `--steps: expected …`. */
export function optionWording(p: ExperimentProblem): string {
  const option = OPTION[p.parameter];
  const plain = wordProblem(p);
  return option === null ? plain : `${option}${p.path ? ' ' : ': '}${plain}`;
}

/** The lines bad input is reported with, or null for anything else (an internal error). */
export function inputLines(e: unknown): string[] | null {
  if (e instanceof InputError) return e.problems;
  if (e instanceof ExperimentError) return e.problems.map(optionWording);
  return null;
}
