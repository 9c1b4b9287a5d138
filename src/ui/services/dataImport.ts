/**
 * The import worker (workers/import.worker.ts) from the page: files go over as transferred bytes,
 * progress comes back through a Comlink proxy, summaries and scenario patches are plain objects.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { DataKind, ImportResult } from '../../io/index.ts';
import type { Scenario } from '../../model/index.ts';
import type { ObservedMetric } from '../../experiment/index.ts';
import type { ImportSummary } from '../lib/dataImport.ts';
import type { Placement } from '../lib/placement.ts';
import type { ImportApi } from '../../../workers/import.worker.ts';

let remote: Remote<ImportApi> | null = null;

function worker(): Remote<ImportApi> {
  remote ??= wrap<ImportApi>(new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'import' }));
  return remote;
}

/** Parse a file in the worker; the bytes are transferred (the caller's copy is emptied). */
export function parseDataFile(kind: DataKind, bytes: Uint8Array, file: string, services: Scenario['services'], onProgress: (done: number) => void): Promise<ImportSummary> {
  return worker().parse(kind, transfer(bytes, [bytes.buffer as ArrayBuffer]), file, services, proxy(onProgress));
}

/** The scenario patch of parsed files (lib/placement.ts). */
export function placeDataFiles(tokens: number[], scenario: Scenario): Promise<Placement> {
  return worker().place(tokens, scenario);
}

export function forgetDataFiles(tokens: number[]): Promise<void> {
  return worker().forget(tokens);
}

/** Observed figures for calibration, read in the worker. */
export function readObservedMetrics(bytes: Uint8Array, file: string, scenario: Scenario): Promise<ImportResult<ObservedMetric>> {
  return worker().observedMetrics(transfer(bytes, [bytes.buffer as ArrayBuffer]), file, scenario);
}
