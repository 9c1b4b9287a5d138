/**
 * The deliberate part of the model version, shared by the Node side (runtime/version.ts adds a
 * digest of the engine's sources, which only Node can read) and the workbench (which names the
 * model on the charts it exports).
 */

/** Bump when replication results change for a reason the engine's sources do not show. */
export const MODEL_VERSION = 1;
