/// <reference path="../math/jstat.d.ts" />
import jstat from 'jstat';
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
 * Largest scale of a component along a periodic coordinate, in periods (after widening): a wider
 * one is narrowed to it (its row of the Cholesky factor scaled, correlations kept), which leaves a
 * valid proposal that is nearly flat once wrapped. Wider components (an orphan region's, built
 * from the pooled covariance of modes across the period) needed images many periods away: summed
 * over -1, 0 and +1 only, the density was too low and log Z too high by 0.4-0.6 on a 4-D torus
 * (BENCHMARKS.md, session 29).
 */
const PERIODIC_MAX_SCALE = 0.3;

/**
 * Scale along a periodic coordinate (in periods, after widening and narrowing) from which a
 * component's tails are nearly Gaussian (the most degrees of freedom a component may have,
 * `maxDof`: 30 by default): a Student-t's images decay as a power of their distance, and with 3
 * degrees of freedom those beyond 3 periods still hold 0.2-0.9% of the density at the far side of
 * the period in 1-5 dimensions (scale 0.3; 0.01-0.1% with 5), so that many images must be summed
 * (`tools/scratch/s29/tail.py`). With 30 the images beyond 2 periods are negligible (1e-9), and a
 * component this wide is nearly flat once wrapped whatever its tails.
 */
const PERIODIC_WIDE_SCALE = 0.15;

/** Most periods an image of a point may be shifted along one periodic coordinate (see {@link PERIODIC_WIDE_SCALE}). */
const PERIODIC_MAX_SHIFT = 3;

/**
 * A periodic image whose term is bounded above by e^-16 of the point's density (1e-7) is left out
 * of the sum: the images that pass are few where the components are narrow against the period.
 */
const PERIODIC_NEGLIGIBLE = 16;

/**
 * Most images a point's density may sum over (periodic and folded coordinates together): 7^5, so
 * that five wide periodic coordinates keep every image up to 3 periods away. Past it, the
 * periodic images farthest from the point are left out (see `keepWithinBudget`).
 */
const IMAGE_BUDGET = 7 ** 5;

/**
 * A bounded coordinate is folded (see {@link ClosingProposal}) where the mixture puts more than
 * this of its mass beyond a bound: below it, discarding the draws that leave the cube wastes
 * less than a thousandth of them.
 */
const FOLD_MIN_MASS = 1e-3;
/**
 * Most images a point's density may sum over the folded coordinates (each bound folded at
 * doubles or adds to them): a half-normal against one bound in 8 coordinates needs 2^8...
 */
const FOLD_IMAGE_BUDGET = 256;
/**
 * ...and at most this many image terms times dimensions per point (an image costs O(d) per
 * component), so that many components in many dimensions fold fewer coordinates: the density
 * of a point then costs at most about this many operations beyond its own.
 */
const FOLD_WORK_BUDGET = 2 ** 16;
/**
 * An image whose term is bounded above by e^-30 of the point's own density is left out of the
 * sum (its share is below 1e-13).
 */
const NEGLIGIBLE_IMAGE = 30;

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
 * the images up to {@link PERIODIC_MAX_SHIFT} periods away, exact to about 1e-7: no component is
 * wider than {@link PERIODIC_MAX_SCALE} of the period along such a coordinate, nor heavy-tailed
 * where it is wide).
 *
 * Bounded coordinates where the mixture reaches beyond a bound are folded there: a draw between
 * -1 and 0 is reflected to its negative (where the coordinate folds at 0), one between 1 and 2 to
 * 2 minus it (where it folds at 1), any other outside the cube is discarded, and the density sums
 * the images u, -u and 2 - u that those reflections can come from, so it is exact. A posterior
 * cut by a bound (a half-normal, a parameter whose posterior rests on zero) or filling the cube
 * (a parameter the data do not constrain) is then matched by the fit reflected into the cube
 * instead of losing the draws that leave it: on an 8-D half-normal the ESS per draw goes from
 * 0.11 (0.38 of the draws inside) to 0.54 for a Gaussian fitted to exact draws, and to 0.63-0.68
 * in the sampler's runs (BENCHMARKS.md, session 14).
 * The coordinates that fold are those with the most mass beyond their bounds, as many as keep
 * the cost of a point's density within {@link FOLD_IMAGE_BUDGET} images and
 * {@link FOLD_WORK_BUDGET} operations; the others discard what leaves.
 */
