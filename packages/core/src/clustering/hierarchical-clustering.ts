import { componentLogDensities, makeMixture, mixtureBic, mixtureLogDensities, mixtureParameterCount, type GaussianMixture } from '../math/gaussian-mixture.js';
import { MixtureEm } from '../math/mixture-em.js';
import { effectiveSampleSize } from '../math/effective-sample-size.js';
import { weightedCovariance, weightedMean } from '../math/weighted-moments.js';
import { principalAxis } from './principal-axis.js';
import { partitionGains } from './partition-gains.js';

/** Settings of {@link HierarchicalClustering}, as the sampler's options name them. */
export interface ClusteringSettings {
  /** Standardise each coordinate (weighted mean 0, sd 1) before clustering. */
  normalize: boolean;
  /** Multiplier of the BIC improvement a split must exceed. */
  splitThreshold: number;
  /** Maximum number of clusters; undefined for no limit. */
  nMaxClusters: number | undefined;
  /**
   * `'thorough'`: cut each cluster where its points fall best into two groups along an axis, not
   * at its mean, and also start from the clusters of the previous fit, keeping whichever result
   * scores better (see {@link HierarchicalClustering.update}). Absent or `'basic'`: the search
   * before this setting existed (cuts at the mean, every fit afresh).
   */
  clusterSearch?: 'thorough' | 'basic';
  /**
   * `'shared'`: a split also passes when two groups sharing one covariance describe the points
   * better than two with covariances of their own (by the BIC) and better than one Gaussian by
   * more than `splitThreshold` times the price of their extra parameters, (d + 1) ln ESS (see
   * {@link partitionGains}). Absent or `'full'`: only the full-covariance test.
   */
  splitTest?: 'shared' | 'full';
}

interface Cluster {
  indices: Int32Array;
  /** Cached split attempt: the two halves when a split is worth it, null when not. */
  split?: { improvement: number; a: Int32Array; b: Int32Array } | null;
}

/**
 * EM settings for split attempts. The start is already a good cut, so separated groups converge
 * in a few iterations; a group that is really one Gaussian makes EM crawl (two overlapping
 * components), and 25 iterations are enough to see its BIC gain stay small.
 */
const SPLIT_EM = { tolerance: 1e-4, maxIterations: 25 };
/** EM steps of the first look at a split, and the share of the threshold it must already reach. */
const PROBE_EM = { tolerance: 1e-4, maxIterations: 4 };
const PROBE_FRACTION = 0.25;
/** Points labelled per block by {@link HierarchicalClustering.predict}. */
const LABEL_BLOCK = 256;
/** Bins of the projections in which {@link bestCut} looks for the cut. */
const CUT_BINS = 256;

/**
 * Divisive clustering of weighted points: start with one Gaussian cluster, try splitting each
 * cluster in two along its principal axis (a two-component EM fit), and accept the split
 * that improves the Bayesian information criterion most, provided the improvement exceeds
 * `splitThreshold x (1 + d + d(d+1)/2) x ln(ESS)` (the cost of one more full-covariance
 * component, scaled by the cluster's effective sample size). Stops when no split passes or
 * `nMaxClusters` is reached. The final clusters become a Gaussian mixture that labels new
 * points by their most probable component.
 */
export class HierarchicalClustering {
  private mixture: GaussianMixture | undefined;
  private shift: Float64Array;
  private scale: Float64Array;
  private readonly point: Float64Array;
  private logp = new Float64Array(0);
  private readonly scratch: Float64Array;

  /**
   * @param d - dimension of the points
   * @param settings - normalisation, split threshold, cluster limit
   */
  constructor(
    private readonly d: number,
    private readonly settings: ClusteringSettings,
  ) {
    this.shift = new Float64Array(d);
    this.scale = new Float64Array(d).fill(1);
    this.point = new Float64Array(d);
    this.scratch = new Float64Array(2 * d);
  }

  /** Whether a split may also pass the shared-covariance test. */
  private get shared(): boolean {
    return this.settings.splitTest === 'shared';
  }

