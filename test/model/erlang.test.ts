import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, erlangCMetrics, serversForServiceLevel, serversForWaitQuantile } from '../../src/model/erlang.ts';

// Erlang C straight from its textbook form, (aᶜ/c!)·c/(c−a) / (Σ_{k<c} aᵏ/k! + (aᶜ/c!)·c/(c−a)),
// summed term by term: an independent check of the recursion for small c.
function erlangCDirect(c: number, a: number): number {
  let term = 1;
  let head = 0;
  for (let k = 0; k < c; k++) {
    head += term;
    term = (term * a) / (k + 1);
  }
  const tail = (term * c) / (c - a);
  return tail / (head + tail);
}

describe('erlangB', () => {
  it('matches hand-computed values', () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 15);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15);
    // a²/2 / (1 + a + a²/2) with a = 2
    expect(erlangB(2, 2)).toBeCloseTo(0.4, 15);
    expect(erlangB(5, 0)).toBe(0);
  });

  it('stays finite and in (0, 1) for thousands of servers, where aᶜ/c! overflows', () => {
    const b = erlangB(2000, 1900);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(1);
  });

  it('falls as servers are added', () => {
    let previous = 1;
    for (let c = 1; c <= 30; c++) {
      const b = erlangB(c, 12);
      expect(b).toBeLessThan(previous);
      previous = b;
    }
  });

  it('rejects bad servers and load, naming the function', () => {
    expect(() => erlangB(-1, 1)).toThrow(/^erlangB: servers c/);
    expect(() => erlangB(1.5, 1)).toThrow(RangeError);
    expect(() => erlangB(2, -1)).toThrow(/^erlangB: load a/);
    expect(() => erlangB(2, Number.NaN)).toThrow(RangeError);
  });
});

describe('erlangC', () => {
  it('equals ρ for one server (M/M/1)', () => {
    for (const rho of [0.1, 0.5, 0.8, 0.95]) expect(erlangC(1, rho)).toBeCloseTo(rho, 14);
  });

  it('gives 1/3 for two servers and one Erlang', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
  });

  it('gives 0.2362 for five servers and three Erlang (textbook M/M/5, λ = 1/min, S = 3 min)', () => {
    expect(erlangC(5, 3)).toBeCloseTo(0.236152, 6);
  });

  it('agrees with the factorial form for c ≤ 40', () => {
    for (let c = 1; c <= 40; c++) {
      for (const rho of [0.05, 0.3, 0.6, 0.85, 0.99]) {
        const a = rho * c;
        expect(erlangC(c, a)).toBeCloseTo(erlangCDirect(c, a), 12);
      }
    }
  });

  it('is 0 with no load and approaches 1 as the load approaches c', () => {
    expect(erlangC(3, 0)).toBe(0);
    expect(erlangC(10, 9.9999)).toBeGreaterThan(0.999);
  });

  it('throws a RangeError naming the offered load when a ≥ c', () => {
    expect(() => erlangC(3, 3)).toThrow(/erlangC: offered load 3 Erlang ≥ 3 servers.*at least 4 servers/);
    expect(() => erlangC(3, 4.5)).toThrow(RangeError);
    expect(() => erlangC(0, 0)).toThrow(/^erlangC: servers c/);
  });
});

