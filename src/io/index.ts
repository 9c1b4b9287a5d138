/** Real data in: decoding, CSV and GeoJSON importers, projection onto the model's plane. Re-exports only. */
export * from './problems.ts';
export * from './decode.ts';
export * from './cells.ts';
export * from './records.ts';
export * from './csv.ts';
export * from './table.ts';
export * from './coordinates.ts';
export * from './services.ts';
export * from './outlets.ts';
export * from './districts.ts';
export * from './geojson.ts';
export * from './observed.ts';
export * from './simplify.ts';
export * from './plane.ts';
export * from './references.ts';
export * from './import-file.ts';
