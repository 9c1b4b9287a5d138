/**
 * One entry point for a dropped or named data file, for the command line and for a Web Worker
 * (Comlink-exposed or behind postMessage): bytes in, a plain ImportResult out (records or every
 * problem), with progress. Nothing here touches the DOM.
 */
import type { ImportedDistrict } from './districts.ts';
import type { ObservedFigure } from './observed.ts';
import { importObserved } from './observed.ts';
import type { ImportedOutlet } from './outlets.ts';
import { importOutlets } from './outlets.ts';
import type { ImportResult, OnProgress } from './problems.ts';
import { importDistricts } from './references.ts';
import type { ServiceRef } from './services.ts';
import type { Input } from './table.ts';

export const DATA_KINDS = ['outlets', 'districts', 'observed'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export interface DataRecords {
  outlets: ImportedOutlet;
  districts: ImportedDistrict;
  observed: ObservedFigure;
}

/**
 * Read a data file of the given kind.
 * @param services the scenario's services, which an outlets file's services-offered column may name
 */
export function importDataFile<K extends DataKind>(kind: K, input: Input, file: string, o: { services?: readonly ServiceRef[]; onProgress?: OnProgress } = {}): ImportResult<DataRecords[K]> {
  const r = kind === 'outlets' ? importOutlets(input, file, o) : kind === 'districts' ? importDistricts(input, file, o) : importObserved(input, file, o);
  return r as ImportResult<DataRecords[K]>;
}
