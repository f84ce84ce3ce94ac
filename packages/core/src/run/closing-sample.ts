import { logSumExp } from '../math/log-sum-exp.js';
import { mahalanobisSquared } from '../math/mahalanobis.js';
import { paretoTailShape } from '../math/pareto-shape.js';
import { logGamma } from '../math/special-functions.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import type { RandomGenerator } from '../random/random-generator.js';

/**
 * A closing importance sample: once the anneal has reached beta = 1, independent draws from the
 * fitted proposal mixture, weighted by L(u) / q(u), estimate log Z and give posterior samples
 * whose ESS is honest (independent draws, unlike chain states). A study over 18 problems (see
 * BENCHMARKS.md, session 10) found log Z 10-30 times more precise than the anneal's for about
 * 4,000 calls where the mixture covers the posterior, and k-hat (the Pareto shape of the weights'
 * tail) above 0.5 on most problems where it does not. It cannot see regions the particles never
 * reached, so the anneal's verdict and error must stay in charge of those (`closing-use.ts`).
 * This file holds the proposal and the estimate; `closing-draw.ts` draws the sample in a run.
 */

/**
 * Scale units (of the widest component, per periodic coordinate) beyond which an image of a point
 * is left out of the periodic density: a Student-t with 3 degrees of freedom is 6e-5 of its peak
 * 20 scale units out along one coordinate (less in more dimensions, and with lighter tails).
 */
const IMAGE_REACH = 20;

/** How the closing proposal widens the fitted components (the study's values). */
export interface ClosingProposalSettings {
  /** Covariances are multiplied by this (tails a little wider than the fit). */
  readonly inflation: number;
  /** Degrees of freedom are clipped to [minDof, maxDof]: heavy enough tails, never Cauchy-like. */
  readonly minDof: number;
  readonly maxDof: number;
}

export const CLOSING_PROPOSAL_DEFAULTS: ClosingProposalSettings = { inflation: 1.2, minDof: 3, maxDof: 30 };

/**
 * The covariance inflation for d dimensions: 1.2 up to 10, then 1 + sqrt(0.4 / d), so that the
 * widening costs the same share of the draws in every dimension. Importance sampling a Gaussian
 * from one c times as wide gives ESS / draws = ((2c - 1) / c^2)^(d/2): 0.87 for c = 1.2 at
 * d = 10, but 0.49 at d = 50 and 0.24 at d = 100; with c = 1 + sqrt(0.4 / d) it stays 0.84-0.87.
 * @param d - dimension
 * @returns the factor on the fitted covariances
 */
export function closingInflation(d: number): number {
  return 1 + Math.min(0.2, Math.sqrt(0.4 / d));
}

/**
 * The mixture sum_c pi_c / F sum_f t(mu_cf, inflation Sigma_cf, nu_cf) over the clusters' cross-fitted
 * components, on R^d, with periodic coordinates wrapped into [0, 1) (their density summed over
 * the neighbouring images, which is exact while a component's scale is well under one period).
 */
export class ClosingProposal {
  private readonly cumulative: Float64Array;
  private readonly logWeight: Float64Array;
  private readonly logNorm: Float64Array;
  private readonly dof: Float64Array;
  private readonly chols: Float64Array[];
  private readonly scratch: Float64Array;
  private readonly terms: Float64Array;
  private readonly image: Float64Array;
  private readonly periodicIndices: number[];
  /** Per periodic coordinate: how far (in u) any component's density reaches, beyond which an image adds nothing. */
  private readonly reach: Float64Array;

  /**
   * @param components - the proposal's components, `folds` per cluster (index cluster x folds + fold)
   * @param clusters - number of clusters
   * @param folds - components per cluster
   * @param clusterWeights - posterior weight of each cluster (normalised here; must not all be 0)
   * @param d - dimension
   * @param periodic - per coordinate, 1 where it wraps
   * @param settings - widening of the components
   */
  constructor(
    private readonly components: readonly ProposalComponent[],
    private readonly clusters: number,
    private readonly folds: number,
    clusterWeights: ArrayLike<number>,
    private readonly d: number,
    periodic: Uint8Array | undefined,
    settings: ClosingProposalSettings = CLOSING_PROPOSAL_DEFAULTS,
  ) {
    const n = clusters * folds;
    if (components.length !== n) throw new Error(`ClosingProposal: ${components.length} components for ${clusters} clusters x ${folds} folds`);
    let total = 0;
    for (let c = 0; c < clusters; c++) total += clusterWeights[c];
    if (!(total > 0)) throw new Error('ClosingProposal: every cluster weight is zero');
    this.cumulative = new Float64Array(n);
    this.logWeight = new Float64Array(n);
    this.logNorm = new Float64Array(n);
    this.dof = new Float64Array(n);
    this.chols = [];
    const scale = Math.sqrt(settings.inflation);
    let running = 0;
    for (let i = 0; i < n; i++) {
      const weight = clusterWeights[Math.floor(i / folds)] / total / folds;
      running += weight;
      this.cumulative[i] = running;
      this.logWeight[i] = Math.log(weight);
      const comp = components[i];
      this.dof[i] = Math.min(settings.maxDof, Math.max(settings.minDof, Number.isFinite(comp.dof) ? comp.dof : settings.maxDof));
      const chol = Float64Array.from(comp.chol, (v) => v * scale);
      this.chols.push(chol);
      let logDet = 0;
      for (let j = 0; j < d; j++) logDet += Math.log(chol[j * d + j]);
      const nu = this.dof[i];
      this.logNorm[i] = logGamma(0.5 * (nu + d)) - logGamma(0.5 * nu) - 0.5 * d * Math.log(nu * Math.PI) - logDet;
    }
    this.scratch = new Float64Array(d);
    this.terms = new Float64Array(n);
    this.image = new Float64Array(d);
    this.periodicIndices = [];
    for (let j = 0; j < d; j++) if (periodic?.[j] === 1) this.periodicIndices.push(j);
    this.reach = Float64Array.from(this.periodicIndices, (j) => {
      let widest = 0;
      for (const chol of this.chols) {
        let variance = 0;
        for (let k = 0; k <= j; k++) variance += chol[j * d + k] ** 2;
        widest = Math.max(widest, Math.sqrt(variance));
      }
      return IMAGE_REACH * widest;
    });
  }

