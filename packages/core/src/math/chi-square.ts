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
