/**
 * Observed figures from CSV for `calibrate --observed` (../shared/CONTRACTS.md): columns
 * `metric,value[,weight]` in English or Chinese (指标, 数值/观测值, 权重) as src/io/observed.ts
 * names them; any other column (source, note, 来源, 备注) is kept with its row for the report.
 * Values may be written as percentages ("6.02%"). A weight of 0 reports a metric without fitting
 * it. Metric names, including the calibration's mix:… and outletClass:… forms: observed.ts.
 */
import { quote } from '../io/cells.ts';
import { OBSERVED_FIELDS } from '../io/observed.ts';
import type { ImportResult } from '../io/problems.ts';
import { importCsv, type Input } from '../io/table.ts';
import type { Scenario } from '../model/scenario.ts';
import { isShare, metricName, parseMetric, resolveSubCompositions, type ObservedMetric } from './observed.ts';

/** Largest weight accepted: weights are relative, this only catches a value typed into the wrong column. */
const MAX_WEIGHT = 1e6;

/**
 * Read observed figures (UTF-8 with or without BOM, or GBK). Problems, each at its row and
 * column: missing column, unknown metric, empty or bad number, a share outside (0, 1], a zero
 * value (the objective divides by it), a negative weight, a metric given twice; for the whole
 * file: no metric with a positive weight, or a `/*` sub-composition of one service.
 */
export function importObservedMetrics(input: Input, file: string, scenario: Scenario): ImportResult<ObservedMetric> {
  const firstRow = new Map<string, number>();
  return importCsv<ObservedMetric>(input, file, OBSERVED_FIELDS, ({ reader: r, row, extra }) => {
    const text = r.required('metric');
    let spec: ObservedMetric['spec'] | undefined;
    let name: string | undefined;
    if (text !== undefined) {
      try {
        spec = parseMetric(text, scenario);
        name = metricName(spec);
      } catch (e) {
        r.fail('metric', (e as Error).message);
      }
    }
    if (name !== undefined) {
      const at = firstRow.get(name);
      if (at !== undefined) r.fail('metric', `${name} given twice (first at row ${at})`);
      else firstRow.set(name, row);
    }
    const value = r.number('value', { min: -Infinity, max: Infinity, required: true, percent: true });
    if (value !== undefined && spec !== undefined) {
      if (value === 0) r.fail('value', `${name} is 0; the fit compares relative errors, so an observed value must not be 0`);
      else if (isShare(spec) && !(value > 0 && value <= 1)) r.fail('value', `${name} is a share; expected a number in (0, 1] or a percentage, got ${quote(r.text('value'))}`);
    }
    const weight = r.number('weight', { min: 0, max: MAX_WEIGHT }) ?? 1;
    if (name === undefined || spec === undefined || value === undefined || value === 0) return undefined;
    return { metric: name, spec, value, weight, row, ...(extra ? { extra } : {}) };
  }, {
    finish(records, problems) {
      if (records.length > 0 && problems.length === 0 && !records.some((m) => m.weight > 0)) {
        problems.push({ file, row: 0, column: 0, message: 'every weight is 0: nothing to fit' });
      }
      try {
        records.splice(0, records.length, ...resolveSubCompositions(records));
      } catch (e) {
        problems.push({ file, row: 0, column: 0, message: (e as Error).message });
      }
    },
  });
}

