/**
 * The training view's frame clock, shared by every stage shown (one player: the stages advance
 * together and draw the same moment), and each stage root's size, km → px scale and mark size,
 * shared with its layers.
 */
import { getContext, setContext } from 'svelte';

export interface StageContext {
  /** the stage, px */
  readonly width: number;
  readonly height: number;
  /** px per km, and the region's top-left corner in the stage */
  readonly k: number;
  readonly left: number;
  readonly top: number;
  /** how much larger than their base size marks are drawn (lib/marks.ts markScale) */
  readonly markScale: number;
  x(km: number): number;
  y(km: number): number;
  /** Register a layer's draw, called every animation frame; it returns whether it drew. Returns the unregister function. */
  onFrame(draw: () => boolean): () => void;
}

export interface FrameClock {
  /** Register a draw, called every animation frame after the clock's tick; returns the unregister function. */
  onFrame(draw: () => boolean): () => void;
  /** Run the frames until the returned function is called. */
  start(): () => void;
}

/** One requestAnimationFrame loop: each frame, tick with the seconds since the last, then every draw. */
export function createClock(tick: (dtSec: number) => void): FrameClock {
  const drawers = new Set<() => boolean>();
  return {
    onFrame(draw) {
      drawers.add(draw);
      return () => drawers.delete(draw);
    },
    start() {
      let last = performance.now(), handle = 0;
      const frame = (now: number) => {
        tick((now - last) / 1000);
        last = now;
        for (const draw of drawers) draw();
        handle = requestAnimationFrame(frame);
      };
      handle = requestAnimationFrame(frame);
      return () => cancelAnimationFrame(handle);
    },
  };
}

const STAGE = Symbol('training-stage');
const CLOCK = Symbol('training-clock');

export function provideStage(ctx: StageContext): void {
  setContext(STAGE, ctx);
}

export function useStage(): StageContext {
  const c = getContext<StageContext | undefined>(STAGE);
  if (!c) throw new Error('useStage: a stage layer must sit inside TrainingStage.svelte');
  return c;
}

export function provideClock(clock: FrameClock): void {
  setContext(CLOCK, clock);
}

export function useClock(): FrameClock {
  const c = getContext<FrameClock | undefined>(CLOCK);
  if (!c) throw new Error('useClock: a training stage must sit inside TrainingView.svelte');
  return c;
}
