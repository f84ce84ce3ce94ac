import { choleskyRegularized } from './cholesky.js';
import { logDeterminantFromCholesky } from './log-determinant.js';

/** A Gaussian mixture with full covariances. */
export interface GaussianMixture {
  /** Mixture weights (sum 1). */
  weights: Float64Array;
  /** K x d means, row-major. */
  means: Float64Array;
  /** K covariances, each d x d row-major, concatenated. */
  covariances: Float64Array;
  /** Lower Cholesky factors of the covariances, same layout. */
  chols: Float64Array;
  /** Log-determinants of the covariances. */
  logDets: Float64Array;
  K: number;
  d: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Builds a mixture from weights, means and covariances, factorising each covariance (with
 * diagonal jitter when it is singular).
 * @param weights - K mixture weights, normalised here
 * @param means - K x d means
 * @param covariances - K d x d covariances (copied)
 * @param d - dimension
 * @returns the mixture, ready for densities
 */
export function makeMixture(weights: ArrayLike<number>, means: Float64Array, covariances: Float64Array, d: number): GaussianMixture {
  const K = weights.length;
  const w = Float64Array.from(weights);
  let total = 0;
  for (let k = 0; k < K; k++) total += w[k];
  for (let k = 0; k < K; k++) w[k] /= total;
  const cov = covariances.slice(0, K * d * d);
  const chols = new Float64Array(K * d * d);
  const logDets = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const block = cov.subarray(k * d * d, (k + 1) * d * d);
    const L = chols.subarray(k * d * d, (k + 1) * d * d);
    const jitter = choleskyRegularized(L, block, d);
    if (jitter > 0) for (let j = 0; j < d; j++) block[j * d + j] += jitter;
    logDets[k] = logDeterminantFromCholesky(L, d);
  }
  return { weights: w, means: means.slice(0, K * d), covariances: cov, chols, logDets, K, d };
}

/**
 * log(weight_k) + log N(x; mean_k, cov_k) for every component.
 * @param out - receives K values
 * @param mixture - the mixture
 * @param x - data, row `i` at offset `i * d`
 * @param i - row index
 * @param scratch - at least d numbers
 */
export function componentLogDensities(out: Float64Array, mixture: GaussianMixture, x: Float64Array, i: number, scratch: Float64Array): void {
  mixtureLogDensities(out, mixture, x, i, 1, scratch);
}

/**
 * log(weight_k) + log N(x_i; mean_k, cov_k) for every component and each of `count` rows.
 * @param out - receives count x K values, row by row
 * @param mixture - the mixture
 * @param x - data, row `i` at offset `i * d`
 * @param first - first row
 * @param count - number of rows
 * @param scratch - at least d numbers
 */
export function mixtureLogDensities(out: Float64Array, mixture: GaussianMixture, x: Float64Array, first: number, count: number, scratch: Float64Array): void {
  const { K, d, means, chols } = mixture;
  // Component-major, so each component's log-weight and constant are computed once, not per row;
  // each value is the same expression as solving L z = x - mean, then summing z_j^2 in order.
  for (let k = 0; k < K; k++) {
    const logWeight = Math.log(mixture.weights[k]);
    const constant = d * LOG_2PI + mixture.logDets[k];
    const mo = k * d;
    const lo = k * d * d;
    for (let r = 0; r < count; r++) {
      const xo = (first + r) * d;
      let q = 0;
      for (let a = 0; a < d; a++) {
        const la = lo + a * d;
        let s = x[xo + a] - means[mo + a];
        for (let b = 0; b < a; b++) s -= chols[la + b] * scratch[b];
        const z = s / chols[la + a];
        scratch[a] = z;
        q += z * z;
      }
      out[r * K + k] = logWeight - 0.5 * (constant + q);
    }
  }
}

/**
 * Free parameters of a K-component full-covariance Gaussian mixture in d dimensions: K - 1
 * weights, K means and K symmetric covariances.
 * @param K - number of components
 * @param d - dimension
 * @returns the count
 */
export function mixtureParameterCount(K: number, d: number): number {
  return K - 1 + K * d + (K * d * (d + 1)) / 2;
}

/**
 * Bayesian information criterion of a mixture for weighted data, with the Kish effective
 * sample size standing in for the number of points: `-2 nEff ll + p ln nEff`, where `ll` is
 * the weighted mean log-density and `p = (K - 1) + K d + K d (d + 1) / 2`.
 * @param logLikelihood - weighted mean log-density
 * @param K - components
 * @param d - dimension
 * @param nEff - effective sample size of the weights
 * @returns the BIC (lower is better)
 */
export function mixtureBic(logLikelihood: number, K: number, d: number, nEff: number): number {
  const p = mixtureParameterCount(K, d);
  return -2 * nEff * logLikelihood + p * Math.log(nEff);
}
