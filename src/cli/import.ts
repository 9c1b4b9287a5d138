/**
 * `channel-lab import <file> --kind outlets|districts|observed`: check a data file the way a
 * scenario would read it, print its detected encoding, the rows read out of the lines of the file
 * (where every line went), how its columns were understood, and every problem as file:row:column
 * (exit 2). `--out` writes the records as a scenario fragment (positions projected on this file's
 * own extent: to combine districts and outlets on one plane, reference both files from a scenario).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_SERVICES } from '../model/scenario.ts';
import { parseScenarioText } from '../model/validate.ts';
import { DATA_KINDS, importDataFile, type DataKind } from '../io/import-file.ts';
import { placeOnPlane } from '../io/plane.ts';
import { formatProblem, type ColumnMatch, type ImportResult } from '../io/problems.ts';
import type { ImportedOutlet } from '../io/outlets.ts';
import type { ImportedDistrict } from '../io/districts.ts';
import type { ServiceRef } from '../io/services.ts';
import { InputError } from './errors.ts';
import { writeOutputFile } from './experiment-io.ts';
import { keywordOption, numberOption, pathOption, required } from './options.ts';
import { print } from './print.ts';

const KINDS = DATA_KINDS;
type Kind = DataKind;

interface ImportOptionValues {
  kind?: string;
  scenario?: string;
  out?: string;
  cellKm?: string;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('check an outlets, districts or observed-figures file (CSV in UTF-8 or GBK; districts also GeoJSON); print encoding, rows and every problem')
    .argument('<file>', 'data file (.csv, .geojson)')
    .requiredOption('--kind <kind>', `what the file holds: ${KINDS.join(', ')}`)
    .option('--scenario <json>', 'scenario whose services an outlets file\'s services-offered column or a mix: metric may name (default: the built-in services)')
    .option('--out <fragment.json>', 'write the records as a scenario fragment')
    .option('--cell-km <km>', 'grid cell size the region must fit (default 1)')
    .action((file: string, o: ImportOptionValues) => {
      const kind: Kind = required('kind', keywordOption('kind', o.kind, KINDS), `one of ${KINDS.join(', ')}`);
      const cellKm = numberOption('cell-km', o.cellKm, 0.1, 20) ?? 1;
      const scenarioFile = pathOption('scenario', o.scenario, 'a file');
      const outFile = pathOption('out', o.out, 'a file');
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(resolve(file));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new InputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? (e as Error).message})`);
      }
      const started = performance.now();
      const result: ImportResult<unknown> = importDataFile(kind, bytes, file, { services: kind === 'districts' ? undefined : servicesOf(scenarioFile) });
      const ms = performance.now() - started;
      const unit = kind === 'districts' && result.columns.every((c) => c.column === 0) && result.tally === undefined ? 'feature' : 'row';
      print(`${file}: ${result.encoding}, ${count(result.rows, unit)}, read in ${Math.round(ms)} ms\n`);
      print(`${linesRead(result, unit)}\n`);
      if (result.columns.some((c) => c.column > 0)) print(`columns: ${describeColumns(result.columns)}\n`);
      if (!result.ok) {
        print(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; nothing imported\n`);
        throw new InputError(result.problems.map(formatProblem));
      }
      let fragment: unknown;
      if (kind === 'observed') {
        fragment = { observed: { figures: (result.records as Array<{ metric: string; value: number; weight: number }>).map(({ metric, value, weight }) => ({ metric, value, weight })) } };
        print(`${result.records.length} observed figures: ok\n`);
      } else {
        const placed = kind === 'outlets'
          ? placeOnPlane({ outlets: { file, records: result.records as ImportedOutlet[], columns: result.columns } }, { cellKm })
          : placeOnPlane({ districts: { file, records: result.records as ImportedDistrict[], columns: result.columns } }, { cellKm });
        if (!placed.ok) throw new InputError(placed.problems.map(formatProblem));
        const region = { widthKm: placed.widthKm, heightKm: placed.heightKm, projection: placed.projection };
        if (kind === 'outlets') {
          const own = placed.outlets!.filter((x) => x.kind === 'own').length;
          print(`${placed.outlets!.length} outlets (${own} own, ${placed.outlets!.length - own} partner) over ${placed.widthKm} × ${placed.heightKm} km: ok\n`);
          fragment = { region, outlets: { list: placed.outlets } };
        } else {
          const types = ['urban', 'suburban', 'rural'].map((t) => `${placed.districts!.filter((d) => d.type === t).length} ${t}`).join(', ');
          const outlined = placed.districts!.filter((d) => d.boundary).length;
          print(`${placed.districts!.length} districts (${types}; ${outlined} with outlines) over ${placed.widthKm} × ${placed.heightKm} km: ok\n`);
          fragment = { region: { ...region, districts: placed.districts } };
        }
      }
      if (outFile) {
        writeOutputFile('out', outFile, JSON.stringify(fragment, null, 1) + '\n');
        print(`wrote ${outFile}\n`);
      }
    });
}

// The services an outlets file may name: the scenario's, or the built-in ones.
function servicesOf(file: string | undefined): readonly ServiceRef[] {
  if (file === undefined) return DEFAULT_SERVICES;
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (e) {
    throw new InputError(`--scenario ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const parsed = parseScenarioText(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) throw new InputError(parsed.problems.map((p) => `${file}: ${p.path}: ${p.message}`));
  return parsed.scenario.services;
}

// "read 340 rows from 341 lines (1 header, 2 blank rows)": the lines of a CSV file add up.
function linesRead(r: ImportResult<unknown>, unit: string): string {
  if (r.encoding === 'unknown') return `read ${count(r.rows, unit)}: the file could not be decoded`;
  const t = r.tally;
  const parts = t ? [t.header > 0 && '1 header', t.blank > 0 && count(t.blank, 'blank row'), t.inCells > 0 && `${count(t.inCells, 'line break')} inside quoted cells`, t.hint > 0 && '1 sep= line'].filter((x) => x) : [];
  return `read ${count(r.rows, unit)} from ${count(r.lines, 'line')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function describeColumns(columns: readonly ColumnMatch[]): string {
  return columns.filter((c) => c.header !== '').map((c) => (c.field ? (c.field === c.header ? c.header : `${c.header} → ${c.field}`) : `${c.header} (kept)`)).join(', ');
}
