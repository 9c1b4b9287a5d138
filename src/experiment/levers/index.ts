/** The three levers as planning tools, and counter/hotline sizing: re-exports only. */
export * from './evaluate.ts';
export * from './seek.ts';
export * from './closures.ts';
export * from './reach.ts';
export * from './curves.ts';
export * from './sizing.ts';
