import { choleskyRegularized } from '../math/cholesky.js';

/**
 * One Student-t component of the proposal, in u-space: what a MutationKernel proposes
 * with. The sampler fits one per cluster to the weighted history every iteration.
 */
export interface ProposalComponent {
  /** Location (length d). */
  mean: Float64Array;
  /** Scale matrix (d x d, row-major). */
  covariance: Float64Array;
  /** Lower Cholesky factor of `covariance`. */
  chol: Float64Array;
  /** Degrees of freedom; Infinity means Gaussian. */
  dof: number;
}

/**
 * A component with its Cholesky factor. A scale that does not factorise gets the diagonal jitter
 * that makes it (added to `covariance` in place), so the scale and the factor stay one matrix.
 * @param mean - location (length d)
 * @param covariance - scale matrix (d x d), changed in place where it needs jitter
 * @param dof - degrees of freedom
 * @param d - dimension
 * @returns the component
 */
export function factoredComponent(mean: Float64Array, covariance: Float64Array, dof: number, d: number): ProposalComponent {
  const chol = new Float64Array(d * d);
  const jitter = choleskyRegularized(chol, covariance, d);
  if (jitter > 0) for (let j = 0; j < d; j++) covariance[j * d + j] += jitter;
  return { mean, covariance, chol, dof };
}
