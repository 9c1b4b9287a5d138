/**
 * Reading a scenario's data files in the page: the bundled ones (scenarios/**), fetched as bytes
 * and handed to the preparation worker, which runs the same importers as the CLI (src/io).
 * A reference to a file that is not bundled is reported like a missing file.
 */
import { wrap, transfer, type Remote } from 'comlink';
import type { Scenario } from '../../model/index.ts';
import { dataRefs, joinPath, type Prepared } from '../lib/dataFiles.ts';
import type { GeometryApi } from '../../../workers/geometry.worker.ts';

const URLS = import.meta.glob('../../../scenarios/**/*.{csv,geojson,tsv,txt}', { query: '?url', import: 'default' }) as Record<string, () => Promise<string>>;
const BUNDLE_ROOT = '../../../';
const BASE = 'scenarios/';

let remote: Remote<GeometryApi> | null = null;
let last: { key: string; prepared: Promise<Prepared> } | null = null;

/** The preparation worker (shared with the map's geometry). */
export function preparationWorker(): Remote<GeometryApi> {
  remote ??= wrap<GeometryApi>(new Worker(new URL('../../../workers/geometry.worker.ts', import.meta.url), { type: 'module', name: 'geometry' }));
  return remote;
}

/** The scenario with its data files read in (itself when it references none). */
export function withDataFiles(scenario: Scenario): Promise<Prepared> {
  const refs = dataRefs(scenario);
  if (refs.length === 0) return Promise.resolve({ ok: true, scenario });
  const key = JSON.stringify(scenario);
  if (last?.key === key) return last.prepared;
  const prepared = (async (): Promise<Prepared> => {
    const files: Record<string, Uint8Array> = {};
    for (const ref of refs) {
      const load = URLS[BUNDLE_ROOT + joinPath(BASE, ref)];
      if (!load) continue;
      const response = await fetch(await load());
      if (response.ok) files[ref] = new Uint8Array(await response.arrayBuffer());
    }
    return preparationWorker().resolve(scenario, transfer(files, Object.values(files).map((b) => b.buffer as ArrayBuffer)), BASE);
  })();
  last = { key, prepared };
  prepared.catch(() => { if (last?.key === key) last = null; });
  return prepared;
}
