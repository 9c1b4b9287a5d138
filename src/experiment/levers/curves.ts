/**
 * Response curves of the subsidy and commission levers (补贴/酬金): over evenly spaced levels of one
 * parameter (a handset subsidy band, a channel's commission per new line), on common random
 * numbers, the acquisition and money figures with 95 % intervals:
 *
 *   newLines, handsetsSold                       (per month)
 *   costPerAcquisition = (subsidySpend + commissionSpend) / newLines     (CNY per new line, per replication)
 *   partnersOpen       = partner outlets still in the network at the end of the run
 *   netContribution    = revenue − channel cost − subsidy spend          (CNY/month)
 *   spend              = subsidySpend + commissionSpend                  (CNY/month)
 *
 * Partner viability: a partner whose commission, service fees and handset margin stay below its
 * fixed cost for partners.exitMonths months leaves the network and its customers re-choose. The
 * engine applies this only when exitMonths > 0; a scenario with 0 gets `exitMonths` (default 3)
 * for the curves, and the result says so.
 *
 * The optimum within a budget: the level with the highest mean of a KPI (netContribution) among
 * those whose mean spend is within the budget, refined by simulating the midpoints either side
 * of the best level for a few rounds (each halving the spacing). It is called best only when it is
 * distinguishable from its neighbours: the paired (CRN) difference of the KPI between it and each
 * adjacent level within the budget has a 95 % interval above 0. Otherwise the levels whose
 * difference from it includes 0 are reported as tied: the KPI cannot tell them apart at this many
 * replications.
 */
import { KPIS, type KpiName } from '../../model/kpis.ts';
import { buildRegion } from '../../model/region.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import { invalid } from '../errors.ts';
import { applyAssignments, describeRange } from '../paths.ts';
import { estimate, evaluator, kpiEstimate, kpiOver, type Estimate, type LeverOptions } from './evaluate.ts';

/** The figures of a curve, in CSV column order. */
export const CURVE_METRICS = ['newLines', 'handsetsSold', 'costPerAcquisition', 'partnersOpen', 'netContribution', 'spend', 'subsidySpend', 'commissionSpend'] as const;
export type CurveMetric = (typeof CURVE_METRICS)[number];

/** Exit months given to partners when the scenario leaves viability off. */
export const DEFAULT_EXIT_MONTHS = 3;

export interface CurvesOptions extends LeverOptions {
  path: string;
  lo: number;
  hi: number;
  /** levels from LO to HI inclusive (≥ 2) */
  steps: number;
  /** partners.exitMonths for the curves (default: the scenario's, or 3 when it is 0) */
  exitMonths?: number;
  /** find the level maximising a KPI with spend within a budget */
  maximise?: { kpi: KpiName; budget?: number; refineRounds?: number };
}

export interface CurvePoint {
  value: number;
  figures: Record<CurveMetric, Estimate>;
}

export interface CurvesResult {
  path: string;
  points: CurvePoint[];
  exitMonths: number;
  /** exitMonths was set here because the scenario had 0 (viability off) */
  exitMonthsSet: boolean;
  partnersAtStart: number;
  replications: number;
  seed: number;
  evaluations: number;
  optimum?: {
    kpi: KpiName;
    budget: number | null;
    value: number;
    achieved: Estimate;
    spend: Estimate;
    /** levels simulated while refining, beyond the grid */
    refined: number[];
    /** the adjacent levels within the budget, each with the paired difference value − neighbour of the KPI */
    neighbours: Array<{ value: number; delta: Estimate }>;
    /** every neighbour's difference has its 95 % interval above 0: the value is the best level */
    distinguishable: boolean;
    /** levels within the budget whose paired difference from the value includes 0 (the value among them), ascending */
    tied: number[];
  };
}

/**
 * Run the curve and, when asked, the budget optimum.
 * @throws {ExperimentError} for an unknown or non-numeric path, bad steps or range, or a budget no level meets
 */
