import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { effectiveSampleSize, effectiveSampleSizeFromLogWeights } from './effective-sample-size.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0xe55), numRuns: 300 };

function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

// Zero or a normal number, so that scaling by up to 1e±200 never reaches the subnormal range.
const weight = fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e6, noNaN: true }));
/** Weight arrays with at least one nonzero entry. */
const weights = fc
  .array(weight, { minLength: 1, maxLength: 60 })
  .filter((w) => w.some((x) => x > 0));

describe('effectiveSampleSize', () => {
  it('lies in [1, n] for any weights with a nonzero entry', () => {
    fc.assert(
      fc.property(weights, (w) => {
        const ess = effectiveSampleSize(w);
        return ess >= 1 && ess <= w.length;
      }),
      FC,
    );
  });

  it('equals n for equal weights', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (n, c) => {
        return effectiveSampleSize(new Float64Array(n).fill(c)) === n;
      }),
      FC,
    );
  });

  it('is invariant to scaling, even by factors that would overflow Σw²', () => {
    fc.assert(
      fc.property(weights, fc.double({ min: 1e-200, max: 1e200, noNaN: true }), (w, c) => {
        const scaled = w.map((x) => x * c);
        // Scaling rounds each weight by ≤ ½ ulp; ESS (degree-0 homogeneous) moves by a few times that,
        // and the two sums add ≤ n ulps each.
        return close(effectiveSampleSize(scaled), effectiveSampleSize(w), 8 * w.length * Number.EPSILON);
      }),
      FC,
    );
  });

  it('matches the formula on a hand example', () => {
    // (1 + 2 + 3)² / (1 + 4 + 9) = 36 / 14
    expect(close(effectiveSampleSize([1, 2, 3]), 36 / 14, 1e-15)).toBe(true);
    expect(effectiveSampleSize([0, 5, 0])).toBe(1);
  });

  it('respects the [start, end) range', () => {
    const w = new Float64Array([100, 1, 1, 1, 100]);
    expect(effectiveSampleSize(w, 1, 4)).toBe(3);
    expect(effectiveSampleSize(w, 2, 2)).toBe(0);
  });

  it('returns 0 when every weight is zero', () => {
    expect(effectiveSampleSize([0, 0, 0])).toBe(0);
    expect(effectiveSampleSize([])).toBe(0);
  });

  it('rejects negative, NaN and infinite weights with INVALID_ARGUMENT', () => {
    for (const bad of [-1, NaN, Infinity]) {
      let caught: unknown;
      try {
        effectiveSampleSize([1, bad, 2]);
      } catch (e) {
        caught = e;
      }
      expect(TempestError.is(caught)).toBe(true);
      expect((caught as TempestError).code).toBe('INVALID_ARGUMENT');
      expect((caught as TempestError).index).toBe(1);
    }
  });
});

describe('effectiveSampleSizeFromLogWeights', () => {
  it('agrees with the linear version', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 60 }), (logw) => {
        const lin = logw.map(Math.exp);
        // logw − max (|·| ≤ 100) is rounded by ≤ ulp(100)/2 ≈ 7e-15, which becomes a relative error of
        // each weight; ESS moves by a few times that, plus ≤ n ulps from the sums.
        return close(effectiveSampleSizeFromLogWeights(logw), effectiveSampleSize(lin), 4e-14 + 4 * logw.length * Number.EPSILON);
      }),
      FC,
    );
  });

  it('is invariant to an additive offset of any size', () => {
    const logw = [0, -1, -2, -0.5, -3];
    const ref = effectiveSampleSizeFromLogWeights(logw);
    for (const c of [-1e5, 1e5, 700, -800]) {
      expect(close(effectiveSampleSizeFromLogWeights(logw.map((l) => l + c)), ref, 1e-10)).toBe(true);
    }
    expect(Number.isFinite(effectiveSampleSizeFromLogWeights([1e300, 1e300 - 1]))).toBe(true);
  });

  it('treats -Infinity as zero weight', () => {
    expect(effectiveSampleSizeFromLogWeights([-Infinity, 0, 0, -Infinity])).toBe(2);
    expect(effectiveSampleSizeFromLogWeights([-Infinity, -Infinity])).toBe(0);
  });

  it('rejects NaN and +Infinity with INVALID_ARGUMENT', () => {
    expect(() => effectiveSampleSizeFromLogWeights([0, NaN])).toThrow(TempestError);
    expect(() => effectiveSampleSizeFromLogWeights([Infinity, 0])).toThrow(/log-weights/);
  });
});
