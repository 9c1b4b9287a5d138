/** The lesson scenarios shipped in scenarios/lessons/*.json, bundled into the app at build time. */
import { parseScenario, type Scenario } from '../../model/index.ts';
import { lessonFiles } from '../lib/lessons.ts';

const FILES = lessonFiles(import.meta.glob('../../../scenarios/lessons/*.json', { eager: true }));

/** A lesson file's scenario, defaults filled in; throws naming the file and the first problems. */
export function lessonScenario(file: string): Scenario {
  const json = FILES.get(file);
  if (json === undefined) throw new Error(`scenarios/lessons/${file}: not bundled`);
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(`scenarios/lessons/${file}: ${parsed.problems.slice(0, 3).map((p) => `${p.path} ${p.message}`).join('; ')}`);
  return parsed.scenario;
}
