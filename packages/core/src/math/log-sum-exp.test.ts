import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logAddExp, logSumExp } from './log-sum-exp.js';

// Pinned so a failure reproduces; fast-check prints the seed and counterexample path on failure.
const FC = { seed: Number(process.env.FC_SEED ?? 0x7e3a5e), numRuns: 300 };

/** |a − b| ≤ rel·max(|a|, |b|) + abs. */
function close(a: number, b: number, rel: number, abs = 0): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}

const moderate = fc.double({ min: -30, max: 30, noNaN: true });
const moderateArray = fc.array(moderate, { minLength: 1, maxLength: 40 });

describe('logSumExp', () => {
  it('equals log(Σ exp) for moderate values', () => {
    fc.assert(
      fc.property(moderateArray, (v) => {
        let s = 0;
        for (const x of v) s += Math.exp(x);
        // Both sides are accurate to a few ulps of the sum; the absolute floor covers results near 0.
        return close(logSumExp(v), Math.log(s), 1e-13, 1e-13);
      }),
      FC,
    );
  });

  it('is shift invariant: logSumExp(v + c) = logSumExp(v) + c', () => {
    fc.assert(
      fc.property(moderateArray, fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v, c) => {
        const shifted = v.map((x) => x + c);
        // Adding c rounds each x + c by up to ulp(|c|), which bounds the change in the result.
        const tol = 4 * Number.EPSILON * (Math.abs(c) + 30) + 1e-13;
        return Math.abs(logSumExp(shifted) - (logSumExp(v) + c)) <= tol;
      }),
      FC,
    );
  });

  it('is ≥ max and ≤ max + log n', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e300, max: 1e300, noNaN: true }), { minLength: 1, maxLength: 40 }), (v) => {
        const r = logSumExp(v);
        const m = Math.max(...v);
        return Number.isFinite(r) && r >= m && r <= m + Math.log(v.length) * (1 + 1e-12) + Math.abs(m) * 1e-15;
      }),
      FC,
    );
  });

  it('does not overflow or underflow for values spread over ±1e300', () => {
    expect(logSumExp([1e300, -1e300])).toBe(1e300);
    expect(logSumExp([-1e300, -1e300])).toBe(-1e300 + Math.LN2);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000, -1000])).toBeCloseTo(-1000 + Math.log(3), 12);
  });

  it('keeps precision when one term dominates', () => {
    // log(1 + e^-40) = e^-40 to double precision; a plain log of the sum would return exactly 0.
    expect(close(logSumExp([0, -40]), Math.exp(-40), 1e-14)).toBe(true);
  });

  it('handles infinities, NaN and empty ranges', () => {
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([-Infinity, 2])).toBe(2);
    expect(logSumExp([1, Infinity, -Infinity])).toBe(Infinity);
    expect(logSumExp([1, NaN, 2])).toBeNaN();
    expect(logSumExp([Infinity, NaN])).toBeNaN();
    expect(logSumExp([NaN, Infinity])).toBeNaN();
  });

  it('respects the [start, end) range', () => {
    const v = [100, 1, 2, 3, 100];
    expect(close(logSumExp(v, 1, 4), Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 1e-15)).toBe(true);
    expect(logSumExp(v, 2, 2)).toBe(-Infinity);
    expect(logSumExp(new Float64Array([5, 0, 0]), 1)).toBeCloseTo(Math.LN2, 15);
  });
});

describe('logAddExp', () => {
  it('agrees with logSumExp of two values', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e300, max: 1e300, noNaN: true }), fc.double({ min: -1e300, max: 1e300, noNaN: true }), (a, b) => {
        const r = logAddExp(a, b);
        return close(r, logSumExp([a, b]), 2 * Number.EPSILON) && r === logAddExp(b, a);
      }),
      FC,
    );
  });

  it('handles infinities and NaN', () => {
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(Infinity, -Infinity)).toBe(Infinity);
    expect(logAddExp(Infinity, Infinity)).toBe(Infinity);
    expect(logAddExp(NaN, 1)).toBeNaN();
    expect(logAddExp(1, NaN)).toBeNaN();
    expect(logAddExp(0, 0)).toBe(Math.LN2);
  });
});
