import { mahalanobisSquared } from '../math/mahalanobis.js';
import type { ProposalComponent } from './proposal-component.js';

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
 * @param scratch - length-d scratch
 * @returns the unnormalised log density
 */
export function logComponentKernel(point: Float64Array, offset: number, c: ProposalComponent, scratch: Float64Array): number {
  const d = scratch.length;
  return logStudentKernel(mahalanobisSquared(point, offset, c.mean, c.chol, d, scratch), c.dof, d);
}
