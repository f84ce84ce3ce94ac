import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import type { ClosingSample } from '../run/closing-draw.js';
import { closingEstimate } from '../run/closing-sample.js';
import { CLOSING_FLOOR_MAX_SHAPE, CLOSING_FLOOR_MIN_ESS, CLOSING_FLOOR_Z, closingFloorOf } from './closing-floor.js';

const M = 4096;

/** Log-weights of M draws whose ratios p/q are Pareto with tail shape k: U^-k, of mean 1 / (1 - k). */
function paretoLogWeights(k: number, seed: number): Float64Array {
  const rng = new RandomGenerator(seed);
  return Float64Array.from({ length: M }, () => -k * Math.log(rng.uniformOpen()));
}

function sampleOf(estimate: Partial<ClosingSample['estimate']>): ClosingSample {
  return { estimate: { logz: 0, logzErr: 0.05, ess: 1000, paretoShape: 0.3, draws: M, ...estimate } } as ClosingSample;
}

describe('an untrusted closing sample as a floor under the anneal (closingFloorOf)', () => {
  it('runs low far more often than high when its weights are heavy-tailed, which is what lets it stand as a floor', () => {
    // The log of a mean of Pareto ratios against the log of their known mean, in its own
    // delta-method errors: a Gaussian estimate would lie above one error in 16% of samples. A
    // heavy tail skews the mean up only in the rare samples that hold a huge ratio, and those
    // widen the error too, so fewer lie above and more below (0.13 and 0.20 at k = 0.4, 0.09 and
    // 0.34 at k = 0.6, 0.055 and 0.61 at k = 0.8, 0.025 and 0.80 at k = 0.9, over 400 seeds). Over
    // 200 samples a share of 16% has a standard error of 0.026.
    for (const k of [0.4, 0.6, 0.8, 0.9]) {
      let high = 0;
      let low = 0;
      for (let seed = 1; seed <= 200; seed++) {
        const { logz, logzErr } = closingEstimate(paretoLogWeights(k, seed));
        const z = (logz - Math.log(1 / (1 - k))) / logzErr;
        if (z > CLOSING_FLOOR_Z) high++;
        if (z < -CLOSING_FLOOR_Z) low++;
      }
      expect(high / 200).toBeLessThan(0.16 + 3 * 0.026);
      expect(low).toBeGreaterThan(high);
    }
  });

  it('stands above the anneal by more than one combined error, and only with k-hat below 1 and 30 effective draws', () => {
    const annealed = { logz: -1, logzErr: 0.1 };
    // 0.3 above with errors 0.05 and 0.1: z = 0.3 / 0.112 = 2.68.
    expect(closingFloorOf(sampleOf({ logz: -0.7 }), 0.05, annealed)).toBeCloseTo(0.3 / Math.hypot(0.05, 0.1), 12);
    // 0.1 above: z = 0.89, within one error of the anneal.
    expect(closingFloorOf(sampleOf({ logz: -0.9 }), 0.05, annealed)).toBeUndefined();
    // Below the anneal: draws run low anyway, so they say nothing against it.
    expect(closingFloorOf(sampleOf({ logz: -1.5 }), 0.05, annealed)).toBeUndefined();
    expect(closingFloorOf(sampleOf({ logz: -0.7, paretoShape: CLOSING_FLOOR_MAX_SHAPE }), 0.05, annealed)).toBeUndefined();
    expect(closingFloorOf(sampleOf({ logz: -0.7, paretoShape: CLOSING_FLOOR_MAX_SHAPE - 0.01 }), 0.05, annealed)).toBeGreaterThan(CLOSING_FLOOR_Z);
    expect(closingFloorOf(sampleOf({ logz: -0.7, ess: CLOSING_FLOOR_MIN_ESS - 1 }), 0.05, annealed)).toBeUndefined();
    expect(closingFloorOf(sampleOf({ logz: -0.7, ess: CLOSING_FLOOR_MIN_ESS }), 0.05, annealed)).toBeGreaterThan(CLOSING_FLOOR_Z);
    // The error the floor is judged with is the caller's (a lost mode allowed for): 0.3 in it is not one error.
    expect(closingFloorOf(sampleOf({ logz: -0.7 }), 0.3, annealed)).toBeUndefined();
    expect(closingFloorOf(sampleOf({ logz: Number.NaN }), 0.05, annealed)).toBeUndefined();
    // Draws whose proposal density was truncated run high: no floor, however far above.
    expect(closingFloorOf({ ...sampleOf({ logz: -0.7 }), truncatedDensities: 3 }, 0.05, annealed)).toBeUndefined();
  });
});
