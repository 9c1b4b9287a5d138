/**
 * The experiment layer: replications over a pool, statistics, result.json, compare, sweep,
 * sensitivity, the levers, calibration, CSV out, and its own error type. Re-exports only.
 */
export * from './errors.ts';
export * from './pool.ts';
export * from './provisional.ts';
export * from './stats.ts';
export * from './aggregate.ts';
export * from './runner.ts';
export * from './compare.ts';
export * from './practical.ts';
export * from './comparable.ts';
export * from './parameter-diff.ts';
export * from './format.ts';
export * from './palette.ts';
export * from './report-words.ts';
export * from './forest.ts';
export * from './known.ts';
export * from './window.ts';
export * from './target.ts';
export * from './plausibility.ts';
export * from './paths.ts';
export * from './observed.ts';
export * from './calibrate.ts';
export * from './nelder-mead.ts';
export * from './csv.ts';
export * from './outlets-join.ts';
export * from './outlet-months.ts';
export * from './version.ts';
export * from './levers/index.ts';
export * from './threads.ts';
export * from './closure-flows.ts';
