// Small, self-contained numerical helpers for the accuracy suite's likelihoods and for the
// independent evidence checks (written here, not taken from @tempest/core, so that a bug in the
// sampler's kernels cannot make a reference value agree with it).

export const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_PI = Math.sqrt(Math.PI);

/** log(exp(a) + exp(b)) without overflow. */
export function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** log of the sum of exp(values[i]), without overflow. */
export function logSumExp(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - m);
  return m + Math.log(s);
}

/**
 * Accumulates log-sum-exp in one pass (rescaling when a larger term arrives), for quadratures
 * whose terms span hundreds of orders of magnitude.
 */
export class LogSum {
  private max = -Infinity;
  private sum = 0;
  add(logTerm: number): void {
    if (logTerm === -Infinity) return;
    if (logTerm > this.max) {
      this.sum = this.sum * Math.exp(this.max - logTerm) + 1;
      this.max = logTerm;
    } else this.sum += Math.exp(logTerm - this.max);
  }
  get value(): number {
    return this.max === -Infinity ? -Infinity : this.max + Math.log(this.sum);
  }
}

/**
 * erf(x) for x >= 0 by the series (2/sqrt(pi)) e^{-x^2} sum_n 2^n x^{2n+1} / (1·3···(2n+1)), whose
 * terms are all positive (no cancellation); used below x = 3.
 */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x * x) * sum);
}

/** erfc(x) for x >= 3 by its continued fraction (modified Lentz), accurate to ~1e-16 relative. */
function erfcContinuedFraction(x: number): number {
  // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** erfc(x), relative accuracy ~1e-15 over the whole line (tails included). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  return x < 3 ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

/** erf(x), absolute accuracy ~1e-16. */
export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  return x < 3 ? erfSeries(x) : 1 - erfcContinuedFraction(x);
}

/** Standard normal CDF, accurate in both tails (relative error ~1e-15). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal probability of [a, b], without cancellation when both are in one tail. */
export function normalInterval(a: number, b: number): number {
  if (a >= 0) return normalCdf(-a) - normalCdf(-b);
  if (b <= 0) return normalCdf(b) - normalCdf(a);
  return 1 - normalCdf(a) - normalCdf(-b);
}

/** Lanczos coefficients (g = 7, n = 9), as in Numerical Recipes and Boost. */
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos; relative accuracy ~1e-15), with the reflection formula below 1/2. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (y + i);
  return 0.5 * LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * Gauss–Legendre nodes and weights on [-1, 1] (Newton iteration on P_n from the Chebyshev guess).
 * @param n - number of nodes
 */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

/**
 * Composite Gauss–Legendre rule on [a, b]: `panels` equal panels of `order` nodes each.
 * @returns nodes and weights (weights sum to b - a)
 */
export function compositeGaussLegendre(a: number, b: number, panels: number, order: number): { nodes: Float64Array; weights: Float64Array } {
  const gl = gaussLegendre(order);
  const nodes = new Float64Array(panels * order);
  const weights = new Float64Array(panels * order);
  const h = (b - a) / panels;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    for (let k = 0; k < order; k++) {
      nodes[p * order + k] = mid + 0.5 * h * gl.nodes[k];
      weights[p * order + k] = 0.5 * h * gl.weights[k];
    }
  }
  return { nodes, weights };
}

/**
 * x^T C^-1 x for the AR(1) correlation C_ij = rho^|i-j| (unit variances), whose inverse is
 * tridiagonal: O(d) per point. Also ln det C = (d - 1) ln(1 - rho^2).
 * @param rho - the correlation of neighbours
 * @param d - dimension
 * @returns the quadratic form of the row of x starting at o
 */
export function ar1QuadraticForm(rho: number, d: number): (x: Float64Array, o: number) => number {
  const a = 1 - rho * rho;
  const diagEnd = 1 / a;
  const diagMid = (1 + rho * rho) / a;
  const off = -rho / a;
  return (x, o) => {
    let q = 0;
    for (let j = 0; j < d; j++) {
      const v = x[o + j];
      q += (j === 0 || j === d - 1 ? diagEnd : diagMid) * v * v;
      if (j + 1 < d) q += 2 * off * v * x[o + j + 1];
    }
    return q;
  };
}
