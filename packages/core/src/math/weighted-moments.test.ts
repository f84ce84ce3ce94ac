import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { weightedCovariance, weightedMean } from './weighted-moments.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x3013), numRuns: 200 };

/** max|a − b| ≤ rel·max(max|b|, 1). Sums of ≤ 40 terms of size ≤ 100 lose well under 1e-12 relative. */
function closeArrays(a: Float64Array, b: Float64Array, rel = 1e-12): boolean {
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) if (!(Math.abs(a[i] - b[i]) <= rel * scale)) return false;
  return true;
}

/** n points in d dimensions with integer weights 0..4, at least one positive. */
const caseArb = fc
  .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }))
  .chain(([n, d]) =>
    fc.tuple(
      fc.constant(n),
      fc.constant(d),
      fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n * d, maxLength: n * d }),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }).filter((w) => w.some((x) => x > 0)),
    ),
  );

function moments(data: Float64Array, n: number, d: number, weights?: ArrayLike<number>) {
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  weightedMean(mean, data, n, d, weights);
  weightedCovariance(cov, data, n, d, mean, weights);
  return { mean, cov };
}

describe('weighted moments', () => {
  it('integer weights equal replicating each point that many times', () => {
    fc.assert(
      fc.property(caseArb, ([n, d, values, w]) => {
        const data = Float64Array.from(values);
        const replicated: number[] = [];
        for (let i = 0; i < n; i++) for (let c = 0; c < w[i]; c++) replicated.push(...values.slice(i * d, (i + 1) * d));
        const m = replicated.length / d;
        const weighted = moments(data, n, d, w);
        const plain = moments(Float64Array.from(replicated), m, d);
        return closeArrays(weighted.mean, plain.mean) && closeArrays(weighted.cov, plain.cov);
      }),
      FC,
    );
  });

  it('is invariant to scaling the weights', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1e-100, max: 1e100, noNaN: true }), ([n, d, values, w], c) => {
        const data = Float64Array.from(values);
        const a = moments(data, n, d, w);
        const b = moments(data, n, d, w.map((x) => x * c));
        return closeArrays(a.mean, b.mean) && closeArrays(a.cov, b.cov);
      }),
      FC,
    );
  });

  it('gives a symmetric covariance with nonnegative diagonal and centred weighted residuals', () => {
    fc.assert(
      fc.property(caseArb, ([n, d, values, w]) => {
        const data = Float64Array.from(values);
        const { mean, cov } = moments(data, n, d, w);
        for (let j = 0; j < d; j++) {
          if (!(cov[j * d + j] >= 0)) return false;
          for (let k = 0; k < d; k++) if (cov[j * d + k] !== cov[k * d + j]) return false;
          let residual = 0;
          for (let i = 0; i < n; i++) residual += w[i] * (data[i * d + j] - mean[j]);
          // Σ w_i·|x_i − μ| ≤ 40·20, so rounding leaves |residual| ≲ n·ε·800 ≈ 2e-12.
          if (!(Math.abs(residual) <= 1e-11)) return false;
        }
        return true;
      }),
      FC,
    );
  });

  it('matches a hand example', () => {
    // points (0,0), (2,0), (0,4) with weights 1, 1, 2 → normalised 1/4, 1/4, 1/2
    const { mean, cov } = moments(new Float64Array([0, 0, 2, 0, 0, 4]), 3, 2, [1, 1, 2]);
    expect(Array.from(mean)).toEqual([0.5, 2]);
    expect(closeArrays(cov, new Float64Array([0.75, -1, -1, 4]))).toBe(true);
  });

  it('uses equal weights when none are given (population covariance, divisor n)', () => {
    const { mean, cov } = moments(new Float64Array([1, 3]), 2, 1);
    expect(mean[0]).toBe(2);
    expect(cov[0]).toBe(1);
  });

  it('rejects bad weights and n < 1 with INVALID_ARGUMENT', () => {
    const data = new Float64Array([1, 2]);
    const out = new Float64Array(1);
    for (const w of [[1, -1], [0, 0], [1, NaN], [1, Infinity], [1e308, 1e308]]) {
      expect(() => weightedMean(out, data, 2, 1, w)).toThrow(TempestError);
      expect(() => weightedCovariance(out, data, 2, 1, out, w)).toThrow(TempestError);
    }
    expect(() => weightedMean(out, data, 0, 1)).toThrow(/at least one point/);
  });
});
