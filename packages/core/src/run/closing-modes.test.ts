import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import { modesOf } from './closing-modes.js';
import type { ProposalModel } from './proposal-model.js';

/** A unit-covariance Gaussian component in 2-D at `mean`, stretched by `sx` along x. */
function component(mean: [number, number], sx = 1): ProposalComponent {
  return { mean: Float64Array.from(mean), covariance: Float64Array.of(sx * sx, 0, 0, 1), chol: Float64Array.of(sx, 0, 0, 1), dof: Infinity };
}

/** n points per cluster drawn from its component, labelled, equally weighted. */
function fit(components: ProposalComponent[], n: number, seed = 1): { model: ProposalModel; v: Float64Array; weights: Float64Array; shares: Float64Array } {
  const rng = new RandomGenerator(seed);
  const K = components.length;
  const v = new Float64Array(K * n * 2);
  const labels = new Int32Array(K * n);
  for (let c = 0; c < K; c++) {
    for (let i = 0; i < n; i++) {
      const s = c * n + i;
      labels[s] = c;
      v[2 * s] = components[c].mean[0] + components[c].chol[0] * rng.normal();
      v[2 * s + 1] = components[c].mean[1] + rng.normal();
    }
  }
  return { model: { components, clusters: K, folds: 1, labels, fitSize: K * n }, v, weights: new Float64Array(K * n).fill(1 / (K * n)), shares: new Float64Array(K).fill(1 / K) };
}

describe('modesOf', () => {
  it('keeps clusters apart that share no particles: two Gaussians 12 scale units apart', () => {
    const { model, v, weights, shares: clusters } = fit([component([0, 0]), component([12, 0])], 500);
    expect(Array.from(modesOf(model, v, weights, clusters, 0, 2).shares)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]);
  });

  it('joins the pieces of one region: three overlapping segments of a ridge, and a separate mode beside them', () => {
    // Segments of width 2 along x (scale 2 / sqrt(12) each) that touch: neighbours hold each other's edges.
    const sx = 2 / Math.sqrt(12);
    const { model, v, weights, shares: clusters } = fit([component([0, 0], sx), component([2, 0], sx), component([4, 0], sx), component([40, 0])], 400);
    const modes = modesOf(model, v, weights, clusters, 0, 2);
    expect(Array.from(modes.shares).sort()).toEqual([expect.closeTo(0.25, 12), expect.closeTo(0.75, 12)]);
    expect(Array.from(modes.ofCluster)).toEqual([0, 0, 0, 1]);
  });

  it('returns the single cluster\'s share without looking further', () => {
    const { model, v, weights, shares: clusters } = fit([component([0, 0])], 100);
    expect(Array.from(modesOf(model, v, weights, clusters, 0, 2).shares)).toEqual([expect.closeTo(1, 12)]);
  });
});
