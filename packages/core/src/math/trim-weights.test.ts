import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TempestError } from '../tempest-error.js';
import { effectiveSampleSize } from './effective-sample-size.js';
import { trimWeights } from './trim-weights.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0x7219), numRuns: 300 };

/** Weights with zeros, ties (small integers) and a continuous part; at least one positive. */
const weightsArb = fc
  .array(
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.double({ min: 1e-8, max: 1e3, noNaN: true })),
    { minLength: 1, maxLength: 80 },
  )
  .filter((w) => w.some((x) => x > 0));
const fractionArb = fc.double({ min: 0, max: 1, noNaN: true });

/** ESS is accurate to a few n·ε; this slack absorbs it in the ≥ comparisons. */
const SLACK = 1e-12;

describe('trimWeights', () => {
  it('keeps at least essFraction of the full ESS, with the smallest such set of largest weights', () => {
    fc.assert(
      fc.property(weightsArb, fractionArb, (w, f) => {
        const { indices, weights } = trimWeights(w, f);
        const full = effectiveSampleSize(w);
        const keptOriginal = Array.from(indices, (i) => w[i]);
        if (!(effectiveSampleSize(weights) >= f * full * (1 - SLACK))) return false;
        if (!(effectiveSampleSize(keptOriginal) >= f * full * (1 - SLACK))) return false;
        // Minimal: without its smallest member the kept set would fall short of the target.
        if (keptOriginal.length > 1) {
          const smallest = keptOriginal.indexOf(Math.min(...keptOriginal));
          const fewer = keptOriginal.filter((_, j) => j !== smallest);
          if (!(effectiveSampleSize(fewer) < f * full * (1 + SLACK))) return false;
        }
        return true;
      }),
      FC,
    );
  });

  it('discards only weights no larger than every kept weight', () => {
    fc.assert(
      fc.property(weightsArb, fractionArb, (w, f) => {
        const { indices } = trimWeights(w, f);
        const keptSet = new Set(indices);
        const minKept = Math.min(...Array.from(indices, (i) => w[i]));
        return w.every((x, i) => keptSet.has(i) || x <= minKept);
      }),
      FC,
    );
  });

  it('returns ascending indices with renormalised weights summing to 1', () => {
    fc.assert(
      fc.property(weightsArb, fractionArb, (w, f) => {
        const { indices, weights } = trimWeights(w, f);
        let sum = 0;
        let keptTotal = 0;
        for (let k = 0; k < indices.length; k++) keptTotal += w[indices[k]];
        for (let k = 0; k < indices.length; k++) {
          if (k > 0 && !(indices[k] > indices[k - 1])) return false;
          if (!(Math.abs(weights[k] - w[indices[k]] / keptTotal) <= 1e-14)) return false;
          sum += weights[k];
        }
        return indices.length === weights.length && Math.abs(sum - 1) <= w.length * Number.EPSILON;
      }),
      FC,
    );
  });

  it('keeps only the largest weight with fraction 0, and the full ESS with fraction 1', () => {
    fc.assert(
      fc.property(weightsArb, (w) => {
        const none = trimWeights(w, 0);
        const all = trimWeights(w, 1);
        const full = effectiveSampleSize(w);
        return (
          none.indices.length === 1 &&
          w[none.indices[0]] === Math.max(...w) &&
          Math.abs(effectiveSampleSize(all.weights) - full) <= 1e-12 * full &&
          Array.from(all.indices).every((i) => w[i] > 0)
        );
      }),
      FC,
    );
  });

  it('matches hand examples', () => {
    // [4, 3, 2, 1]: ESS of the top k = 1, 49/25, 81/29, 100/30; 0.8 × 10/3 = 2.67 needs k = 3.
    const t = trimWeights([4, 3, 2, 1], 0.8);
    expect(Array.from(t.indices)).toEqual([0, 1, 2]);
    [4 / 9, 3 / 9, 2 / 9].forEach((x, k) => expect(t.weights[k]).toBeCloseTo(x, 15));
    // Ties at the cut-off go to the lower indices.
    expect(Array.from(trimWeights([1, 1, 1], 0.5).indices)).toEqual([0, 1]);
    // Equal weights at the default 0.99 keep everything (n − 1 of n gives ESS (n − 1)/n < 0.99 n for n ≤ 100).
    expect(trimWeights(new Float64Array(50).fill(2)).indices.length).toBe(50);
    // Zeros are dropped even at fraction 1.
    expect(Array.from(trimWeights([0, 5, 0, 5], 1).indices)).toEqual([1, 3]);
    // Huge weights do not overflow.
    expect(Array.from(trimWeights([1e308, 1e308], 1).weights)).toEqual([0.5, 0.5]);
  });

  it('rejects bad input with INVALID_ARGUMENT', () => {
    for (const [w, f] of [
      [[1, -1], 0.99],
      [[1, NaN], 0.99],
      [[Infinity], 0.99],
      [[0, 0], 0.99],
      [[], 0.99],
      [[1, 2], 1.5],
      [[1, 2], -0.1],
      [[1, 2], NaN],
    ] as const) {
      let caught: unknown;
      try {
        trimWeights(w, f);
      } catch (e) {
        caught = e;
      }
      expect(TempestError.is(caught)).toBe(true);
      expect((caught as TempestError).code).toBe('INVALID_ARGUMENT');
    }
  });
});
