/**
 * Observed metrics as the calibration view shows them (校准): their names in both languages and
 * the unit their values are formatted in. The fit table itself is the experiment layer's
 * (src/experiment/calibrate.ts fitOfRuns, calibrate).
 */
import { CHANNEL_LABELS, KPI_META, type ChannelId } from '../../model/index.ts';
import { splitBilingual } from '../i18n/terms.ts';

/** A metric's name in both languages: KPIs by their names, shares and mixes by channel and service. */
export function metricTerm(metric: string, services: ReadonlyArray<{ id: string; name?: string }> = []): { zh: string; en: string } {
  const parts = metric.split(':');
  const channel = (id: string) => CHANNEL_LABELS[id as ChannelId] ?? { zh: id, en: id };
  const ratio = parts.length === 1 ? metric.split('/') : [];
  if (ratio.length === 2) {
    const [a, b] = ratio.map((k) => KPI_META[k as keyof typeof KPI_META] ?? { zh: k, en: k });
    return { zh: `${a.zh}/${b.zh}`, en: `${a.en} / ${b.en}` };
  }
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
