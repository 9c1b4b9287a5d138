/**
 * Fitted values into the draft scenario (the JSON as the user wrote it). The calibration names
 * values by dotted paths into the resolved scenario, services by their index
 * (`services.3.incidence.youth`); a draft that leaves the services to their defaults gets the whole
 * resolved list first, so an index means the same service in both.
 */
import { getAt, setAt, type Path } from './paths.ts';

/** The draft with each path set to its value. */
export function draftWithValues(draft: unknown, values: ReadonlyArray<{ path: string; value: number }>, services: readonly unknown[]): unknown {
  let next = draft;
  if (values.some((v) => v.path.startsWith('services.')) && !Array.isArray(getAt(next, ['services']))) next = setAt(next, ['services'], services);
  for (const v of values) next = setAt(next, toPath(v.path), v.value);
  return next;
}

function toPath(dotted: string): Path {
  return dotted.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
