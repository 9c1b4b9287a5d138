/**
 * Data files a scenario references by relative path (outlets.file, region.districtsFile,
 * observed.file) read into the scenario itself: districts and outlets projected together onto
 * one plane (./plane.ts), region width and height from their extent, observed figures as they
 * are. All or nothing: any problem in any file, and the scenario is left as it was.
 *
 * DOM-free and synchronous: the caller hands over the bytes (the CLI from disk, the workbench
 * from dropped files or fetches), so the same code runs in Node, a page or a worker.
 */
import type { Scenario } from '../model/scenario.ts';
import { importDistrictsCsv, type ImportedDistrict } from './districts.ts';
import { importDistrictsGeoJson } from './geojson.ts';
import { importObserved } from './observed.ts';
import { importOutlets, type ImportedOutlet } from './outlets.ts';
import { placeOnPlane, type Placed } from './plane.ts';
import type { ImportProblem, ImportResult, OnProgress } from './problems.ts';
import type { Input } from './table.ts';

/** Where referenced files come from. */
export interface DataSource {
  /** the bytes of a referenced path (as written in the scenario); throws when it cannot be read */
  read(ref: string): Uint8Array;
  /** how problems name the file, e.g. the path relative to the working directory */
  name(ref: string): string;
  /** progress of reading one file (0–1), for a progress bar */
  progress?: (ref: string, done: number) => void;
}

/** What was read from one file, for a summary line ("GBK, 340 rows from 341 lines"). */
export interface DataReport {
  kind: 'districts' | 'outlets' | 'observed';
  ref: string;
  file: string;
  encoding: string;
  rows: number;
  /** physical lines of the file (0 when it could not be decoded) */
  lines: number;
}

export type Resolved =
  | { ok: true; scenario: Scenario; reports: DataReport[] }
  | { ok: false; problems: ImportProblem[]; reports: DataReport[] };

/** Does the scenario reference any data file? */
export function hasDataFiles(s: Pick<Scenario, 'outlets' | 'region' | 'observed'>): boolean {
  return s.outlets.file !== undefined || s.region.districtsFile !== undefined || s.observed.file !== undefined;
}

/** Whether a districts file is GeoJSON: by its extension, else by its first character. */
export function isGeoJson(name: string, input: Input): boolean {
  if (/\.(geo)?json$/i.test(name)) return true;
  if (/\.(csv|txt|tsv)$/i.test(name)) return false;
  const head = typeof input === 'string' ? input.slice(0, 8) : new TextDecoder().decode(input.subarray(0, 8));
  return head.replace(/^\uFEFF/, '').trimStart().startsWith('{');
}

/** Read a districts file of either form. */
export function importDistricts(input: Input, file: string, o: { onProgress?: OnProgress } = {}): ImportResult<ImportedDistrict> {
  return isGeoJson(file, input) ? importDistrictsGeoJson(input, file, o) : importDistrictsCsv(input, file, o);
}

/**
 * The scenario with its referenced files read in: region.districts, widthKm, heightKm and
 * projection, outlets.list, observed.figures filled, the file references removed.
 */
export function resolveDataFiles(s: Scenario, source: DataSource): Resolved {
  const reports: DataReport[] = [];
  const problems: ImportProblem[] = [];
  const load = <T>(kind: DataReport['kind'], ref: string | undefined, parse: (bytes: Uint8Array, file: string, onProgress?: OnProgress) => ImportResult<T>): Placed<T> | undefined => {
    if (ref === undefined) return undefined;
    const file = source.name(ref);
    let bytes: Uint8Array;
    try {
      bytes = source.read(ref);
    } catch (e) {
      const code = (e as { code?: string }).code;
      problems.push({ file, row: 0, column: 0, message: `cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? (e as Error).message})` });
      return undefined;
    }
    const r = parse(bytes, file, source.progress && ((done) => source.progress!(ref, done)));
    reports.push({ kind, ref, file, encoding: r.encoding, rows: r.rows, lines: r.lines });
    if (!r.ok) {
      problems.push(...r.problems);
      return undefined;
    }
    return { file, records: r.records, columns: r.columns };
  };
  const districts = load('districts', s.region.districtsFile, (b, f, onProgress) => importDistricts(b, f, { onProgress }));
  const outlets = load<ImportedOutlet>('outlets', s.outlets.file, (b, f, onProgress) => importOutlets(b, f, { services: s.services, onProgress }));
  const observed = load('observed', s.observed.file, (b, f, onProgress) => importObserved(b, f, { services: s.services, onProgress }));
  if (problems.length > 0) return { ok: false, problems, reports };

  const next: Scenario = {
    ...s,
    region: { ...s.region },
    outlets: { ...s.outlets },
    observed: { ...s.observed },
  };
  if (districts || outlets) {
    const placed = placeOnPlane({ districts, outlets }, { cellKm: s.region.cellKm });
    if (!placed.ok) return { ok: false, problems: placed.problems, reports };
    next.region.widthKm = placed.widthKm;
    next.region.heightKm = placed.heightKm;
    next.region.projection = placed.projection;
    if (placed.districts) next.region.districts = placed.districts;
    if (placed.outlets) next.outlets.list = placed.outlets;
  }
  if (observed) next.observed.figures = observed.records.map(({ metric, value, weight }) => ({ metric, value, weight }));
  delete next.region.districtsFile;
  delete next.outlets.file;
  delete next.observed.file;
  return { ok: true, scenario: next, reports };
}
