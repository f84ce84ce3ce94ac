import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { TempestError } from '../tempest-error.js';
import { multinomialResample, systematicResample } from './resample.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x4e5a), numRuns: 200 };

/** Weight arrays with some exact zeros and at least one positive entry. */
const weightsArb = fc
  .array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 100, noNaN: true })), { minLength: 1, maxLength: 50 })
  .filter((w) => w.some((x) => x > 0));
const caseArb = fc.tuple(weightsArb, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 2 ** 31 }));

function counts(out: Int32Array, nWeights: number): Float64Array {
  const c = new Float64Array(nWeights);
  for (let k = 0; k < out.length; k++) c[out[k]]++;
  return c;
}

function normalise(w: readonly number[]): number[] {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

/** Pearson's χ² of observed counts against expected counts, over cells with positive expectation. */
function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): { chi2: number; dof: number } {
  let chi2 = 0;
  let cells = 0;
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] === 0) continue;
    chi2 += (observed[i] - expected[i]) ** 2 / expected[i];
    cells++;
  }
  return { chi2, dof: cells - 1 };
}

/**
 * χ²_dof has mean dof and standard deviation √(2·dof); we allow 5 standard deviations. The
 * right tail is heavier than a normal one, but P(χ²_5 > 20.8) ≈ 1e-3 and P(χ²_35 > 77) ≈ 5e-5;
 * with fixed seeds the outcome is deterministic, so this is a check on the method, not a coin toss.
 */
function chiSquareBound(dof: number): number {
  return dof + 5 * Math.sqrt(2 * dof);
}

describe('multinomialResample', () => {
  it('draws only in-range indices with positive weight, deterministically from the seed', () => {
    fc.assert(
      fc.property(caseArb, ([w, n, seed]) => {
        const a = new Int32Array(n);
        const b = new Int32Array(n);
        multinomialResample(a, w, new RandomGenerator(seed));
        multinomialResample(b, Float64Array.from(w), new RandomGenerator(seed));
        return a.every((i, k) => i >= 0 && i < w.length && w[i] > 0 && i === b[k]);
      }),
      FC,
    );
  });

  it('matches the expected counts (χ² and per-index 5σ) over 10⁵ draws', () => {
    const w = [0, 1, 2, 3, 0, 5, 0.5, 10];
    const p = normalise(w);
    const rng = new RandomGenerator(20240611);
    const total = new Float64Array(w.length);
    const out = new Int32Array(1000);
    const calls = 100;
    for (let r = 0; r < calls; r++) {
      multinomialResample(out, w, rng);
      const c = counts(out, w.length);
      for (let i = 0; i < w.length; i++) total[i] += c[i];
    }
    const m = calls * out.length;
    const expected = p.map((pi) => m * pi);
    const { chi2, dof } = chiSquare(total, expected);
    expect(dof).toBe(5);
    expect(chi2).toBeLessThan(chiSquareBound(dof));
    for (let i = 0; i < w.length; i++) {
      // Binomial(m, p_i) count: standard deviation √(m p (1 − p)).
      expect(Math.abs(total[i] - expected[i])).toBeLessThanOrEqual(5 * Math.sqrt(m * p[i] * (1 - p[i])));
    }
    expect(total[0]).toBe(0);
    expect(total[4]).toBe(0);
  });

  it('returns independent draws in random order: pairs (out[0], out[2]) have joint law p_a·p_b', () => {
    // Sorted output would fail this badly (out[0] ≤ out[2] always).
    const w = [1, 2, 3, 4];
    const p = normalise(w);
    const rng = new RandomGenerator(7);
    const out = new Int32Array(3);
    const reps = 20000;
    const joint = new Float64Array(16);
    for (let r = 0; r < reps; r++) {
      multinomialResample(out, w, rng);
      joint[out[0] * 4 + out[2]]++;
    }
    const expected = new Float64Array(16);
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) expected[a * 4 + b] = reps * p[a] * p[b];
    const { chi2, dof } = chiSquare(joint, expected);
    expect(dof).toBe(15);
    expect(chi2).toBeLessThan(chiSquareBound(dof));
  });

  it('handles a single positive weight and unnormalised huge or tiny scales', () => {
    const out = new Int32Array(50);
    multinomialResample(out, [0, 0, 3e-300, 0], new RandomGenerator(1));
    expect(out.every((i) => i === 2)).toBe(true);
    multinomialResample(out, [1e300, 1e300], new RandomGenerator(2));
    expect(out.every((i) => i === 0 || i === 1)).toBe(true);
    multinomialResample(new Int32Array(0), [1], new RandomGenerator(3)); // no draws: no error
  });
});

describe('systematicResample', () => {
  it('draws each index floor(n·w_i) or ceil(n·w_i) times, in ascending order, never a zero weight', () => {
    fc.assert(
      fc.property(caseArb, ([w, n, seed]) => {
        const out = new Int32Array(n);
        systematicResample(out, w, new RandomGenerator(seed));
        const c = counts(out, w.length);
        const p = normalise(w);
        for (let k = 1; k < n; k++) if (out[k] < out[k - 1]) return false;
        // n·p_i is computed with rounding error ≲ 1e-13; widen floor/ceil by that much.
        return p.every((pi, i) => {
          const e = n * pi;
          return c[i] >= Math.floor(e - 1e-9) && c[i] <= Math.ceil(e + 1e-9) && (w[i] > 0 || c[i] === 0);
        });
      }),
      FC,
    );
  });

  it('is unbiased: the mean count over 4000 offsets is n·w_i within 5σ', () => {
    const w = [0.3, 0, 1.7, 2.2, 0.05, 4];
    const p = normalise(w);
    const n = 7;
    const reps = 4000;
    const rng = new RandomGenerator(99);
    const out = new Int32Array(n);
    const total = new Float64Array(w.length);
    for (let r = 0; r < reps; r++) {
      systematicResample(out, w, rng);
      const c = counts(out, w.length);
      for (let i = 0; i < w.length; i++) total[i] += c[i];
    }
    for (let i = 0; i < w.length; i++) {
      // Each count is floor(e) + Bernoulli(f), f the fractional part of e = n·p_i: variance f(1 − f).
      const e = n * p[i];
      const f = e - Math.floor(e);
      const sigma = Math.sqrt((f * (1 - f)) / reps);
      expect(Math.abs(total[i] / reps - e)).toBeLessThanOrEqual(5 * sigma + 1e-12);
    }
  });

  it('uses exactly one uniform from the generator', () => {
    const a = new RandomGenerator(5);
    const b = new RandomGenerator(5);
    systematicResample(new Int32Array(10), [1, 2, 3], a);
    b.uniform();
    expect(a.uniform()).toBe(b.uniform());
  });
});

describe('resampling input checks', () => {
  it.each([
    ['negative', [1, -1, 2]],
    ['NaN', [1, NaN]],
    ['infinite', [Infinity, 1]],
    ['all zero', [0, 0]],
    ['empty', []],
    ['overflowing sum', [1e308, 1e308]],
  ])('rejects %s weights with INVALID_ARGUMENT', (_label, w) => {
    for (const resample of [multinomialResample, systematicResample]) {
      let caught: unknown;
      try {
        resample(new Int32Array(3), w, new RandomGenerator(1));
      } catch (e) {
        caught = e;
      }
      expect(TempestError.is(caught)).toBe(true);
      expect((caught as TempestError).code).toBe('INVALID_ARGUMENT');
    }
  });
});
