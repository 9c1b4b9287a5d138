/** The chart root shares its size and scales with its layers (the Layer Cake pattern). */
import { getContext, setContext } from 'svelte';
import type { ScaleLinear } from 'd3';

export interface ChartContext {
  readonly width: number;
  readonly height: number;
  readonly xScale: ScaleLinear<number, number>;
  readonly yScale: ScaleLinear<number, number>;
}

const KEY = Symbol('chart');

export function provideChart(ctx: ChartContext): void {
  setContext(KEY, ctx);
}

export function useChart(): ChartContext {
  const c = getContext<ChartContext | undefined>(KEY);
  if (!c) throw new Error('useChart: a chart layer must sit inside Chart.svelte');
  return c;
}

/** The run a view's charts come from, for the source line of an exported chart. */
export interface ExportSource {
  scenarios: readonly string[];
  replications: number;
  months: number;
  /** customer agents simulated, and the subscribers they stand for */
  agents: number;
  subscribers: number;
  seed: number;
}

const SOURCE = Symbol('export-source');

/** Name the run behind the charts below (a getter: the run shown may change). */
export function provideExportSource(source: () => ExportSource | undefined): void {
  setContext(SOURCE, source);
}

export function useExportSource(): () => ExportSource | undefined {
  return getContext<(() => ExportSource | undefined) | undefined>(SOURCE) ?? (() => undefined);
}
