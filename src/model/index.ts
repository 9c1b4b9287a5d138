/**
 * The model: its vocabulary and scenario, the engine and the submodels of its month (in the
 * order engine.ts runs them), and the formulas and random numbers they rest on. Re-exports only.
 */
export * from './domain.ts';
export * from './kpis.ts';
export * from './scenario.ts';
export * from './validate.ts';
export * from './limits.ts';
export * from './scale.ts';
export * from './types.ts';
export * from './engine.ts';
export * from './state.ts';
export * from './region.ts';
export * from './cellOutline.ts';
export * from './rings.ts';
export * from './customers.ts';
export * from './services.ts';
export * from './outlets.ts';
export * from './diffusion.ts';
export * from './access.ts';
export * from './acquisition.ts';
export * from './needs.ts';
export * from './routing.ts';
export * from './completion.ts';
export * from './visits.ts';
export * from './stores.ts';
export * from './dayqueues.ts';
export * from './hotline.ts';
export * from './accountManagers.ts';
export * from './churn.ts';
export * from './recorder.ts';
export * from './money.ts';
export * from './sampler.ts';
export * from './choice.ts';
export * from './queue.ts';
export * from './erlang.ts';
export * from './rng.ts';
export * from './alias.ts';
