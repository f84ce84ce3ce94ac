// Expectation-maximisation for the Gaussian mixtures of gaussian-mixture.ts (the clustering's splits).
import { makeMixture, mixtureLogDensities, type GaussianMixture } from './gaussian-mixture.js';

/** Result of {@link fitGaussianMixture}. */
export interface MixtureFit {
  mixture: GaussianMixture;
  /** Weighted mean log-density of the data under the fit (weights normalised to 1). */
  logLikelihood: number;
  /** Weighted mean log-density after each EM iteration (non-decreasing up to rounding). */
  trace: number[];
  iterations: number;
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
  return new MixtureEm(data, n, d, weights, options.regularization).run(initial, options);
}

/** Result of {@link MixtureEm.run}. */
export interface MixtureRun extends MixtureFit {
  /**
   * True when the run stopped at maxIterations without its last M-step (`lastMStep` false):
   * `mixture` is then the last one evaluated, and `maximise(mixture)` completes the step.
   */
  pending: boolean;
}

/**
 * Expectation–maximisation on one weighted data set, reusable across fits of it: the weights are
 * normalised, the regularisation computed and the buffers allocated once, and the E- and M-steps
 * can be run separately (so a caller needing only a log-likelihood skips the M-step).
 */
export class MixtureEm {
  private readonly w: Float64Array;
  /** Added to the diagonal of every fitted covariance. */
  readonly regularization: number;
  /** Log-densities of the last E-step (n x K); the M-step turns them into weighted responsibilities. */
  private table = new Float64Array(0);
  /** log sum_k of each row of the table. */
  private readonly lse: Float64Array;
  private readonly scratch: Float64Array;

  /**
   * @param data - n x d points, row-major
   * @param n - number of points
   * @param d - dimension
   * @param weights - n nonnegative weights (normalised here)
   * @param regularization - diagonal regularisation (default 1e-6 times the mean variance of the data)
   */
  constructor(
    private readonly data: Float64Array,
    private readonly n: number,
    private readonly d: number,
    weights: Float64Array,
    regularization?: number,
  ) {
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.w = new Float64Array(n);
    for (let i = 0; i < n; i++) this.w[i] = weights[i] / total;
    this.regularization = regularization ?? 1e-6 * meanVariance(data, n, d, this.w);
    this.scratch = new Float64Array(d);
    this.lse = new Float64Array(n);
  }

  /**
   * Runs EM from `initial` until the mean log-density changes by at most `tolerance` relative, or
   * for `maxIterations` iterations.
   * @param initial - starting mixture
   * @param options - `tolerance` (default 1e-6) and `maxIterations` (default 200)
   * @param lastMStep - whether to make the M-step after the last E-step when maxIterations stops the run
   * @returns the fit, as {@link fitGaussianMixture}'s, and whether an M-step is pending
   */
  run(initial: GaussianMixture, options: { tolerance?: number; maxIterations?: number } = {}, lastMStep = true): MixtureRun {
    const { tolerance = 1e-6, maxIterations = 200 } = options;
    let mixture = initial;
    const trace: number[] = [];
    let previous = -Infinity;
    let iterations = 0;
    let pending = false;
    for (; iterations < maxIterations; iterations++) {
      const ll = this.expect(mixture);
      trace.push(ll);
      if (Math.abs(ll - previous) <= tolerance * (1 + Math.abs(ll))) break;
      previous = ll;
      if (!lastMStep && iterations === maxIterations - 1) {
        pending = true;
        iterations++;
        break;
      }
      mixture = this.maximise(mixture);
    }
    return { mixture, logLikelihood: trace[trace.length - 1], trace, iterations, pending };
  }

  /**
   * E-step: the log-densities of `mixture` at every point, kept for one {@link maximise} call.
   * (The responsibilities are formed there, so an E-step without an M-step does not pay for them.)
   * @param mixture - the mixture
   * @returns the weighted mean log-density of the data
   */
  expect(mixture: GaussianMixture): number {
    const { n, w, lse } = this;
    const K = mixture.K;
    if (this.table.length < n * K) this.table = new Float64Array(n * K);
    const logp = this.table;
    mixtureLogDensities(logp, mixture, this.data, 0, n, this.scratch);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const row = i * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (logp[row + k] > max) max = logp[row + k];
      // exp(max - max) is exactly 1 when max is finite: skip the call for the largest term.
      const finite = max - max === 0;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += finite && logp[row + k] === max ? 1 : Math.exp(logp[row + k] - max);
      lse[i] = max + Math.log(sum);
      ll += w[i] * lse[i];
    }
    return ll;
  }

  /**
   * M-step from the last {@link expect} call, which must have been for `mixture`; once per E-step
   * (it overwrites the log-densities with the weighted responsibilities).
   * @param mixture - the mixture last evaluated (its parameters stay for a component left without weight)
   * @returns the new mixture
   */
  maximise(mixture: GaussianMixture): GaussianMixture {
    const { data, n, d, w, lse } = this;
    const resp = this.table;
    const K = mixture.K;
    const nk = new Float64Array(K);
    const means = new Float64Array(K * d);
    const covs = new Float64Array(K * d * d);
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      for (let k = 0; k < K; k++) {
        // w_i times the responsibility exp(logp - lse), kept for the covariance pass.
        const r = w[i] * Math.exp(resp[i * K + k] - lse[i]);
        resp[i * K + k] = r;
        nk[k] += r;
        const mo = k * d;
        for (let j = 0; j < d; j++) means[mo + j] += r * data[xo + j];
      }
    }
    for (let k = 0; k < K; k++) {
      if (nk[k] > 0) for (let j = 0; j < d; j++) means[k * d + j] /= nk[k];
      else for (let j = 0; j < d; j++) means[k * d + j] = mixture.means[k * d + j];
    }
    const diff = this.scratch;
    for (let i = 0; i < n; i++) {
      const xo = i * d;
      for (let k = 0; k < K; k++) {
        const r = resp[i * K + k];
        if (r === 0) continue;
        const mo = k * d;
        for (let j = 0; j < d; j++) diff[j] = data[xo + j] - means[mo + j];
        for (let a = 0; a < d; a++) {
          const ra = r * diff[a];
          const ro = mo * d + a * d;
          for (let b = 0; b <= a; b++) covs[ro + b] += ra * diff[b];
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
        covs[base + a * d + a] += this.regularization;
      }
    }
    return makeMixture(nk, means, covs, d);
  }
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