export class ClosingProposal {
  private readonly components: readonly ProposalComponent[];
  private readonly cumulative: Float64Array;
  private readonly logWeight: Float64Array;
  private readonly logNorm: Float64Array;
  private readonly dof: Float64Array;
  private readonly chols: Float64Array[];
  private readonly scratch: Float64Array;
  private readonly terms: Float64Array;
  /** Per component, L^-1 (x - m) of the point whose images are being summed (n x d). */
  private readonly residual: Float64Array;
  private readonly periodicIndices: number[];
  /**
   * Densities evaluated (a point evaluated in several rounds counts each time) that left out
   * periodic images 2 periods away or nearer, to keep within {@link IMAGE_BUDGET} (seven or more
   * periodic coordinates along which components are wide): they are too low.
   */
  truncatedDensities = 0;
  /** The folded coordinates, and at which of their bounds each folds. */
  private readonly foldedIndices: number[];
  private readonly foldsLow: boolean[];
  private readonly foldsHigh: boolean[];
  /** The periodic coordinates, then the folded ones: those whose images the density sums. */
  private readonly special: number[];
  /** Per component, the columns of L^-1 for the special coordinates, one after another (special x d). */
  private readonly inverseColumns: Float64Array[];
  /** Per component, its marginal scale along every coordinate (in u, widened). */
  private readonly marginalScale: Float64Array[];

  /**
   * @param components - the proposal's components, `folds` per cluster (index cluster x folds + fold)
   * @param clusters - number of clusters
   * @param folds - components per cluster
   * @param clusterWeights - posterior weight of each cluster (normalised here; must not all be 0)
   * @param d - dimension
   * @param periodic - per coordinate, 1 where it wraps
   * @param settings - widening of the components
   * @param bounded - per coordinate, 1 where it is bounded by [0, 1] (folded where the mixture
   *   reaches beyond; without it, no coordinate is folded and draws may leave the cube)
   */
  constructor(
    components: readonly ProposalComponent[],
    private readonly clusters: number,
    private readonly folds: number,
    clusterWeights: ArrayLike<number>,
    private readonly d: number,
    periodic: Uint8Array | undefined,
    settings: ClosingProposalSettings = CLOSING_PROPOSAL_DEFAULTS,
    bounded?: Uint8Array,
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
    this.periodicIndices = [];
    for (let j = 0; j < d; j++) if (periodic?.[j] === 1) this.periodicIndices.push(j);
    // Means wrapped into the period: the density sums only the images a few periods from a point
    // inside it, so a component centred many periods away (a climb's end that walked along an
    // angle) would draw points its density never counted.
    this.components = components.map((comp) => {
      if (this.periodicIndices.every((j) => comp.mean[j] >= 0 && comp.mean[j] < 1)) return comp;
      const mean = Float64Array.from(comp.mean);
      for (const j of this.periodicIndices) mean[j] -= Math.floor(mean[j]);
      return { ...comp, mean };
    });
    let running = 0;
    for (let i = 0; i < n; i++) {
      const weight = clusterWeights[Math.floor(i / folds)] / total / folds;
      running += weight;
      this.cumulative[i] = running;
      this.logWeight[i] = Math.log(weight);
      const comp = this.components[i];
      this.dof[i] = Math.min(settings.maxDof, Math.max(settings.minDof, Number.isFinite(comp.dof) ? comp.dof : settings.maxDof));
      const chol = Float64Array.from(comp.chol, (v) => v * scale);
      for (const j of this.periodicIndices) {
        let variance = 0;
        for (let k = 0; k <= j; k++) variance += chol[j * d + k] ** 2;
        const width = Math.sqrt(variance);
        if (width > PERIODIC_MAX_SCALE) for (let k = 0; k <= j; k++) chol[j * d + k] *= PERIODIC_MAX_SCALE / width;
        if (Math.min(width, PERIODIC_MAX_SCALE) > PERIODIC_WIDE_SCALE) this.dof[i] = settings.maxDof;
      }
      this.chols.push(chol);
      let logDet = 0;
      for (let j = 0; j < d; j++) logDet += Math.log(chol[j * d + j]);
      const nu = this.dof[i];
      this.logNorm[i] = logGamma(0.5 * (nu + d)) - logGamma(0.5 * nu) - 0.5 * d * Math.log(nu * Math.PI) - logDet;
    }
    this.scratch = new Float64Array(d);
    this.terms = new Float64Array(n);
    this.residual = new Float64Array(n * d);
    this.marginalScale = this.chols.map((chol) => Float64Array.from({ length: d }, (_, j) => {
      let variance = 0;
      for (let k = 0; k <= j; k++) variance += chol[j * d + k] ** 2;
      return Math.sqrt(variance);
    }));
    const folding = bounded === undefined ? [] : this.chooseFolded(bounded);
    this.foldedIndices = folding.map((c) => c.j);
    this.foldsLow = folding.map((c) => c.low);
    this.foldsHigh = folding.map((c) => c.high);
    this.special = [...this.periodicIndices, ...this.foldedIndices];
    const p = this.special.length;
    this.inverseColumns = this.chols.map((L) => {
      const columns = new Float64Array(d * p);
      this.special.forEach((j, f) => {
        // Forward solve L y = e_j: y is zero above j.
        for (let a = j; a < d; a++) {
          let v = a === j ? 1 : 0;
          for (let b = j; b < a; b++) v -= L[a * d + b] * columns[f * d + b];
          columns[f * d + a] = v / L[a * d + a];
        }
      });
      return columns;
    });
  }

