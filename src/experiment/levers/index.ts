/** The three levers as planning tools, the closure what-if, and counter/hotline sizing: re-exports only. */
export * from './evaluate.ts';
export * from './seek.ts';
export * from './closures.ts';
export * from './reach.ts';
export * from './curves.ts';
export * from './sizing.ts';
export * from './what-if.ts';
