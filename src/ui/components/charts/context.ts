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
