/**
 * Solves L y = b for y by forward substitution, with L lower triangular.
 *
 * Only the lower triangle of `L` (n×n, row-major) is read. `out` may be the same array as `b`
 * (otherwise the two must not overlap).
 *
 * @param out - length-n output y
 * @param L - n×n lower-triangular matrix with nonzero diagonal, row-major (e.g. from `cholesky`)
 * @param b - length-n right-hand side
 * @param n - order of L
 * @returns nothing; y is written to `out`
 * @throws never; a zero diagonal entry gives non-finite entries in `out`
 *
 * @example
 * ```ts
 * // whiten a centred vector: y = L⁻¹(x − μ)
 * solveLower(y, L, centred, n);
 * ```
 */
export function solveLower(out: Float64Array, L: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    // b[i] is read before out[i] is written; out[k] for k < i is already the solution.
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[ri + k] * out[k];
    out[i] = s / L[ri + i];
  }
}

/**
 * Solves Lᵀ x = y for x by back substitution, with L lower triangular.
 *
 * Only the lower triangle of `L` (n×n, row-major) is read. `out` may be the same array as `y`
 * (otherwise the two must not overlap).
 * Works column-by-column on Lᵀ, i.e. along the rows of L, so memory access stays contiguous.
 *
 * @param out - length-n output x
 * @param L - n×n lower-triangular matrix with nonzero diagonal, row-major
 * @param y - length-n right-hand side
 * @param n - order of L
 * @returns nothing; x is written to `out`
 * @throws never; a zero diagonal entry gives non-finite entries in `out`
 */
export function solveLowerTranspose(out: Float64Array, L: Float64Array, y: Float64Array, n: number): void {
  if (out !== y) for (let i = 0; i < n; i++) out[i] = y[i];
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = out[i] / L[ri + i];
    out[i] = xi;
    // Remove x_i's contribution, L_ik·x_i, from the equations k < i still to solve.
    for (let k = 0; k < i; k++) out[k] -= L[ri + k] * xi;
  }
}

/**
 * Computes out = L z for lower-triangular L.
 *
 * Only the lower triangle of `L` (n×n, row-major) is read. `out` may be the same array as `z`
 * (otherwise the two must not overlap): rows are computed from the last up, and row i reads only
 * z[0..i].
 *
 * @param out - length-n output
 * @param L - n×n lower-triangular matrix, row-major
 * @param z - length-n vector
 * @param n - order of L
 * @returns nothing; L z is written to `out`
 * @throws never
 *
 * @example
 * ```ts
 * // correlated normal draw: x = μ + L z with z standard normal and L L^T = Σ
 * lowerTimesVector(x, L, z, n);
 * ```
 */
export function lowerTimesVector(out: Float64Array, L: Float64Array, z: Float64Array, n: number): void {
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let s = 0;
    for (let k = 0; k <= i; k++) s += L[ri + k] * z[k];
    out[i] = s;
  }
}
