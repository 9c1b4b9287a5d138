/**
 * Data files dropped on the workbench, read off the main thread: decoding (UTF-8, UTF-8 with BOM,
 * GBK), CSV or GeoJSON parsing and every check of src/io, with progress, for files of a hundred
 * thousand rows or fifty megabytes that would freeze the page. The parsed records stay here; the
 * page gets a summary (encoding, rows, problems) and later asks for them to be placed into its
 * scenario (lib/placement.ts), so large record sets cross to the page once, as scenario records.
 * Also reads observed-figure files for the calibration view (src/experiment/observed.ts).
 */
import { expose } from 'comlink';
import { importDataFile, type DataKind } from '../src/io/import-file.ts';
import type { ImportedDistrict } from '../src/io/districts.ts';
import type { ImportedOutlet } from '../src/io/outlets.ts';
import type { ObservedFigure } from '../src/io/observed.ts';
import type { ImportResult } from '../src/io/problems.ts';
import type { Scenario } from '../src/model/scenario.ts';
import { importObservedMetrics, type ObservedMetric } from '../src/experiment/observed.ts';
import { MAX_PROBLEMS, type ImportSummary } from '../src/ui/lib/dataImport.ts';
import { placeImports, type Placement, type Staged } from '../src/ui/lib/placement.ts';

type Parsed =
  | { kind: 'districts'; result: Extract<ImportResult<ImportedDistrict>, { ok: true }> }
  | { kind: 'outlets'; result: Extract<ImportResult<ImportedOutlet>, { ok: true }> }
  | { kind: 'observed'; result: Extract<ImportResult<ObservedFigure>, { ok: true }> };

const parsed = new Map<number, Parsed>();
let nextToken = 1;

const api = {
  /**
   * Parse one file of the given kind; services are the scenario's (an outlets file may name them).
   * onProgress gets the share done (0–1) now and then.
   */
  parse(kind: DataKind, bytes: Uint8Array, file: string, services: Scenario['services'], onProgress?: (done: number) => void): ImportSummary {
    const t0 = performance.now();
    let last = -1;
    const progress = onProgress && ((done: number) => {
      // at most a hundred messages a file
      const step = Math.floor(done * 100);
      if (step !== last) { last = step; onProgress(done); }
    });
    const r = importDataFile(kind, bytes, file, { services, onProgress: progress });
    const token = r.ok ? nextToken++ : 0;
    if (r.ok) parsed.set(token, { kind, result: r } as Parsed);
    return {
      token, ok: r.ok, kind, file, encoding: r.encoding, rows: r.rows, lines: r.lines, ...(r.tally ? { tally: r.tally } : {}), columns: r.columns,
      problems: r.ok ? [] : r.problems.slice(0, MAX_PROBLEMS),
      problemCount: r.ok ? 0 : r.problems.length,
      ...(r.ok && kind === 'outlets' ? { counts: countKinds(r.records as ImportedOutlet[]) } : {}),
      ms: Math.round(performance.now() - t0),
    };
  },

  /** The scenario patch of parsed files (one of each kind at most), placed together with the scenario's own records. */
  place(tokens: number[], scenario: Scenario): Placement {
    const staged: Staged = {};
    for (const t of tokens) {
      const p = parsed.get(t);
      if (!p) throw new Error(`import worker: file ${t} is no longer held; drop it again`);
      if (p.kind === 'observed') staged.observed = { file: p.result.file, records: p.result.records };
      else if (p.kind === 'districts') staged.districts = { file: p.result.file, records: p.result.records, columns: p.result.columns };
      else staged.outlets = { file: p.result.file, records: p.result.records, columns: p.result.columns };
    }
    return placeImports(scenario, staged);
  },

  /** Let parsed files go. */
  forget(tokens: number[]): void {
    for (const t of tokens) parsed.delete(t);
  },

  /** Observed figures for calibration: every problem at its row and column, or the metrics. */
  observedMetrics(bytes: Uint8Array, file: string, scenario: Scenario): ImportResult<ObservedMetric> {
    return importObservedMetrics(bytes, file, scenario);
  },
};

function countKinds(records: readonly ImportedOutlet[]): { own: number; partner: number } {
  let own = 0;
  for (const r of records) if (r.kind === 'own') own++;
  return { own, partner: records.length - own };
}

export type ImportApi = typeof api;
expose(api);
