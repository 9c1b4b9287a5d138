/**
 * The decision report, an entry of its own: the CLI imports its modules by path, and the
 * workbench loads this file with import() when a report is asked for, so that the builder, its
 * charts and the parameter sources stay out of the page's first load. Re-exports only.
 */
export * from './report.ts';
export * from './charts.ts';
