/**
 * Data files dropped on the workbench (outlets, districts, observed figures), all or nothing:
 * the files dropped together are parsed in the import worker one after the other, with progress;
 * when every one of them is clean they go into the current scenario together (a bundled scenario
 * is copied into My scenarios first), otherwise nothing does and every problem is listed as
 * file:row:column. A file of more than LARGE_IMPORT_ROWS rows waits for a confirmation, because
 * the editor and the map slow down with that many records.
 */
import type { DataKind, ImportProblem } from '../../io/index.ts';
import type { Workbench } from './workbench.svelte.ts';
import { firstLineOf, guessKind, LARGE_IMPORT_ROWS, type ImportSummary } from '../lib/dataImport.ts';
import { applyImport, type ImportPatch } from '../lib/placement.ts';
import { forgetDataFiles, parseDataFile, placeDataFiles } from '../services/dataImport.ts';
import { withDataFiles } from '../services/dataFiles.ts';

export interface ImportItem {
  id: number;
  /** files dropped together share a batch */
  batch: number;
  file: File;
  kind: DataKind;
  status: 'waiting' | 'reading' | 'done';
  /** share parsed, 0–1 */
  progress: number;
  summary: ImportSummary | null;
  /** a failure of the reading itself (not a problem in the file) */
  error: string | null;
}

export interface BatchState {
  batch: number;
  status: 'parsing' | 'applied' | 'rejected' | 'confirm' | 'failed';
  /** problems of placing the files together (points far from the rest, a region too large) */
  problems: ImportProblem[];
  /** what went into the scenario */
  patch: ImportPatch | null;
  droppedClosures: string[];
  scenarioName: string | null;
  message: string | null;
}

export class DataImports {
  items = $state.raw<ImportItem[]>([]);
  batches = $state.raw<BatchState[]>([]);
  #nextId = 1;
  #nextBatch = 1;

  get busy(): boolean {
    return this.batches.some((b) => b.status === 'parsing');
  }