  /**
   * The bounded coordinates to fold, and at which bounds: by the mixture's mass beyond their
   * bounds, largest first, at each bound beyond which it puts more than {@link FOLD_MIN_MASS},
   * while the product of their image counts (1 plus the bounds folded at) stays within
   * {@link FOLD_IMAGE_BUDGET} and {@link FOLD_WORK_BUDGET}.
   */
  private chooseFolded(bounded: Uint8Array): { j: number; low: boolean; high: boolean }[] {
    const d = this.d;
    const beyond = (j: number, bound: number) => {
      let mass = 0;
      this.components.forEach((comp, i) => {
        const t = (bound - comp.mean[j]) / this.marginalScale[i][j];
        mass += Math.exp(this.logWeight[i]) * jstat.jStat.studentt.cdf(bound === 0 ? t : -t, this.dof[i]);
      });
      return mass;
    };
    const candidates: { j: number; low: boolean; high: boolean; mass: number; images: number }[] = [];
    for (let j = 0; j < d; j++) {
      if (bounded[j] !== 1 || this.periodicIndices.includes(j)) continue;
      const below = beyond(j, 0);
      const above = beyond(j, 1);
      const low = below > FOLD_MIN_MASS;
      const high = above > FOLD_MIN_MASS;
      const images = 1 + (low ? 1 : 0) + (high ? 1 : 0);
      if (images > 1) candidates.push({ j, low, high, mass: below + above, images });
    }
    candidates.sort((a, b) => b.mass - a.mass || a.j - b.j);
    const chosen: { j: number; low: boolean; high: boolean }[] = [];
    const budget = Math.min(FOLD_IMAGE_BUDGET, FOLD_WORK_BUDGET / (this.components.length * d));
    let images = 1;
    for (const { j, low, high, images: count } of candidates) {
      if (images * count > budget) continue;
      images *= count;
      chosen.push({ j, low, high });
    }
    return chosen.sort((a, b) => a.j - b.j);
  }

  /** The coordinates this proposal folds at the cube's faces (see the class). */
  get folded(): readonly number[] {
    return this.foldedIndices;
  }

  /**
   * Draws one point into `out` at `offset` (periodic coordinates wrapped, folded ones reflected
   * into [0, 1]; others may leave the cube).
   * @param out - receives the point
   * @param offset - where it starts
   * @param rng - the run's generator
   * @param z - length-d scratch
   * @returns false where a folded coordinate fell beyond a bound it does not fold at, or beyond
   *   one reflection (the draw is discarded: the density counts only the images u, -u and 2 - u)
   */
  draw(out: Float64Array, offset: number, rng: RandomGenerator, z: Float64Array): boolean {
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
    let inside = true;
    this.foldedIndices.forEach((j, f) => {
      const v = out[offset + j];
      if (v < 0) {
        if (this.foldsLow[f] && v >= -1) out[offset + j] = -v;
        else inside = false;
      } else if (v > 1) {
        if (this.foldsHigh[f] && v <= 2) out[offset + j] = 2 - v;
        else inside = false;
      }
    });
    return inside;
  }

