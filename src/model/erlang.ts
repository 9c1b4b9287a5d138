/**
 * Closed forms for the M/M/c queue (Kendall notation: Poisson arrivals at rate λ, exponential
 * service at rate μ = 1/S, c servers, FCFS, infinite patience), the reference that the simulated
 * counters and hotline in queue.ts are checked against.
 *
 * Offered load a = λ·S (Erlang). Erlang B (Erlang 1917, loss system):
 *   B(0, a) = 1,  B(k, a) = a·B(k−1, a) / (k + a·B(k−1, a)),
 * the recursion that never forms aᶜ/c! and so stays finite for any c. Erlang C (delay system):
 *   C(c, a) = c·B(c, a) / (c − a·(1 − B(c, a)))          for a < c,
 * the probability that an arrival waits at all. Given that it waits, the wait is exponential
 * with rate cμ − λ, so
 *   P(W > t) = C·exp(−(cμ − λ)·t),   E[W] = C / (cμ − λ),   service level SL(T) = 1 − P(W > T).
 * Sources: A. K. Erlang, "Solution of some problems in the theory of probabilities of
 * significance in automatic telephone exchanges" (1917); Gross & Harris, Fundamentals of
 * Queueing Theory, §2.3.
 */

/** What Erlang C says about one queue; times in minutes. */
export interface ErlangCMetrics {
  /** P(W > 0): share of arrivals that find every server busy. */
  pWait: number;
  /** E[W] over all arrivals, including those that do not wait (minutes). */
  meanWaitMin: number;
  /** P(W ≤ T): share answered within the target time T. */
  serviceLevel: number;
}

/** A stream of work offered to a queue. */
export interface Traffic {
  /** λ, arrivals per hour. */
  arrivalsPerHour: number;
  /** S = 1/μ, mean service (handling) time in minutes. */
  meanServiceMin: number;
}

/**
 * The [Erlang B](https://en.wikipedia.org/wiki/Erlang_(unit)#Erlang_B_formula) blocking
 * probability: the share of arrivals lost when c servers carry Poisson traffic of a Erlang and
 * there is no queue. Useful on its own for lines without a queue and as the stable first step of
 * Erlang C.
 *
 * Computed by the recursion B(k) = a·B(k−1)/(k + a·B(k−1)) from B(0) = 1, which runs in `O(c)`
 * time and constant space and never overflows.
 *
 * @param c number of servers, an integer ≥ 0
 * @param a offered load in Erlang, finite and ≥ 0
 * @throws {RangeError} if c is not a non-negative integer or a is not a finite number ≥ 0
 * @returns the blocking probability, in [0, 1]
 * @example
 * erlangB(1, 1); // => 0.5
 * erlangB(2, 1); // => 0.2
 */
