#!/usr/bin/env node
// The CLI, prebuilt to JavaScript on first use and after any source change (scripts/prebuild.mjs).
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from '../scripts/prebuild.mjs';

const { cli } = await ensureBuilt();
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
