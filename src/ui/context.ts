/** The workbench instance, shared with every component through Svelte context. */
import { getContext, setContext } from 'svelte';
import type { Workbench } from './state/workbench.svelte.ts';

const KEY = Symbol('workbench');

export function provideWorkbench(wb: Workbench): void {
  setContext(KEY, wb);
}

export function useWorkbench(): Workbench {
  const wb = getContext<Workbench | undefined>(KEY);
  if (!wb) throw new Error('useWorkbench: no workbench in context (mount inside App.svelte)');
  return wb;
}
