/**
 * Once for the browser tests: make sure Chromium is there, build the app and serve it. The tests
 * read the URL with inject('baseUrl').
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildApp, ensureChromium, serveApp } from './harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureChromium();
  const t0 = performance.now();
  const outDir = await buildApp();
  const { url, server } = await serveApp(outDir);
  console.info(`[browser tests] built and serving ${url} in ${Math.round(performance.now() - t0)} ms`);
  project.provide('baseUrl', url);
  return async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
