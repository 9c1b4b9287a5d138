/** What the workbench takes from the runtime layer: the Web Worker pool, no Node module. Re-exports only. */
export * from './pool.browser.ts';
