import { choleskyRegularized } from './cholesky.js';
import { logDeterminantFromCholesky } from './log-determinant.js';
import { solveLower } from './triangular-solve.js';

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

/** Result of {@link fitGaussianMixture}. */
export interface MixtureFit {
  mixture: GaussianMixture;
  /** Weighted mean log-density of the data under the fit (weights normalised to 1). */
  logLikelihood: number;
  /** Weighted mean log-density after each EM iteration (non-decreasing up to rounding). */
  trace: number[];
  iterations: number;
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
 * @param scratch - at least 2d numbers
 */
export function componentLogDensities(out: Float64Array, mixture: GaussianMixture, x: Float64Array, i: number, scratch: Float64Array): void {
  const { K, d } = mixture;
  const diff = scratch.subarray(0, d);
  const z = scratch.subarray(d, 2 * d);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < d; j++) diff[j] = x[i * d + j] - mixture.means[k * d + j];
    solveLower(z, mixture.chols.subarray(k * d * d, (k + 1) * d * d), diff, d);
    let q = 0;
    for (let j = 0; j < d; j++) q += z[j] * z[j];
    out[k] = Math.log(mixture.weights[k]) - 0.5 * (d * LOG_2PI + mixture.logDets[k] + q);
  }
}

/**
 * Fits a K-component Gaussian mixture to weighted points by expectation–maximisation,
 * starting from `initial`. Every covariance gets `regularization` added to its diagonal
 * (so a component collapsing onto few points stays positive definite); a component whose
 * weight falls to zero keeps its previous parameters with zero weight.
 * @param data - n x d points, row-major
 * @param n - number of points
 * @param d - dimension
 * @param weights - n nonnegative weights (normalised internally)
 * @param initial - starting mixture
 * @param options - `tolerance` on the change of the mean log-density (default 1e-6), `maxIterations` (default 200), `regularization` (default 1e-6 times the mean variance of the data)
 * @returns the fitted mixture, its weighted mean log-density and the EM trace
 */
export function fitGaussianMixture(
  data: Float64Array,
  n: number,
  d: number,
  weights: Float64Array,
  initial: GaussianMixture,
  options: { tolerance?: number; maxIterations?: number; regularization?: number } = {},
): MixtureFit {
  const { tolerance = 1e-6, maxIterations = 200 } = options;
  const K = initial.K;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = weights[i] / total;
  const regularization = options.regularization ?? 1e-6 * meanVariance(data, n, d, w);

  let mixture = initial;
  const resp = new Float64Array(n * K);
  const logp = new Float64Array(K);
  const scratch = new Float64Array(2 * d);
  const trace: number[] = [];
  let previous = -Infinity;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // E-step: responsibilities and the weighted mean log-density.
    let ll = 0;
    for (let i = 0; i < n; i++) {
      componentLogDensities(logp, mixture, data, i, scratch);
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (logp[k] > max) max = logp[k];
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(logp[k] - max);
      const lse = max + Math.log(sum);
      ll += w[i] * lse;
      for (let k = 0; k < K; k++) resp[i * K + k] = Math.exp(logp[k] - lse);
    }
    trace.push(ll);
    if (Math.abs(ll - previous) <= tolerance * (1 + Math.abs(ll))) break;
    previous = ll;

    // M-step.
    const nk = new Float64Array(K);
    const means = new Float64Array(K * d);
    const covs = new Float64Array(K * d * d);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) {
        const r = w[i] * resp[i * K + k];
        nk[k] += r;
        for (let j = 0; j < d; j++) means[k * d + j] += r * data[i * d + j];
      }
    }
    for (let k = 0; k < K; k++) {
      if (nk[k] > 0) for (let j = 0; j < d; j++) means[k * d + j] /= nk[k];
      else for (let j = 0; j < d; j++) means[k * d + j] = mixture.means[k * d + j];
    }
    const diff = scratch.subarray(0, d);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) {
        const r = w[i] * resp[i * K + k];
        if (r === 0) continue;
        for (let j = 0; j < d; j++) diff[j] = data[i * d + j] - means[k * d + j];
        const base = k * d * d;
        for (let a = 0; a < d; a++) {
          const ra = r * diff[a];
          for (let b = 0; b <= a; b++) covs[base + a * d + b] += ra * diff[b];
        }
      }
    }
    for (let k = 0; k < K; k++) {
      const base = k * d * d;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          const v = nk[k] > 0 ? covs[base + a * d + b] / nk[k] : mixture.covariances[base + a * d + b];
          covs[base + a * d + b] = v;
          covs[base + b * d + a] = v;
        }
        covs[base + a * d + a] += regularization;
      }
    }
    mixture = makeMixture(nk, means, covs, d);
  }
  return { mixture, logLikelihood: trace[trace.length - 1], trace, iterations };
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
  const p = K - 1 + K * d + (K * d * (d + 1)) / 2;
  return -2 * nEff * logLikelihood + p * Math.log(nEff);
}

function meanVariance(data: Float64Array, n: number, d: number, w: Float64Array): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += w[i] * data[i * d + j];
    let v = 0;
    for (let i = 0; i < n; i++) v += w[i] * (data[i * d + j] - m) ** 2;
    total += v;
  }
  const mean = total / d;
  return mean > 0 && Number.isFinite(mean) ? mean : 1;
}
