/**
 * The one palette of the workbench and of the decision report, and the families' names: the
 * workbench's charts (src/ui/lib/mix.ts) and the report's (report/charts.ts) draw the channel
 * families in the same colours, so a chart on a slide and one in a report read alike.
 */
import type { Family } from '../model/domain.ts';
import type { KpiName } from '../model/kpis.ts';

/** The KPI carrying each family's share. */
export const FAMILY_KPI: Record<Family, KpiName> = {
  own: 'storeShare',
  partner: 'partnerShare',
  electronic: 'eChannelShare',
  hotline: 'hotlineShare',
  direct: 'directShare',
};

/**
 * Colour of each family, told apart first: five of the eight colours of Okabe & Ito's palette
 * (Color Universal Design, 2008), chosen so that the closest pair stays at CIEDE2000 ΔE ≥ 17 in
 * normal vision and in simulated protanopia and deuteranopia (Machado, Oliveira & Fernandes 2009);
 * test/ui/palette.test.ts computes it. The earlier set (hotline reddish purple, direct grey) fell to
 * 12 in protanopia, where reddish purple reads as the own stores' blue.
 */
export const FAMILY_COLOR: Record<Family, string> = {
  own: '#0072B2', // blue
  partner: '#E69F00', // orange
  electronic: '#009E73', // bluish green
  hotline: '#56B4E9', // sky blue
  direct: '#000000', // black
};

/** The families' names, Chinese and English. */
export const FAMILY_LABELS: Record<Family, { zh: string; en: string }> = {
  own: { zh: '自营实体', en: 'Own stores' },
  partner: { zh: '社会实体', en: 'Partners' },
  electronic: { zh: '电子渠道', en: 'Electronic' },
  hotline: { zh: '热线', en: 'Hotline' },
  direct: { zh: '直销', en: 'Direct' },
};
