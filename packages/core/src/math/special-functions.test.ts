import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { digamma, digammaDifference, logGamma } from './special-functions.js';

const FC_SEED = 314159;
const EULER_GAMMA = 0.5772156649015329;

/**
 * Error of `actual` against `expected`, relative to the largest magnitude among `scale` terms and 1.
 * The floor of 1 is needed where the result is near a root (ln Γ(1) = ln Γ(2) = 0, ψ(1.4616) = 0):
 * there the error is absolute, about one rounding of the O(1) intermediate terms.
 */
function relativeError(actual: number, expected: number, ...scale: number[]): number {
  let s = Math.max(1, Math.abs(expected));
  for (const v of scale) s = Math.max(s, Math.abs(v));
  return Math.abs(actual - expected) / s;
}

/** Positive doubles over 600 orders of magnitude, skewed towards the interesting small range. */
const positive = fc.oneof(
  fc.double({ min: 1e-300, max: 1e12, noNaN: true }),
  fc.double({ min: 1e-3, max: 20, noNaN: true }),
);

describe('logGamma', () => {
  it('matches reference values (computed with mpmath at 40 digits)', () => {
    const reference: [number, number][] = [
      [1e-300, 690.77552789821370521],
      [1e-8, 18.420680738180208905],
      [0.1, 2.2527126517342059599],
      [0.5, 0.5 * Math.log(Math.PI)],
      [1, 0],
      [1.5, -0.12078223763524522235],
      [2, 0],
      [2.5, 0.28468287047291915963],
      [7.25, 7.0521854507385394449],
      [33.3, 82.603723581654952928],
      [100, 359.13420536957539878],
      [1e6, 12815504.56914761166],
      [1e15, 33538776394910668.91],
    ];
    for (const [x, expected] of reference) expect(relativeError(logGamma(x), expected)).toBeLessThan(1e-14);
  });

  it('equals ln((n-1)!) at integers', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(relativeError(logGamma(n), logFactorial)).toBeLessThan(1e-14);
      logFactorial += Math.log(n);
    }
  });

  it('satisfies ln Γ(x+1) = ln Γ(x) + ln x (property, relative error < 1e-12)', () => {
    fc.assert(
      fc.property(positive, (x) => {
        const lhs = logGamma(x + 1);
        const rhs = logGamma(x) + Math.log(x);
        return relativeError(lhs, rhs, logGamma(x), Math.log(x)) < 1e-12;
      }),
      { seed: FC_SEED, numRuns: 2000 },
    );
  });

  it("satisfies Legendre's duplication formula (property, relative error < 1e-12)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x) => {
        const lhs = logGamma(2 * x);
        const rhs = logGamma(x) + logGamma(x + 0.5) + (2 * x - 1) * Math.LN2 - 0.5 * Math.log(Math.PI);
        return relativeError(lhs, rhs, logGamma(x), logGamma(x + 0.5), (2 * x - 1) * Math.LN2) < 1e-12;
      }),
      { seed: FC_SEED, numRuns: 2000 },
    );
  });

  it('returns Infinity at Infinity and rejects x <= 0 and NaN', () => {
    expect(logGamma(Infinity)).toBe(Infinity);
    for (const x of [0, -0.5, -3, Number.NaN]) {
      expect(() => logGamma(x)).toThrow(TempestError);
    }
  });
});