  /**
   * The cluster of one point (the most probable component of the last fit).
   * @param points - buffer holding the point at `offset`
   * @param offset - index of the point's first coordinate
   * @returns its label, in [0, K)
   */
  labelPoint(points: Float64Array, offset: number): number {
    const mixture = this.mixture;
    if (mixture === undefined || mixture.K === 1) return 0;
    const d = this.d;
    for (let j = 0; j < d; j++) this.point[j] = (points[offset + j] - this.shift[j]) / this.scale[j];
    if (this.logp.length < mixture.K) this.logp = new Float64Array(mixture.K);
    const logp = this.logp;
    componentLogDensities(logp, mixture, this.point, 0, this.scratch);
    let best = 0;
    for (let k = 1; k < mixture.K; k++) if (logp[k] > logp[best]) best = k;
    return best;
  }

  /** Number of clusters of the last fit (1 before any fit). */
  get K(): number {
    return this.mixture?.K ?? 1;
  }

  /**
   * The fitted model as plain arrays, for a state file (undefined before any fit).
   * @returns mixture weights, means, covariances and the normalisation
   */
  snapshot(): Record<string, Float64Array> | undefined {
    const m = this.mixture;
    if (m === undefined) return undefined;
    return { weights: m.weights, means: m.means, covariances: m.covariances, shift: this.shift, scale: this.scale };
  }

  /**
   * Restores a model saved by {@link snapshot}; labelling is then identical to the original's.
   * @param state - the arrays
   */
  restore(state: Record<string, Float64Array>): void {
    this.shift = state.shift.slice();
    this.scale = state.scale.slice();
    const mixture = makeMixture(state.weights, state.means, state.covariances, this.d);
    mixture.weights.set(state.weights); // as saved, not renormalised: labels must match bit for bit
    this.mixture = mixture;
  }

  /** Whether {@link fit} has run. */
  get fitted(): boolean {
    return this.mixture !== undefined;
  }

  /**
   * Fits the clustering to weighted points.
   * @param points - n x d points, row-major
   * @param n - number of points
   * @param weights - n nonnegative weights
   * @returns the cluster label of every point, in [0, K)
   */
  fit(points: Float64Array, n: number, weights: Float64Array): Int32Array {
    this.update(points, n, weights);
    return this.predict(points, n);
  }

  /**
   * Fits the clustering to weighted points without labelling them (as {@link fit}).
   * @param points - n x d points, row-major
   * @param n - number of points
   * @param weights - n nonnegative weights
   */
  update(points: Float64Array, n: number, weights: Float64Array): void {
    const d = this.d;
    // The previous fit's partition of the new points, taken before the normalisation changes.
    const previous = this.settings.clusterSearch === 'thorough' && this.K > 1 ? this.predict(points, n) : undefined;
    const previousK = this.K;
    this.setNormalisation(points, n, weights);
    const data = this.normalised(points, n);
    const minPoints = 2 * (d + 1);
    const fresh = this.divide(data, weights, [{ indices: Int32Array.from({ length: n }, (_, i) => i) }], minPoints);
    let clusters = fresh;
    if (previous !== undefined) {
      const kept = keptClusters(previous, previousK, weights, minPoints, d);
      if (kept.length > 1) {
        const warm = this.divide(data, weights, kept, minPoints);
        if (this.score(data, n, weights, warm) < this.score(data, n, weights, fresh)) clusters = warm;
      }
    }
    this.mixture = this.mixtureOf(data, weights, clusters);
  }

  /** Splits clusters, best BIC gain first, until no split passes the threshold or the limit is reached. */
  private divide(data: Float64Array, weights: Float64Array, start: Cluster[], minPoints: number): Cluster[] {
    const maxClusters = this.settings.nMaxClusters ?? Infinity;
    const clusters = start.slice();
    while (clusters.length < maxClusters) {
      let best = -1;
      for (let c = 0; c < clusters.length; c++) {
        const cluster = clusters[c];
        if (cluster.split === undefined) cluster.split = cluster.indices.length >= 2 * minPoints ? this.trySplit(data, weights, cluster.indices, minPoints) : null;
        if (cluster.split && (best < 0 || cluster.split.improvement > clusters[best].split!.improvement)) best = c;
      }
      if (best < 0) break;
      const { a, b } = clusters[best].split!;
      clusters.splice(best, 1, { indices: a }, { indices: b });
    }
    return clusters;
  }

