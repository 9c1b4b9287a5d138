/**
 * Scenario preparation off the main thread: reading the data files a scenario references
 * (districts, outlets, observed figures: src/io) into it, and the map's geometry (district
 * outlines, population grid, outlet places, misplaced outlets) from the scenario alone, no
 * replication run. Parsing a city's files or gridding a large region would freeze the page on
 * the main thread.
 */
import { expose, transfer } from 'comlink';
import { buildRegion } from '../src/model/region.ts';
import type { Scenario } from '../src/model/scenario.ts';
import { formatProblem, resolveDataFiles } from '../src/io/index.ts';
import { geometryOf, type RegionGeometry } from '../src/ui/lib/geometry.ts';
import type { Prepared } from '../src/ui/lib/dataFiles.ts';

const api = {
  /** The scenario with its referenced files read in; files maps each reference to its bytes. */
  resolve(scenario: Scenario, files: Record<string, Uint8Array>, base: string): Prepared {
    const r = resolveDataFiles(scenario, {
      read(ref) {
        const bytes = files[ref];
        if (!bytes) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        return bytes;
      },
      name: (ref) => base + ref,
    });
    if (r.ok) return { ok: true, scenario: r.scenario };
    return { ok: false, problems: r.problems.map((p) => ({ path: p.file, message: formatProblem(p).slice(p.file.length + 1).trim() })) };
  },

  geometry(scenario: Scenario): RegionGeometry {
    const g = geometryOf(scenario, buildRegion(scenario));
    return transfer(g, [g.density.buffer, g.cellDistrict.buffer]);
  },
};

export type GeometryApi = typeof api;
expose(api);
