import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import type { ClosingSample } from '../run/closing-draw.js';
import { closingEstimate } from '../run/closing-sample.js';
import { CLOSING_BOUNDED_SHAPE, CLOSING_MIN_BOUNDED_ESS, CLOSING_MIN_EFFICIENCY, untrustedClosing } from './closing-check.js';

const M = 4096;

/**
 * A closing sample whose draws have the given log-weights; only `estimate` is read by
 * `untrustedClosing`.
 */
function sampleOf(logWeights: Float64Array): ClosingSample {
  return { estimate: closingEstimate(logWeights), orphanRegions: 0, orphanDraws: 0 } as unknown as ClosingSample;
}

/**
 * Weights of a mixture wider than the posterior: a share `hit` of the draws land where the
 * posterior is, with ratios uniform on [0.5, 1.5] (bounded), the rest where it is negligible.
 */
function boundedWeights(hit: number, seed: number): Float64Array {
  const rng = new RandomGenerator(seed);
  return Float64Array.from({ length: M }, () => (rng.uniform() < hit ? Math.log(0.5 + rng.uniform()) : Math.log(1e-12 * rng.uniform())));
}

/** As {@link boundedWeights}, with Pareto ratios of shape `k` (a mixture thinner than the posterior's tail). */
function paretoWeights(hit: number, k: number, seed: number): Float64Array {
  const rng = new RandomGenerator(seed);
  return Float64Array.from({ length: M }, () => (rng.uniform() < hit ? -k * Math.log(rng.uniformOpen()) : Math.log(1e-12 * rng.uniform())));
}

describe('which closing samples are trusted (untrustedClosing)', () => {
  it('trusts bounded weights below half an effective draw per draw, and not heavy-tailed ones', () => {
    for (const seed of [1, 2, 3]) {
      // A fifth of the draws carry weight: ESS per draw 0.2 / (1 + 1/12) = 0.18.
      const bounded = sampleOf(boundedWeights(0.2, seed));
      const { ess, paretoShape } = bounded.estimate;
      expect(ess).toBeGreaterThan(CLOSING_MIN_BOUNDED_ESS);
      expect(ess / M).toBeLessThan(CLOSING_MIN_EFFICIENCY);
      // A uniform tail has shape -1; the prior's pull to 1/2 leaves k-hat near -0.5 on 192 tail points.
      expect(paretoShape).toBeLessThan(CLOSING_BOUNDED_SHAPE);
      expect(untrustedClosing(bounded, 0)).toBeUndefined();

      // Ratios with a Pareto tail of shape 0.3: finite variance, but the mixture misses part of
      // the posterior's tail, and at ESS 0.2 per draw that is not trusted.
      const heavy = sampleOf(paretoWeights(0.3, 0.3, seed));
      expect(heavy.estimate.ess / M).toBeLessThan(CLOSING_MIN_EFFICIENCY);
      expect(heavy.estimate.paretoShape).toBeGreaterThan(CLOSING_BOUNDED_SHAPE);
      expect(untrustedClosing(heavy, 0)).toMatch(/k-hat = 0\.\d\d above 0, so its weights are not bounded/);
    }
  });

  it('needs 400 effective draws even when the weights are bounded', () => {
    // A twentieth of the draws carry weight: ESS about 190.
    const sparse = sampleOf(boundedWeights(0.05, 4));
    expect(sparse.estimate.ess).toBeLessThan(CLOSING_MIN_BOUNDED_ESS);
    expect(sparse.estimate.paretoShape).toBeLessThan(CLOSING_BOUNDED_SHAPE);
    expect(untrustedClosing(sparse, 0)).toMatch(/its weights are bounded \(k-hat = -0\.\d\d\) but its ESS, \d+ of 4096 draws, is below 400/);
    // A tenth: ESS about 380 to 400 either side, and the figure decides, not the ESS per draw.
    const tenth = sampleOf(boundedWeights(0.12, 4));
    expect(tenth.estimate.ess).toBeGreaterThan(CLOSING_MIN_BOUNDED_ESS);
    expect(untrustedClosing(tenth, 0)).toBeUndefined();
  });

  it('distrusts a sample trusted for its bounded weights when the history holds more of the posterior beyond its draws than its error', () => {
    const bounded = sampleOf(boundedWeights(0.2, 5));
    const error = bounded.estimate.logzErr;
    expect(untrustedClosing(bounded, 0.99 * error)).toBeUndefined();
    expect(untrustedClosing(bounded, 1.01 * error)).toMatch(/the history holds .*% of the posterior where the fitted mixture is thinner than at any draw/);
    // With ESS above half the draws the mixture is close to the posterior, and the check is not made.
    const near = sampleOf(boundedWeights(0.9, 5));
    expect(near.estimate.ess / M).toBeGreaterThan(CLOSING_MIN_EFFICIENCY);
    expect(untrustedClosing(near, 2 * near.estimate.logzErr)).toBeUndefined();
  });
});
