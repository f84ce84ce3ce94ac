import { choleskyRegularized } from '../math/cholesky.js';
import { logDeterminantFromCholesky } from '../math/log-determinant.js';
import { weightedCovariance, weightedMean } from '../math/weighted-moments.js';

/** The log-likelihood gains of a hard partition into two groups, per unit of weight (see {@link partitionGains}). */
export interface PartitionGains {
  /**
   * Two Gaussians sharing one covariance against one Gaussian:
   * `½ ln(1 + π_a π_b D²) + π_a ln π_a + π_b ln π_b`.
   */
  shared: number;
  /** Two Gaussians, each with its own covariance, against one Gaussian (at least `shared`). */
  full: number;
}

/**
 * The log-likelihood gains, per unit of weight, of describing weighted points as two Gaussian
 * groups instead of one, for a given hard partition: with one covariance shared by the groups,
 * and with a covariance of each group's own. π are the groups' shares of the weight and D² is the
 * Mahalanobis distance between their means under the pooled within-group covariance Σ_w. The
 * shared gain is exact for the fitted moments: the total covariance is Σ_w + π_a π_b δ δᵀ (δ the
 * difference of the means), whose determinant is |Σ_w| (1 + π_a π_b D²). The full gain adds
 * ½ (ln |Σ_w| − π_a ln |Σ_a| − π_b ln |Σ_b|), which is how far the groups' covariances differ.
 *
 * The shared gain is that of the best one-dimensional description along the discriminant axis,
 * so it costs d + 1 parameters (a second mean and a weight), not the 1 + d + d(d + 1)/2 of a
 * full-covariance component. Only separated means earn it: a partition of one Gaussian gains at
 * most ½ ln(1 + 2/(π − 2)) − ln 2 ≈ −0.19 (the cut at its mean), below zero.
 *
 * @param data - m x d points, row-major
 * @param m - number of points
 * @param d - dimension
 * @param w - m nonnegative weights
 * @param inA - 1 for the points of the first group, 0 for the second
 * @returns both gains per unit weight; -Infinity when a group has no weight
 */
export function partitionGains(data: Float64Array, m: number, d: number, w: Float64Array, inA: Uint8Array): PartitionGains {
  const groups = [0, 1].map((g) => {
    const members: number[] = [];
    for (let k = 0; k < m; k++) if ((inA[k] === 1) === (g === 0)) members.push(k);
    const count = members.length;
    const sub = new Float64Array(count * d);
    const sw = new Float64Array(count);
    let weight = 0;
    members.forEach((k, r) => {
      for (let j = 0; j < d; j++) sub[r * d + j] = data[k * d + j];
      sw[r] = w[k];
      weight += w[k];
    });
    return { sub, sw, count, weight };
  });
  const total = groups[0].weight + groups[1].weight;
  if (!(groups[0].weight > 0 && groups[1].weight > 0)) return { shared: -Infinity, full: -Infinity };
  const shares = groups.map((g) => g.weight / total);
  const pooled = new Float64Array(d * d);
  const L = new Float64Array(d * d);
  let ownLogDets = 0;
  const means = groups.map(({ sub, sw, count }, g) => {
    const mean = new Float64Array(d);
    weightedMean(mean, sub, count, d, sw);
    const cov = new Float64Array(d * d);
    weightedCovariance(cov, sub, count, d, mean, sw);
    for (let k = 0; k < d * d; k++) pooled[k] += shares[g] * cov[k];
    choleskyRegularized(L, cov, d);
    ownLogDets += shares[g] * logDeterminantFromCholesky(L, d);
    return mean;
  });
  choleskyRegularized(L, pooled, d);
  // D² = |z|² with L z = δ.
  const z = new Float64Array(d);
  let distance2 = 0;
  for (let a = 0; a < d; a++) {
    let s = means[0][a] - means[1][a];
    for (let b = 0; b < a; b++) s -= L[a * d + b] * z[b];
    z[a] = s / L[a * d + a];
    distance2 += z[a] * z[a];
  }
  const [pa, pb] = shares;
  const shared = 0.5 * Math.log1p(pa * pb * distance2) + pa * Math.log(pa) + pb * Math.log(pb);
  return { shared, full: shared + 0.5 * (logDeterminantFromCholesky(L, d) - ownLogDets) };
}
