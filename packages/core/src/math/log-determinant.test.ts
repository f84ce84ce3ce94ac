import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky } from './cholesky.js';
import { logDeterminantFromCholesky } from './log-determinant.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x1d37), numRuns: 300 };

/** det(A) by Gaussian elimination with partial pivoting (independent of Cholesky). */
function determinant(a: Float64Array, n: number): number {
  const m = a.slice();
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
      det = -det;
    }
    const pivot = m[c * n + c];
    det *= pivot;
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / pivot;
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
    }
  }
  return det;
}

describe('logDeterminantFromCholesky', () => {
  it('equals log det(A) computed by Gaussian elimination for random SPD A, n = 1..6', () => {
    const caseArb = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
      ),
    );
    fc.assert(
      fc.property(caseArb, ([n, b, eps]) => {
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let s = i === j ? eps : 0;
            for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
            a[i * n + j] = s;
          }
        }
        const L = new Float64Array(n * n);
        if (!cholesky(L, a, n)) return false;
        // λmax(B Bᵀ) ≤ ‖B‖F² ≤ n², so cond(A) ≤ (36 + 0.05)/0.05 ≈ 721; both methods are backward
        // stable, so the logs agree to ≈ n·cond·ε ≈ 1e-12; 1e-10 absolute is a 100× margin.
        return Math.abs(logDeterminantFromCholesky(L, n) - Math.log(determinant(a, n))) <= 1e-10;
      }),
      FC,
    );
  });

  it('matches hand examples', () => {
    expect(logDeterminantFromCholesky(new Float64Array([2, 0, 1, 3]), 2)).toBeCloseTo(Math.log(36), 14);
    expect(logDeterminantFromCholesky(new Float64Array([1]), 1)).toBe(0);
    expect(logDeterminantFromCholesky(new Float64Array([0, 0, 0, 1]), 2)).toBe(-Infinity);
  });

  it('stays finite where the determinant itself underflows', () => {
    const n = 100;
    const L = new Float64Array(n * n);
    for (let i = 0; i < n; i++) L[i * n + i] = 1e-4; // covariance 1e-8·I, det = 1e-800
    expect(logDeterminantFromCholesky(L, n)).toBeCloseTo(-800 * Math.LN10, 9);
  });
});
