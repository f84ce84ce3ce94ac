import { TempestError } from '../tempest-error.js';

/**
 * A pivot at or below PIVOT_TOLERANCE·A_ii counts as zero. The pivot for row i is the variance of
 * coordinate i left after regressing it on the earlier ones, so this rejects matrices in which some
 * coordinate is a linear combination of the others to within a relative residual variance of 1e-12.
 * Since that ratio is ≥ 1/cond(A), only matrices with condition number above 1e12 can fail this
 * way, and scaling the coordinates changes nothing. For an exactly singular matrix the computed
 * pivot is rounding noise, typically 1–100 ε·A_ii but with a long tail when earlier pivots are
 * small; an exact-zero test (LAPACK's) would accept such noise as a valid, wildly ill-conditioned
 * factor.
 */
const PIVOT_TOLERANCE = 1e-12;

/** Jittered retries of {@link choleskyRegularized}, the jitter growing tenfold each time. */
const MAX_RETRIES = 12;

/**
 * Computes the lower-triangular Cholesky factor L of a symmetric positive-definite matrix, L Lᵀ = A.
 *
 * Row-major; only the lower triangle of `a` is used, and the strictly upper triangle of `out` is
 * set to 0. Failure is a status, not an exception, so the caller can regularise and retry: the
 * result is `false` when `a` has a non-finite entry (anywhere) or is not numerically positive
 * definite: some pivot is ≤ 1e-12·A_ii. Singular positive semi-definite matrices therefore fail
 * (barring rounding luck), and so may near-singular ones, but only if their condition number
 * exceeds 1e12; the test is relative to each diagonal entry, so scaling does not matter. On
 * failure `out` holds partial results.
 *
 * @param out - n×n output, row-major; may be the same array as `a` (factorisation in place)
 * @param a - n×n symmetric matrix, row-major
 * @param n - matrix order
 * @returns whether the factorisation succeeded
 * @throws {@link TempestError} `INVALID_ARGUMENT` when `out` or `a` is shorter than n²
 *
 * @example
 * ```ts
 * const L = new Float64Array(4);
 * if (!cholesky(L, new Float64Array([4, 2, 2, 3]), 2)) throw new Error('not positive definite');
 * // L = [2, 0, 1, √2]
 * ```
 */
export function cholesky(out: Float64Array, a: Float64Array, n: number): boolean {
  checkSizes(out, a, n);
  const nn = n * n;
  for (let i = 0; i < nn; i++) {
    const v = a[i];
    if (v - v !== 0) return false; // NaN or ±Infinity
  }
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      // Row i of L left of column j, and row j of L, are already in `out`; a[ri + j] is read
      // before out[ri + j] is written, which is what makes aliasing `out` and `a` safe.
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= out[ri + k] * out[rj + k];
      if (j < i) {
        out[ri + j] = s / out[rj + j];
      } else {
        if (!(s > PIVOT_TOLERANCE * a[ri + i])) return false;
        out[ri + i] = Math.sqrt(s);
      }
    }
    for (let j = i + 1; j < n; j++) out[ri + j] = 0;
  }
  return true;
}

/**
 * Computes a Cholesky factor, adding diagonal jitter when the matrix is singular or slightly indefinite.
 *
 * Tries {@link cholesky} on `a` first. On failure it factors A + εI with ε = 1e-6·trace(A)/n
 * (at least 1e-12·max(1, |trace(A)|/n); 1e-6 when the trace is not positive and finite),
 * multiplying ε by 10 after each failure, for up to 12 jittered attempts. `a` is never modified
 * unless `out` is `a`.
 *
 * @param out - n×n output for L, row-major; may be the same array as `a`
 * @param a - n×n symmetric matrix, row-major
 * @param n - matrix order
 * @param scratch - n² scratch, used only when `out` is `a` to keep a copy of the input; allocated
 *   when needed and not given
 * @returns the jitter ε that was added to the diagonal, or 0 when `a` factored as is
 * @throws {@link TempestError} `NUMERICAL_FAILURE` when every attempt fails (non-finite entries, or
 *   a strongly indefinite matrix); `INVALID_ARGUMENT` when an array is shorter than n²
 *
 * @example
 * ```ts
 * const L = new Float64Array(4);
 * const jitter = choleskyRegularized(L, new Float64Array([1, 1, 1, 1]), 2); // singular: jitter 1e-6
 * ```
 */
export function choleskyRegularized(out: Float64Array, a: Float64Array, n: number, scratch?: Float64Array): number {
  checkSizes(out, a, n);
  const nn = n * n;
  let src = a;
  if (out.buffer === a.buffer && rangesOverlap(out, a, nn)) {
    if (scratch === undefined) scratch = new Float64Array(nn);
    else if (scratch.length < nn) {
      throw new TempestError('INVALID_ARGUMENT', `scratch must hold n² = ${nn} numbers; got length ${scratch.length}.`, {
        option: 'scratch',
        value: scratch.length,
      });
    }
    for (let i = 0; i < nn; i++) scratch[i] = a[i];
    src = scratch;
  }
  if (cholesky(out, src, n)) return 0;

  let trace = 0;
  for (let i = 0; i < n; i++) trace += src[i * n + i];
  const meanDiag = trace / n;
  let jitter = meanDiag > 0 && meanDiag < Infinity ? Math.max(1e-6 * meanDiag, 1e-12 * Math.max(1, meanDiag)) : 1e-6;

  for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
    for (let i = 0; i < nn; i++) out[i] = src[i];
    for (let i = 0; i < n; i++) out[i * n + i] += jitter;
    if (cholesky(out, out, n)) return jitter;
    if (attempt < MAX_RETRIES - 1) jitter *= 10;
  }
  throw new TempestError(
    'NUMERICAL_FAILURE',
    `Cholesky factorisation of a ${n}×${n} matrix failed even with ${jitter.toExponential(2)} added to its diagonal ` +
      `(trace ${trace}). Check the matrix for NaN or infinite entries, and that it is a symmetric covariance; ` +
      `non-finite entries usually come from NaN or infinite particle coordinates or weights.`,
    { option: 'matrix', value: trace },
  );
}

function checkSizes(out: Float64Array, a: Float64Array, n: number): void {
  const nn = n * n;
  if (a.length < nn || out.length < nn) {
    throw new TempestError(
      'INVALID_ARGUMENT',
      `a Cholesky factorisation of order n = ${n} needs arrays of n² = ${nn} numbers; got a.length ${a.length} and out.length ${out.length}.`,
      { option: 'n', value: n },
    );
  }
}

function rangesOverlap(x: Float64Array, y: Float64Array, length: number): boolean {
  const bytes = length * Float64Array.BYTES_PER_ELEMENT;
  return x.byteOffset < y.byteOffset + bytes && y.byteOffset < x.byteOffset + bytes;
}