  /**
   * Draws one point into `out` at `offset` (periodic coordinates wrapped; others may leave the cube).
   * @param out - receives the point
   * @param offset - where it starts
   * @param rng - the run's generator
   * @param z - length-d scratch
   */
  draw(out: Float64Array, offset: number, rng: RandomGenerator, z: Float64Array): void {
    const d = this.d;
    const r = rng.uniform() * this.cumulative[this.cumulative.length - 1];
    let i = 0;
    while (i < this.cumulative.length - 1 && r >= this.cumulative[i]) i++;
    const comp = this.components[i];
    const L = this.chols[i];
    rng.fillNormal(z, 0, d);
    const s = Math.sqrt(this.dof[i] / (2 * rng.gamma(0.5 * this.dof[i])));
    for (let a = 0; a < d; a++) {
      let v = 0;
      for (let b = 0; b <= a; b++) v += L[a * d + b] * z[b];
      out[offset + a] = comp.mean[a] + s * v;
    }
    for (const j of this.periodicIndices) out[offset + j] -= Math.floor(out[offset + j]);
  }

  /**
   * @param point - buffer holding the point
   * @param offset - where it starts
   * @returns log q(point), periodic coordinates summed over the images at -1, 0 and +1 that some
   *   component reaches
   */
  logDensity(point: Float64Array, offset: number): number {
    const p = this.periodicIndices.length;
    if (p === 0) return this.logDensityAt(point, offset);
    // The images at -1 and +1 of a periodic coordinate count only where some component reaches
    // them: near the wrap, or for components wide against the period. Elsewhere the one point is
    // the whole sum, so many periodic coordinates do not cost 3^p evaluations.
    const shifts: number[][] = this.periodicIndices.map((j, i) => {
      const v = point[offset + j];
      const near = (w: number) => this.components.some((c) => Math.abs(w - c.mean[j]) <= this.reach[i]);
      return [0, ...(near(v - 1) ? [-1] : []), ...(near(v + 1) ? [1] : [])];
    });
    const terms: number[] = [];
    const code = new Int32Array(p);
    for (;;) {
      this.image.set(point.subarray(offset, offset + this.d));
      this.periodicIndices.forEach((j, i) => (this.image[j] += shifts[i][code[i]]));
      terms.push(this.logDensityAt(this.image, 0));
      let i = 0;
      while (i < p && ++code[i] === shifts[i].length) code[i++] = 0;
      if (i === p) break;
    }
    return terms.length === 1 ? terms[0] : logSumExp(Float64Array.from(terms));
  }

  private logDensityAt(point: Float64Array, offset: number): number {
    const n = this.terms.length;
    for (let i = 0; i < n; i++) {
      const delta = mahalanobisSquared(point, offset, this.components[i].mean, this.chols[i], this.d, this.scratch);
      const nu = this.dof[i];
      this.terms[i] = this.logWeight[i] + this.logNorm[i] - 0.5 * (this.d + nu) * Math.log1p(delta / nu);
    }
    return logSumExp(this.terms);
  }
}

/** What a closing sample estimates. */
export interface ClosingEstimate {
  /** log Z = log mean of L/q over every draw (those outside the cube count as 0). */
  readonly logz: number;
  /** Its standard error, sqrt(Var(w) / draws) / mean(w), by the delta method. */
  readonly logzErr: number;
  /** Kish ESS of the weights. */
  readonly ess: number;
  /** Pareto shape of the weights' tail (NaN with too few positive weights). */
  readonly paretoShape: number;
  /** Number of draws, inside the cube or not. */
  readonly draws: number;
}

/**
 * @param logWeights - log L(u) - log q(u) per draw; -Infinity for draws outside the cube or of zero likelihood
 * @returns the estimate
 */
export function closingEstimate(logWeights: Float64Array): ClosingEstimate {
  const m = logWeights.length;
  let max = -Infinity;
  for (let i = 0; i < m; i++) if (logWeights[i] > max) max = logWeights[i];
  if (max === -Infinity) return { logz: -Infinity, logzErr: Infinity, ess: 0, paretoShape: NaN, draws: m };
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < m; i++) {
    const w = Math.exp(logWeights[i] - max);
    sum += w;
    sumSq += w * w;
  }
  const mean = sum / m;
  const variance = Math.max(0, sumSq / m - mean * mean);
  return {
    logz: max + Math.log(mean),
    logzErr: Math.sqrt(variance / m) / mean,
    ess: (sum * sum) / sumSq,
    paretoShape: paretoTailShape(logWeights),
    draws: m,
  };
}