  /** Files dropped (or chosen) together. */
  async add(wb: Workbench, files: readonly File[], kind?: DataKind): Promise<void> {
    if (files.length === 0) return;
    const batch = this.#nextBatch++;
    const fresh: ImportItem[] = [];
    for (const file of files) {
      const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
      fresh.push({ id: this.#nextId++, batch, file, kind: kind ?? guessKind(file.name, firstLineOf(head)), status: 'waiting', progress: 0, summary: null, error: null });
    }
    this.items = [...fresh, ...this.items];
    this.#setBatch({ batch, status: 'parsing', problems: [], patch: null, droppedClosures: [], scenarioName: null, message: null });
    await this.#parseBatch(wb, batch);
  }

  /** Read a file again as another kind (the guess was wrong); its batch is judged again. */
  async changeKind(wb: Workbench, id: number, kind: DataKind): Promise<void> {
    const item = this.items.find((x) => x.id === id);
    if (!item || item.kind === kind || this.busy) return;
    this.#update(id, { kind, status: 'waiting', progress: 0, summary: null, error: null });
    this.#setBatch({ ...this.#batch(item.batch)!, status: 'parsing', problems: [], message: null });
    await this.#parseBatch(wb, item.batch);
  }

  /** Put a batch waiting for confirmation (large files) into the scenario. */
  async confirm(wb: Workbench, batch: number): Promise<void> {
    await this.#apply(wb, batch, true);
  }

  /** Remove the items of a batch from the list. */
  dismiss(batch: number): void {
    const tokens = this.items.filter((x) => x.batch === batch && x.summary?.ok).map((x) => x.summary!.token);
    if (tokens.length) void forgetDataFiles(tokens);
    this.items = this.items.filter((x) => x.batch !== batch);
    this.batches = this.batches.filter((b) => b.batch !== batch);
  }

  itemsOf(batch: number): ImportItem[] {
    return this.items.filter((x) => x.batch === batch);
  }

  // ---- internals ----------------------------------------------------------------------------

  async #parseBatch(wb: Workbench, batch: number): Promise<void> {
    const services = wb.parsed.ok ? wb.parsed.scenario.services : [];
    for (const item of this.itemsOf(batch)) {
      if (item.status === 'done') continue;
      this.#update(item.id, { status: 'reading', progress: 0 });
      try {
        const bytes = new Uint8Array(await item.file.arrayBuffer());
        let frame = 0, pending = 0;
        const summary = await parseDataFile(item.kind, bytes, item.file.name, services, (done) => {
          pending = done;
          frame ||= requestAnimationFrame(() => { frame = 0; this.#update(item.id, { progress: pending }); });
        });
        cancelAnimationFrame(frame);
        this.#update(item.id, { status: 'done', progress: 1, summary });
      } catch (e) {
        this.#update(item.id, { status: 'done', error: e instanceof Error ? e.message : String(e) });
      }
    }
    await this.#apply(wb, batch, false);
  }

  async #apply(wb: Workbench, batch: number, confirmed: boolean): Promise<void> {
    const items = this.itemsOf(batch);
    const state = this.#batch(batch)!;
    const bad = items.filter((x) => x.error !== null || !x.summary?.ok);
    if (bad.length > 0) {
      this.#setBatch({ ...state, status: 'rejected', message: wb.t('impNothingImported') });
      return;
    }
    const kinds = items.map((x) => x.kind);
    const twice = kinds.find((k, i) => kinds.indexOf(k) !== i);
    if (twice) {
      this.#setBatch({ ...state, status: 'rejected', message: wb.t('impKindTwice', { kind: wb.t(KIND_KEY[twice]) }) });
      return;
    }
    if (!confirmed && items.some((x) => (x.summary?.rows ?? 0) > LARGE_IMPORT_ROWS)) {
      this.#setBatch({ ...state, status: 'confirm', message: wb.t('impLarge', { n: LARGE_IMPORT_ROWS.toLocaleString(wb.locale) }) });
      return;
    }
    if (!wb.parsed.ok) {
      this.#setBatch({ ...state, status: 'failed', message: wb.t('fixProblems') });
      return;
    }
    this.#setBatch({ ...state, status: 'parsing', message: wb.t('impPlacing') });
    try {
      const prepared = await withDataFiles(wb.parsed.scenario);
      if (!prepared.ok) {
        this.#setBatch({ ...state, status: 'failed', message: wb.t('dataBroken') + ' ' + prepared.problems.map((p) => `${p.path} ${p.message}`).join('; ') });
        return;
      }
      const placed = await placeDataFiles(items.map((x) => x.summary!.token), prepared.scenario);
      if (!placed.ok) {
        this.#setBatch({ ...state, status: 'rejected', problems: placed.problems, message: wb.t('impNothingImported') });
        return;
      }
      const { draft, droppedClosures } = applyImport(wb.draft, placed.patch);
      wb.replaceDraft(draft);
      this.#setBatch({ ...state, status: 'applied', patch: placed.patch, droppedClosures, scenarioName: wb.active ? nameOf(wb.active.json) : null, message: null });
      void forgetDataFiles(items.map((x) => x.summary!.token));
    } catch (e) {
      this.#setBatch({ ...state, status: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  }

  #update(id: number, patch: Partial<ImportItem>): void {
    this.items = this.items.map((x) => (x.id === id ? { ...x, ...patch } : x));
  }

  #batch(batch: number): BatchState | undefined {
    return this.batches.find((b) => b.batch === batch);
  }

  #setBatch(next: BatchState): void {
    this.batches = this.#batch(next.batch) ? this.batches.map((b) => (b.batch === next.batch ? next : b)) : [next, ...this.batches];
  }
}

export const KIND_KEY = { outlets: 'impKindOutlets', districts: 'impKindDistricts', observed: 'impKindObserved' } as const;

function nameOf(json: unknown): string | null {
  const n = (json as { name?: unknown } | null)?.name;
  return typeof n === 'string' ? n : null;
}

/** The one instance of the page. */
export const dataImports = new DataImports();
