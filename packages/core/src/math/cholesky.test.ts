import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { cholesky, choleskyRegularized } from './cholesky.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0xc401), numRuns: 200 };

/** An n×m matrix with entries in [-1, 1], row-major. */
function matrixArb(n: number, m: number): fc.Arbitrary<Float64Array> {
  return fc
    .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * m, maxLength: n * m })
    .map((v) => Float64Array.from(v));
}

/** B Bᵀ + eps·I for an n×m matrix B. */
function gram(b: Float64Array, n: number, m: number, eps: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += b[i * m + k] * b[j * m + k];
      a[i * n + j] = s + (i === j ? eps : 0);
    }
  }
  return a;
}

/** max |L Lᵀ − A| / max |A|. */
function reconstructionError(l: Float64Array, a: Float64Array, n: number): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
      err = Math.max(err, Math.abs(s - a[i * n + j]));
      scale = Math.max(scale, Math.abs(a[i * n + j]));
    }
  }
  return err / scale;
}

function isLowerWithPositiveDiagonal(l: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    if (!(l[i * n + i] > 0)) return false;
    for (let j = i + 1; j < n; j++) if (l[i * n + j] !== 0) return false;
  }
  return true;
}

const spdCase = fc
  .integer({ min: 1, max: 12 })
  .chain((n) => fc.tuple(fc.constant(n), matrixArb(n, n), fc.double({ min: 1e-3, max: 1, noNaN: true })));

describe('cholesky', () => {
  it('reconstructs random SPD matrices B Bᵀ + εI (n = 1..12) to 1e-10 relative error', () => {
    fc.assert(
      fc.property(spdCase, ([n, b, eps]) => {
        const a = gram(b, n, n, eps);
        const l = new Float64Array(n * n).fill(NaN); // the upper triangle must be overwritten with 0
        // Backward error of Cholesky is O(n·ε)·max|A|; 1e-10 leaves a wide margin.
        return cholesky(l, a, n) && isLowerWithPositiveDiagonal(l, n) && reconstructionError(l, a, n) <= 1e-10;
      }),
      FC,
    );
  });

  it('gives the same factor in place (out = a)', () => {
    fc.assert(
      fc.property(spdCase, ([n, b, eps]) => {
        const a = gram(b, n, n, eps);
        const l = new Float64Array(n * n);
        cholesky(l, a, n);
        const inPlace = a.slice();
        return cholesky(inPlace, inPlace, n) && inPlace.every((v, i) => v === l[i]);
      }),
      FC,
    );
  });

  it('returns false for indefinite matrices B D Bᵀ with a negative entry in D', () => {
    // B unit-free lower triangular and invertible, so B D Bᵀ has the inertia of D (Sylvester) and
    // exact Cholesky meets a negative pivot D_kk·B_kk² at the first negative D_kk.
    const caseArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        matrixArb(n, n),
        fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
        fc.integer({ min: 0, max: n - 1 }),
      ),
    );
    fc.assert(
      fc.property(caseArb, ([n, b, diag, negative]) => {
        const lower = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < i; j++) lower[i * n + j] = b[i * n + j];
          lower[i * n + i] = 1;
        }
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += lower[i * n + k] * lower[j * n + k] * (k === negative ? -diag[k] : diag[k]);
            a[i * n + j] = s;
          }
        }
        return !cholesky(new Float64Array(n * n), a, n);
      }),
      FC,
    );
  });

  it('matches a hand-computed factor', () => {
    const l = new Float64Array(4);
    expect(cholesky(l, new Float64Array([4, 2, 2, 3]), 2)).toBe(true);
    expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
  });

  it('reads only the lower triangle', () => {
    const l = new Float64Array(4);
    expect(cholesky(l, new Float64Array([4, 99, 2, 3]), 2)).toBe(true);
    expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
  });

  it('accepts ill-conditioned matrices down to a relative pivot of 1e-12, and no further', () => {
    const out = new Float64Array(4);
    // [[1, c], [c, 1]]: the second pivot is 1 − c².
    expect(cholesky(out, new Float64Array([1, 1 - 1e-8, 1 - 1e-8, 1]), 2)).toBe(true); // 1 − c² ≈ 2e-8
    expect(cholesky(out, new Float64Array([1, 1 - 1e-11, 1 - 1e-11, 1]), 2)).toBe(true); // ≈ 2e-11
    expect(cholesky(out, new Float64Array([1, 1 - 1e-13, 1 - 1e-13, 1]), 2)).toBe(false); // ≈ 2e-13
    // Scale does not matter: the tolerance is relative to the diagonal.
    expect(cholesky(out, new Float64Array([1e-20, 0, 0, 1e20]), 2)).toBe(true);
  });

  it('returns false for non-finite entries, singular and negative-definite matrices', () => {
    const out = new Float64Array(4);
    expect(cholesky(out, new Float64Array([1, NaN, 0, 1]), 2)).toBe(false); // even in the unused triangle
    expect(cholesky(out, new Float64Array([Infinity, 0, 0, 1]), 2)).toBe(false);
    expect(cholesky(out, new Float64Array([1, 1, 1, 1]), 2)).toBe(false);
    expect(cholesky(out, new Float64Array([1, 2, 2, 1]), 2)).toBe(false);
    expect(cholesky(out, new Float64Array([0, 0, 0, 1]), 2)).toBe(false);
    expect(cholesky(out, new Float64Array([-1, 0, 0, -1]), 2)).toBe(false);
  });

  it('throws INVALID_ARGUMENT for arrays shorter than n²', () => {
    expect(() => cholesky(new Float64Array(3), new Float64Array(4), 2)).toThrow(TempestError);
  });
});

