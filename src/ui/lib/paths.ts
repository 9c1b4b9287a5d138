/**
 * Reading and writing a JSON value at a path (['levers', 'closures', 'outlets', 0]) without
 * mutating it: the editor, the map and the run panel all change the draft scenario this way, so
 * every change is a new object that Svelte sees and the undo-free autosave stores whole.
 */
export type Path = readonly (string | number)[];

/** The value at path, or undefined when any step is missing. */
export function getAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/**
 * A copy of value with path set to next; missing objects and arrays on the way are created
 * (an array where the next key is a number). Setting undefined removes an object key, so a
 * cleared field falls back to the schema default.
 */
export function setAt(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [k, ...rest] = path;
  const here = value !== null && typeof value === 'object' ? value : typeof k === 'number' ? [] : {};
  const child = setAt((here as Record<string | number, unknown>)[k], rest, next);
  if (Array.isArray(here)) {
    if (typeof k !== 'number') throw new TypeError(`setAt: array index expected at "${String(k)}"`);
    const copy = here.slice();
    copy[k] = child;
    return copy;
  }
  const copy: Record<string, unknown> = { ...(here as Record<string, unknown>) };
  if (child === undefined && rest.length === 0) delete copy[k];
  else copy[k] = child;
  return copy;
}

/** A copy of value with the array item at path removed. */
export function removeAt(value: unknown, path: Path): unknown {
  const parent = getAt(value, path.slice(0, -1));
  const i = path[path.length - 1];
  if (!Array.isArray(parent) || typeof i !== 'number') throw new TypeError('removeAt: path must end at an array item');
  return setAt(value, path.slice(0, -1), parent.filter((_, j) => j !== i));
}
