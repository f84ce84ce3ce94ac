import { describe, expect, it } from 'vitest';
import { createRunState } from './run-state.js';
import { isFinished, reachedPosterior } from './stopping-rule.js';

const settings = { clustering: false, clusterEvery: 1, normalize: true, splitThreshold: 1, nMaxClusters: undefined, proposalFolds: 1 };

function stateWith(beta: number, n: number) {
  const state = createRunState(1, n, 1, {}, settings);
  const set = { u: new Float64Array(n).fill(0.5), x: new Float64Array(n), logl: new Float64Array(n), lineage: new Int32Array(n), survival: new Float64Array(n), blobs: undefined, n };
  state.history.commit(set, beta, 0);
  state.beta = beta;
  return state;
}

describe('the stopping rule', () => {
  it('needs particles and beta within 1e-4 of 1', () => {
    expect(reachedPosterior(createRunState(1, 4, 1, {}, settings))).toBe(false);
    expect(reachedPosterior(stateWith(1 - 2e-4, 4))).toBe(false);
    expect(reachedPosterior(stateWith(1 - 5e-5, 4))).toBe(true);
  });

  it('stops once the ESS at beta = 1 reaches nTotal (equal weights: ESS = N)', () => {
    const state = stateWith(1, 100);
    expect(isFinished(state, 100)).toBe(true);
    expect(isFinished(state, 101)).toBe(false);
    expect(isFinished(stateWith(0.5, 100), 10)).toBe(false);
  });
});