export function erlangB(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 0)) throw new RangeError(`erlangB: servers c must be an integer ≥ 0, got ${c}`);
  if (!(Number.isFinite(a) && a >= 0)) throw new RangeError(`erlangB: load a must be a finite number ≥ 0, got ${a}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * The [Erlang C](https://en.wikipedia.org/wiki/Erlang_(unit)#Erlang_C_formula) probability
 * that an arrival has to wait, for c servers and a < c Erlang of Poisson traffic with
 * exponential service: C = c·B/(c − a·(1 − B)) with B = erlangB(c, a).
 *
 * Runs in `O(c)` time.
 *
 * @param c number of servers, an integer ≥ 1
 * @param a offered load in Erlang, finite, ≥ 0 and < c
 * @throws {RangeError} if c or a is out of range, or a ≥ c (the queue grows without bound)
 * @returns P(W > 0), in [0, 1]
 * @example
 * erlangC(1, 0.8); // => 0.8 (for one server, C = ρ)
 * erlangC(2, 1); // => 1/3
 */
export function erlangC(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`erlangC: servers c must be an integer ≥ 1, got ${c}`);
  if (!(Number.isFinite(a) && a >= 0)) throw new RangeError(`erlangC: load a must be a finite number ≥ 0, got ${a}`);
  if (a >= c) throw unstable('erlangC', a, c);
  return fromErlangB(c, a, erlangB(c, a));
}

/**
 * Waiting-time figures of an M/M/c queue from its traffic and staffing: the probability of
 * waiting C, the mean wait C/(cμ − λ) and the service level 1 − C·exp(−(cμ − λ)·T), the share
 * answered within T seconds. These are the figures a call centre is run by (e.g. "80 % in 20 s").
 *
 * Runs in `O(c)` time.
 *
 * @param options.arrivalsPerHour λ, arrivals per hour, finite and ≥ 0
 * @param options.meanServiceMin S, mean service time in minutes, finite and > 0
 * @param options.servers c, an integer ≥ 1
 * @param options.answerWithinS T, the service-level target time in seconds, finite and ≥ 0
 * @throws {RangeError} naming the offered load if λ·S ≥ c (unstable), or an argument out of range
 * @returns `{ pWait, meanWaitMin, serviceLevel }`
 * @example
 * // 200 calls an hour, 3-minute handling, 14 agents: 10 Erlang
 * erlangCMetrics({ arrivalsPerHour: 200, meanServiceMin: 3, servers: 14, answerWithinS: 20 });
 * // => { pWait: 0.1741…, meanWaitMin: 0.1306…, serviceLevel: 0.8884… }
 */
export function erlangCMetrics(options: Traffic & { servers: number; answerWithinS: number }): ErlangCMetrics {
  const { servers: c, answerWithinS } = options;
  const { lambda, mu, a } = traffic('erlangCMetrics', options);
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`erlangCMetrics: servers must be an integer ≥ 1, got ${c}`);
  if (!(Number.isFinite(answerWithinS) && answerWithinS >= 0)) {
    throw new RangeError(`erlangCMetrics: answerWithinS must be a finite number ≥ 0, got ${answerWithinS}`);
  }
  if (a >= c) throw unstable('erlangCMetrics', a, c);
  const pWait = fromErlangB(c, a, erlangB(c, a));
  const drain = c * mu - lambda; // per minute
  return {
    pWait,
    meanWaitMin: pWait / drain,
    serviceLevel: 1 - pWait * Math.exp((-drain * answerWithinS) / 60),
  };
}

/**
 * The fewest servers for which the Erlang C service level — the share answered within T
 * seconds — reaches a target: smallest c with 1 − C(c, a)·exp(−(cμ − λ)·T) ≥ target. The
 * staffing question behind "80 % answered in 20 s".
 *
 * Walks c upward from ⌊a⌋ + 1 (the fewest stable servers) carrying the Erlang B recursion along,
 * so it runs in `O(c)` time for the c it returns.
 *
 * @param options.arrivalsPerHour λ, arrivals per hour, finite and ≥ 0
 * @param options.meanServiceMin S, mean service time in minutes, finite and > 0
 * @param options.answerWithinS T, seconds, finite and ≥ 0
 * @param options.target the service level to reach, in [0, 1)
 * @throws {RangeError} if an argument is out of range (a target of 1 is never reached)
 * @returns the smallest number of servers meeting the target, ≥ 1
 * @example
 * serversForServiceLevel({ arrivalsPerHour: 200, meanServiceMin: 3, answerWithinS: 20, target: 0.8 }); // => 14
 */
export function serversForServiceLevel(options: Traffic & { answerWithinS: number; target: number }): number {
  const { answerWithinS, target } = options;
  const { lambda, mu, a } = traffic('serversForServiceLevel', options);
  if (!(Number.isFinite(answerWithinS) && answerWithinS >= 0)) {
    throw new RangeError(`serversForServiceLevel: answerWithinS must be a finite number ≥ 0, got ${answerWithinS}`);
  }
  if (!(target >= 0 && target < 1)) throw new RangeError(`serversForServiceLevel: target must be in [0, 1), got ${target}`);
  return fewestServers(lambda, mu, a, answerWithinS / 60, target);
}

/**
 * The fewest servers for which a given share of arrivals waits at most t minutes under Erlang C:
 * smallest c with P(W ≤ t) = 1 − C(c, a)·exp(−(cμ − λ)·t) ≥ quantile. For targets such as
 * "90 % of store visitors wait no more than 15 minutes".
 *
 * Runs in `O(c)` time for the c it returns (see serversForServiceLevel).
 *
 * @param options.arrivalsPerHour λ, arrivals per hour, finite and ≥ 0
 * @param options.meanServiceMin S, mean service time in minutes, finite and > 0
 * @param options.quantile the share that must be served within maxWaitMin, in [0, 1)
 * @param options.maxWaitMin t, minutes, finite and ≥ 0
 * @throws {RangeError} if an argument is out of range
 * @returns the smallest number of servers meeting the target, ≥ 1
 * @example
 * serversForWaitQuantile({ arrivalsPerHour: 60, meanServiceMin: 3, quantile: 0.9, maxWaitMin: 1 }); // => 6
 */
export function serversForWaitQuantile(options: Traffic & { quantile: number; maxWaitMin: number }): number {
  const { quantile, maxWaitMin } = options;
  const { lambda, mu, a } = traffic('serversForWaitQuantile', options);
  if (!(Number.isFinite(maxWaitMin) && maxWaitMin >= 0)) {
    throw new RangeError(`serversForWaitQuantile: maxWaitMin must be a finite number ≥ 0, got ${maxWaitMin}`);
  }
  if (!(quantile >= 0 && quantile < 1)) throw new RangeError(`serversForWaitQuantile: quantile must be in [0, 1), got ${quantile}`);
  return fewestServers(lambda, mu, a, maxWaitMin, quantile);
}

// Checks λ and S and returns λ and μ per minute and the offered load a = λ/μ in Erlang.
function traffic(fn: string, { arrivalsPerHour, meanServiceMin }: Traffic): { lambda: number; mu: number; a: number } {
  if (!(Number.isFinite(arrivalsPerHour) && arrivalsPerHour >= 0)) {
    throw new RangeError(`${fn}: arrivalsPerHour must be a finite number ≥ 0, got ${arrivalsPerHour}`);
  }
  if (!(Number.isFinite(meanServiceMin) && meanServiceMin > 0)) {
    throw new RangeError(`${fn}: meanServiceMin must be a finite number > 0, got ${meanServiceMin}`);
  }
  const lambda = arrivalsPerHour / 60;
  return { lambda, mu: 1 / meanServiceMin, a: lambda * meanServiceMin };
}

// Erlang C from Erlang B of the same (c, a): C = c·B / (c − a·(1 − B)).
function fromErlangB(c: number, a: number, b: number): number {
  return (c * b) / (c - a * (1 - b));
}

// Smallest c > a with 1 − C(c, a)·exp(−(cμ − λ)·t) ≥ target. P(W > t) falls strictly with c and
// tends to 0, so for target < 1 the walk ends; B(c) is advanced by one recursion step per c.
function fewestServers(lambda: number, mu: number, a: number, tMin: number, target: number): number {
  let c = Math.floor(a) + 1;
  let b = erlangB(c, a);
  for (;;) {
    const late = fromErlangB(c, a, b) * Math.exp(-(c * mu - lambda) * tMin);
    if (1 - late >= target) return c;
    c++;
    b = (a * b) / (c + a * b);
  }
}

function unstable(fn: string, a: number, c: number): RangeError {
  return new RangeError(
    `${fn}: offered load ${round(a)} Erlang ≥ ${c} servers: the queue is unstable; at least ${Math.floor(a) + 1} servers are needed`,
  );
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
