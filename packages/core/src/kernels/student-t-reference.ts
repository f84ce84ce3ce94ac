import { solveLower } from '../math/triangular-solve.js';
import type { ProposalComponent } from './proposal-component.js';

/**
 * (x - mu)^T C^-1 (x - mu) for `diff = x - mu` and C = L L^T.
 * @param diff - x - mu (length d)
 * @param chol - lower Cholesky factor L (d x d, row-major)
 * @param d - dimension
 * @param scratch - length-d buffer, overwritten with L^-1 diff
 * @returns the squared Mahalanobis distance
 */
export function mahalanobis(diff: Float64Array, chol: Float64Array, d: number, scratch: Float64Array): number {
  solveLower(scratch, chol, diff, d);
  let sum = 0;
  for (let j = 0; j < d; j++) sum += scratch[j] * scratch[j];
  return sum;
}

/**
 * Log of the multivariate Student-t density kernel at squared Mahalanobis distance `delta`
 * (unnormalised; a Gaussian kernel when `dof` is infinite).
 * @param delta - squared Mahalanobis distance
 * @param dof - degrees of freedom
 * @param d - dimension
 * @returns -(d + dof)/2 log(1 + delta/dof), or -delta/2
 */
export function logStudentKernel(delta: number, dof: number, d: number): number {
  return Number.isFinite(dof) ? -0.5 * (d + dof) * Math.log1p(delta / dof) : -0.5 * delta;
}

/**
 * Log of a component's Student-t density at a point, up to a constant: the reference density of
 * kernels that are reversible with respect to the fitted Student-t (t-pCN, independence draws).
 * @param point - buffer holding the point at `offset`
 * @param offset - where the point starts
 * @param c - the component
 * @param diff - length-d scratch
 * @param z - length-d scratch
 * @returns the unnormalised log density
 */
export function logComponentKernel(point: Float64Array, offset: number, c: ProposalComponent, diff: Float64Array, z: Float64Array): number {
  const d = diff.length;
  for (let j = 0; j < d; j++) diff[j] = point[offset + j] - c.mean[j];
  return logStudentKernel(mahalanobis(diff, c.chol, d, z), c.dof, d);
}
