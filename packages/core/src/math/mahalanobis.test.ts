import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky } from './cholesky.js';
import { mahalanobisSquared } from './mahalanobis.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x3a4a), numRuns: 300 };

/** Solves A x = b by Gaussian elimination with partial pivoting (independent of Cholesky). */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = a.slice();
  const x = b.slice();
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
    [x[c], x[p]] = [x[p], x[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= m[i * n + k] * x[k];
    x[i] = s / m[i * n + i];
  }
  return x;
}

const caseArb = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
    fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3 * n, maxLength: 3 * n }),
    fc.integer({ min: 0, max: 2 }),
  ),
);

describe('mahalanobisSquared', () => {
  it('equals (x − μ)ᵀ A⁻¹ (x − μ) computed by Gaussian elimination', () => {
    fc.assert(
      fc.property(caseArb, ([n, b, values, row]) => {
        // A = B Bᵀ + 0.1·I with λmax(B Bᵀ) ≤ ‖B‖F² ≤ n², so cond(A) ≤ (100 + 0.1)/0.1 ≈ 1e3.
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let s = i === j ? 0.1 : 0;
            for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
            a[i * n + j] = s;
          }
        }
        const L = new Float64Array(n * n);
        cholesky(L, a, n);
        // x: three points in a flat row-major array; the point at `row` is used.
        const x = Float64Array.from(values.slice(0, 3 * n));
        const mean = Float64Array.from(values.slice(0, n).map((v) => v / 2));
        const diff = new Float64Array(n);
        for (let i = 0; i < n; i++) diff[i] = x[row * n + i] - mean[i];
        const sol = solve(a, diff, n);
        let expected = 0;
        for (let i = 0; i < n; i++) expected += diff[i] * sol[i];
        const got = mahalanobisSquared(x, row * n, mean, L, n, new Float64Array(n));
        // Relative error ≲ cond(A)·n·ε ≈ 2e-12; 1e-11 is a 5× margin, the absolute floor covers x ≈ μ.
        return got >= 0 && Math.abs(got - expected) <= 1e-11 * expected + 1e-14;
      }),
      FC,
    );
  });

  it('reduces to Σ (x_i − μ_i)² / σ_i² for a diagonal covariance', () => {
    const L = new Float64Array([2, 0, 0, 0, 0.5, 0, 0, 0, 1]);
    const x = new Float64Array([9, 9, 1, 2, 3]);
    const d2 = mahalanobisSquared(x, 2, new Float64Array([0, 0, 0]), L, 3, new Float64Array(3));
    expect(d2).toBeCloseTo(1 / 4 + 4 / 0.25 + 9, 13);
  });

  it('is 0 at the mean', () => {
    const L = new Float64Array([1, 0, 0.5, 1]);
    const mean = new Float64Array([0.3, 0.7]);
    expect(mahalanobisSquared(mean, 0, mean, L, 2, new Float64Array(2))).toBe(0);
  });
});
