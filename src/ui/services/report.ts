/**
 * The decision report in the browser: the builder (src/experiment/report/) is loaded with import()
 * on first use, a chunk of its own; the report opens in a new tab (a blob URL holding the same
 * self-contained HTML the CLI writes), where the browser prints it to A4 or saves it as PDF, or is
 * downloaded as an .html file.
 */
import { thresholdsWith, type ThresholdValues } from '../../experiment/index.ts';
import type { ReportContext } from '../../experiment/report/index.ts';
import type { Locale } from '../i18n/messages.ts';
import { downloadText, safeFileName } from './download.ts';
import { MODEL_LABEL } from './version.ts';

/** The report builder's module. */
export type ReportModule = typeof import('../../experiment/report/index.ts');

/** How long the tab's blob URL is kept: long enough for the tab to load it. */
const KEEP_URL_MS = 60_000;

let module: Promise<ReportModule> | undefined;

/** The report builder, loaded once (call early to have it ready by the click). */
export function loadReports(): Promise<ReportModule> {
  module ??= import('../../experiment/report/index.ts');
  return module;
}

/** The context of a report written now in the workbench. */
export function reportContext(locale: Locale, thresholds: ThresholdValues): ReportContext {
  const d = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  const generated = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  return { locale, modelVersion: MODEL_LABEL, generated, thresholds: thresholdsWith(thresholds) };
}

/** Open the report in a new tab; false (and downloaded instead) when the browser refused the tab. */
export function openReport(html: string, name: string): boolean {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const tab = window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
  if (!tab) {
    downloadReport(html, name);
    return false;
  }
  tab.opener = null;
  return true;
}

export function downloadReport(html: string, name: string): void {
  downloadText(safeFileName(name, 'html'), html, 'text/html;charset=utf-8');
}
