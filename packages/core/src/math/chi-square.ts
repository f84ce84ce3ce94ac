/// <reference path="./jstat.d.ts" />
import jstat from 'jstat';

/**
 * Upper tail probability of the chi-square distribution, P(X > x) for X ~ chi2(dof).
 * @param x - the statistic
 * @param dof - degrees of freedom
 * @returns the p-value
 */
export function chiSquareTail(x: number, dof: number): number {
  return 1 - jstat.jStat.chisquare.cdf(x, dof);
}

/**
 * Quantile of the chi-square distribution: the x with P(X <= x) = p for X ~ chi2(dof).
 * @param p - probability in (0, 1)
 * @param dof - degrees of freedom
 * @returns the quantile
 */
export function chiSquareQuantile(p: number, dof: number): number {
  return jstat.jStat.chisquare.inv(p, dof);
}