  /**
   * The criterion the splits obey, for a whole partition: -2 nEff x (mean log-density of the mixture
   * of the clusters' Gaussians) + (1 + splitThreshold) x (its parameter count) x ln nEff. A split
   * lowers it exactly when its BIC gain exceeds the split threshold, so two partitions found from
   * different starts are compared on the terms each was found by.
   */
  private score(data: Float64Array, n: number, weights: Float64Array, clusters: Cluster[]): number {
    const d = this.d;
    const K = clusters.length;
    const nEff = effectiveSampleSize(weights.subarray(0, n));
    const logLikelihood = new MixtureEm(data, n, d, weights).expect(this.mixtureOf(data, weights, clusters));
    return -2 * nEff * logLikelihood + (1 + this.settings.splitThreshold) * mixtureParameterCount(K, d) * Math.log(nEff);
  }

  /**
   * Labels points with the last fit (all 0 before any fit).
   * @param points - n x d points, row-major
   * @param n - number of points
   * @returns the most probable cluster of each point
   */
  predict(points: Float64Array, n: number): Int32Array {
    const mixture = this.mixture;
    const labels = new Int32Array(n);
    if (mixture === undefined || mixture.K === 1) return labels;
    const { d } = this;
    const K = mixture.K;
    // In blocks, so the normalised copy and the density table stay small and in cache.
    const block = Math.min(n, LABEL_BLOCK);
    const data = new Float64Array(block * d);
    const logp = new Float64Array(block * K);
    const scratch = new Float64Array(d);
    for (let first = 0; first < n; first += block) {
      const count = Math.min(block, n - first);
      this.normalise(data, points, first, count);
      mixtureLogDensities(logp, mixture, data, 0, count, scratch);
      for (let r = 0; r < count; r++) {
        let best = 0;
        for (let k = 1; k < K; k++) if (logp[r * K + k] > logp[r * K + best]) best = k;
        labels[first + r] = best;
      }
    }
    return labels;
  }

  /** Tries to split one cluster in two; returns the halves when the BIC gain passes the threshold. */
  private trySplit(data: Float64Array, weights: Float64Array, indices: Int32Array, minPoints: number): Cluster['split'] {
    const d = this.d;
    const m = indices.length;
    const { sub, w } = gatherRows(data, weights, indices, d);
    const nEff = effectiveSampleSize(w);
    if (!(nEff >= minPoints)) return null;
    const mean = new Float64Array(d);
    const cov = new Float64Array(d * d);
    weightedMean(mean, sub, m, d, w);
    weightedCovariance(cov, sub, m, d, mean, w);
    // One EM state for every fit of this cluster: the weights and regularisation are shared.
    const em = new MixtureEm(sub, m, d, w);
    const parentBic = mixtureBic(em.expect(makeMixture([1], mean, cov, d)), 1, d, nEff);
    const threshold = this.settings.splitThreshold * (1 + d + (d * (d + 1)) / 2) * Math.log(nEff);
    // A few EM steps first: a group that is really one Gaussian shows a BIC gain far below
    // the threshold and is not worth the full fit (this halves the cost on unimodal targets).
    // A probe given up on never becomes the split (its gain is below the threshold), so its
    // last M-step is only made when the probe goes on.
    const lazy = threshold > 0;
    const fit = (axis: { vector: Float64Array; value: number }, cut = 0) => {
      const probe = em.run(splitAcrossAxis(sub, m, d, w, mean, cov, axis, cut), PROBE_EM, !lazy);
      if (parentBic - mixtureBic(probe.logLikelihood, 2, d, nEff) < PROBE_FRACTION * threshold) return probe;
      return em.run(probe.pending ? em.maximise(probe.mixture) : probe.mixture, SPLIT_EM);
    };
    let children: ReturnType<typeof fit>;
    const first = principalAxis(cov, d);
    if (this.settings.clusterSearch === 'thorough') {
      // The two most promising cuts among the principal and the coordinate axes; keep the better fit.
      const [best, runnerUp] = promisingCuts(sub, m, d, w, mean, cov, first, minPoints);
      children = fit(best.axis, best.cut);
      if (runnerUp !== undefined) {
        const other = fit(runnerUp.axis, runnerUp.cut);
        if (other.logLikelihood > children.logLikelihood) children = other;
      }
    } else {
      // Try cutting across the first and the second principal axis at the mean; keep the better
      // fit. (A cut across the first axis alone can run through the middle of a group, and EM then
      // keeps the group in two halves.)
      children = fit(first);
      if (d > 1) {
        const second = fit(principalAxis(deflate(cov, first, d), d));
        if (second.logLikelihood > children.logLikelihood) children = second;
      }
    }
    let improvement = parentBic - mixtureBic(children.logLikelihood, 2, d, nEff);
    const passed = improvement > threshold;
    if (!passed && !this.shared) return null;

    const logp = new Float64Array(2 * m);
    mixtureLogDensities(logp, children.mixture, sub, 0, m, new Float64Array(d));
    const a: number[] = [];
    const b: number[] = [];
    const wa: number[] = [];
    const wb: number[] = [];
    const inA = new Uint8Array(m);
    for (let k = 0; k < m; k++) {
      if (logp[2 * k] >= logp[2 * k + 1]) {
        a.push(indices[k]);
        wa.push(w[k]);
        inA[k] = 1;
      } else {
        b.push(indices[k]);
        wb.push(w[k]);
      }
    }
    if (!passed) {
      // Groups alike in shape may sit apart and still not pay for a covariance each: two such
      // modes in 20-D stayed one cluster until beta = 0.9 under the full price. They split when
      // one shared covariance describes them better than two (the BIC of the partition's two
      // descriptions; a tail cut off a skewed cluster has a shape of its own) and better than
      // one Gaussian by more than the threshold.
      const gains = partitionGains(sub, m, d, w, inA);
      const price = (d + 1) * Math.log(nEff);
      const ownCovariancesPrice = ((d * (d + 1)) / 2) * Math.log(nEff);
      if (!(2 * nEff * (gains.full - gains.shared) < ownCovariancesPrice)) return null;
      improvement = 2 * nEff * gains.shared - price;
      if (!(improvement > this.settings.splitThreshold * price)) return null;
    }
    // Each half must be able to support a covariance of its own.
    if (a.length < minPoints || b.length < minPoints) return null;
    if (!(effectiveSampleSize(wa) >= d + 1 && effectiveSampleSize(wb) >= d + 1)) return null;
    return { improvement, a: Int32Array.from(a), b: Int32Array.from(b) };
  }

