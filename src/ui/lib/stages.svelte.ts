/**
 * Progressive mounting: a big view (the results) appears in stages, one per task, so that no
 * single main-thread task has to build all of it (STYLE: no task over 200 ms during a run).
 */
export function stagedMount(stages: number): { readonly stage: number } {
  let stage = $state(1);
  $effect(() => {
    let handle = 0;
    const next = () => {
      stage += 1;
      if (stage < stages) handle = requestAnimationFrame(() => void setTimeout(next, 0));
    };
    handle = requestAnimationFrame(() => void setTimeout(next, 0));
    return () => cancelAnimationFrame(handle);
  });
  return {
    get stage() {
      return stage;
    },
  };
}
