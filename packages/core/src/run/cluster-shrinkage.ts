import { factoredComponent, type ProposalComponent } from '../kernels/proposal-component.js';

/**
 * Pseudo-points of the pooled scale in each cluster's fitted scale, per dimension: a cluster of
 * Kish ESS e gets scale (e S + s P) / (e + s) with s = this x d and P the clusters' pooled scale
 * (the posterior mean of a covariance under an inverse-Wishart prior centred on P with s degrees
 * of freedom; regularised discriminant analysis does the same).
 *
 * Why: a mode the particles have only just reached, or that the weights under-count, is held by a
 * few lineages, and its scale, fitted to their 17-33 distinct points, was narrower than the mode
 * in some directions (the 5-D unequal pair: draws spread 0.14-0.34 per coordinate about a mode of
 * width 0.5). Jumps into it and the closing draws then cover only its core, so neither refills it,
 * and the closing sample confirms the anneal's lost weight with a small error. A heavy cluster's
 * scale is all but unchanged (e in the hundreds). Used with `clusterScales: 'shrunk'` (not the
 * default: the pieces of a curved ridge lose their alignment; see the option).
 */
export const CLUSTER_SCALE_PRIOR_POINTS_PER_DIM = 1;

/**
 * The components with each cluster's scales shrunk towards the pooled scale of all clusters (see
 * {@link CLUSTER_SCALE_PRIOR_POINTS_PER_DIM}); the components themselves when there is one cluster.
 * Means and degrees of freedom are kept; each shrunk scale is factorised again.
 * @param components - per cluster, one component per fold (index cluster x folds + fold)
 * @param clusters - number of clusters K
 * @param folds - components per cluster
 * @param mass - each cluster's share of the fitted weight
 * @param ess - each cluster's Kish effective sample size
 * @param d - dimension
 * @returns the shrunk components, in the same order
 */
export function shrinkClusterScales(components: ProposalComponent[], clusters: number, folds: number, mass: Float64Array, ess: Float64Array, d: number): ProposalComponent[] {
  if (clusters < 2) return components;
  const pooled = pooledScale(components, clusters, folds, mass, d);
  if (pooled === undefined) return components;
  const shrunk = new Map<ProposalComponent, ProposalComponent>();
  return components.map((component, index) => {
    const c = Math.floor(index / folds);
    // The same object may stand for several folds (a fold that keeps the full fit): shrink it once.
    const done = shrunk.get(component);
    if (done !== undefined) return done;
    const covariance = shrunkScale(component.covariance, ess[c], pooled, d);
    const out = factoredComponent(component.mean, covariance, component.dof, d);
    shrunk.set(component, out);
    return out;
  });
}

/**
 * The clusters' scales (each the mean over its folds) weighted by their mass.
 * @param components - per cluster, one component per fold (index cluster x folds + fold)
 * @param clusters - number of clusters K
 * @param folds - components per cluster
 * @param mass - each cluster's weight (any positive sum)
 * @param d - dimension
 * @returns the pooled d x d scale, or undefined when every mass is zero
 */
export function pooledScale(components: readonly ProposalComponent[], clusters: number, folds: number, mass: ArrayLike<number>, d: number): Float64Array | undefined {
  let totalMass = 0;
  for (let c = 0; c < clusters; c++) totalMass += mass[c];
  if (!(totalMass > 0)) return undefined;
  const pooled = new Float64Array(d * d);
  for (let c = 0; c < clusters; c++) {
    const share = mass[c] / totalMass / folds;
    for (let f = 0; f < folds; f++) {
      const cov = components[c * folds + f].covariance;
      for (let q = 0; q < d * d; q++) pooled[q] += share * cov[q];
    }
  }
  return pooled;
}

/**
 * A scale fitted to points of Kish ESS `ess`, shrunk towards `pooled` by
 * {@link CLUSTER_SCALE_PRIOR_POINTS_PER_DIM} x d pseudo-points.
 * @param scale - the fitted d x d scale
 * @param ess - the fit's Kish effective sample size
 * @param pooled - the d x d scale shrunk towards
 * @param d - dimension
 * @returns (ess scale + s pooled) / (ess + s), a new array
 */
export function shrunkScale(scale: Float64Array, ess: number, pooled: Float64Array, d: number): Float64Array {
  const own = ess / (ess + CLUSTER_SCALE_PRIOR_POINTS_PER_DIM * d);
  const out = new Float64Array(d * d);
  for (let q = 0; q < d * d; q++) out[q] = own * scale[q] + (1 - own) * pooled[q];
  return out;
}
