import { describe, expect, it } from 'vitest';
import { CH } from '../../src/model/domain.ts';
import { PICKUP } from '../../src/model/sampler.ts';
import { NEW_LINE_CHANNELS, serviceTables } from '../../src/model/services.ts';
import { smallScenario } from './month.ts';

describe('services: per-service tables with the new line last', () => {
  const s = smallScenario({ handoffs: { pickupMin: 2.5 }, acquisition: { counterMin: 17 } });
  const t = serviceTables(s), n = s.services.length;

  it('puts the new line at index n, with its channels, and every flag table one longer than the services', () => {
    expect([t.n, t.newLine]).toEqual([n, n]);
    const list = Array.from(t.channels.list.subarray(t.channels.offsets[n], t.channels.offsets[n + 1]));
    expect(list).toEqual(NEW_LINE_CHANNELS.map((c) => CH[c]).sort((a, b) => a - b));
    for (const f of [t.queueFree, t.sensitive, t.handset, t.kioskCan, t.appCan, t.complexity]) expect(f).toHaveLength(n + 1);
    expect([t.queueFree[n], t.sensitive[n], t.handset[n], t.kioskCan[n], t.appCan[n]]).toEqual([0, 0, 0, 0, 1]);
  });

  it('mirrors each service\'s attributes, and gives the queues their mean minutes by key', () => {
    s.services.forEach((sv, k) => {
      expect(t.queueFree[k], sv.id).toBe(sv.queueFree ? 1 : 0);
      expect(t.sensitive[k], sv.id).toBe(sv.class === 'sensitive' ? 1 : 0);
      expect(t.kioskCan[k], sv.id).toBe(sv.channels.includes('kiosk') ? 1 : 0);
      expect(t.counterMin[k], sv.id).toBe(sv.counterMin);
    });
    expect([t.counterMin[n], t.counterMin[PICKUP], t.callMin[0], t.callMin[PICKUP]]).toEqual([17, 2.5, s.hotline.ahtMin, s.hotline.ahtMin]);
  });
});