  /** One Gaussian per cluster (weighted moments), weighted by the cluster's share of the weight. */
  private mixtureOf(data: Float64Array, weights: Float64Array, clusters: Cluster[]): GaussianMixture {
    const d = this.d;
    const K = clusters.length;
    const shares = new Float64Array(K);
    const means = new Float64Array(K * d);
    const covs = new Float64Array(K * d * d);
    for (let c = 0; c < K; c++) {
      const { indices } = clusters[c];
      const m = indices.length;
      const { sub, w } = gatherRows(data, weights, indices, d);
      for (let k = 0; k < m; k++) shares[c] += w[k];
      const mean = means.subarray(c * d, (c + 1) * d);
      weightedMean(mean, sub, m, d, w);
      weightedCovariance(covs.subarray(c * d * d, (c + 1) * d * d), sub, m, d, mean, w);
    }
    return makeMixture(shares, means, covs, d);
  }

  private setNormalisation(points: Float64Array, n: number, weights: Float64Array): void {
    const d = this.d;
    this.shift.fill(0);
    this.scale.fill(1);
    if (!this.settings.normalize) return;
    weightedMean(this.shift, points, n, d, weights);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let i = 0; i < n; i++) v += weights[i] * (points[i * d + j] - this.shift[j]) ** 2;
      const sd = Math.sqrt(v / total);
      this.scale[j] = sd > 1e-12 ? sd : 1;
    }
  }

  private normalised(points: Float64Array, n: number): Float64Array {
    const out = new Float64Array(n * this.d);
    this.normalise(out, points, 0, n);
    return out;
  }

  /** Writes rows first..first+count-1 of `points`, normalised, to the start of `out`. */
  private normalise(out: Float64Array, points: Float64Array, first: number, count: number): void {
    const d = this.d;
    for (let r = 0; r < count; r++) {
      const o = (first + r) * d;
      for (let j = 0; j < d; j++) out[r * d + j] = (points[o + j] - this.shift[j]) / this.scale[j];
    }
  }
}

