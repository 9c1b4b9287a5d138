/**
 * The workbench's channel palette (src/ui/lib/mix.ts) as people with colour-vision deficiency see
 * it. Colours are simulated with the matrices of Machado, Oliveira & Fernandes (2009, "A
 * physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15(6),
 * severity 1.0), applied to linear sRGB, and compared in CIELAB (D65) by CIEDE2000 (Sharma, Wu &
 * Dalal 2005, whose published test pairs check the formula below).
 *
 * Thresholds. ΔE00 ≈ 1 is a just-noticeable difference between large patches side by side; marks
 * of a few pixels need several times that (Stone, Szafir & Setlur 2014, "An engineering model for
 * color difference as a function of size"). The best five-colour subsets of the published
 * colour-blind-safe sets reach about 14–18 in the worse of protanopia and deuteranopia (Tol's
 * bright 15.3, Tol's vibrant 15.8, Okabe–Ito 17.9, measured with this code), so the families must
 * stay at 15 or more, which the previous set (12.2 in protanopia) did not. Shade steps within a
 * family are the secondary cue beside the marks' shapes; 5 (five JNDs) keeps neighbours in a
 * stacked chart apart.
 */
import { describe, expect, test } from 'vitest';
import { CHANNELS, CHANNEL_FAMILY, FAMILIES } from '../../src/model/domain.ts';
import { CHANNEL_COLOR, CHANNEL_MARK, FAMILY_COLOR } from '../../src/ui/lib/mix.ts';

type M3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];
const VISION: Record<'normal' | 'protanopia' | 'deuteranopia', M3> = {
  normal: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
};
const FAMILY_MIN_DE = 15;
const SHADE_STEP_MIN_DE = 5;

describe('CIEDE2000 as implemented here', () => {
  test('reproduces Sharma, Wu & Dalal\'s (2005) test pairs to 4 decimals', () => {
    const pairs: Array<[Lab, Lab, number]> = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
    ];
    for (const [a, b, want] of pairs) expect(deltaE2000(a, b)).toBeCloseTo(want, 4);
  });
});

describe('channel families are told apart first', () => {
  for (const [vision, m] of Object.entries(VISION)) {
    test(`${vision}: every two family colours differ by ΔE00 ≥ ${FAMILY_MIN_DE}`, () => {
      let min = Infinity, closest = '';
      for (let i = 0; i < FAMILIES.length; i++) {
        for (let j = i + 1; j < FAMILIES.length; j++) {
          const d = deltaE2000(seen(FAMILY_COLOR[FAMILIES[i]], m), seen(FAMILY_COLOR[FAMILIES[j]], m));
          if (d < min) [min, closest] = [d, `${FAMILIES[i]}–${FAMILIES[j]}`];
        }
      }
      expect(min, closest).toBeGreaterThanOrEqual(FAMILY_MIN_DE);
    });

    test(`${vision}: each channel's colour is nearer its own family's than any other family's`, () => {
      for (const c of CHANNELS) {
        const d = FAMILIES.map((f) => deltaE2000(seen(CHANNEL_COLOR[c], m), seen(FAMILY_COLOR[f], m)));
        expect(FAMILIES[d.indexOf(Math.min(...d))], c).toBe(CHANNEL_FAMILY[c]);
      }
    });

    test(`${vision}: channels of one family step in shade by ΔE00 ≥ ${SHADE_STEP_MIN_DE} between neighbours`, () => {
      for (const f of FAMILIES) {
        const cs = CHANNELS.filter((c) => CHANNEL_FAMILY[c] === f);
        for (let k = 1; k < cs.length; k++) {
          expect(deltaE2000(seen(CHANNEL_COLOR[cs[k - 1]], m), seen(CHANNEL_COLOR[cs[k]], m)), `${cs[k - 1]}–${cs[k]}`).toBeGreaterThanOrEqual(SHADE_STEP_MIN_DE);
        }
      }
    });
  }

  test('the electronic channels have six different mark shapes', () => {
    const e = CHANNELS.filter((c) => CHANNEL_FAMILY[c] === 'electronic');
    expect(e.length).toBe(6);
    expect(new Set(e.map((c) => CHANNEL_MARK[c])).size).toBe(e.length);
  });
});

type Lab = readonly [number, number, number];

// #rrggbb → linear sRGB → the deficiency's matrix (clipped to the gamut) → CIELAB, D65.
function seen(hex: string, m: M3): Lab {
  const n = parseInt(hex.slice(1), 16);
  const lin = [16, 8, 0].map((s) => { const c = ((n >> s) & 255) / 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
  const [r, g, b] = m.map((row) => Math.min(1, Math.max(0, row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2])));
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const fx = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const fy = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const fz = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

// CIEDE2000 (CIE 142-2001), as written out by Sharma, Wu & Dalal (2005), kL = kC = kH = 1.
function deltaE2000([L1, a1, b1]: Lab, [L2, a2, b2]: Lab): number {
  const rad = Math.PI / 180;
  const C7 = (c: number) => Math.sqrt(c ** 7 / (c ** 7 + 25 ** 7));
  const G = 0.5 * (1 - C7((Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2));
  const a1p = (1 + G) * a1, a2p = (1 + G) * a2;
  const C1 = Math.hypot(a1p, b1), C2 = Math.hypot(a2p, b2);
  const hue = (a: number, b: number) => (a === 0 && b === 0 ? 0 : (Math.atan2(b, a) / rad + 360) % 360);
  const h1 = hue(a1p, b1), h2 = hue(a2p, b2);
  let dh = 0;
  if (C1 * C2 !== 0) dh = h2 - h1 > 180 ? h2 - h1 - 360 : h2 - h1 < -180 ? h2 - h1 + 360 : h2 - h1;
  const dL = L2 - L1, dC = C2 - C1, dH = 2 * Math.sqrt(C1 * C2) * Math.sin((dh * rad) / 2);
  const L = (L1 + L2) / 2, C = (C1 + C2) / 2;
  let h = h1 + h2;
  if (C1 * C2 !== 0) h = Math.abs(h1 - h2) > 180 ? (h < 360 ? h + 360 : h - 360) / 2 : h / 2;
  const T = 1 - 0.17 * Math.cos((h - 30) * rad) + 0.24 * Math.cos(2 * h * rad) + 0.32 * Math.cos((3 * h + 6) * rad) - 0.2 * Math.cos((4 * h - 63) * rad);
  const RT = -Math.sin(2 * 30 * Math.exp(-(((h - 275) / 25) ** 2)) * rad) * 2 * C7(C);
  const SL = 1 + (0.015 * (L - 50) ** 2) / Math.sqrt(20 + (L - 50) ** 2), SC = 1 + 0.045 * C, SH = 1 + 0.015 * C * T;
  return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH));
}