describe('digamma', () => {
  it('matches reference values (computed with mpmath at 40 digits)', () => {
    const reference: [number, number][] = [
      [1e-300, -1e300],
      [1e-8, -100000000.57721564845],
      [0.1, -10.423754940411076795],
      [0.5, -EULER_GAMMA - 2 * Math.LN2],
      [1, -EULER_GAMMA],
      [1.5, 0.036489973978576520559],
      [2, 1 - EULER_GAMMA],
      [7.25, 1.9104535268837360284],
      [10, 2.2517525890667211076],
      [33.3, 3.4904672385202428639],
      [1000, 6.9072551956488120521],
      [1e10, 23.02585092989045684],
    ];
    for (const [x, expected] of reference) expect(relativeError(digamma(x), expected)).toBeLessThan(1e-14);
    // ψ(1) = -γ to within a few roundings of the O(1) recurrence terms (1/1 + … + 1/9 ≈ 2.83).
    expect(Math.abs(digamma(1) - -0.5772156649015329)).toBeLessThan(1e-15);
    // The positive root of ψ, x0 = 1.4616321449683623; ψ'(x0) ≈ 0.97, so |ψ| here is pure rounding.
    expect(Math.abs(digamma(1.4616321449683623))).toBeLessThan(1e-14);
  });

  it('satisfies ψ(x+1) = ψ(x) + 1/x (property, relative error < 1e-12)', () => {
    fc.assert(
      fc.property(positive, (x) => {
        const lhs = digamma(x + 1);
        const rhs = digamma(x) + 1 / x;
        return relativeError(lhs, rhs, digamma(x), 1 / x) < 1e-12;
      }),
      { seed: FC_SEED, numRuns: 2000 },
    );
  });

  it('satisfies the duplication formula ψ(2x) = ψ(x)/2 + ψ(x+1/2)/2 + ln 2 (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x) => {
        const lhs = digamma(2 * x);
        const rhs = 0.5 * digamma(x) + 0.5 * digamma(x + 0.5) + Math.LN2;
        return relativeError(lhs, rhs, digamma(x), digamma(x + 0.5)) < 1e-12;
      }),
      { seed: FC_SEED, numRuns: 2000 },
    );
  });

  it('satisfies the reflection formula ψ(1-x) - ψ(x) = π cot(πx) on (0, 1) (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 0.999, noNaN: true }), (x) => {
        const lhs = digamma(1 - x) - digamma(x);
        const rhs = Math.PI / Math.tan(Math.PI * x);
        return relativeError(lhs, rhs, digamma(x), digamma(1 - x)) < 1e-12;
      }),
      { seed: FC_SEED, numRuns: 1000 },
    );
  });

  it('returns Infinity at Infinity and rejects x <= 0 and NaN', () => {
    expect(digamma(Infinity)).toBe(Infinity);
    for (const x of [0, -0.5, -3, Number.NaN]) {
      expect(() => digamma(x)).toThrow(TempestError);
    }
  });
});

describe('digammaDifference', () => {
  it('matches reference values (mpmath, 40 digits) where the naive difference loses digits', () => {
    const reference: [number, number, number][] = [
      [1e6, 2.5, 2.4999981250024999965e-6],
      [1e6, 1, 1.0e-6],
      [1e12, 1.5, 1.499999999999625e-12],
      [12.5, 1e-8, 8.3285224566916189276e-10],
      [0.3, 2.5, 4.3430712110495502163],
      [5, 0.5, 0.10497548014995065101],
      [3.3, 100, 3.5979668066760105075],
    ];
    for (const [x, a, expected] of reference) {
      expect(Math.abs(digammaDifference(x, a) - expected) / expected).toBeLessThan(1e-14);
    }
    expect(digammaDifference(4, 0)).toBe(0);
  });

  it('equals Σ_{k<m} 1/(x+k) for integer shifts m (property, relative error < 1e-13)', () => {
    fc.assert(
      fc.property(positive, fc.integer({ min: 1, max: 30 }), (x, m) => {
        let expected = 0;
        for (let k = m - 1; k >= 0; k--) expected += 1 / (x + k);
        return Math.abs(digammaDifference(x, m) - expected) / expected < 1e-13;
      }),
      { seed: FC_SEED, numRuns: 2000 },
    );
  });

  it('agrees with digamma(x + a) - digamma(x) where that has no cancellation (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 50, noNaN: true }), fc.double({ min: 0.5, max: 50, noNaN: true }), (x, a) => {
        const naive = digamma(x + a) - digamma(x);
        return relativeError(digammaDifference(x, a), naive, digamma(x + a), digamma(x)) < 1e-12;
      }),
      { seed: FC_SEED, numRuns: 2000 },
    );
  });

  it('rejects x <= 0, a < 0 and non-finite arguments', () => {
    for (const [x, a] of [[0, 1], [-1, 1], [1, -0.5], [Number.NaN, 1], [1, Number.NaN], [Infinity, 1], [1, Infinity]]) {
      expect(() => digammaDifference(x, a)).toThrow(TempestError);
    }
  });
});