describe('erlangCMetrics', () => {
  it('reproduces M/M/1 with ρ = 0.8: P(wait) = ρ, Wq = ρ/(μ − λ), SL = 1 − ρ·e^(−(μ−λ)T)', () => {
    // λ = 48/h = 0.8/min, μ = 1/min, T = 30 s
    const m = erlangCMetrics({ arrivalsPerHour: 48, meanServiceMin: 1, servers: 1, answerWithinS: 30 });
    expect(m.pWait).toBeCloseTo(0.8, 14);
    expect(m.meanWaitMin).toBeCloseTo(0.8 / (1 - 0.8), 12);
    expect(m.serviceLevel).toBeCloseTo(1 - 0.8 * Math.exp(-0.2 * 0.5), 14);
  });

  it('reproduces the call-centre worked example: 200 calls/h, AHT 180 s, 20 s target', () => {
    // Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example": A = 10 Erlang;
    // 11 agents wait with probability 68.21 %, and 14 agents are needed for 80 % in 20 s.
    const eleven = erlangCMetrics({ arrivalsPerHour: 200, meanServiceMin: 3, servers: 11, answerWithinS: 20 });
    expect(eleven.pWait).toBeCloseTo(0.6821, 4);
    // ASA = C·AHT/(N − A) = 0.6821 × 180 s / 1 = 122.8 s
    expect(eleven.meanWaitMin * 60).toBeCloseTo(122.78, 2);
    expect(eleven.serviceLevel).toBeCloseTo(1 - 0.6821182 * Math.exp(-20 / 180), 6);
    const thirteen = erlangCMetrics({ arrivalsPerHour: 200, meanServiceMin: 3, servers: 13, answerWithinS: 20 });
    const fourteen = erlangCMetrics({ arrivalsPerHour: 200, meanServiceMin: 3, servers: 14, answerWithinS: 20 });
    expect(thirteen.serviceLevel).toBeLessThan(0.8);
    expect(fourteen.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(fourteen.pWait).toBeCloseTo(0.1741, 4);
  });

  it('gives the whole-queue figures: no load means no waiting', () => {
    expect(erlangCMetrics({ arrivalsPerHour: 0, meanServiceMin: 5, servers: 2, answerWithinS: 20 })).toEqual({
      pWait: 0,
      meanWaitMin: 0,
      serviceLevel: 1,
    });
  });

  it('has service level 1 − P(wait) at T = 0', () => {
    const m = erlangCMetrics({ arrivalsPerHour: 297, meanServiceMin: 4, servers: 22, answerWithinS: 0 });
    expect(m.serviceLevel).toBeCloseTo(1 - m.pWait, 15);
  });

  it('throws a RangeError naming the load when unstable', () => {
    expect(() => erlangCMetrics({ arrivalsPerHour: 60, meanServiceMin: 5, servers: 4, answerWithinS: 20 })).toThrow(
      /erlangCMetrics: offered load 5 Erlang ≥ 4 servers.*at least 6 servers/,
    );
    expect(() => erlangCMetrics({ arrivalsPerHour: 60, meanServiceMin: 5, servers: 5, answerWithinS: 20 })).toThrow(RangeError);
  });

  it('rejects bad arguments, naming them', () => {
    const ok = { arrivalsPerHour: 60, meanServiceMin: 1, servers: 2, answerWithinS: 20 };
    expect(() => erlangCMetrics({ ...ok, arrivalsPerHour: -1 })).toThrow(/arrivalsPerHour/);
    expect(() => erlangCMetrics({ ...ok, meanServiceMin: 0 })).toThrow(/meanServiceMin/);
    expect(() => erlangCMetrics({ ...ok, servers: 2.5 })).toThrow(/servers/);
    expect(() => erlangCMetrics({ ...ok, answerWithinS: Number.NaN })).toThrow(/answerWithinS/);
  });
});

describe('serversForServiceLevel', () => {
  it('finds 14 agents for 80 % in 20 s at 200 calls/h and AHT 3 min', () => {
    expect(serversForServiceLevel({ arrivalsPerHour: 200, meanServiceMin: 3, answerWithinS: 20, target: 0.8 })).toBe(14);
  });

  it('returns the minimal c: c meets the target, c − 1 is unstable or misses it', () => {
    for (const arrivalsPerHour of [1, 12, 60, 200, 297, 1500]) {
      for (const meanServiceMin of [0.5, 3, 4, 10]) {
        for (const target of [0, 0.5, 0.8, 0.95, 0.999]) {
          const answerWithinS = 20;
          const c = serversForServiceLevel({ arrivalsPerHour, meanServiceMin, answerWithinS, target });
          expect(erlangCMetrics({ arrivalsPerHour, meanServiceMin, servers: c, answerWithinS }).serviceLevel).toBeGreaterThanOrEqual(target);
          const load = (arrivalsPerHour * meanServiceMin) / 60;
          if (c - 1 > load) {
            expect(erlangCMetrics({ arrivalsPerHour, meanServiceMin, servers: c - 1, answerWithinS }).serviceLevel).toBeLessThan(target);
          } else {
            expect(c).toBe(Math.floor(load) + 1);
          }
        }
      }
    }
  });

  it('needs one server for no traffic', () => {
    expect(serversForServiceLevel({ arrivalsPerHour: 0, meanServiceMin: 3, answerWithinS: 20, target: 0.99 })).toBe(1);
  });

  it('rejects a target that can never be reached', () => {
    expect(() => serversForServiceLevel({ arrivalsPerHour: 60, meanServiceMin: 3, answerWithinS: 20, target: 1 })).toThrow(
      /^serversForServiceLevel: target must be in \[0, 1\)/,
    );
  });
});

describe('serversForWaitQuantile', () => {
  it('agrees with the service level when maxWaitMin = T/60', () => {
    for (const target of [0.5, 0.8, 0.9, 0.99]) {
      const bySl = serversForServiceLevel({ arrivalsPerHour: 297, meanServiceMin: 4, answerWithinS: 30, target });
      const byQ = serversForWaitQuantile({ arrivalsPerHour: 297, meanServiceMin: 4, quantile: target, maxWaitMin: 0.5 });
      expect(byQ).toBe(bySl);
    }
  });

  it('returns the minimal c with P(W ≤ t) ≥ quantile, P(W > t) = C·e^(−(cμ−λ)t)', () => {
    const lambda = 1; // per minute
    const mu = 1 / 3;
    const c = serversForWaitQuantile({ arrivalsPerHour: 60, meanServiceMin: 3, quantile: 0.9, maxWaitMin: 1 });
    expect(c).toBe(6); // five servers leave 1 − 0.2362·e^(−2/3) = 87.9 % within a minute
    const within = (k: number) => 1 - erlangC(k, 3) * Math.exp(-(k * mu - lambda) * 1);
    expect(within(c)).toBeGreaterThanOrEqual(0.9);
    expect(within(c - 1)).toBeLessThan(0.9);
  });

  it('rejects a quantile outside [0, 1)', () => {
    expect(() => serversForWaitQuantile({ arrivalsPerHour: 60, meanServiceMin: 3, quantile: 1.2, maxWaitMin: 1 })).toThrow(/quantile/);
    expect(() => serversForWaitQuantile({ arrivalsPerHour: 60, meanServiceMin: 3, quantile: 0.9, maxWaitMin: -1 })).toThrow(/maxWaitMin/);
  });
});
