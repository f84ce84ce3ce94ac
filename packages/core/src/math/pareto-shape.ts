/**
 * The shape k of a generalized Pareto distribution fitted to the largest importance weights, the
 * diagnostic of Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman, Yao & Gabry 2024,
 * "Pareto smoothed importance sampling", JMLR 25). The weights' tail decides whether an
 * importance-sampling estimate can be trusted: with k < 1/2 their variance is finite and the
 * central limit theorem gives the usual error; with 1/2 <= k < 0.7 the variance is infinite and
 * the error bar is too small, though the estimate still converges at a useful rate; above 0.7 it
 * does not, in practice.
 *
 * The fit is Zhang & Stephens's (2009, Technometrics 51) empirical-Bayes estimator on the
 * M = min(S / 5, 3 sqrt(S)) largest of S weights, above the next largest, with the weakly
 * informative prior of Vehtari et al. (ten pseudo-observations at k = 1/2).
 */

/** Fewer tail points than this give no estimate (NaN). */
const MIN_TAIL = 5;
/** Weight of the prior towards k = 1/2, in tail points. */
const PRIOR_POINTS = 10;
const PRIOR_SHAPE = 0.5;

/**
 * How many of S weights the tail fit uses: min(S / 5, 3 sqrt(S)), 192 of 4,096. The shape's
 * standard error is about (1 + k) / sqrt(that) (the generalized Pareto's Fisher information).
 * @param s - the number of weights
 * @returns the number of tail weights
 */
export function paretoTailSize(s: number): number {
  return Math.min(Math.floor(s / 5), Math.floor(3 * Math.sqrt(s)));
}

/**
 * @param logWeights - log importance weights (any additive constant); -Infinity entries are zero
 *   weights and count towards S
 * @returns the estimated tail shape k, or NaN when there are too few positive weights for a tail
 */
export function paretoTailShape(logWeights: ArrayLike<number>): number {
  const s = logWeights.length;
  const tail = paretoTailSize(s);
  if (tail < MIN_TAIL) return NaN;
  const sorted = Float64Array.from(logWeights).sort();
  const max = sorted[s - 1];
  if (!Number.isFinite(max)) return NaN;
  const threshold = Math.exp(sorted[s - tail - 1] - max);
  const x = new Float64Array(tail);
  for (let i = 0; i < tail; i++) x[i] = Math.exp(sorted[s - tail + i] - max) - threshold;
  if (!(x[tail - 1] > 0)) return NaN;
  return (tail * zhangStephensShape(x) + PRIOR_POINTS * PRIOR_SHAPE) / (tail + PRIOR_POINTS);
}

/**
 * Zhang & Stephens's estimate of the shape from exceedances over a threshold, sorted ascending.
 * It averages the profile likelihood's b = -k / sigma over a grid of candidates, each weighted by
 * its profile likelihood, then returns the shape at that b.
 */
function zhangStephensShape(x: Float64Array): number {
  const n = x.length;
  const candidates = 30 + Math.floor(Math.sqrt(n));
  const quartile = x[Math.max(0, Math.floor(n / 4 + 0.5) - 1)];
  const b = new Float64Array(candidates);
  const logLik = new Float64Array(candidates);
  let best = -Infinity;
  for (let j = 0; j < candidates; j++) {
    b[j] = 1 / x[n - 1] + (1 - Math.sqrt(candidates / (j + 0.5))) / (3 * quartile);
    const k = meanLog1p(x, b[j]);
    logLik[j] = n * (Math.log(-b[j] / k) - k - 1);
    if (logLik[j] > best) best = logLik[j];
  }
  let weightSum = 0;
  let bHat = 0;
  for (let j = 0; j < candidates; j++) {
    const w = Math.exp(logLik[j] - best);
    weightSum += w;
    bHat += w * b[j];
  }
  return meanLog1p(x, bHat / weightSum);
}

/** mean of log(1 - b x_i): the shape k that goes with b (positive for heavy tails, where b < 0). */
function meanLog1p(x: Float64Array, b: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.log1p(-b * x[i]);
  return sum / x.length;
}
