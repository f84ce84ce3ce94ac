import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { principalAxis } from './principal-axis.js';

const FC = { seed: Number(process.env.FC_SEED ?? 9090), numRuns: 100 };

describe('principalAxis', () => {
  it('finds the leading eigenpair of random SPD matrices (A v = lambda v, lambda >= every diagonal entry)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 36, maxLength: 36 }), (d, raw) => {
        // A = B B^T + diag(1..d) * 0.01 with a well separated top eigenvalue from a rank-one boost.
        const a = new Float64Array(d * d);
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) a[i * d + j] += raw[i * 6 + k] * raw[j * 6 + k];
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] += 5 * ((i + 1) * (j + 1)) / (d * d);
        const { vector, value } = principalAxis(a, d, 2000);
        for (let i = 0; i < d; i++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += a[i * d + j] * vector[j];
          expect(Math.abs(s - value * vector[i])).toBeLessThan(1e-6 * Math.max(1, value));
        }
        for (let i = 0; i < d; i++) expect(value).toBeGreaterThanOrEqual(a[i * d + i] - 1e-9);
      }),
      FC,
    );
  });

  it('returns the axis of an elongated covariance', () => {
    const c = Math.SQRT1_2;
    // 10 along (1, 1)/sqrt 2, 1 along (1, -1)/sqrt 2.
    const a = Float64Array.of(5.5, 4.5, 4.5, 5.5);
    const { vector, value } = principalAxis(a, 2);
    expect(value).toBeCloseTo(10, 10);
    expect(Math.abs(vector[0] * c + vector[1] * c)).toBeCloseTo(1, 10);
  });
});
