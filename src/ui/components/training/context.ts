/** The training stage root shares its size, km → px scale and frame clock with its layers. */
import { getContext, setContext } from 'svelte';

export interface StageContext {
  /** the stage, px */
  readonly width: number;
  readonly height: number;
  /** px per km, and the region's top-left corner in the stage */
  readonly k: number;
  readonly left: number;
  readonly top: number;
  x(km: number): number;
  y(km: number): number;
  /** Register a layer's draw, called every animation frame; it returns whether it drew. Returns the unregister function. */
  onFrame(draw: () => boolean): () => void;
}

const KEY = Symbol('training-stage');

export function provideStage(ctx: StageContext): void {
  setContext(KEY, ctx);
}

export function useStage(): StageContext {
  const c = getContext<StageContext | undefined>(KEY);
  if (!c) throw new Error('useStage: a stage layer must sit inside TrainingStage.svelte');
  return c;
}
