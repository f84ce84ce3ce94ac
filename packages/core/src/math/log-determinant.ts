/**
 * Computes log det(A) = 2 Σ log L_ii from the Cholesky factor L of A = L Lᵀ.
 *
 * Summing logs rather than taking the log of a product keeps the result finite for determinants
 * far outside the double range (a 100-dimensional covariance with variances 1e-8 has det 1e-800).
 *
 * @param L - n×n lower-triangular Cholesky factor, row-major (only the diagonal is read)
 * @param n - matrix order
 * @returns log det(L Lᵀ); `-Infinity` when a diagonal entry is 0, `NaN` when one is negative
 * @throws never
 *
 * @example
 * ```ts
 * const logNormalisation = -0.5 * (n * Math.log(2 * Math.PI) + logDeterminantFromCholesky(L, n));
 * ```
 */
export function logDeterminantFromCholesky(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]);
  return 2 * s;
}