  /**
   * @param point - buffer holding the point
   * @param offset - where it starts
   * @param floor - log density below which images need not be resolved (-Infinity by default):
   *   for a proposal that is one term of a larger mixture, at most the mixture's density at the
   *   point divided by this term's weight in it, so that images negligible against the whole are
   *   skipped even where they are not against this term (a narrow heavy-tailed component far from
   *   the point would otherwise sum all 7 images along every wide angle)
   * @returns log q(point), periodic coordinates summed over the images up to
   *   {@link PERIODIC_MAX_SHIFT} periods away that can add more than e^-16 of the larger of q and
   *   the floor, folded ones over the images u, -u and 2 - u that can (past {@link IMAGE_BUDGET}
   *   images, the farthest periodic ones are left out and `truncatedDensities` counts the point)
   */
  logDensity(point: Float64Array, offset: number, floor = -Infinity): number {
    const p = this.special.length;
    const base = this.logDensityAt(point, offset);
    if (p === 0) return base;
    const level = Math.max(base, floor);
    const d = this.d;
    const n = this.terms.length;
    // Each image is the point shifted along some special coordinates: shift by -1 or +1 for a
    // periodic one, by -2u or 2 - 2u (to -u or 2 - u) for a folded one.
    const shifts = this.special.map((j, f) => {
      const v = point[offset + j];
      if (f < this.periodicIndices.length) {
        // The images up to PERIODIC_MAX_SHIFT periods away that some component could make count:
        // near the wrap, or for components wide against the period. Where all are narrow and the
        // point lies inside the period, none, so that many periodic coordinates do not cost 3^p
        // evaluations.
        const options = [0];
        for (let k = 1; k <= PERIODIC_MAX_SHIFT; k++) {
          for (const shift of [-k, k]) if (this.imageCanCount(j, v + shift, level, PERIODIC_NEGLIGIBLE)) options.push(shift);
        }
        return options;
      }
      // A folded image counts unless its term is negligible for every component: the Mahalanobis
      // distance is at least the coordinate's own, ((w - m_j) / s_j)^2, which bounds the term.
      const g = f - this.periodicIndices.length;
      const images = [...(this.foldsLow[g] ? [-v] : []), ...(this.foldsHigh[g] ? [2 - v] : [])];
      return [0, ...images.filter((w) => this.imageCanCount(j, w, level)).map((w) => w - v)];
    });
    this.keepWithinBudget(shifts);
    if (shifts.every((options) => options.length === 1)) return base;

    // Each component sums only its own images: of the shifts kept, those its bound says can
    // count (a narrow component far from the wrap has none but the point itself, whose term is in
    // `base`), so that one wide component does not cost every narrow one its images.
    const residual = this.residual;
    const { dof, logWeight, logNorm } = this;
    let max = base;
    let sum = 1;
    const code = new Int32Array(p);
    for (let i = 0; i < n; i++) {
      const own = shifts.map((options, f) => {
        const j = this.special[f];
        const negligible = f < this.periodicIndices.length ? PERIODIC_NEGLIGIBLE : NEGLIGIBLE_IMAGE;
        return options.filter((shift) => shift === 0 || this.componentImageCounts(i, j, point[offset + j] + shift, level, negligible));
      });
      if (own.every((options) => options.length === 1)) continue;
      // L^-1 (x - m) is linear in x, so an image's residual is the point's plus the shifts times
      // the columns of L^-1: stepping through the images one shift at a time costs O(d) each.
      const L = this.chols[i];
      const mean = this.components[i].mean;
      for (let a = 0; a < d; a++) {
        let v = point[offset + a] - mean[a];
        for (let b = 0; b < a; b++) v -= L[a * d + b] * residual[i * d + b];
        residual[i * d + a] = v / L[a * d + a];
      }
      code.fill(0);
      const nu = dof[i];
      for (;;) {
        let f = 0;
        for (; f < p; f++) {
          const options = own[f];
          const before = options[code[f]];
          if (++code[f] === options.length) code[f] = 0;
          this.shiftResidual(i, f, options[code[f]] - before);
          if (code[f] !== 0) break;
        }
        if (f === p) break;
        let delta = 0;
        for (let a = i * d, end = a + d; a < end; a++) delta += residual[a] * residual[a];
        const term = logWeight[i] + logNorm[i] - 0.5 * (d + nu) * Math.log1p(delta / nu);
        if (term > max) {
          sum = sum * Math.exp(max - term) + 1;
          max = term;
        } else {
          sum += Math.exp(term - max);
        }
      }
    }
    return max + Math.log(sum);
  }