/**
 * Starting point of a two-component fit: the points on either side of a cut across an axis (at
 * `cut` from the weighted mean along it), each side's weighted mean and covariance. (Starting
 * both halves from the parent's covariance let EM stall after a step or two on well separated
 * groups.) Falls back to means at +-1 standard deviation along the axis when a side is too small
 * to have a covariance.
 */
function splitAcrossAxis(data: Float64Array, m: number, d: number, w: Float64Array, mean: Float64Array, cov: Float64Array, axis: { vector: Float64Array; value: number }, cut = 0) {
  const { vector, value } = axis;
  const side = new Uint8Array(m);
  let na = 0;
  for (let k = 0; k < m; k++) {
    let t = 0;
    for (let j = 0; j < d; j++) t += (data[k * d + j] - mean[j]) * vector[j];
    side[k] = t < cut ? 1 : 0;
    na += side[k];
  }
  const means = new Float64Array(2 * d);
  const covs = new Float64Array(2 * d * d);
  const shares = new Float64Array(2);
  if (na > d && m - na > d) {
    for (let half = 0; half < 2; half++) {
      const members = new Int32Array(half === 1 ? na : m - na);
      for (let k = 0, r = 0; k < m; k++) if (side[k] === half) members[r++] = k;
      const count = members.length;
      const { sub, w: sw } = gatherRows(data, w, members, d);
      for (let k = 0; k < count; k++) shares[half] += sw[k];
      weightedMean(means.subarray(half * d, (half + 1) * d), sub, count, d, sw);
      weightedCovariance(covs.subarray(half * d * d, (half + 1) * d * d), sub, count, d, means.subarray(half * d, (half + 1) * d), sw);
    }
    if (shares[0] > 0 && shares[1] > 0) return makeMixture(shares, means, covs, d);
  }
  const offset = Math.sqrt(Math.max(value, 0));
  for (let j = 0; j < d; j++) {
    means[j] = mean[j] - offset * vector[j];
    means[d + j] = mean[j] + offset * vector[j];
  }
  covs.set(cov, 0);
  covs.set(cov, d * d);
  return makeMixture([0.5, 0.5], means, covs, d);
}

/** The covariance without its component along `axis` (whose largest direction is then the next principal axis). */
function deflate(cov: Float64Array, axis: { vector: Float64Array; value: number }, d: number): Float64Array {
  const deflated = cov.slice();
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) deflated[a * d + b] -= axis.value * axis.vector[a] * axis.vector[b];
  return deflated;
}

interface AxisCut {
  axis: { vector: Float64Array; value: number };
  /** Offset of the cut from the mean along the axis. */
  cut: number;
  /** Gain of the best cut in the one-dimensional likelihood of the projections. */
  gain: number;
}

/**
 * The two cuts, across the first two principal axes and every coordinate axis, that split the
 * projections best (see {@link bestCut}), the best first. Principal axes alone miss groups
 * separated along one coordinate once the coordinates are standardised: every direction then has
 * about the same variance, the principal axes are arbitrary diagonals, and the groups blur in the
 * projection.
 */
function promisingCuts(data: Float64Array, m: number, d: number, w: Float64Array, mean: Float64Array, cov: Float64Array, first: { vector: Float64Array; value: number }, minSide: number): AxisCut[] {
  const axes = [first];
  if (d > 1) axes.push(principalAxis(deflate(cov, first, d), d));
  for (let j = 0; j < d; j++) {
    const vector = new Float64Array(d);
    vector[j] = 1;
    axes.push({ vector, value: cov[j * d + j] });
  }
  const cuts = axes.map((axis) => ({ axis, ...bestCut(data, m, d, w, mean, axis.vector, minSide) }));
  // Stable: on equal gains the principal axes, listed first, go first.
  return cuts.sort((a, b) => b.gain - a.gain).slice(0, 2);
}

/**
 * Where along `axis` (as an offset from `mean`) the points fall best into two groups: the cut
 * whose two sides, each fitted by its own Gaussian of the projections, explain them best (the
 * hard-assignment likelihood sum_side W_s (ln(W_s / W) - ln(sd_s)), by one sweep over the
 * binned projections), with at least `minSide` points on each side; and that likelihood's gain
 * over one Gaussian. A cut at the mean runs through the middle one of three groups in a row, and
 * EM from such a start keeps that group in two halves, so the split is refused: three separated
 * groups on a line stayed one cluster, and so did most grids of modes, like the egg-box's. A cut
 * into equal halves fails on four groups in a row (two groups per side gain too little); the
 * likelihood prefers cutting one group off.
 */
