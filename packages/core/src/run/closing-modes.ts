import { chiSquareQuantile } from '../math/chi-square.js';
import { mahalanobisSquared } from '../math/mahalanobis.js';
import type { ProposalModel } from './proposal-model.js';

/**
 * Share of a cluster's weight that must lie inside another cluster's ellipsoid for the two to be
 * one mode. Pieces of one connected region (the arcs a curved ridge or a shell is cut into) had
 * 8-55% of their weight inside a neighbour's ellipsoid on the accuracy suite, separate modes
 * (the egg-box's peaks, two 10-D Gaussians 12 scale units apart) none; 1% sits between.
 */
const MODE_OVERLAP = 0.01;

/** Probability content of the ellipsoid a cluster's component spans (its chi-square quantile). */
const ELLIPSOID_CONTENT = 0.99;

/** The modes of a fit: each one's share of the weight, and the mode each cluster belongs to. */
export interface FitModes {
  readonly shares: Float64Array;
  readonly ofCluster: Int32Array;
}

/**
 * The modes of a fitted proposal and each one's share of the posterior. The clustering cuts one
 * connected region into several clusters where it is curved or wide; chains move freely between
 * such pieces, so a piece the particles leave empty is refilled from its neighbours, which a
 * separate mode is not. Two clusters are one mode when at least 1% of either's weight lies
 * inside the other's 99% ellipsoid (its component's Mahalanobis distance below the chi-square
 * quantile); modes are the connected groups of that relation.
 * @param model - the fit (components `folds` per cluster; the first fold's stands for its cluster)
 * @param v - the history in the fit's space, N x d
 * @param weights - normalised weights of the history
 * @param clusterShares - each cluster's total weight
 * @param minWeight - particles below this weight are skipped (they cannot make 1% of a cluster)
 * @param d - dimension
 * @returns each mode's share of the weight (summing to the clusters' total) and each cluster's mode
 */
export function modesOf(model: ProposalModel, v: Float64Array, weights: Float64Array, clusterShares: Float64Array, minWeight: number, d: number): FitModes {
  const K = model.clusters;
  if (K === 1) return { shares: Float64Array.from(clusterShares), ofCluster: new Int32Array(1) };
  const limit = chiSquareQuantile(ELLIPSOID_CONTENT, d);
  const inside = new Float64Array(K * K); // inside[a K + b]: weight of cluster a inside b's ellipsoid
  const scratch = new Float64Array(d);
  for (let s = 0; s < weights.length; s++) {
    if (!(weights[s] >= minWeight)) continue;
    const a = model.labels[s];
    for (let b = 0; b < K; b++) {
      if (b === a) continue;
      const c = model.components[b * model.folds];
      if (mahalanobisSquared(v, s * d, c.mean, c.chol, d, scratch) <= limit) inside[a * K + b] += weights[s];
    }
  }
  const root = Int32Array.from({ length: K }, (_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]];
    return i;
  };
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++) {
      const overlap = Math.max(inside[a * K + b] / clusterShares[a], inside[b * K + a] / clusterShares[b]);
      if (overlap >= MODE_OVERLAP) root[find(a)] = find(b);
    }
  }
  const modeOfRoot = new Map<number, number>();
  const ofCluster = new Int32Array(K);
  const shares: number[] = [];
  for (let a = 0; a < K; a++) {
    const root = find(a);
    if (!modeOfRoot.has(root)) {
      modeOfRoot.set(root, shares.length);
      shares.push(0);
    }
    ofCluster[a] = modeOfRoot.get(root)!;
    shares[ofCluster[a]] += clusterShares[a];
  }
  return { shares: Float64Array.from(shares), ofCluster };
}
