import { mahalanobisSquared } from '../math/mahalanobis.js';
import { logGamma } from '../math/special-functions.js';
import type { RandomGenerator } from '../random/random-generator.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import { logStudentKernel } from '../kernels/student-t-reference.js';

/**
 * An independence proposal from the whole fitted mixture, for moves between clusters.
 *
 * Each cluster's chain kernel proposes from that cluster's Student-t, so a particle almost never
 * leaves its mode: when a mode's share of the tempered target grows (a period alias that becomes
 * the true period as beta rises), only resampling can move particles into it, and a mode with
 * few particles stays under-populated. Its mass is then missing from the next temperature's
 * evidence, which no later iteration recovers. A draw from sum_j w_j t_j (the chain's fold's
 * components), accepted with the Metropolis–Hastings ratio of an independence sampler, moves
 * particles between modes in proportion to the target whatever the fitted weights.
 *
 * The weights mix the clusters' shares of the particles with equal shares (half each), so that a
 * mode holding few particles is still proposed often.
 */
export class MixtureJump {
  private readonly logWeights: Float64Array;
  private readonly logNorm: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly scratch: Float64Array;
  private readonly terms: Float64Array;

  /**
   * @param components - the proposal's components, `folds` per cluster (index cluster x folds + fold)
   * @param clusters - number of clusters K
   * @param folds - number of folds
   * @param population - particles per cluster at the start of the mutation
   * @param d - dimension
   */
  constructor(
    private readonly components: readonly ProposalComponent[],
    private readonly clusters: number,
    private readonly folds: number,
    population: Float64Array,
    private readonly d: number,
  ) {
    let total = 0;
    for (let c = 0; c < clusters; c++) total += population[c];
    this.logWeights = new Float64Array(clusters);
    this.cumulative = new Float64Array(clusters);
    let running = 0;
    for (let c = 0; c < clusters; c++) {
      const w = 0.5 * (population[c] / total) + 0.5 / clusters;
      this.logWeights[c] = Math.log(w);
      running += w;
      this.cumulative[c] = running;
    }
    this.logNorm = Float64Array.from(components, (c) => logStudentNormaliser(c, d));
    this.scratch = new Float64Array(d);
    this.terms = new Float64Array(clusters);
  }

  /**
   * Draws a point from the mixture of the fold's components into `out` at `offset`.
   * @param out - receives the point
   * @param offset - where it starts
   * @param fold - the chain's fold
   * @param rng - the run's generator
   * @param z - length-d scratch for the normal deviates
   */
  propose(out: Float64Array, offset: number, fold: number, rng: RandomGenerator, z: Float64Array): void {
    const d = this.d;
    const r = rng.uniform() * this.cumulative[this.clusters - 1];
    let c = 0;
    while (c < this.clusters - 1 && r >= this.cumulative[c]) c++;
    const comp = this.components[c * this.folds + fold];
    rng.fillNormal(z, 0, d);
    const scale = Number.isFinite(comp.dof) ? Math.sqrt(comp.dof / (2 * rng.gamma(0.5 * comp.dof))) : 1;
    const L = comp.chol;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k <= i; k++) s += L[i * d + k] * z[k];
      out[offset + i] = comp.mean[i] + scale * s;
    }
  }

  /**
   * Log density of the fold's mixture at a point (normalised over R^d; the cube's truncation
   * cancels in the acceptance ratio).
   * @param point - buffer holding the point
   * @param offset - where it starts
   * @param fold - the chain's fold
   * @returns log sum_j w_j t_j(point)
   */
  logDensity(point: Float64Array, offset: number, fold: number): number {
    const d = this.d;
    let max = -Infinity;
    for (let c = 0; c < this.clusters; c++) {
      const i = c * this.folds + fold;
      const comp = this.components[i];
      const delta = mahalanobisSquared(point, offset, comp.mean, comp.chol, d, this.scratch);
      const v = this.logWeights[c] + this.logNorm[i] + logStudentKernel(delta, comp.dof, d);
      this.terms[c] = v;
      if (v > max) max = v;
    }
    if (max === -Infinity) return -Infinity;
    let sum = 0;
    for (let c = 0; c < this.clusters; c++) sum += Math.exp(this.terms[c] - max);
    return max + Math.log(sum);
  }
}

/** log of the multivariate Student-t's normalising constant (Gaussian when dof is infinite). */
function logStudentNormaliser(c: ProposalComponent, d: number): number {
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += Math.log(c.chol[i * d + i]);
  if (!Number.isFinite(c.dof)) return -0.5 * d * Math.log(2 * Math.PI) - logDet;
  return logGamma(0.5 * (c.dof + d)) - logGamma(0.5 * c.dof) - 0.5 * d * Math.log(c.dof * Math.PI) - logDet;
}
