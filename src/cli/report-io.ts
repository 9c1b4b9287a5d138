/**
 * `--report FILE.html [--lang zh-CN|en]` on compare, seek, plan-closures and curves: the decision
 * report (src/experiment/report/report.ts) of the command's answer, written atomically like every output
 * file. The file's directory is made and checked before any replication runs, so that a long
 * experiment never ends in a report it cannot write.
 */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ReportContext } from '../experiment/report/report.ts';
import { ensureDirectory } from '../runtime/files.ts';
import { modelVersion } from '../runtime/version.ts';
import { InputError } from './errors.ts';
import { writeOutputFile } from './experiment-io.ts';
import { langOption } from './options.ts';

export interface ReportOptionValues {
  report?: string;
  lang?: string;
}

/** Add --report and --lang. */
export function reportOptions(cmd: Command): Command {
  return cmd
    .option('--report <file.html>', 'also write the decision report: a self-contained HTML page that prints to A4 (charts inline)')
    .option('--lang <lang>', 'language of the report: zh-CN (default) or en');
}

/** The checked report options: the file (its directory made) and the language; null without --report. */
export function readReport(o: ReportOptionValues): { file: string; locale: 'zh-CN' | 'en' } | null {
  const locale = langOption(o.lang);
  if (o.report === undefined) {
    if (o.lang !== undefined) throw new InputError('--lang: goes with --report FILE.html');
    return null;
  }
  if (o.report.trim() === '') throw new InputError('--report: expected a file name, got ""');
  ensureDirectory(`--report ${o.report}`, dirname(resolve(o.report)));
  return { file: o.report, locale };
}

/** The context a report is written in: this installation's model version, now. */
export function reportContext(locale: 'zh-CN' | 'en'): ReportContext {
  return { locale, modelVersion: modelVersion(), generated: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' };
}

/** Write the report built for this context, and say where on stderr (stdout keeps the command's own output: seek's is JSON). */
export function writeReport(report: { file: string; locale: 'zh-CN' | 'en' }, build: (ctx: ReportContext) => string): void {
  writeOutputFile('report', report.file, build(reportContext(report.locale)));
  process.stderr.write(`channel-lab: wrote the report ${report.file}\n`);
}
