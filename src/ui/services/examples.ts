/**
 * Bundled example data files the planning views offer (the observed figures of 2009, the sample
 * city's templates), fetched as bytes like a file the user dropped.
 */
const URLS = import.meta.glob('../../../scenarios/{*.csv,templates/*.csv,templates/*.geojson}', { query: '?url', import: 'default' }) as Record<string, () => Promise<string>>;
const ROOT = '../../../scenarios/';

/** Names of the bundled files, relative to scenarios/ (observed-2009.csv, templates/outlets-gbk.csv, …). */
export const EXAMPLE_FILES: readonly string[] = Object.keys(URLS).map((k) => k.slice(ROOT.length)).sort();

/** A bundled file as a File, as if dropped. */
export async function exampleFile(name: string): Promise<File> {
  const load = URLS[ROOT + name];
  if (!load) throw new Error(`scenarios/${name}: not bundled`);
  const response = await fetch(await load());
  if (!response.ok) throw new Error(`scenarios/${name}: ${response.status} ${response.statusText}`);
  return new File([await response.arrayBuffer()], name.split('/').pop()!);
}
