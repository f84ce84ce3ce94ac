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
