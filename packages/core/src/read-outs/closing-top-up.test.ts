import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import type { ClosingSample } from '../run/closing-draw.js';
import { closingEstimate } from '../run/closing-sample.js';
import type { RunState } from '../run/run-state.js';
import { CLOSING_MAX_BATCHES, closingTopUp } from './closing-top-up.js';

const BATCH = 4096;

/** A run whose one history particle the closing sample gives no density (so none lies beyond the draws). */
const state = { history: { length: 1, logl: Float64Array.of(0), logWeights: (out: Float64Array) => ((out[0] = 0), 0) } } as unknown as RunState;

/**
 * A closing sample of `batches` batches whose draws land where the posterior is with probability
 * `hit`, with ratios uniform on [0.5, 1.5] (bounded) or Pareto of shape `k`.
 */
function sampleOf(hit: number, batches: number, seed: number, k?: number): ClosingSample {
  const rng = new RandomGenerator(seed);
  const logw = Float64Array.from({ length: batches * BATCH }, () => {
    if (!(rng.uniform() < hit)) return Math.log(1e-12 * rng.uniform());
    return k === undefined ? Math.log(0.5 + rng.uniform()) : -k * Math.log(rng.uniformOpen());
  });
  return { logl: new Float64Array(0), logq: new Float64Array(0), historyLogq: Float64Array.of(-Infinity), orphanRegions: 0, orphanDraws: 0, estimate: closingEstimate(logw) } as unknown as ClosingSample;
}

describe('further batches of closing draws (closingTopUp)', () => {
  it('draws on while bounded weights leave the ESS under half a batch, up to four batches', () => {
    // A fifth of the draws carry weight: ESS about 760 of 4,096, trusted, and under 2,048.
    expect(closingTopUp(state, sampleOf(0.2, 1, 1), BATCH)).toBe(BATCH);
    expect(closingTopUp(state, sampleOf(0.2, 2, 1), BATCH)).toBe(BATCH);
    expect(closingTopUp(state, sampleOf(0.2, CLOSING_MAX_BATCHES, 1), BATCH)).toBe(0);
    // Half the draws: ESS above half a batch after one.
    expect(closingTopUp(state, sampleOf(0.6, 1, 2), BATCH)).toBe(0);
  });

  it('draws on short of 400 effective draws when four batches can reach them, and not for heavy tails', () => {
    // A twentieth: ESS about 190, not yet trusted; four batches give about 760.
    expect(closingTopUp(state, sampleOf(0.05, 1, 3), BATCH)).toBe(BATCH);
    // A fiftieth: about 75, and four batches about 300, short of 400.
    expect(closingTopUp(state, sampleOf(0.02, 1, 3), BATCH)).toBe(0);
    // Pareto ratios of shape 0.3 (not bounded): no more draws.
    expect(closingTopUp(state, sampleOf(0.2, 1, 4, 0.3), BATCH)).toBe(0);
  });
});