describe('choleskyRegularized', () => {
  it('adds no jitter to a positive-definite matrix and leaves the input untouched', () => {
    fc.assert(
      fc.property(spdCase, ([n, b, eps]) => {
        const a = gram(b, n, n, eps);
        const copy = a.slice();
        const expected = new Float64Array(n * n);
        cholesky(expected, a, n);
        const l = new Float64Array(n * n);
        return choleskyRegularized(l, a, n) === 0 && l.every((v, i) => v === expected[i]) && a.every((v, i) => v === copy[i]);
      }),
      FC,
    );
  });

  it('factors rank-deficient B Bᵀ (B n×r, r < n) as A + jitter·I with a positive-definite factor', () => {
    const caseArb = fc
      .integer({ min: 2, max: 12 })
      .chain((n) => fc.integer({ min: 0, max: n - 1 }).chain((r) => fc.tuple(fc.constant(n), fc.constant(r), matrixArb(n, r))));
    fc.assert(
      fc.property(caseArb, fc.boolean(), ([n, r, b], inPlace) => {
        const a = gram(b, n, r, 0);
        const original = a.slice();
        const l = inPlace ? a : new Float64Array(n * n);
        const jitter = choleskyRegularized(l, a, n);
        let trace = 0;
        for (let i = 0; i < n; i++) trace += original[i * n + i];
        const shifted = original.slice();
        for (let i = 0; i < n; i++) shifted[i * n + i] += jitter;
        // Rank r < n: exact Cholesky meets a zero pivot, but the computed one is rounding noise that
        // can exceed the pivot tolerance (rarely, when earlier pivots are small), so jitter may be 0.
        const firstJitter = trace > 0 ? Math.max((1e-6 * trace) / n, 1e-12 * Math.max(1, trace / n)) : 1e-6;
        const ratio = Math.log10(jitter / firstJitter);
        return (
          (jitter === 0 || Math.abs(ratio - Math.round(ratio)) < 1e-9) && // 0 or first jitter × 10^k
          isLowerWithPositiveDiagonal(l, n) &&
          reconstructionError(l, shifted, n) <= 1e-10
        );
      }),
      FC,
    );
  });

  it('follows the documented jitter schedule', () => {
    const l = new Float64Array(4);
    // Singular, mean diagonal 1: the first jitter, 1e-6, suffices.
    expect(choleskyRegularized(l, new Float64Array([1, 1, 1, 1]), 2)).toBe(1e-6);
    // Eigenvalue −1e-3, mean diagonal 0.4995: jitter 4.995e-7 × 10^k first exceeds 1e-3 at k = 4.
    const jitter = choleskyRegularized(l, new Float64Array([1, 0, 0, -1e-3]), 2);
    expect(Math.abs(jitter / 4.995e-3 - 1)).toBeLessThan(1e-12);
    // Zero trace: absolute 1e-6.
    expect(choleskyRegularized(l, new Float64Array(4), 2)).toBe(1e-6);
    expect(Array.from(l)).toEqual([1e-3, 0, 0, 1e-3]);
    // Tiny scale: the floor 1e-12 applies.
    expect(choleskyRegularized(l, new Float64Array([1e-10, 1e-10, 1e-10, 1e-10]), 2)).toBe(1e-12);
  });

  it('throws NUMERICAL_FAILURE naming the size when every retry fails', () => {
    let caught: unknown;
    try {
      choleskyRegularized(new Float64Array(9), new Float64Array([1, 0, 0, 0, NaN, 0, 0, 0, 1]), 3);
    } catch (e) {
      caught = e;
    }
    expect(TempestError.is(caught)).toBe(true);
    expect((caught as TempestError).code).toBe('NUMERICAL_FAILURE');
    expect((caught as TempestError).message).toMatch(/3×3/);
    expect((caught as TempestError).message).toMatch(/NaN or infinite/);
  });

  it('uses a caller scratch buffer when factoring in place and rejects a short one', () => {
    const a = new Float64Array([1, 1, 1, 1]);
    const scratch = new Float64Array(4);
    expect(choleskyRegularized(a, a, 2, scratch)).toBe(1e-6);
    expect(Array.from(scratch)).toEqual([1, 1, 1, 1]);
    const b = new Float64Array([1, 1, 1, 1]);
    expect(() => choleskyRegularized(b, b, 2, new Float64Array(3))).toThrow(/scratch/);
  });
});
