import { describe, expect, it } from 'vitest';
import type { ClosingSample } from '../run/closing-draw.js';
import type { RunState } from '../run/run-state.js';
import { historyBeyondDraws } from './closing-coverage.js';

/** A run whose history has these log-likelihoods and log-weights at beta = 1 (all that is read). */
function stateOf(logl: number[], logw: number[]): RunState {
  const history = {
    length: logl.length,
    logl: Float64Array.from(logl),
    logWeights(out: Float64Array): number {
      out.set(logw);
      return Math.log(logw.reduce((s, v) => s + Math.exp(v), 0));
    },
  };
  return { history } as unknown as RunState;
}

describe('the history beyond the closing draws (historyBeyondDraws)', () => {
  it('sums the normalised weight of history particles whose L/q exceeds every draw\'s', () => {
    // Draws: L/q of e^0, e^1 and e^0.5; the largest is e^1.
    const closing = {
      logl: Float64Array.of(0, 1, 2),
      logq: Float64Array.of(0, 0, 1.5),
      // History particles: L/q of e^0.5 (inside), e^2 (beyond), e^1.5 (beyond), no q term (skipped).
      historyLogq: Float64Array.of(0, -1, 0, -Infinity),
    } as unknown as ClosingSample;
    const state = stateOf([0.5, 1, 1.5, 9], [Math.log(0.4), Math.log(0.1), Math.log(0.3), Math.log(0.2)]);
    expect(historyBeyondDraws(state, closing)).toBeCloseTo(0.1 + 0.3, 12);
  });

  it('is zero when no history particle lies beyond the draws', () => {
    const closing = { logl: Float64Array.of(3), logq: Float64Array.of(0), historyLogq: Float64Array.of(0, 0) } as unknown as ClosingSample;
    expect(historyBeyondDraws(stateOf([1, 3], [0, 0]), closing)).toBe(0);
  });
});
