#!/usr/bin/env node
// Loads the TypeScript CLI through tsx so that the command runs straight from a fresh install.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
