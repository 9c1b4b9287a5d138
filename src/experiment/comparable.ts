/**
 * Whether two runs can be compared fairly, and if not, why. A difference between runs is the
 * lever's effect only when everything else about them is alike:
 *
 * - customers (subscribers) and agents (the weighted sample simulated, §7.14 of docs/MODEL.md):
 *   counts and money scale with the city, and a coarser sample loads the queues in lumps and adds
 *   noise, so 2,000 agents against 20,000 shows "differences" the lever did not cause;
 * - months: run-level KPIs are means over the months simulated, so 2 months (the start-up, before
 *   adoption and churn have moved) against 12 are different quantities;
 * - replications: the means beside a difference rest on different replications from the
 *   difference itself, which pairs only the replications both runs have;
 * - seed: with different master seeds the runs drew different customers and events, the
 *   differences are unpaired (Welch), several times wider, and noise can pass for an effect;
 * - seed policy: with one master seed, replication r uses the stream (seed, r); runs holding
 *   different replication indices (one cancelled, resumed or with a failure left out) pair on
 *   their common indices only;
 * - model version: other engine code gives other numbers for the same scenario.
 *
 * Each reason is a structured problem (code and both values) that the CLI, the workbench and the
 * report word in their language (report-words.ts).
 */
import type { ExperimentResult } from './aggregate.ts';

/** What fairness needs to know of a run. */
export interface RunSize {
  /** subscribers in the region */
  customers: number;
  /** customer agents simulated */
  agents: number;
  months: number;
  /** replications the figures rest on */
  replications: number;
  seed: number;
  /** the replication indices the figures rest on, when known */
  replicationIds?: readonly number[];
  /** the model version that ran it; null or absent when not recorded (runs kept before it was) */
  modelVersion?: string | null;
}

export type ComparabilityCode = 'customers' | 'agents' | 'months' | 'replications' | 'seed' | 'seedPolicy' | 'modelVersion';

/** One reason the runs are not alike: what differs, and its value in each run. */
export interface ComparabilityProblem {
  code: ComparabilityCode;
  base: number | string;
  other: number | string;
  /** seedPolicy and replications: the replication indices both runs hold */
  common?: number;
}

/** A result.json object's size, with the replications and model version where the caller knows them. */
export function runSizeOf(r: Pick<ExperimentResult, 'customers' | 'agents' | 'months' | 'replicationsDone' | 'seed'>, extra: Pick<RunSize, 'replicationIds' | 'modelVersion'> = {}): RunSize {
  return { customers: r.customers, agents: r.agents, months: r.months, replications: r.replicationsDone, seed: r.seed, ...extra };
}

/**
 * The reasons `other` cannot be compared fairly with `base`; none when they are alike. A model
 * version counts only when both runs recorded one.
 */
export function comparable(base: RunSize, other: RunSize): ComparabilityProblem[] {
  const out: ComparabilityProblem[] = [];
  const differ = (code: ComparabilityCode, a: number | string, b: number | string) => {
    if (a !== b) out.push({ code, base: a, other: b });
  };
  differ('customers', base.customers, other.customers);
  differ('agents', base.agents, other.agents);
  differ('months', base.months, other.months);
  const common = base.replicationIds && other.replicationIds ? commonCount(base.replicationIds, other.replicationIds) : undefined;
  if (base.replications !== other.replications) {
    out.push({ code: 'replications', base: base.replications, other: other.replications, ...(common !== undefined && base.seed === other.seed ? { common } : {}) });
  } else if (base.seed === other.seed && common !== undefined && common < base.replications) {
    out.push({ code: 'seedPolicy', base: idList(base.replicationIds!), other: idList(other.replicationIds!), common });
  }
  differ('seed', base.seed, other.seed);
  if (base.modelVersion && other.modelVersion) differ('modelVersion', base.modelVersion, other.modelVersion);
  return out;
}

function commonCount(a: readonly number[], b: readonly number[]): number {
  const set = new Set(b);
  return new Set(a.filter((x) => set.has(x))).size;
}

// Replication indices with runs of three or more as ranges: "0–4, 6, 7".
function idList(ids: readonly number[]): string {
  const s = [...new Set(ids)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    if (j >= i + 2) {
      parts.push(`${s[i]}–${s[j]}`);
      i = j;
    } else parts.push(String(s[i]));
  }
  return parts.join(', ');
}
