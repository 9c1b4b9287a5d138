import { describe, expect, test } from 'vitest';
import { closureFlowView, huffSplit, type FlowOutlet, type HuffParameters } from '../../src/ui/lib/map/closureArrows.ts';
import { huffProbabilities } from '../../src/model/choice.ts';

const P: HuffParameters = { alpha: 1, lambda: 1.6, accessMin: 5, speedKmh: 20 };
const OUTLETS: FlowOutlet[] = [
  { id: 'S1', kind: 'own', x: 0, y: 0, open: false, size: 3 },
  { id: 'S2', kind: 'own', x: 1, y: 0, open: true, size: 3 },
  { id: 'S3', kind: 'own', x: 0, y: 2, open: true, size: 6 },
  { id: 'S4', kind: 'own', x: 5, y: 5, open: true, size: 3 },
  { id: 'S5', kind: 'own', x: 9, y: 9, open: true, size: 3 },
  { id: 'S6', kind: 'own', x: 0.5, y: 0.5, open: false, size: 3 },
  { id: 'P1', kind: 'partner', x: 0, y: 1, open: true, size: 1 },
];

describe('closure flows on the map', () => {
  test('the store share goes to the three nearest open stores, split as Huff’s rule splits a choice', () => {
    const split = huffSplit(OUTLETS[0], OUTLETS.filter((o) => o.kind === 'own' && o.open), P, 3);
    expect(split.map((s) => s.id)).toEqual(['S2', 'S3', 'S4']);
    const minutes = [1, 2, Math.hypot(5, 5)].map((d) => P.accessMin + (d / P.speedKmh) * 60);
    const expected = huffProbabilities([3, 6, 3], minutes, P.alpha, P.lambda);
    split.forEach((s, i) => expect(s.p).toBeCloseTo(expected[i], 12));
  });

  test('arrows carry each destination’s share; the rest goes to the side legend, largest first; shares are conserved', () => {
    const flows = { S1: { ownStore: 0.4, partner: 0.1, app: 0.3, web: 0, lost: 0.2 }, GONE: { ownStore: 1 } };
    const v = closureFlowView(flows, OUTLETS, () => P);
    expect(v.missing).toEqual(['GONE']);
    const own = v.arrows.filter((a) => a.kind === 'own');
    expect(own.map((a) => a.to)).toEqual(['S2', 'S3', 'S4']);
    expect(own.reduce((s, a) => s + a.share, 0)).toBeCloseTo(0.4, 12);
    // the other closed store (S6) takes none
    expect(v.arrows.some((a) => a.to === 'S6')).toBe(false);
    expect(v.arrows.filter((a) => a.kind === 'partner')).toEqual([{ from: 'S1', to: 'P1', kind: 'partner', share: 0.1 }]);
    expect(v.offMap.S1).toEqual([{ key: 'app', share: 0.3 }, { key: 'lost', share: 0.2 }]);
    const total = v.arrows.reduce((s, a) => s + a.share, 0) + v.offMap.S1.reduce((s, p) => s + p.share, 0);
    expect(total).toBeCloseTo(1, 12);
  });

  test('a stored run’s null figure reads as nothing; with no open outlet of the kind, its share stays in the legend', () => {
    const v = closureFlowView({ S1: { ownStore: null, partner: 0.5, hotline: 0.5 } }, OUTLETS.map((o) => ({ ...o, open: o.kind === 'own' })), () => P);
    expect(v.arrows).toEqual([]);
    expect(v.offMap.S1).toEqual([{ key: 'partner', share: 0.5 }, { key: 'hotline', share: 0.5 }]);
  });

  test('a trip of no time does not take all the weight', () => {
    const split = huffSplit({ x: 0, y: 0 }, [{ id: 'A', kind: 'own', x: 0, y: 0, open: true, size: 1 }, { id: 'B', kind: 'own', x: 0.1, y: 0, open: true, size: 1 }], { ...P, accessMin: 0 }, 3);
    expect(split.every((s) => Number.isFinite(s.p) && s.p > 0)).toBe(true);
    expect(split[0].p + split[1].p).toBeCloseTo(1, 12);
  });
});
