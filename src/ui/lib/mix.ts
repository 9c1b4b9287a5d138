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
import { hcl } from 'd3';
import { CHANNELS, CHANNEL_FAMILY, FAMILIES, type ChannelId, type Family } from '../../model/index.ts';
import { FAMILY_COLOR, FAMILY_KPI, type ExperimentResult } from '../../experiment/index.ts';

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

export { FAMILY_COLOR, FAMILY_KPI };

/** A channel's mark in the training animation and its legend: the cue within a family. */
export type Mark = 'square' | 'circle' | 'triangle' | 'diamond' | 'triangleDown' | 'plus';

/** Each electronic channel has a shape of its own; the others take their outlet's symbol (square: own store, circle: partner) or a circle. */
export const CHANNEL_MARK: Record<ChannelId, Mark> = {
  ownStore: 'square',
  partner: 'circle',
  web: 'square',
  app: 'circle',
  sms: 'triangle',
  ussd: 'diamond',
  ivr: 'triangleDown',
  kiosk: 'plus',
  hotline: 'circle',
  accountManager: 'circle',
};

/**
 * Lightness (CIE L*) of a family's channels after the first, in CHANNELS order: the electronic
 * family's six channels step from dark to light by 8 (adjacent shades ΔE00 ≈ 6 in every vision
 * simulated), keeping the family's hue, so neighbours in a stacked chart stay apart while every
 * shade stays nearer its own family's colour than any other family's.
 */
const SHADE_L = [35, 43, 51, 59, 67, 75];

/** Channels coloured by family; a family with several channels steps through SHADE_L at its hue. */
export const CHANNEL_COLOR: Record<ChannelId, string> = (() => {
  const members = new Map<Family, ChannelId[]>();
  for (const c of CHANNELS) members.set(CHANNEL_FAMILY[c], [...(members.get(CHANNEL_FAMILY[c]) ?? []), c]);
  const out = {} as Record<ChannelId, string>;
  for (const [f, cs] of members) {
    cs.forEach((c, k) => { out[c] = cs.length === 1 ? FAMILY_COLOR[f] : shade(FAMILY_COLOR[f], SHADE_L[Math.min(k, SHADE_L.length - 1)]); });
  }
  return out;
})();

// a month without data (null) stacks as 0
type Series = ReadonlyArray<{ month: number; mean: number | null; lo: number | null; hi: number | null }>;

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

function finite(v: number | null): number {
  return v !== null && Number.isFinite(v) ? v : 0;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

// The colour at this hue and lightness, its chroma lowered only as far as sRGB needs.
function shade(hex: string, lightness: number): string {
  const base = hcl(hex);
  for (let c = base.c; c > 0; c -= 1) {
    const col = hcl(base.h, c, lightness);
    if (col.displayable()) return col.formatHex();
  }
  return hcl(base.h, 0, lightness).formatHex();
}