export async function responseCurves(base: Scenario, o: CurvesOptions): Promise<CurvesResult> {
  const info = describeRange(base, 'vary', o);
  if (!(Number.isInteger(o.steps) && o.steps >= 2 && o.steps <= 200)) throw invalid('steps', 'integerRange', { value: o.steps, min: 2, max: 200 });
  if (o.maximise && !KPIS.includes(o.maximise.kpi)) throw invalid('maximise', 'unknownKpi', { given: o.maximise.kpi });
  if (o.maximise?.budget !== undefined && !(o.maximise.budget >= 0)) throw invalid('budget', 'negative', { value: o.maximise.budget });
  const integer = info.type === 'integer';
  const round = (x: number) => (integer ? Math.round(x) : Number(x.toPrecision(12)));

  const exitMonthsSet = o.exitMonths === undefined && base.partners.exitMonths === 0;
  const exitMonths = o.exitMonths ?? (base.partners.exitMonths || DEFAULT_EXIT_MONTHS);
  const viable = applyAssignments(base, [{ path: 'partners.exitMonths', value: exitMonths }], 'exitMonths');
  const scenarioAt = (x: number) => applyAssignments(viable, [{ path: o.path, value: x }], 'vary');
  const ev = evaluator(base, o);
  const points = new Map<number, CurvePoint & { kpis: Record<KpiName, Estimate> }>();
  const runsAt = new Map<number, ReplicationResult[]>();
  const evaluate = async (xs: number[]) => {
    const fresh = [...new Set(xs.map(round))].filter((x) => x >= o.lo && x <= o.hi && !points.has(x));
    const scenarios = fresh.map(scenarioAt);
    const runs = await ev.run(scenarios);
    fresh.forEach((x, i) => {
      runsAt.set(x, runs[i]);
      points.set(x, {
        value: x, figures: figuresOf(runs[i]),
        kpis: Object.fromEntries(KPIS.map((k) => [k, kpiEstimate(runs[i], k)])) as Record<KpiName, Estimate>,
      });
    });
  };
  await evaluate(Array.from({ length: o.steps }, (_, k) => o.lo + ((o.hi - o.lo) * k) / (o.steps - 1)));

  let optimum: CurvesResult['optimum'];
  if (o.maximise) {
    const { kpi } = o.maximise;
    const budget = o.maximise.budget ?? Infinity;
    const metric = (p: CurvePoint & { kpis: Record<KpiName, Estimate> }) => (isCurveMetric(kpi) ? p.figures[kpi] : p.kpis[kpi]);
    const within = () => sortedPoints(points).filter((p) => p.figures.spend.mean <= budget);
    if (within().length === 0) {
      const least = sortedPoints(points).reduce((a, b) => (b.figures.spend.mean < a.figures.spend.mean ? b : a));
      throw invalid('budget', 'budgetTooSmall', { budget, path: o.path, lo: o.lo, hi: o.hi, least: least.figures.spend.mean, at: least.value });
    }
    const grid = new Set(points.keys());
    let spacing = (o.hi - o.lo) / (o.steps - 1);
    for (let k = 0; k < (o.maximise.refineRounds ?? 2); k++) {
      const best = within().reduce((a, b) => (metric(b).mean > metric(a).mean ? b : a));
      spacing /= 2;
      if (integer && spacing < 1) break;
      await evaluate([best.value - spacing, best.value + spacing]);
    }
    const levels = within();
    const best = levels.reduce((a, b) => (metric(b).mean > metric(a).mean ? b : a));
    const valueOf = (rs: readonly ReplicationResult[]) => (isCurveMetric(kpi) ? perReplication(rs, kpi) : rs.map((r) => kpiOver(r, kpi)));
    const differenceFrom = (x: number) => {
      const a = valueOf(runsAt.get(best.value)!), b = valueOf(runsAt.get(x)!);
      return estimate(a.map((v, i) => v - b[i]));
    };
    const i = levels.indexOf(best);
    const neighbours = [levels[i - 1], levels[i + 1]].filter((p) => p !== undefined).map((p) => ({ value: p.value, delta: differenceFrom(p.value) }));
    optimum = {
      kpi, budget: Number.isFinite(budget) ? budget : null, value: best.value,
      achieved: metric(best), spend: best.figures.spend,
      refined: [...points.keys()].filter((x) => !grid.has(x)).sort((a, b) => a - b),
      neighbours,
      distinguishable: neighbours.every((nb) => nb.delta.ci95[0] > 0),
      tied: levels.filter((p) => p === best || differenceFrom(p.value).ci95[0] <= 0).map((p) => p.value),
    };
  }
  return {
    path: o.path,
    points: sortedPoints(points).map(({ value, figures }) => ({ value, figures })),
    exitMonths, exitMonthsSet,
    partnersAtStart: buildRegion(viable).outlets.filter((x) => x.kind === 'partner' && !x.latent).length,
    replications: ev.replications,
    seed: ev.seed,
    evaluations: ev.evaluations,
    ...(optimum ? { optimum } : {}),
  };
}

/** A curve point's figures from its replications. */
export function figuresOf(rs: readonly ReplicationResult[]): Record<CurveMetric, Estimate> {
  return Object.fromEntries(CURVE_METRICS.map((m) => [m, estimate(perReplication(rs, m))])) as Record<CurveMetric, Estimate>;
}

/** A curve figure's value in each replication. */
export function perReplication(rs: readonly ReplicationResult[], m: CurveMetric): number[] {
  switch (m) {
    case 'costPerAcquisition':
      return rs.map((r) => (r.run.newLines > 0 ? (r.run.subsidySpend + r.run.commissionSpend) / r.run.newLines : 0));
    case 'partnersOpen':
      return rs.map((r) => r.outlets.filter((x) => x.kind === 'partner' && x.open).length);
    case 'spend':
      return rs.map((r) => r.run.subsidySpend + r.run.commissionSpend);
    default:
      return rs.map((r) => kpiOver(r, m));
  }
}

/** Flat CSV rows: the level, then each figure's mean and 95 % interval. */
export function curveRows(r: CurvesResult): { columns: string[]; rows: Array<Record<string, number>> } {
  const columns = [r.path, ...CURVE_METRICS.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`])];
  const rows = r.points.map((p) => {
    const row: Record<string, number> = { [r.path]: p.value };
    for (const m of CURVE_METRICS) {
      row[`${m}_mean`] = p.figures[m].mean;
      row[`${m}_lo`] = p.figures[m].ci95[0];
      row[`${m}_hi`] = p.figures[m].ci95[1];
    }
    return row;
  });
  return { columns, rows };
}

function isCurveMetric(k: string): k is CurveMetric {
  return (CURVE_METRICS as readonly string[]).includes(k);
}

function sortedPoints<P extends CurvePoint>(points: Map<number, P>): P[] {
  return [...points.values()].sort((a, b) => a.value - b.value);
}
