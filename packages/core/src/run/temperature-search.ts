import { effectiveSampleSizeFromLogWeights } from '../math/effective-sample-size.js';
import { volumeVariation } from '../math/volume-variation.js';
import type { ParticleHistory } from '../particles/particle-history.js';

/** Relative tolerance on the metric (ESS or CV) at which bisection stops. */
const METRIC_RTOL = 0.01;
/** Absolute floor of the ESS tolerance. */
const ESS_ATOL = 0.5;
/** Absolute floor of the CV tolerance (CV targets are O(1), far below ESS targets). */
const CV_ATOL = 0.01;
/** Bisection stops when the beta bracket is this small relative to its upper end. */
const BETA_RTOL = 1e-4;
const MAX_STEPS = 200;

/** The temperature chosen for the next iteration and the weights' summary there. */
export interface TemperatureChoice {
  beta: number;
  /** log-evidence estimate at `beta` from the whole history. */
  logz: number;
  /** ESS of the whole history at `beta`. */
  ess: number;
  /** Volume variation at `beta` (computed in dynamic mode and for diagnostics). */
  cv: number;
  /** Log weights of the history at `beta` (a view, valid until the search evaluates again). */
  logw: Float64Array;
  /** Number of weight evaluations the search used. */
  evaluations: number;
}

/**
 * Chooses the next inverse temperature from the particle history: bisection on beta so that
 * the history's ESS equals the target (and, in dynamic mode, so that the volume variation
 * does not exceed its target). Each trial costs O(N) thanks to the history's cached
 * denominators.
 */
export class TemperatureSearch {
  private logw = new Float64Array(0);
  private weights = new Float64Array(0);
  private readonly cvScratch: Float64Array;
  private evaluations = 0;

  /**
   * @param nDim - number of parameters
   * @param targetEss - ESS to aim for (essRatio x nParticles)
   * @param targetCv - volume-variation target in dynamic mode, undefined otherwise
   */
  constructor(
    nDim: number,
    private readonly targetEss: number,
    private readonly targetCv: number | undefined,
  ) {
    this.cvScratch = new Float64Array(2 * nDim * nDim + 2 * nDim);
  }

  /**
   * Log weights of the history at `beta` (valid until the next call).
   * @param history - the particle history
   * @param beta - trial inverse temperature
   * @returns the log weights view and logZ, ESS at beta
   */
  evaluate(history: ParticleHistory, beta: number): { logw: Float64Array; logz: number; ess: number } {
    const n = history.length;
    if (this.logw.length < n) this.logw = new Float64Array(Math.ceil(n * 1.5));
    const logw = this.logw.subarray(0, n);
    const logz = history.logWeights(logw, beta);
    this.evaluations++;
    return { logw, logz, ess: effectiveSampleSizeFromLogWeights(logw) };
  }

  /**
   * Volume variation of the history's u at `beta`.
   * @param history - the particle history
   * @param beta - trial inverse temperature
   * @returns CV of the weighted ellipsoid volume
   */
  cvAt(history: ParticleHistory, beta: number): number {
    const { logw, logz } = this.evaluate(history, beta);
    return this.cvOf(history, logw, logz);
  }

  /** Volume variation of the history weighted by `exp(logw - logz)`. */
  private cvOf(history: ParticleHistory, logw: Float64Array, logz: number): number {
    const n = logw.length;
    if (this.weights.length < n) this.weights = new Float64Array(Math.ceil(n * 1.5));
    const w = this.weights.subarray(0, n);
    for (let s = 0; s < n; s++) w[s] = Math.exp(logw[s] - logz);
    return volumeVariation(history.u, n, history.nDim, w, this.cvScratch);
  }

  /**
   * Picks the next beta, never below `betaPrev` and never above 1.
   * @param history - the particle history
   * @param betaPrev - the current inverse temperature
   * @returns the choice and the diagnostics at it
   */
  next(history: ParticleHistory, betaPrev: number): TemperatureChoice {
    this.evaluations = 0;
    const target = this.targetEss;
    const essTol = Math.max(METRIC_RTOL * target, ESS_ATOL);
    let beta: number;
    const atPrev = this.evaluate(history, betaPrev).ess;
    if (atPrev <= target) {
      beta = betaPrev; // not enough ESS yet: stay and accumulate particles
    } else if (this.evaluate(history, 1).ess >= target) {
      beta = 1;
    } else {
      // ESS decreases with beta; bisect in [lo, hi] with ESS(lo) > target > ESS(hi).
      let lo = betaPrev;
      let hi = 1;
      beta = lo;
      for (let step = 0; step < MAX_STEPS; step++) {
        const mid = 0.5 * (lo + hi);
        const ess = this.evaluate(history, mid).ess;
        if (Math.abs(ess - target) < essTol) {
          beta = mid;
          break;
        }
        if (ess > target) lo = mid;
        else hi = mid;
        beta = lo;
        if (hi - lo < BETA_RTOL * hi) break;
      }
    }
    if (this.targetCv !== undefined && beta > betaPrev) beta = this.limitByVolumeVariation(history, betaPrev, beta, this.targetCv);
    const { logw, logz, ess } = this.evaluate(history, beta);
    return { beta, logz, ess, cv: this.cvOf(history, logw, logz), logw, evaluations: this.evaluations };
  }

  /** Dynamic mode: the largest beta in [betaPrev, betaHigh] whose CV stays at the target. */
  private limitByVolumeVariation(history: ParticleHistory, betaPrev: number, betaHigh: number, targetCv: number): number {
    if (this.cvAt(history, betaHigh) <= targetCv) return betaHigh;
    if (this.cvAt(history, betaPrev) >= targetCv) return betaPrev;
    const tol = Math.max(METRIC_RTOL * targetCv, CV_ATOL);
    let lo = betaPrev;
    let hi = betaHigh;
    for (let step = 0; step < MAX_STEPS; step++) {
      const mid = 0.5 * (lo + hi);
      const cv = this.cvAt(history, mid);
      if (Math.abs(cv - targetCv) < tol) return mid;
      if (cv < targetCv) lo = mid;
      else hi = mid;
      if (hi - lo < BETA_RTOL * hi) break;
    }
    return lo;
  }
}
