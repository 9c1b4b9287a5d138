/** The scenarios shipped in scenarios/*.json, bundled into the app at build time. */
import { bundledEntries, type ScenarioEntry } from '../lib/library.ts';

const modules = import.meta.glob('../../../scenarios/*.json', { eager: true });

export const BUNDLED: readonly ScenarioEntry[] = bundledEntries(modules);
