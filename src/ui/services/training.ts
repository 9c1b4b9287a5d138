/**
 * Training runs from the page: each scenario of a lesson in its own training worker
 * (workers/training.worker.ts), pulled a month at a time. With cores to spare the two
 * sides simulate at once; on a small machine they take turns, so that a core stays with the page
 * and the animation stays smooth.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import type { Scenario } from '../../model/index.ts';
import type { TrainingApi, TrainingMonth, TrainingStart } from '../../../workers/training.worker.ts';
import { workerCount } from './runner.ts';

export type { TrainingMonth, TrainingStart };

export interface TrainingRun {
  start(): Promise<TrainingStart>;
  next(): Promise<TrainingMonth | null>;
  stop(): void;
}

/** A training worker for one scenario. */
export function trainingRun(scenario: Scenario, options: { sampleSize: number; replication?: number }): TrainingRun {
  const worker = new Worker(new URL('../../../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
  const remote: Remote<TrainingApi> = wrap<TrainingApi>(worker);
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'the training worker failed to start or crashed')), { once: true });
  });
  let halt: (e: Error) => void = () => {};
  // a call under way when the worker is stopped settles (rejected) instead of hanging
  const halted = new Promise<never>((_, reject) => { halt = reject; });
  failed.catch(() => {});
  halted.catch(() => {});
  let stopped = false;
  const guard = <T>(p: Promise<T>) => Promise.race([p, failed, halted]);
  return {
    start: () => guard(remote.start(scenario, options)),
    next: () => (stopped ? Promise.resolve(null) : guard(remote.next())),
    stop() {
      if (stopped) return;
      stopped = true;
      halt(new Error('stopped'));
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}

/** Whether two training workers may run at once and leave a core to the page. */
export function sidesInParallel(): boolean {
  return workerCount() >= 2;
}
