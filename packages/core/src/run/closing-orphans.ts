import { chiSquareQuantile } from '../math/chi-square.js';
import { mahalanobisSquared } from '../math/mahalanobis.js';
import { factoredComponent, type ProposalComponent } from '../kernels/proposal-component.js';
import { choleskyRegularized } from '../math/cholesky.js';
import { solveLower } from '../math/triangular-solve.js';
import { shrunkScale } from './cluster-shrinkage.js';
import type { GuideMixture } from './guided-jump.js';

/**
 * A history particle is an orphan of the closing mixture when its L / q exceeds the largest of
 * the first batch's draws by this factor: the mixture is thinner there, relative to the
 * posterior, than anywhere its own draws reached, so it cannot weigh the region (a mode found by
 * a few lineages, too light to be a cluster of its own, sits under the tail of another cluster's
 * component). Where the mixture covers the posterior, the largest ratio among the history's
 * particles is about that of the draws (the two samples are of similar size): on the 5-D unequal
 * pair, at most 0.1 above it in log in the runs that had both modes, 1.5 to 5.5 in the six of 20
 * that had lost the narrow one (BENCHMARKS.md, session 17). A false alarm costs the orphan
 * rounds' draws, not accuracy: every draw is weighted by the mixture of all the proposals used.
 */
export const ORPHAN_RATIO = Math.E;
/** Orphans within this chi-square quantile of each other (in the pooled scale) are one region. */
const ORPHAN_GROUP_QUANTILE = 0.99;
/** At most this many regions get a component, the highest-likelihood first. */
export const MAX_ORPHAN_REGIONS = 8;
/** Draws per round for the orphans' components together, as a share of the first batch's. */
export const ORPHAN_DRAW_SHARE = 1 / 8;
/**
 * Rounds of orphan draws: each after the first refits the components to the last round's weighted
 * draws. A first component with the pooled scale can be several times wider than the region (the
 * narrow mode of the unequal pair: a third as wide per coordinate); two rounds left its draws'
 * k-hat at 2.6-3.1 on that problem, four at -0.55 to -0.34.
 */
export const ORPHAN_ROUNDS = 4;
/**
 * Factor on a refitted orphan component's scale: a proposal a little wider than its region (1.2 in
 * width), so that the noise of a fit to a few hundred effective draws does not leave the weights
 * a heavy tail. Shrunk towards the pooled scale, fits used to be widened by it (the narrow mode of
 * the 5-D unequal pair, a third of the pooled width, by about 1.2, k-hat -0.45 on seed 5); shrunk
 * towards the pooled scale resized to their size, they are not (k-hat 1.1-1.2 on seeds 1 and 5),
 * and this restores it (k-hat -0.3).
 */
export const ORPHAN_WIDENING = 1.44;
/** Degrees of freedom of an orphan component: tails heavier than a cluster's, as its scale is a guess. */
const ORPHAN_DOF = 5;

/**
 * The orphan regions' share of the posterior, by the closing draws and by the anneal's history at
 * beta = 1. A point is in an orphan region where the orphans' components, weighted by their
 * share of the draws, outweigh the fitted mixture's; each share is the weight of the points there
 * over the weight of all. Both are NaN where the sample was read from a state file that predates
 * them, 0 where there were no orphans.
 */
export interface OrphanShares {
  /** Share of the closing draws' weight. */
  draws: number;
  /** Share of the history's weight at beta = 1 (the anneal's posterior). */
  history: number;
}

/**
 * Gap, in log L / q, between consecutive ones of the first batch's largest ratios above which the
 * draws above it are outliers: hits in a region the fitted mixture hardly covers (the spike inside
 * a slab, which one or a few draws of 4,096 reach with weights that swamp the rest), not the tail
 * of the bulk. For a Pareto tail of shape k the j-th gap from the top is exponential with mean
 * k / j (Renyi's representation), so the top gap exceeds 3 with probability e^(-3 / k): 1.4% at
 * k = 0.7, 0.25% at 0.5 (and less for each further gap).
 */
