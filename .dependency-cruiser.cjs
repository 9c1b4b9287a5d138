/**
 * The import direction of the layers (shared STYLE.md): model ← io ← experiment ← runtime ←
 * {cli, ui}. `npm test` runs this before the tests; a forbidden import fails it.
 */
const LAYERS = ['model', 'io', 'experiment', 'runtime', 'cli', 'ui'];
/** What each layer may import besides itself (and packages). */
const MAY = {
  model: [],
  io: ['model'],
  experiment: ['model', 'io'],
  runtime: ['model', 'io', 'experiment'],
  cli: ['model', 'io', 'experiment', 'runtime'],
  ui: ['model', 'io', 'experiment', 'runtime'],
};
const layerRules = LAYERS.map((layer) => ({
  name: `${layer}-direction`,
  comment: `src/${layer} may import only ${[layer, ...MAY[layer]].map((l) => `src/${l}`).join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.filter((l) => l !== layer && !MAY[layer].includes(l)).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'pure-layers-no-node',
      comment: 'the model, io and experiment layers run in the browser too: no Node built-ins, no queue client',
      severity: 'error',
      from: { path: '^src/(model|io|experiment)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-layers-no-server-packages',
      comment: 'the queue (BullMQ, Redis) and worker_threads adapters belong to src/runtime',
      severity: 'error',
      from: { path: '^src/(model|io|experiment)/' },
      to: { path: 'node_modules/(bullmq|ioredis|cli-progress|commander)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-node|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.mjs', '.js', '.svelte'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
