import { HierarchicalClustering, type ClusteringSettings } from '../clustering/hierarchical-clustering.js';
import { trimWeights } from '../math/trim-weights.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import { crossFitComponents, foldOf } from './cross-fit.js';
import { shrinkClusterScales } from './cluster-shrinkage.js';

export type { ProposalComponent } from '../kernels/proposal-component.js';

/**
 * The fitted proposal: per cluster, one component per fold (index cluster x folds + fold), and
 * the cluster of every history particle. History particle s is in fold s mod folds, and a chain
 * started from it proposes with its cluster's component for that fold, fitted without the fold
 * (see {@link crossFitComponents}).
 */
export interface ProposalModel {
  components: ProposalComponent[];
  /** Number of clusters. */
  clusters: number;
  /** Number of folds. */
  folds: number;
  /** Cluster of each history particle. */
  labels: Int32Array;
  /**
   * The cluster of any point (the clustering's partition of space), when there are several;
   * MCMC uses it to pick the proposal at the current position.
   */
  labelOf?: (u: Float64Array, offset: number) => number;
  /** Number of particles the fit used after weight trimming. */
  fitSize: number;
}

/** Fraction of the ESS kept when trimming low weights before fitting. */
export const TRIM_ESS_FRACTION = 0.99;
/**
 * The clustering is fitted to at most this many distinct points: the trimmed history is
 * thinned by deterministic systematic selection (multiplicities become weights). Fitting the
 * whole history made clustering most of a run's time without changing the clusters found.
 */
export const CLUSTER_FIT_POINTS = 1024;

/** Settings of the proposal, from the sampler's options. */
export interface ProposalSettings extends ClusteringSettings {
  clustering: boolean;
  /** Re-fit the clustering every this many iterations; in between, re-use it to label. */
  clusterEvery: number;
  /** Folds of the cross-fitted components (1: every component is fitted to all its points). */
  proposalFolds: number;
  /** `'shrunk'`: clusters' scales shrunk towards their pooled scale (see `cluster-shrinkage.ts`); absent or `'separate'`: each its own. */
  clusterScales?: 'shrunk' | 'separate';
}

/**
 * Trains the MCMC proposal on the weighted u-history: weights are trimmed so the kept set
 * retains 99% of the ESS; with clustering, the kept particles are clustered hierarchically
 * and a multivariate Student-t (mean, scale, degrees of freedom by EM) is fitted to each
 * cluster; without, one global Student-t. Each is cross-fitted: one component per fold of the
 * history, fitted without it. Singular scales get diagonal jitter, never a crash.
 */
export class ProposalTrainer {
  private readonly clusterer: HierarchicalClustering | undefined;

  /**
   * @param d - dimension
   * @param settings - clustering switch and settings
   */
  constructor(
    private readonly d: number,
    private readonly settings: ProposalSettings,
  ) {
    this.clusterer = settings.clustering ? new HierarchicalClustering(d, settings) : undefined;
  }

  /**
   * The clustering fitted last, for a state file (undefined without clustering or before a fit).
   * @returns its arrays
   */
  snapshot(): Record<string, Float64Array> | undefined {
    return this.clusterer?.snapshot();
  }

  /**
   * Restores the clustering saved by {@link snapshot}.
   * @param state - its arrays
   */
  restore(state: Record<string, Float64Array>): void {
    this.clusterer?.restore(state);
  }

  /**
   * Fits the proposal as {@link train} does, leaving this trainer's clustering as it was: for a
   * fit beside the run (the closing sample), after which the run's next iterations must be those
   * of a run that never made it.
   * @param u - history u (N x d, row-major)
   * @param n - number of history particles N
   * @param weights - normalised importance weights of the history
   * @param iteration - 1-based iteration number the fit stands for
   * @returns the components and every history particle's component
   */
  trainAside(u: Float64Array, n: number, weights: Float64Array, iteration: number): ProposalModel {
    const saved = this.snapshot();
    if (saved === undefined) return new ProposalTrainer(this.d, this.settings).train(u, n, weights, iteration);
    try {
      return this.train(u, n, weights, iteration);
    } finally {
      this.restore(saved);
    }
  }