export const ORPHAN_OUTLIER_GAP = 3;
/**
 * At most this many of the largest ratios count as outliers: those above a gap of
 * {@link ORPHAN_OUTLIER_GAP}, or as few as hold half of the batch's weight (a few hits spread
 * over the flank of a narrow region leave no single gap, but an ESS of one or two).
 */
export const ORPHAN_OUTLIER_SPAN = 8;

/**
 * The first batch's largest ratio L / q once outliers are set aside (see {@link ORPHAN_OUTLIER_GAP}
 * and {@link ORPHAN_OUTLIER_SPAN}): the reference orphans are measured against, since where an
 * outlier set it, the region it hit would hide every orphan of its own.
 * @param logRatios - log L - log q of the first batch's draws
 * @returns the largest ratio below the outliers (the largest where there are none), and how many
 *   draws lie above it
 */
export function bulkLargestRatio(logRatios: ArrayLike<number>): { largest: number; outliers: number } {
  const sorted = Array.from(logRatios).filter((r) => r > -Infinity).sort((a, b) => b - a);
  if (sorted.length === 0) return { largest: -Infinity, outliers: 0 };
  let outliers = 0;
  let widest = ORPHAN_OUTLIER_GAP;
  for (let j = 0; j < ORPHAN_OUTLIER_SPAN && j + 1 < sorted.length; j++) {
    const gap = sorted[j] - sorted[j + 1];
    if (gap > widest) {
      widest = gap;
      outliers = j + 1;
    }
  }
  // As few of the top draws as hold half of the weight.
  let total = 0;
  for (const r of sorted) total += Math.exp(r - sorted[0]);
  let held = 0;
  for (let j = 0; j < ORPHAN_OUTLIER_SPAN && j + 1 < sorted.length; j++) {
    held += Math.exp(sorted[j] - sorted[0]);
    if (held >= total / 2) {
      outliers = Math.max(outliers, j + 1);
      break;
    }
  }
  return { largest: sorted[outliers], outliers };
}

/**
 * The regions of the orphans (see {@link ORPHAN_RATIO}): starting from the highest-likelihood
 * orphan, each orphan joins the first region whose centre lies within the 99% chi-square
 * quantile of it in the pooled scale, or starts one.
 * @param v - history points where the chains move (N x d)
 * @param logl - their log-likelihoods
 * @param historyLogq - log q of the closing mixture at each (-Infinity where it was not computed)
 * @param largestDrawRatio - the largest log L - log q among the draws
 * @param pooledChol - Cholesky factor of the pooled scale
 * @param d - dimension
 * @param taken - centres of regions found already (among other points): an orphan within reach of
 *   one of them is in its region, and together they make at most {@link MAX_ORPHAN_REGIONS}
 * @returns each new region's centre (its highest-likelihood orphan)
 */
export function orphanCentres(v: Float64Array, logl: Float64Array, historyLogq: Float64Array, largestDrawRatio: number, pooledChol: Float64Array, d: number, taken: readonly Float64Array[] = []): Float64Array[] {
  const threshold = largestDrawRatio + Math.log(ORPHAN_RATIO);
  const orphans: number[] = [];
  for (let s = 0; s < historyLogq.length; s++) {
    if (historyLogq[s] > -Infinity && logl[s] > -Infinity && logl[s] - historyLogq[s] > threshold) orphans.push(s);
  }
  if (orphans.length === 0 || !(largestDrawRatio > -Infinity)) return [];
  orphans.sort((a, b) => logl[b] - logl[a] || a - b);
  const reach = chiSquareQuantile(ORPHAN_GROUP_QUANTILE, d);
  const scratch = new Float64Array(d);
  const centres: Float64Array[] = [];
  if (taken.length >= MAX_ORPHAN_REGIONS) return centres;
  for (const s of orphans) {
    if (taken.some((c) => mahalanobisSquared(v, s * d, c, pooledChol, d, scratch) <= reach)) continue;
    if (centres.some((c) => mahalanobisSquared(v, s * d, c, pooledChol, d, scratch) <= reach)) continue;
    centres.push(v.slice(s * d, (s + 1) * d));
    if (taken.length + centres.length === MAX_ORPHAN_REGIONS) break;
  }
  return centres;
}

