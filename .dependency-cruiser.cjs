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

/** Node's built-in modules, with or without the node: prefix. */
const NODE_BUILTIN = `^(node:)?(${require('node:module').builtinModules.join('|')})$`;

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'ui-through-index',
      comment: 'src/ui imports src/model, src/io and src/experiment through their index.ts, the decision report through experiment/report/index.ts (loaded with import() on first use: a chunk of its own), and src/runtime through browser.ts, its browser-safe entry (runtime/index.ts re-exports Node-only pools): a layer can rearrange its files without touching the workbench',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/(model|io|experiment|runtime)/', pathNot: '^src/((model|io|experiment|experiment/report)/index|runtime/browser)\\.ts$' },
    },
    {
      name: 'ui-no-node',
      comment: 'nothing the workbench loads reaches a Node built-in, however indirectly (every Node-only module of src/runtime uses one; the Vite build would ship a stub that fails in the page)',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { reachable: true, path: NODE_BUILTIN },
    },
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
