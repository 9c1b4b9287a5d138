/**
 * The workbench build (Vite + Svelte 5) and the test runner (Vitest).
 *
 * Tests run as two projects in one `npm test`: `unit` (test/**, Node) first, then `browser`
 * (test/browser/**: builds the app, serves it with `vite preview` and drives headless Chromium
 * through playwright-core), one file at a time with generous timeouts. The browser project starts
 * only after the unit tests finish (groupOrder), so the two never compete for the cores.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/**
 * Cross-origin isolation, so that the page may share memory between threads (SharedArrayBuffer)
 * and a replication can use several: every response of the dev and preview servers carries both
 * headers. The app loads nothing from another origin (no web fonts, no CDN; workers, data files
 * and downloads are same-origin or blob URLs), so require-corp blocks nothing it uses; a host
 * serving dist/ without them gets the one-line notice of src/ui/components/RunPanel.svelte.
 */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte()],
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
  // Replication workers are module workers (new Worker(url, { type: 'module' })).
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    // The Svelte compile step is the slow part of a build and known; no timing report each time.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', '**/node_modules/**'],
          environment: 'node',
          // CLI processes and worker threads on a loaded 2-core machine need more than 5 s
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
