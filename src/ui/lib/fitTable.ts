/**
 * Observed against simulated (校准: 观测值与模拟值), the fit table of the calibration view: for
 * each observed figure the simulated mean over replications with its 95 % interval and the
 * relative error (simulated − observed) / observed, the quantity the calibration's objective
 * squares. Also: the observed figures a scenario carries (observed.figures) read as metrics, and
 * metric names in both languages.
 */
import { CHANNEL_LABELS, type ChannelId } from '../../model/domain.ts';
import { KPI_META } from '../../model/kpis.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { ReplicationResult } from '../../model/types.ts';
import type { FitRow } from '../../experiment/calibrate.ts';
import { metricName, metricValues, parseMetric, resolveSubCompositions, type ObservedMetric } from '../../experiment/observed.ts';
import { summarize } from '../../experiment/stats.ts';
import { splitBilingual } from '../i18n/terms.ts';

/** The fit table of one set of replications (no optimisation): observed vs simulated, every metric. */
export function fitOfRuns(observed: readonly ObservedMetric[], reps: readonly ReplicationResult[]): FitRow[] {
  if (reps.length === 0) throw new RangeError('fitOfRuns requires at least one replication');
  return observed.map((m) => {
    const s = summarize(metricValues(m.spec, reps));
    return {
      metric: m.metric, observed: m.value, weight: m.weight,
      simulated: s.mean, ci95: s.ci95, relativeError: (s.mean - m.value) / m.value, start: s.mean,
      ...(m.published !== undefined ? { published: m.published } : {}),
      ...(m.extra ? { extra: m.extra } : {}),
    };
  });
}

/** Does the observed value lie within the simulated 95 % interval? */
export function withinInterval(r: Pick<FitRow, 'observed' | 'ci95'>): boolean {
  return r.observed >= r.ci95[0] && r.observed <= r.ci95[1];
}

/**
 * A scenario's observed.figures as metrics, as the calibration reads them from CSV.
 * @throws {RangeError} naming the figure (by position) whose metric the scenario cannot measure
 */
export function metricsOfFigures(scenario: Scenario, figures: ReadonlyArray<{ metric: string; value: number; weight?: number }>): ObservedMetric[] {
  const metrics = figures.map((f, i) => {
    let spec: ObservedMetric['spec'];
    try {
      spec = parseMetric(f.metric, scenario);
    } catch (e) {
      throw new RangeError(`observed.figures[${i}]: ${(e as Error).message}`);
    }
    return { metric: metricName(spec), spec, value: f.value, weight: f.weight ?? 1 };
  });
  return resolveSubCompositions(metrics);
}

/** A metric's name in both languages: KPIs by their names, shares and mixes by channel and service. */
export function metricTerm(metric: string, services: ReadonlyArray<{ id: string; name?: string }> = []): { zh: string; en: string } {
  const parts = metric.split(':');
  const channel = (id: string) => CHANNEL_LABELS[id as ChannelId] ?? { zh: id, en: id };
  if (parts.length === 1) {
    const meta = KPI_META[metric as keyof typeof KPI_META];
    return meta ? { zh: meta.zh, en: meta.en } : { zh: metric, en: metric };
  }
  if (parts[0] === 'share') {
    const c = channel(parts[1]);
    return { zh: `${c.zh}占比`, en: `${c.en} share` };
  }
  if (parts[0] === 'mix') {
    const c = channel(parts[1]);
    const within = parts[2].endsWith('/*');
    const id = within ? parts[2].slice(0, -2) : parts[2];
    const sv = services.find((s) => s.id === id);
    const name = sv?.name ? splitBilingual(sv.name) : { zh: id, en: id };
    return within
      ? { zh: `${c.zh}：${name.zh}（所列业务内）`, en: `${c.en}: ${name.en} (within listed)` }
      : { zh: `${c.zh}：${name.zh}`, en: `${c.en}: ${name.en}` };
  }
  if (parts[0] === 'outletClass') {
    const zh = { low: '低', mid: '中', high: '高' }[parts[1]] ?? parts[1];
    return { zh: `社会渠道效能${zh}占比`, en: `Partner outlets, ${parts[1]} efficiency` };
  }
  return { zh: metric, en: metric };
}

/** The unit a metric's values are in: a KPI's own, a share otherwise. */
export function metricUnit(metric: string): (typeof KPI_META)[keyof typeof KPI_META]['unit'] {
  return KPI_META[metric as keyof typeof KPI_META]?.unit ?? 'share';
}
