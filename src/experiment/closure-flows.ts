/**
 * A run's closure flows split by why each outlet closed. result.closureFlows holds every outlet
 * that closed during the run (outlet id → where its home customers went: a channel or "lost",
 * shares): those on the plan — the closure lever's list, levers.closures.outlets — and partners
 * that left on their own because they lost money (src/model/partners.ts, exit). Only the first
 * are the planner's doing; drawn or tabled together, the exits read as closures the plan made
 * (the default city's 24 months close 3 outlets on the plan and see 17 partners leave).
 */
export type ClosureFlows = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface SplitClosureFlows {
  /** outlets closed on the plan, in the flows' order */
  plan: Record<string, Readonly<Record<string, number>>>;
  /** partners that left on their own, in the flows' order */
  exits: Record<string, Readonly<Record<string, number>>>;
}

/** `flows` split into the plan's closures (`planned`: levers.closures.outlets) and the partners that left on their own. */
export function splitClosureFlows(flows: ClosureFlows, planned: readonly string[]): SplitClosureFlows {
  const onPlan = new Set(planned);
  const plan: SplitClosureFlows['plan'] = {}, exits: SplitClosureFlows['exits'] = {};
  for (const [id, f] of Object.entries(flows)) (onPlan.has(id) ? plan : exits)[id] = f;
  return { plan, exits };
}

/** The closure lever's outlets of a scenario as stored in a result (an empty list where it is missing or malformed). */
export function plannedClosures(scenario: unknown): string[] {
  const list = (scenario as { levers?: { closures?: { outlets?: unknown } } } | null | undefined)?.levers?.closures?.outlets;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}
