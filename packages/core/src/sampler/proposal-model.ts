import { choleskyRegularized } from '../math/cholesky.js';
import { fitStudentT } from '../math/student-t-fit.js';
import { trimWeights } from '../math/trim-weights.js';

/** Degrees of freedom used when the fit finds the data Gaussian (nu = Infinity is kept exact). */
const GAUSSIAN_DOF = Infinity;

/** One Student-t component of the proposal, in u-space. */
export interface ProposalComponent {
  mean: Float64Array;
  /** Scale matrix (d x d, row-major). */
  covariance: Float64Array;
  /** Lower Cholesky factor of `covariance`. */
  chol: Float64Array;
  /** Degrees of freedom; Infinity means Gaussian. */
  dof: number;
}

/** The fitted proposal: components and the component label of every history particle. */
export interface ProposalModel {
  components: ProposalComponent[];
  /** Component of each history particle (all 0 with one global component). */
  labels: Int32Array;
  /** Number of particles the fit used after weight trimming. */
  fitSize: number;
}

/** Fraction of the ESS kept when trimming low weights before fitting. */
export const TRIM_ESS_FRACTION = 0.99;

/**
 * Fits one global multivariate Student-t to the weighted u-history (weights first trimmed
 * so that the kept set retains 99% of the ESS). Singular covariances are regularised on
 * the diagonal, never a crash.
 * @param u - history u (N x d, row-major)
 * @param n - number of history particles N
 * @param d - dimension
 * @param weights - normalised importance weights of the history
 * @returns the proposal model
 */
export function fitGlobalProposal(u: Float64Array, n: number, d: number, weights: Float64Array): ProposalModel {
  const trimmed = trimWeights(weights.subarray(0, n), TRIM_ESS_FRACTION);
  const m = trimmed.indices.length;
  const data = new Float64Array(m * d);
  for (let k = 0; k < m; k++) {
    const s = trimmed.indices[k];
    for (let j = 0; j < d; j++) data[k * d + j] = u[s * d + j];
  }
  const fit = fitStudentT(data, m, d, trimmed.weights, { tolerance: 1e-3, maxIterations: 50 });
  const chol = new Float64Array(d * d);
  choleskyRegularized(chol, fit.covariance, d);
  const dof = Number.isFinite(fit.dof) ? fit.dof : GAUSSIAN_DOF;
  return { components: [{ mean: fit.mean, covariance: fit.covariance, chol, dof }], labels: new Int32Array(n), fitSize: m };
}
