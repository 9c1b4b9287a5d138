/**
 * Statistics over replications: the Student t quantile and the summary (mean, standard deviation,
 * t-based 95 % confidence interval) that every KPI, month and paired difference is reported with.
 *
 * Replications are independent draws of a KPI, so the interval for its expected value is
 * mean ± t(0.975, n − 1) · s / √n (Student 1908), exact for normal data and close for the sums and
 * means of many customers that the engine reports.
 */
import { mean as ssMean, sampleStandardDeviation } from 'simple-statistics';

/** Mean, spread and 95 % interval of one quantity over replications. */
export interface Summary {
  mean: number;
  /** sample standard deviation (n − 1 in the denominator); 0 when n = 1 */
  sd: number;
  /** t-based 95 % confidence interval of the mean; [mean, mean] when n = 1 */
  ci95: [number, number];
  n: number;
  /** half the width of ci95: t(0.975, n − 1) · sd / √n; 0 when n = 1 */
  halfWidth: number;
}

/**
 * The p-quantile of Student's t distribution with df degrees of freedom: the t such that
 * P(T ≤ t) = p. Needed for confidence intervals from few replications, where the normal 1.96
 * would be too narrow (t(0.975, 4) = 2.776).
 *
 * Method: the t CDF through the regularized incomplete beta function,
 * F(t) = 1 − ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0 (Abramowitz & Stegun 26.7.1), inverted by
 * bisection to full double precision; df = ∞ uses the normal quantile (Wichura 1988, AS 241).
 * Closed forms for df = 1 (Cauchy) and df = 2. Complexity: about 60 CDF evaluations, each a
 * continued fraction of O(√df) terms.
 *
 * @param p probability, 0 < p < 1
 * @param df degrees of freedom, > 0 (need not be an integer; Infinity for the normal)
 * @throws {RangeError} when p or df is out of range
 * @example tQuantile(0.975, 9) // 2.2621571627…
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile requires 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`tQuantile requires df > 0, got ${df}`);
  if (df === Infinity) return normalQuantile(p);
  if (p === 0.5) return 0;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  if (p < 0.5) return -tQuantile(1 - p, df);
  // Bracket the root in [lo, hi] with F(lo) < p ≤ F(hi), then halve until the bracket is one ulp wide.
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Mean, sample standard deviation and t-based 95 % confidence interval of values over
 * replications: ci95 = mean ± t(0.975, n − 1) · sd / √n.
 *
 * One value (n = 1) has no spread to estimate: sd and halfWidth are reported as 0 and ci95 as
 * [mean, mean], a degenerate interval that says "not estimated", not "certain". Non-finite values
 * propagate (NaN mean) rather than being dropped, so a broken KPI is visible.
 *
 * @param values one value per replication
 * @throws {RangeError} when values is empty
 * @example summarize([1, 2, 3]) // { mean: 2, sd: 1, ci95: [-0.484…, 4.484…], n: 3, halfWidth: 2.484… }
 */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) throw new RangeError('summarize requires at least one value');
  const m = ssMean(values as number[]);
  if (n === 1) return { mean: m, sd: 0, ci95: [m, m], n, halfWidth: 0 };
  const sd = sampleStandardDeviation(values as number[]);
  const halfWidth = sd === 0 ? 0 : t975(n - 1) * sd / Math.sqrt(n);
  return { mean: m, sd, ci95: [m - halfWidth, m + halfWidth], n, halfWidth };
}

/**
 * Student's t cumulative distribution function P(T ≤ t) with df degrees of freedom.
 *
 * @param t any real number
 * @param df degrees of freedom, > 0
 */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

// summarize() asks for the same few quantiles again and again (one per KPI and month).
const t975Cache = new Map<number, number>();
function t975(df: number): number {
  let q = t975Cache.get(df);
  if (q === undefined) t975Cache.set(df, (q = tQuantile(0.975, df)));
  return q;
}

// ---------------------------------------------------------------------------------------------
// Kernels.
//
// Regularized incomplete beta I_x(a, b) = B(x; a, b) / B(a, b), evaluated as
//   x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d1 / (1 + d2 / (1 + …)))
// with d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and
// d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)), by the modified Lentz method; the fraction
// converges fast for x < (a + 1)/(a + b + 2), otherwise I_x(a, b) = 1 − I_{1−x}(b, a)
// (Press et al., Numerical Recipes, 3rd ed., §6.4).
// ---------------------------------------------------------------------------------------------

function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return Math.exp(lnFront) * betaFraction(x, a, b) / a;
  return 1 - Math.exp(lnFront) * betaFraction(1 - x, b, a) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const eps = 1e-16;
  let c = 1;
  let d = 1 - (a + b) * x / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < eps) break;
  }
  return h;
}

// ln Γ(x) by the Lanczos approximation (g = 7, 9 terms; relative error below 1e-15 for x > 0),
// with the reflection Γ(x) Γ(1 − x) = π / sin(πx) below ½.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

// Standard normal quantile: Wichura (1988), Algorithm AS 241 (PPND16), accurate to about 1e-16.
// Three rational approximations: |p − ½| ≤ 0.425; then r = √(−ln min(p, 1 − p)) ≤ 5; beyond.
function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return q * poly(A, r) / poly(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = poly(C, r) / poly(D, r);
  } else {
    r -= 5;
    z = poly(E, r) / poly(F, r);
  }
  return q < 0 ? -z : z;
}

// Horner evaluation of c[0] + c[1] r + … + c[7] r^7.
function poly(c: readonly number[], r: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * r + c[i];
  return s;
}

const A = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const B = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
  21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561];
const C = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const D = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
  0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
const E = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
const F = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];
