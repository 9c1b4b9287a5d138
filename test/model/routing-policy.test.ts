import { describe, expect, it } from 'vitest';
import { CH, NC, NT, SEGMENTS, TIERS } from '../../src/model/domain.ts';
import { managerEntitled, managerFirstTable, servingChannels, sharedTable } from '../../src/model/choice.ts';
import { proactiveShare } from '../../src/model/accountManagers.ts';
import { serviceTables } from '../../src/model/services.ts';
import { serveNeeds } from '../../src/model/needs.ts';
import { parseScenario } from '../../src/model/validate.ts';
import { openedState, smallScenario, testRng } from './month.ts';

const seg = (g: string) => SEGMENTS.indexOf(g as (typeof SEGMENTS)[number]), tier = (t: string) => TIERS.indexOf(t as (typeof TIERS)[number]);

describe('routing policy: service classes steer the channels (seed 001)', () => {
  const s = smallScenario();
  const sv = serviceTables(s), rows = sv.n + 1;
  const t = sharedTable(s, sv.all);
  const at = (g: number, r: number, k: number, c: number) => t[((g * NT + r) * rows + k) * NC + c];
  const id = (x: string) => s.services.findIndex((y) => y.id === x);

  it('a channel the class does not allow never serves it: retention and strategic stay with own stores and managers', () => {
    const retention = id('retentionOffer');
    expect(s.services[retention].channels).toContain('hotline');
    expect(servingChannels(s, sv.all[retention])).toEqual(['ownStore', 'accountManager']);
    for (let g = 0; g < SEGMENTS.length; g++) for (let r = 0; r < NT; r++) expect(at(g, r, retention, CH.hotline)).toBe(0);
    expect(sv.channels.list.subarray(sv.channels.offsets[retention], sv.channels.offsets[retention + 1])).not.toContain(CH.hotline);
    // the sign-up has no class: not steered
    expect(servingChannels(s, sv.all[sv.newLine])).toEqual(sv.all[sv.newLine].channels);
  });

  it('account managers for the tiers and segments named: large enterprises at any tier, SMEs only at a VIP tier', () => {
    const inquiry = id('inquiry');
    expect(managerEntitled(s, seg('enterprise'), tier('gold'))).toBe(true);
    expect(managerEntitled(s, seg('sme'), tier('ordinary'))).toBe(false);
    expect(managerEntitled(s, seg('sme'), tier('diamond'))).toBe(true);
    expect(managerEntitled(s, seg('youth'), tier('supreme'))).toBe(true);
    expect(at(seg('sme'), tier('ordinary'), inquiry, CH.accountManager)).toBe(0);
    expect(at(seg('sme'), tier('diamond'), inquiry, CH.accountManager)).toBeGreaterThan(0);
    expect(at(seg('enterprise'), tier('gold'), inquiry, CH.accountManager)).toBeGreaterThan(0);
  });

  it('steering multiplies exactly the non-preferred channels of the steered tiers by exp(−steerUtility)', () => {
    const steered = smallScenario({ routing: { steerUtility: 0.7 } });
    const u = sharedTable(steered, serviceTables(steered).all);
    const balance = id('balanceQuery'), preferred = new Set(s.routing.classes.service.preferred.map((c) => CH[c]));
    let checked = 0;
    for (let g = 0; g < SEGMENTS.length; g++) {
      for (let r = 0; r < NT; r++) {
        const low = s.routing.steeredTiers.includes(TIERS[r]);
        for (let c = 0; c < NC; c++) {
          const k = ((g * NT + r) * rows + balance) * NC + c;
          if (t[k] === 0) { expect(u[k]).toBe(0); continue; }
          expect(u[k] / t[k]).toBeCloseTo(low && !preferred.has(c) ? Math.exp(-0.7) : 1, 12);
          if (low && !preferred.has(c)) checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0); // own store and hotline, for silver and ordinary customers
  });

  it('a service no channel of its class may serve is refused at its channels path', () => {
    const r = parseScenario({ routing: { classes: { retention: { allowed: ['partner'] } } } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const p = r.problems.find((x) => /retention service/.test(x.message));
      expect(p?.path).toBe(`$.services[${s.services.findIndex((x) => x.id === 'retentionOffer')}].channels`);
      expect(p?.message).toMatch(/routing\.classes\.retention\.allowed \(partner\)/);
    }
  });
});

describe('account managers: proactive account management', () => {
  const s = smallScenario({}, 20_000);
  const sv = serviceTables(s), first = managerFirstTable(s, sv.all);

  it('the manager takes first exactly the entitled customers\' needs of the proactive classes a manager may carry', () => {
    for (let g = 0; g < SEGMENTS.length; g++) {
      for (let r = 0; r < NT; r++) {
        s.services.forEach((x, k) => {
          const want = managerEntitled(s, g, r) && s.accountManagers.proactiveClasses.includes(x.class) && servingChannels(s, sv.all[k]).includes('accountManager');
          expect(first[(g * NT + r) * (sv.n + 1) + k], `${SEGMENTS[g]} ${TIERS[r]} ${x.id}`).toBe(want ? 1 : 0);
        });
      }
    }
    expect(first.reduce((a, x) => a + x, 0)).toBeGreaterThan(0);
  });

  it('takes them all up to capacity, then the share capacity / last month\'s such needs (within 4 binomial SE)', () => {
    expect(proactiveShare(s, 0)).toBe(1);
    const capacity = s.accountManagers.managers * s.accountManagers.visitsPerManagerMonth;
    expect(proactiveShare(s, capacity)).toBe(1);
    expect(proactiveShare(s, 4 * capacity)).toBe(0.25);
    expect(proactiveShare(smallScenario({ accountManagers: { managers: 0 } }), 0)).toBe(0);
    for (const p of [1, 0.3]) {
      const st = openedState(s);
      st.amFirstShare = p;
      const before = st.tally.tx[CH.accountManager];
      serveNeeds(st, testRng(1));
      const n = st.tally.amEligible, took = st.tally.tx[CH.accountManager] - before;
      expect(n).toBeGreaterThan(50);
      // the manager's transactions: the proactive ones, plus those customers chose by the logit
      if (p === 1) expect(took).toBeGreaterThanOrEqual(n);
      else expect(took).toBeGreaterThanOrEqual(p * n - 4 * Math.sqrt(n * p * (1 - p)));
    }
  });
});
