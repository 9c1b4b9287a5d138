/**
 * The channel mix over time as stacked layers, by family (自营 / 社会 / 电子 / 热线 / 直销) or by
 * channel, each with a 95 % band. A layer's thickness is its mean share of the month's completed
 * transactions; its band is that share's interval drawn at the layer's top edge
 * ([y0 + lo, y0 + hi]), which shows how sure the boundary is without pretending the stacked
 * sums have intervals of their own.
 *
 * By family the shares and intervals are the KPIs storeShare … directShare (result.series). By
 * channel they come from channelSeries: the share of the mean, with the interval of the channel's
 * transactions scaled by the same factor (share × lo/mean, share × hi/mean).
 */
import { CHANNELS, CHANNEL_FAMILY, FAMILIES, type ChannelId, type Family, type KpiName } from '../../model/index.ts';
import type { ExperimentResult } from '../../experiment/index.ts';

export interface StackPoint {
  month: number;
  /** bottom and top of the layer, shares 0–1 */
  y0: number;
  y1: number;
  /** the layer's 95 % band at its top edge */
  lo: number;
  hi: number;
}

export interface Layer {
  key: string;
  color: string;
  points: StackPoint[];
}

/** The KPI carrying each family's share. */
export const FAMILY_KPI: Record<Family, KpiName> = {
  own: 'storeShare',
  partner: 'partnerShare',
  electronic: 'eChannelShare',
  hotline: 'hotlineShare',
  direct: 'directShare',
};

/** Colour of each family (Okabe–Ito based: distinguishable with colour-vision deficiency). */
export const FAMILY_COLOR: Record<Family, string> = {
  own: '#0072B2',
  partner: '#E69F00',
  electronic: '#009E73',
  hotline: '#CC79A7',
  direct: '#56595E',
};

/** Channels coloured as shades of their family, lighter for each further channel of a family. */
export const CHANNEL_COLOR: Record<ChannelId, string> = (() => {
  const seen: Partial<Record<Family, number>> = {};
  const out = {} as Record<ChannelId, string>;
  for (const c of CHANNELS) {
    const f = CHANNEL_FAMILY[c];
    const k = (seen[f] = (seen[f] ?? -1) + 1);
    out[c] = k === 0 ? FAMILY_COLOR[f] : lighten(FAMILY_COLOR[f], Math.min(0.7, 0.14 * k));
  }
  return out;
})();

type Series = ReadonlyArray<{ month: number; mean: number; lo: number; hi: number }>;

/** Stack layers bottom-up from per-layer share series of equal length. */
export function stack(layers: ReadonlyArray<{ key: string; color: string; share: Series }>): Layer[] {
  const months = Math.min(...layers.map((l) => l.share.length));
  const base = new Array<number>(Number.isFinite(months) ? months : 0).fill(0);
  return layers.map((l) => {
    const points = base.map((y0, m) => {
      const p = l.share[m];
      const v = finite(p.mean);
      const out = { month: p.month, y0, y1: y0 + v, lo: clamp01(y0 + finite(p.lo)), hi: clamp01(y0 + finite(p.hi)) };
      base[m] = out.y1;
      return out;
    });
    return { key: l.key, color: l.color, points };
  });
}

/** Family layers, own stores at the bottom. */
export function familyMix(result: Pick<ExperimentResult, 'series'>): Layer[] {
  return stack(FAMILIES.map((f) => ({ key: f, color: FAMILY_COLOR[f], share: result.series[FAMILY_KPI[f]] ?? [] })));
}

/** Channel layers in CHANNELS order (so a family's channels sit together); unused channels left out. */
export function channelMix(result: Pick<ExperimentResult, 'channelSeries'>): Layer[] {
  const used = CHANNELS.filter((c) => (result.channelSeries[c] ?? []).some((p) => p.mean > 0));
  return stack(used.map((c) => ({
    key: c,
    color: CHANNEL_COLOR[c],
    share: result.channelSeries[c].map((p) => {
      const k = p.mean > 0 ? p.share / p.mean : 0;
      return { month: p.month, mean: p.share, lo: p.lo * k, hi: p.hi * k };
    }),
  })));
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

// Mix a #rrggbb colour with white by t (0 = unchanged, 1 = white).
function lighten(hex: string, t: number): string {
  const n = parseInt(hex.slice(1), 16);
  const ch = (s: number) => Math.round(((n >> s) & 255) + (255 - ((n >> s) & 255)) * t);
  return `#${[16, 8, 0].map((s) => ch(s).toString(16).padStart(2, '0')).join('')}`;
}
