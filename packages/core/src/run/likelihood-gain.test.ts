import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { likelihoodGain } from './likelihood-gain.js';

describe('likelihood gain of one iteration', () => {
  it('is the mean rise, with the standard error of independent particles when none share a start', () => {
    const rng = new RandomGenerator(4);
    const n = 2000;
    const start = Float64Array.from({ length: n }, () => rng.normal());
    const end = Float64Array.from({ length: n }, () => 0.3 + rng.normal());
    const { gain, error } = likelihoodGain(start, end, Int32Array.from({ length: n }, (_, k) => k));
    // Differences have variance 2: error sqrt(2 / n) = 0.0316.
    expect(error).toBeCloseTo(Math.sqrt(2 / n), 2);
    expect(Math.abs(gain - 0.3)).toBeLessThan(4 * error);
  });

  it('counts copies of one resampled particle as one unit: a shared start is one draw, not many', () => {
    const rng = new RandomGenerator(5);
    const groups = 200;
    const copies = 10;
    const start = new Float64Array(groups * copies);
    const end = new Float64Array(groups * copies);
    const picks = new Int32Array(groups * copies);
    for (let g = 0; g < groups; g++) {
      const s = 3 * rng.normal(); // the shared start dominates each copy's gain
      for (let c = 0; c < copies; c++) {
        const k = g * copies + c;
        start[k] = s;
        end[k] = 0.1 * rng.normal();
        picks[k] = g;
      }
    }
    const { error } = likelihoodGain(start, end, picks);
    // Each group's mean gain has variance 9 + 0.01 / 10: the mean over 200 groups has error ~0.212,
    // where treating the 2,000 particles as independent would say ~0.067.
    expect(error).toBeGreaterThan(0.17);
    expect(error).toBeLessThan(0.26);
  });

  it('ignores particles whose likelihood was not finite, and says when there is nothing to measure', () => {
    expect(likelihoodGain(Float64Array.of(-Infinity, 1, 2), Float64Array.of(0, 1.5, 2.5), Int32Array.of(0, 1, 2)).gain).toBeCloseTo(0.5, 12);
    expect(Number.isNaN(likelihoodGain(Float64Array.of(1), Float64Array.of(2), Int32Array.of(0)).error)).toBe(true);
  });
});
