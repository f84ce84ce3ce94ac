import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerTimesVector, solveLower, solveLowerTranspose } from './triangular-solve.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x7a1), numRuns: 300 };

/**
 * A lower-triangular L with diagonal in [1, 2] and off-diagonal entries in [-1/n, 1/n], NaN above
 * the diagonal (which must never be read). Then ‖D⁻¹(L − D)‖∞ < 1, so ‖L⁻¹‖∞ ≤ n and cond∞(L) ≤ 3n.
 */
const caseArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
    fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
  ).map(([size, entries, v]) => {
    const L = new Float64Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const e = entries[i * size + j];
        L[i * size + j] = j < i ? e / size : j === i ? 1.5 + 0.5 * e : NaN;
      }
    }
    return { n: size, L, v: Float64Array.from(v) };
  }),
);

/**
 * max|a − b| ≤ rel·max|b|. The default is the forward-error bound cond·n·ε of one triangular
 * operation with a 10× margin: 10·3n·n·ε ≤ 1e-12 for n ≤ 12.
 */
function closeVec(a: Float64Array, b: Float64Array, rel = 1e-12): boolean {
  let scale = 1e-300;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) if (!(Math.abs(a[i] - b[i]) <= rel * scale)) return false;
  return true;
}

function transposeTimes(L: Float64Array, x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = i; k < n; k++) out[i] += L[k * n + i] * x[k];
  return out;
}

describe('triangular solves', () => {
  it('solveLower inverts lowerTimesVector, and vice versa', () => {
    fc.assert(
      fc.property(caseArb, ({ n, L, v }) => {
        const b = new Float64Array(n);
        lowerTimesVector(b, L, v, n);
        const y = new Float64Array(n);
        solveLower(y, L, b, n);
        const back = new Float64Array(n);
        lowerTimesVector(back, L, y, n);
        return closeVec(y, v) && closeVec(back, b);
      }),
      FC,
    );
  });

  it('solveLowerTranspose inverts multiplication by Lᵀ', () => {
    fc.assert(
      fc.property(caseArb, ({ n, L, v }) => {
        const y = transposeTimes(L, v, n);
        const x = new Float64Array(n);
        solveLowerTranspose(x, L, y, n);
        return closeVec(x, v);
      }),
      FC,
    );
  });

  it('solveLower then solveLowerTranspose solves (L Lᵀ) x = b', () => {
    fc.assert(
      fc.property(caseArb, ({ n, L, v }) => {
        const x = new Float64Array(n);
        solveLower(x, L, v, n);
        solveLowerTranspose(x, L, x, n);
        const lt = transposeTimes(L, x, n);
        const b = new Float64Array(n);
        lowerTimesVector(b, L, lt, n);
        // cond(L Lᵀ) ≤ (3n)² ≈ 1.3e3, so the residual is ≲ cond·n·ε ≈ 3.4e-12 relative; 1e-10 is a 30× margin.
        return closeVec(b, v, 1e-10);
      }),
      FC,
    );
  });

  it('gives bit-identical results when out is the input vector', () => {
    fc.assert(
      fc.property(caseArb, ({ n, L, v }) => {
        const fns = [solveLower, solveLowerTranspose, lowerTimesVector];
        return fns.every((f) => {
          const separate = new Float64Array(n);
          f(separate, L, v, n);
          const inPlace = v.slice();
          f(inPlace, L, inPlace, n);
          return inPlace.every((x, i) => x === separate[i]) && separate.every(Number.isFinite);
        });
      }),
      FC,
    );
  });

  it('matches a hand example', () => {
    const L = new Float64Array([2, 0, 1, 4]);
    const out = new Float64Array(2);
    lowerTimesVector(out, L, new Float64Array([1, 2]), 2);
    expect(Array.from(out)).toEqual([2, 9]);
    solveLower(out, L, new Float64Array([2, 9]), 2);
    expect(Array.from(out)).toEqual([1, 2]);
    // Lᵀ = [[2, 1], [0, 4]]: Lᵀ [1, 2] = [4, 8]
    solveLowerTranspose(out, L, new Float64Array([4, 8]), 2);
    expect(Array.from(out)).toEqual([1, 2]);
  });
});