/**
 * Widths, relative to the pooled scale, of an orphan region's first components (per coordinate):
 * a region can be far narrower than the clusters the pooled scale comes from (the spike of a
 * spike and slab: 10 to 30 times), and a component at the pooled scale centred on the region's
 * flank, where the orphan that found it lies, then hardly ever draws its core, so its refits stay
 * wide. A ladder of widths a factor 4 apart puts some draws within a factor 2 of the region's
 * width from 1 to 1/64 of the pooled scale, for the same draws in all.
 */
export const ORPHAN_SCALE_LADDER: readonly number[] = [1, 1 / 4, 1 / 16, 1 / 64];

/**
 * An orphan region's first components: Student-ts at its centre with the pooled scale narrowed by
 * each width of {@link ORPHAN_SCALE_LADDER}.
 * @param centre - the region's centre
 * @param pooled - the pooled scale (d x d)
 * @param pooledChol - its Cholesky factor
 * @returns the components, widest first
 */
export function orphanComponents(centre: Float64Array, pooled: Float64Array, pooledChol: Float64Array): ProposalComponent[] {
  return ORPHAN_SCALE_LADDER.map((width) => ({
    mean: centre,
    covariance: pooled.map((v) => width * width * v),
    chol: pooledChol.map((v) => width * v),
    dof: ORPHAN_DOF,
  }));
}

/**
 * The scale an orphan component's fit is shrunk towards: the pooled scale resized to the fit's own
 * size (the mean of tr(pooled^-1 fit) / d), within the widths of {@link ORPHAN_SCALE_LADDER}. A
 * region's width is what its few draws measure best, its shape what they measure worst; shrunk
 * towards the pooled scale itself, a fit of a narrow region to a few effective draws came out
 * nearly as wide as the clusters.
 * @param scale - the fitted scale (d x d)
 * @param pooled - the pooled scale (d x d)
 * @param d - dimension
 * @returns the target, a new array
 */
export function orphanScaleTarget(scale: Float64Array, pooled: Float64Array, d: number): Float64Array {
  const chol = new Float64Array(d * d);
  choleskyRegularized(chol, Float64Array.from(pooled), d);
  // tr(P^-1 S) = tr(L^-1 S L^-T): Y = L^-1 S column by column, then (L^-1 Y^T)_jj row by row of Y.
  const y = new Float64Array(d * d);
  const column = new Float64Array(d);
  const solved = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) column[i] = scale[i * d + j];
    solveLower(solved, chol, column, d);
    for (let i = 0; i < d; i++) y[i * d + j] = solved[i];
  }
  let trace = 0;
  for (let j = 0; j < d; j++) {
    solveLower(solved, chol, y.subarray(j * d, (j + 1) * d), d);
    trace += solved[j];
  }
  const widest = ORPHAN_SCALE_LADDER[0];
  const narrowest = ORPHAN_SCALE_LADDER[ORPHAN_SCALE_LADDER.length - 1];
  const size = Math.min(widest * widest, Math.max(narrowest * narrowest, trace / d));
  return pooled.map((v) => (Number.isFinite(size) ? size : 1) * v);
}

/**
 * An orphan component refitted to the draws it made, as adaptive importance sampling does: their
 * weighted mean, and their weighted scale shrunk by the weights' Kish ESS (see `shrunkScale`)
 * towards the pooled one resized to the fit's size (see {@link orphanScaleTarget}); the component as it was when fewer than two draws count.
 * @param component - the component the draws came from
 * @param points - the draws inside the cube, where the chains move (m x d)
 * @param logWeights - log L - log q (q the closing mixture so far) of each
 * @param pooled - the pooled scale
 * @param d - dimension
 * @param periodic - per coordinate, 1 where it wraps
 * @returns the refitted component
 */