function bestCut(data: Float64Array, m: number, d: number, w: Float64Array, mean: Float64Array, axis: Float64Array, minSide: number): { cut: number; gain: number } {
  if (m < 2 * minSide) return { cut: 0, gain: 0 };
  // Projections binned finely (a cut between bins is as good a start for EM as the exact one, and
  // binning is linear in the points where sorting was a tenth of a 25-D run's training time).
  const t = new Float64Array(m);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < m; k++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[k * d + j] - mean[j]) * axis[j];
    t[k] = s;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  if (!(hi > lo)) return { cut: 0, gain: 0 };
  const bins = CUT_BINS;
  const count = new Int32Array(bins);
  const bw = new Float64Array(bins);
  const bs = new Float64Array(bins);
  const bq = new Float64Array(bins);
  const width = (hi - lo) / bins;
  for (let k = 0; k < m; k++) {
    const b = Math.min(bins - 1, Math.floor((t[k] - lo) / width));
    count[b]++;
    bw[b] += w[k];
    bs[b] += w[k] * t[k];
    bq[b] += w[k] * t[k] * t[k];
  }
  let W = 0, S = 0, Q = 0;
  for (let b = 0; b < bins; b++) {
    W += bw[b];
    S += bs[b];
    Q += bq[b];
  }
  // A side of identical projections would have zero variance: floor it at a tiny share of the total.
  const floor = 1e-12 * Math.max(Q / W - (S / W) ** 2, 1e-300);
  const sideScore = (ws: number, ss: number, qs: number) => ws * (Math.log(ws / W) - 0.5 * Math.log(Math.max(qs / ws - (ss / ws) ** 2, 0) + floor));
  const whole = sideScore(W, S, Q);
  let nl = 0, wl = 0, sl = 0, ql = 0;
  let best = -Infinity;
  let cut = 0;
  for (let b = 0; b < bins - 1; b++) {
    nl += count[b];
    wl += bw[b];
    sl += bs[b];
    ql += bq[b];
    if (nl < minSide || m - nl < minSide || count[b + 1] === 0 && count[b] === 0) continue;
    const wr = W - wl;
    if (!(wl > 0 && wr > 0)) continue;
    const score = sideScore(wl, sl, ql) + sideScore(wr, S - sl, Q - ql);
    if (score > best) {
      best = score;
      cut = lo + (b + 1) * width;
    }
  }
  return best === -Infinity ? { cut: 0, gain: 0 } : { cut, gain: (best - whole) / W };
}

/**
 * The previous fit's clusters as a starting partition: clusters too small to support a covariance
 * of their own (fewer than `minPoints` points or an ESS below d + 1) are dropped, and their points
 * join the largest remaining cluster, whose split search may cut them off again.
 */
function keptClusters(labels: Int32Array, K: number, weights: Float64Array, minPoints: number, d: number): Cluster[] {
  const members: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < labels.length; i++) members[labels[i]].push(i);
  const kept: number[][] = [];
  const orphans: number[] = [];
  for (const group of members) {
    const w = group.map((i) => weights[i]);
    if (group.length >= minPoints && effectiveSampleSize(Float64Array.from(w)) >= d + 1) kept.push(group);
    else orphans.push(...group);
  }
  if (kept.length === 0) return [];
  let largest = 0;
  for (let c = 1; c < kept.length; c++) if (kept[c].length > kept[largest].length) largest = c;
  kept[largest] = kept[largest].concat(orphans).sort((a, b) => a - b);
  return kept.map((group) => ({ indices: Int32Array.from(group) }));
}

/** The rows (and weights) of `data` at `indices`, copied into compact arrays. */
function gatherRows(data: Float64Array, weights: Float64Array, indices: Int32Array, d: number): { sub: Float64Array; w: Float64Array } {
  const m = indices.length;
  const sub = new Float64Array(m * d);
  const w = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const from = indices[k] * d;
    for (let j = 0; j < d; j++) sub[k * d + j] = data[from + j];
    w[k] = weights[indices[k]];
  }
  return { sub, w };
}
