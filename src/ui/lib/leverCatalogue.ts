/**
 * The lever settings the planning tools vary, as planners name them: the diversion measures
 * (分流措施) that `seek` tunes to reach a target, and the subsidy and commission levels (补贴/酬金)
 * that `curves` sweeps. Each is a scenario path with a sensible search range (the schema allows
 * far more: an app incentive of 100 CNY a transaction is legal, but no planner asks about it).
 */
import type { MessageKey } from '../i18n/messages.ts';

export interface LeverSetting {
  id: string;
  /** dotted scenario path (src/experiment/paths.ts) */
  path: string;
  /** default search range */
  lo: number;
  hi: number;
  integer: boolean;
  /** unit shown beside the value */
  unit: 'probability' | 'kiosk' | 'CNY';
  label: MessageKey;
  /** a shorter name, for the name of a scenario the value is applied to (default: the label) */
  short?: MessageKey;
}

/** Measures that move queue-free transactions off the counters (levers.diversion). */
export const DIVERSION_MEASURES: readonly LeverSetting[] = [
  { id: 'floorGuide', path: 'levers.diversion.floorGuide', lo: 0, hi: 1, integer: false, unit: 'probability', label: 'lvMeasureFloorGuide', short: 'lvShortFloorGuide' },
  { id: 'kiosksPerStore', path: 'levers.diversion.kiosksPerStore', lo: 0, hi: 6, integer: true, unit: 'kiosk', label: 'lvMeasureKiosks', short: 'lvShortKiosks' },
  { id: 'appIncentive', path: 'levers.diversion.appIncentiveCny', lo: 0, hi: 10, integer: false, unit: 'CNY', label: 'lvMeasureAppIncentive', short: 'lvShortAppIncentive' },
  { id: 'points', path: 'levers.diversion.pointsPerEChannel', lo: 0, hi: 10, integer: false, unit: 'CNY', label: 'lvMeasurePoints', short: 'lvShortPoints' },
];

/** Subsidy per handset by band and commission per new line by channel. */
export const CURVE_LEVERS: readonly LeverSetting[] = [
  { id: 'commission.partner', path: 'levers.commission.perNewLine.partner', lo: 0, hi: 200, integer: false, unit: 'CNY', label: 'lvCommissionPartner' },
  { id: 'commission.ownStore', path: 'levers.commission.perNewLine.ownStore', lo: 0, hi: 100, integer: false, unit: 'CNY', label: 'lvCommissionOwnStore' },
  { id: 'commission.app', path: 'levers.commission.perNewLine.app', lo: 0, hi: 100, integer: false, unit: 'CNY', label: 'lvCommissionApp' },
  { id: 'commission.web', path: 'levers.commission.perNewLine.web', lo: 0, hi: 100, integer: false, unit: 'CNY', label: 'lvCommissionWeb' },
  { id: 'commission.accountManager', path: 'levers.commission.perNewLine.accountManager', lo: 0, hi: 200, integer: false, unit: 'CNY', label: 'lvCommissionAccountManager' },
  { id: 'subsidy.basic', path: 'levers.subsidy.handset.basic', lo: 0, hi: 400, integer: false, unit: 'CNY', label: 'lvSubsidyBasic' },
  { id: 'subsidy.mid', path: 'levers.subsidy.handset.mid', lo: 0, hi: 800, integer: false, unit: 'CNY', label: 'lvSubsidyMid' },
  { id: 'subsidy.high', path: 'levers.subsidy.handset.high', lo: 0, hi: 1500, integer: false, unit: 'CNY', label: 'lvSubsidyHigh' },
];

/** The setting of a scenario path, if the planning tools know it. */
export function leverOfPath(path: string): LeverSetting | undefined {
  return [...DIVERSION_MEASURES, ...CURVE_LEVERS].find((x) => x.path === path);
}

/** A setting by id. @throws {RangeError} naming the ids known */
export function leverSetting(list: readonly LeverSetting[], id: string): LeverSetting {
  const s = list.find((x) => x.id === id);
  if (!s) throw new RangeError(`leverSetting: unknown "${id}"; expected one of ${list.map((x) => x.id).join(', ')}`);
  return s;
}
