/**
 * Data files a scenario references (outlets.file, region.districtsFile, observed.file), as the
 * workbench finds them: paths relative to scenarios/, where the bundled files live.
 */
import type { Problem, Scenario } from '../../model/index.ts';

/** A scenario ready to run: its data files read in, or the problems that stopped it. */
export type Prepared = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/** The data files the scenario references, as written. */
export function dataRefs(s: Pick<Scenario, 'outlets' | 'region' | 'observed'>): string[] {
  return [s.region.districtsFile, s.outlets.file, s.observed?.file].filter((r): r is string => typeof r === 'string');
}

/** base + ref with "." and ".." steps resolved ("scenarios/" + "./templates/a.csv" → "scenarios/templates/a.csv"). */
export function joinPath(base: string, ref: string): string {
  const out: string[] = [];
  for (const step of (base + ref).split('/')) {
    if (step === '.' || step === '') continue;
    if (step === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(step);
  }
  return out.join('/');
}
