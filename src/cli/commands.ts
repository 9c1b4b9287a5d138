/** Every sub-command's register function, in the order `--help` lists them. */
import type { Command } from 'commander';
import { registerQueue } from './queue.ts';
import { registerValidate } from './validate.ts';
import { registerBench } from './bench.ts';
import { registerSchema } from './schema.ts';
import { registerRun } from './run.ts';
import { registerCompare } from './compare.ts';
import { registerSweep } from './sweep.ts';
import { registerSensitivity } from './sensitivity.ts';
import { registerWorker } from './worker.ts';
import { registerSeek } from './seek.ts';
import { registerPlanClosures } from './plan-closures.ts';
import { registerWhatIf } from './what-if.ts';
import { registerCurves } from './curves.ts';
import { registerSize } from './size.ts';
import { registerImport } from './import.ts';
import { registerCalibrate } from './calibrate.ts';

export const commands: Array<(program: Command) => void> = [
  registerValidate,
  registerQueue,
  registerBench,
  registerSchema,
  registerRun,
  registerCompare,
  registerSweep,
  registerSensitivity,
  registerImport,
  registerCalibrate,
  registerSeek,
  registerPlanClosures,
  registerWhatIf,
  registerCurves,
  registerSize,
  registerWorker,
];