  /** Adds `amount` times column f of component i's L^-1 (special coordinate f) to its residual. */
  private shiftResidual(i: number, f: number, amount: number): void {
    if (amount === 0) return;
    const d = this.d;
    const residual = this.residual;
    const column = this.inverseColumns[i];
    for (let a = 0, r = i * d, c = f * d; a < d; a++) residual[r + a] += amount * column[c + a];
  }

  /**
   * Drops the periodic shifts farthest from the point, one period at a time, while the images'
   * count exceeds {@link IMAGE_BUDGET} (six wide periodic coordinates or more). Images 3 periods
   * away add about 1e-9 to the density (see {@link PERIODIC_WIDE_SCALE}), so dropping them leaves
   * it as it was; dropping those 2 periods away or nearer (seven wide coordinates or more) does
   * not, and counts the point in `truncatedDensities`.
   * @param shifts - per special coordinate, the shifts of its images (periodic ones first)
   */
  private keepWithinBudget(shifts: number[][]): void {
    const count = () => shifts.reduce((product, options) => product * options.length, 1);
    let truncated = false;
    for (let k = PERIODIC_MAX_SHIFT; k >= 1 && count() > IMAGE_BUDGET; k--) {
      for (let f = 0; f < this.periodicIndices.length && count() > IMAGE_BUDGET; f++) {
        const kept = shifts[f].filter((shift) => Math.abs(shift) < k);
        if (k < PERIODIC_MAX_SHIFT && kept.length < shifts[f].length) truncated = true;
        shifts[f] = kept;
      }
    }
    if (truncated) this.truncatedDensities++;
  }

  /** Whether an image at w on special coordinate j could add more than e^-negligible of the density `base`. */
  private imageCanCount(j: number, w: number, base: number, negligible = NEGLIGIBLE_IMAGE): boolean {
    for (let i = 0; i < this.components.length; i++) if (this.componentImageCounts(i, j, w, base, negligible)) return true;
    return false;
  }

  /**
   * Whether component i's image at w on special coordinate j could add more than e^-negligible of
   * the density `base`: the Mahalanobis distance is at least the coordinate's own, which bounds
   * the term.
   */
  private componentImageCounts(i: number, j: number, w: number, base: number, negligible: number): boolean {
    const t = (w - this.components[i].mean[j]) / this.marginalScale[i][j];
    const nu = this.dof[i];
    return this.logWeight[i] + this.logNorm[i] - 0.5 * (this.d + nu) * Math.log1p((t * t) / nu) > base - negligible;
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
 * @param strata - where the draws came from several proposals in fixed numbers (the deterministic
 *   mixture of multiple importance sampling; q the mixture of them all), each draw's proposal:
 *   the error is then from the variance within each, sum_s n_s Var_s(w) / M^2, which is the
 *   estimate's variance; the plain Var(w) / M would add the spread between the proposals' mean
 *   weights, which fixed numbers of draws do not have (on the 10-D correlated Student-t, whose
 *   tails gave orphan regions in every run, it made the error 0.011 against a scatter of 0.007)
 * @returns the estimate
 */
export function closingEstimate(logWeights: Float64Array, strata?: Int32Array): ClosingEstimate {
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
  const variance = strata === undefined ? Math.max(0, sumSq / m - mean * mean) : withinStrataVariance(logWeights, max, strata) * m;
  return {
    logz: max + Math.log(mean),
    logzErr: Math.sqrt(variance / m) / mean,
    ess: (sum * sum) / sumSq,
    paretoShape: paretoTailShape(logWeights),
    draws: m,
  };
}

/** sum_s n_s Var_s(w) / M^2 of the weights e^(logWeights - max), Var_s within each stratum. */
function withinStrataVariance(logWeights: Float64Array, max: number, strata: Int32Array): number {
  const m = logWeights.length;
  let count = 0;
  for (let i = 0; i < m; i++) count = Math.max(count, strata[i] + 1);
  const n = new Float64Array(count);
  const sum = new Float64Array(count);
  const sumSq = new Float64Array(count);
  for (let i = 0; i < m; i++) {
    const w = Math.exp(logWeights[i] - max);
    const s = strata[i];
    n[s]++;
    sum[s] += w;
    sumSq[s] += w * w;
  }
  let total = 0;
  for (let s = 0; s < count; s++) if (n[s] > 0) total += n[s] * Math.max(0, sumSq[s] / n[s] - (sum[s] / n[s]) ** 2);
  return total / (m * m);
}
