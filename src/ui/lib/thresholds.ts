/**
 * Thresholds of practical importance as the comparison view edits them: shares in percentage
 * points, waits in minutes, satisfaction in points, relative thresholds in percent of the
 * baseline; `scale` turns the shown number back into the threshold's value.
 */
import { PRACTICAL_THRESHOLDS, type Threshold } from '../../experiment/index.ts';
import { KPI_META, type KpiName } from '../../model/index.ts';

export interface ThresholdField {
  /** the threshold in the field's unit */
  shown: number;
  /** the default in the field's unit */
  fallback: number;
  /** shown = value × scale */
  scale: number;
  unitKey: 'thresholdUnitPoints' | 'thresholdUnitMin' | 'thresholdUnitScore' | 'thresholdUnitOfBase';
}

export function thresholdField(kpi: KpiName, t: Threshold): ThresholdField {
  const unit = KPI_META[kpi].unit;
  const [scale, unitKey] = t.kind === 'relative' ? [100, 'thresholdUnitOfBase'] as const
    : unit === 'share' ? [100, 'thresholdUnitPoints'] as const
      : unit === 'min' ? [1, 'thresholdUnitMin'] as const
        : [1, 'thresholdUnitScore'] as const;
  // shown to 6 significant digits: 0.005 × 100 is 0.5, not 0.5000000000000001
  const round = (v: number) => Number((v * scale).toPrecision(6));
  return { shown: round(t.value), fallback: round(PRACTICAL_THRESHOLDS[kpi].value), scale, unitKey };
}