  /**
   * Fits the proposal.
   * @param u - history u (N x d, row-major)
   * @param n - number of history particles N
   * @param weights - normalised importance weights of the history
   * @param iteration - 1-based iteration number (the clustering is re-fitted when it is a multiple of clusterEvery)
   * @returns the components and every history particle's component
   */
  train(u: Float64Array, n: number, weights: Float64Array, iteration: number): ProposalModel {
    const d = this.d;
    const trimmed = trimWeights(weights.subarray(0, n), TRIM_ESS_FRACTION);
    const m = trimmed.indices.length;
    const data = new Float64Array(m * d);
    copyRows(data, u, trimmed.indices, d);

    let labels: Int32Array;
    let fitLabels: Int32Array;
    let K = 1;
    if (this.clusterer === undefined) {
      labels = new Int32Array(n);
      fitLabels = new Int32Array(m);
    } else {
      const refit = !this.clusterer.fitted || iteration % this.settings.clusterEvery === 0;
      if (refit) {
        const thinned = thin(data, m, d, trimmed.weights, CLUSTER_FIT_POINTS);
        this.clusterer.update(thinned.data, thinned.n, thinned.weights);
      }
      labels = this.clusterer.predict(u, n);
      // The kept rows are copies of history rows, so their labels are the history's.
      fitLabels = new Int32Array(m);
      for (let k = 0; k < m; k++) fitLabels[k] = labels[trimmed.indices[k]];
      K = this.clusterer.K;
    }

    const folds = this.settings.proposalFolds;
    const keptFolds = new Int32Array(m);
    for (let k = 0; k < m; k++) keptFolds[k] = foldOf(trimmed.indices[k], folds);
    const fitted: ProposalComponent[] = [];
    const mass = new Float64Array(K);
    const ess = new Float64Array(K);
    const squares = new Float64Array(K);
    for (let k = 0; k < m; k++) {
      const w = trimmed.weights[k];
      mass[fitLabels[k]] += w;
      squares[fitLabels[k]] += w * w;
    }
    for (let c = 0; c < K; c++) ess[c] = squares[c] > 0 ? (mass[c] * mass[c]) / squares[c] : 0;
    for (let c = 0; c < K; c++) {
      let count = 0;
      for (let k = 0; k < m; k++) if (fitLabels[k] === c) count++;
      // A cluster with no kept particle (possible when an old clustering labels new data)
      // falls back to the global fit, so every label has a component; one with every kept
      // particle is fitted to the kept set as it is, without a copy.
      if (count === 0 || count === m) {
        fitted.push(...crossFitComponents(data, m, d, trimmed.weights, keptFolds, folds));
        continue;
      }
      const members = new Int32Array(count);
      for (let k = 0, r = 0; k < m; k++) if (fitLabels[k] === c) members[r++] = k;
      const sub = new Float64Array(count * d);
      const w = new Float64Array(count);
      const subFolds = new Int32Array(count);
      copyRows(sub, data, members, d);
      for (let r = 0; r < count; r++) {
        w[r] = trimmed.weights[members[r]];
        subFolds[r] = keptFolds[members[r]];
      }
      fitted.push(...crossFitComponents(sub, count, d, w, subFolds, folds));
    }
    const components = this.settings.clusterScales === 'shrunk' ? shrinkClusterScales(fitted, K, folds, mass, ess, d) : fitted;
    const clusterer = this.clusterer;
    const model: ProposalModel = { components, clusters: K, folds, labels, fitSize: m };
    if (clusterer !== undefined && K > 1) model.labelOf = (point, offset) => clusterer.labelPoint(point, offset);
    return model;
  }
}

/**
 * At most `limit` distinct points chosen deterministically in proportion to their weights
 * (systematic selection at the midpoints of `limit` equal strata), with multiplicities as
 * weights; the points themselves when there are no more than `limit`.
 */
function thin(data: Float64Array, m: number, d: number, weights: Float64Array, limit: number): { data: Float64Array; n: number; weights: Float64Array } {
  if (m <= limit) return { data, n: m, weights };
  let total = 0;
  for (let k = 0; k < m; k++) total += weights[k];
  const counts = new Float64Array(m);
  let cumulative = 0;
  let next = 0.5;
  for (let k = 0; k < m; k++) {
    cumulative += (weights[k] / total) * limit;
    while (next < cumulative && next < limit) {
      counts[k]++;
      next++;
    }
  }
  let unique = 0;
  for (let k = 0; k < m; k++) if (counts[k] > 0) unique++;
  const picked = new Int32Array(unique);
  for (let k = 0, r = 0; k < m; k++) if (counts[k] > 0) picked[r++] = k;
  const out = new Float64Array(unique * d);
  const w = new Float64Array(unique);
  copyRows(out, data, picked, d);
  for (let r = 0; r < unique; r++) w[r] = counts[picked[r]];
  return { data: out, n: unique, weights: w };
}

/** Copies rows `rows` of `from` (d columns) to consecutive rows of `out`. */
function copyRows(out: Float64Array, from: Float64Array, rows: Int32Array, d: number): void {
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r] * d;
    for (let j = 0; j < d; j++) out[r * d + j] = from[o + j];
  }
}
