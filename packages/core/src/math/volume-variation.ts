import { TempestError } from '../tempest-error.js';
import { cholesky, choleskyRegularized } from './cholesky.js';
import { mahalanobisSquared } from './mahalanobis.js';
import { weightedCovariance, weightedMean } from './weighted-moments.js';

/** Returned when there are too few points (n < d + 1) for a covariance, so the variation is unbounded. */
const TOO_FEW_POINTS = 1e10;

/**
 * Computes the coefficient of variation of the ellipsoid volume of a weighted point set,
 * CV = 0.5·√(Σ w_i² (d_i² − d)²), used to cap the step in beta in dynamic mode.
 *
 * The weights w are normalised to sum to 1, and d_i² is the squared Mahalanobis distance of
 * point i from the weighted mean under the weighted (population) covariance. A singular
 * covariance gets 1e-6·trace added to its diagonal (more, tenfold at a time, if that is not
 * enough). For equal weights on a d-dimensional Gaussian sample of size n, d_i² is nearly χ²_d,
 * so CV ≈ 0.5·√(2d/n).
 *
 * @param u - n×d points, row-major (particle positions in the unit cube)
 * @param n - number of points
 * @param d - dimension
 * @param weights - n nonnegative weights, normalised or not
 * @param scratch - at least 2d² + 2d numbers, overwritten; allocated when omitted
 * @returns the coefficient of variation, or 1e10 when n < d + 1
 * @throws {@link TempestError} `INVALID_ARGUMENT` when a weight is negative or not finite, the
 *   weights sum to 0, or `scratch` is too short; `NUMERICAL_FAILURE` when the covariance cannot
 *   be factored (non-finite coordinates)
 *
 * @example
 * ```ts
 * const cv = volumeVariation(u, nParticles, nDim, weights, scratch);
 * ```
 */
export function volumeVariation(
  u: Float64Array,
  n: number,
  d: number,
  weights: ArrayLike<number>,
  scratch?: Float64Array,
): number {
  if (n < d + 1) return TOO_FEW_POINTS;
  const dd = d * d;
  const needed = 2 * dd + 2 * d;
  if (scratch === undefined) {
    scratch = new Float64Array(needed);
  } else if (scratch.length < needed) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      `volumeVariation scratch must hold 2d² + 2d = ${needed} numbers for d = ${d}; got length ${scratch.length}.`,
      { option: 'scratch', value: scratch.length },
    );
  }
  const mean = scratch.subarray(0, d);
  const cov = scratch.subarray(d, d + dd);
  const factor = scratch.subarray(d + dd, d + 2 * dd);
  const y = scratch.subarray(d + 2 * dd, needed);

  weightedMean(mean, u, n, d, weights); // validates the weights
  weightedCovariance(cov, u, n, d, mean, weights);
  if (!cholesky(factor, cov, d)) {
    let trace = 0;
    for (let j = 0; j < d; j++) trace += cov[j * d + j];
    const jitter = trace > 0 && trace < Infinity ? 1e-6 * trace : 1e-6;
    for (let j = 0; j < d; j++) cov[j * d + j] += jitter;
    choleskyRegularized(factor, cov, d);
  }

  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] / total;
    if (w === 0) continue;
    const excess = mahalanobisSquared(u, i * d, mean, factor, d, y) - d;
    sum += w * w * excess * excess;
  }
  return 0.5 * Math.sqrt(sum);
}
