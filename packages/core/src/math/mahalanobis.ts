/**
 * Computes the squared Mahalanobis distance (x − μ)ᵀ (L Lᵀ)⁻¹ (x − μ) with one forward solve.
 *
 * With y = L⁻¹(x − μ), the distance is yᵀy, so no inverse and no backward solve are needed.
 *
 * @param x - array holding the point at `x[xOffset .. xOffset + n)` (e.g. a row of a flat
 *   row-major particle array)
 * @param xOffset - index of the point's first coordinate in `x`
 * @param mean - length-n mean μ
 * @param L - n×n lower-triangular Cholesky factor of the covariance, row-major
 * @param n - dimension
 * @param scratch - at least n numbers, overwritten (with y)
 * @returns the squared distance, ≥ 0
 * @throws never; a zero diagonal in L gives a non-finite result
 *
 * @example
 * ```ts
 * const d2 = mahalanobisSquared(u, i * nDim, mean, L, nDim, scratch);
 * ```
 */
export function mahalanobisSquared(
  x: Float64Array,
  xOffset: number,
  mean: Float64Array,
  L: Float64Array,
  n: number,
  scratch: Float64Array,
): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = x[xOffset + i] - mean[i];
    for (let k = 0; k < i; k++) s -= L[ri + k] * scratch[k];
    const yi = s / L[ri + i];
    scratch[i] = yi;
    sum += yi * yi;
  }
  return sum;
}