export function refitOrphan(component: ProposalComponent, points: Float64Array, logWeights: Float64Array, pooled: Float64Array, d: number, periodic?: Uint8Array): ProposalComponent {
  const m = logWeights.length;
  // A periodic coordinate is read as its image nearest the component's mean, so that a region
  // across the wrap is not averaged to the far side of the period.
  const at = (i: number, j: number) => {
    const x = points[i * d + j];
    return periodic?.[j] === 1 ? x - Math.round(x - component.mean[j]) : x;
  };
  let max = -Infinity;
  for (const lw of logWeights) max = Math.max(max, lw);
  if (!(max > -Infinity)) return component;
  const w = Float64Array.from(logWeights, (lw) => Math.exp(lw - max));
  let sum = 0;
  let sumSq = 0;
  for (const x of w) {
    sum += x;
    sumSq += x * x;
  }
  const ess = (sum * sum) / sumSq;
  if (!(ess >= 2)) return component;
  const mean = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) mean[j] += (w[i] / sum) * at(i, j);
  const scale = new Float64Array(d * d);
  for (let i = 0; i < m; i++) {
    const wi = w[i] / sum;
    if (wi === 0) continue;
    for (let j = 0; j < d; j++) {
      const rj = at(i, j) - mean[j];
      for (let k = 0; k <= j; k++) scale[j * d + k] += wi * rj * (at(i, k) - mean[k]);
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) scale[k * d + j] = scale[j * d + k];
  // A periodic mean outside [0, 1) wraps back into it.
  for (let j = 0; j < d; j++) if (periodic?.[j] === 1) mean[j] -= Math.floor(mean[j]);
  const shrunk = shrunkScale(scale, ess, orphanScaleTarget(scale, pooled, d), d);
  return factoredComponent(mean, shrunk.map((v) => ORPHAN_WIDENING * v), ORPHAN_DOF, d);
}

/** A batch of closing draws as {@link orphanFindings} reads it. */
export interface PlacedDraws {
  /** The draws inside the cube, where the chains move (m x d). */
  points: Float64Array;
  /** log L - log q of each, q the mixture of every proposal used. */
  logWeights: Float64Array;
  /** The orphan region each fell in, -1 for none (where the fitted mixture outweighs the orphans' proposals). */
  regions: Int32Array;
}

/**
 * What the orphan rounds found: the regions' share of the posterior by the draws and by the
 * history, and the regions as a second pass would jump into them, each a component fitted to
 * every draw that fell in it, from whichever proposal, as weighted (a region's own rounds may have
 * reached its mass only through a few draws from their tails: on the spike and slab the last
 * round's component could sit between the spike and the slab), with the region's share as its mass.
 * @param draws - every batch of draws, with its weights and regions
 * @param history - the history's weight at beta = 1 in each region and in all
 * @param components - the regions' last components (kept where too few draws fell in a region)
 * @param pooled - the pooled scale the fits shrink towards
 * @param d - dimension
 * @param periodic - per coordinate, 1 where it wraps
 * @returns the shares and the guide
 */
export function orphanFindings(
  draws: PlacedDraws[], history: { inRegion: Float64Array; all: number }, components: ProposalComponent[], pooled: Float64Array, d: number, periodic?: Uint8Array,
): { shares: OrphanShares; guide: GuideMixture } {
  // Relative to the largest weight, so that no weight overflows.
  let top = -Infinity;
  for (const b of draws) for (const lw of b.logWeights) top = Math.max(top, lw);
  const inRegion = new Float64Array(components.length);
  let all = 0;
  for (const b of draws) {
    b.logWeights.forEach((lw, k) => {
      const w = Math.exp(lw - top);
      all += w;
      if (b.regions[k] >= 0) inRegion[b.regions[k]] += w;
    });
  }
  const masses = inRegion.map((w) => (all > 0 ? w / all : 0));
  const shares = { draws: masses.reduce((a, m) => a + m, 0), history: history.all > 0 ? history.inRegion.reduce((a, w) => a + w, 0) / history.all : 0 };
  const fitted = components.map((component, r) => {
    const points: number[] = [];
    const logWeights: number[] = [];
    for (const b of draws) {
      b.regions.forEach((region, k) => {
        if (region !== r) return;
        for (let j = 0; j < d; j++) points.push(b.points[k * d + j]);
        logWeights.push(b.logWeights[k]);
      });
    }
    return refitOrphan(component, Float64Array.from(points), Float64Array.from(logWeights), pooled, d, periodic);
  });
  return { shares, guide: { components: fitted, masses } };
}
