import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import { tpcnKernel } from '../kernels/tpcn-kernel.js';
import { ProposalTrainer } from './proposal-model.js';
import { mutate } from './mutate.js';

// The correlation rule's stop: 256 chains on a 4-D Gaussian, started from 64 distinct points
// (resampled copies, as after a resampling step). The measured start–current correlation scatters
// by about 1/sqrt(n d) = 0.031 around the true one, so the chains must run until it is that far
// below the threshold, not stop at the first measurement under it.
describe('mutate with the correlation rule', () => {
  it('stops one noise unit below the threshold, and not capped', async () => {
    const d = 4;
    const n = 256;
    const threshold = 0.1;
    const evaluator = new LikelihoodEvaluator((u) => Array.from(u, (v) => -10 + 20 * v), (x: Float64Array) => -0.5 * x.reduce((s, v) => s + v * v, 0), d, false, []);
    const rng = new RandomGenerator(3);
    for (let rep = 0; rep < 5; rep++) {
      const u = new Float64Array(n * d);
      const x = new Float64Array(n * d);
      const logl = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const source = k % 64;
        for (let j = 0; j < d; j++) {
          if (source === k) u[k * d + j] = (10 + rng.normal()) / 20;
          else u[k * d + j] = u[source * d + j];
          x[k * d + j] = -10 + 20 * u[k * d + j];
        }
        logl[k] = -0.5 * x.subarray(k * d, (k + 1) * d).reduce((s, v) => s + v * v, 0);
      }
      const model = new ProposalTrainer(d, { clustering: false, clusterEvery: 1, normalize: true, splitThreshold: 1, nMaxClusters: undefined, proposalFolds: 1 }).train(u, n, new Float64Array(n).fill(1 / n), 1);
      const state = { u, x, logl, blobs: undefined, labels: new Int32Array(n), n };
      const stats = await mutate(state, model.components, { kernel: tpcnKernel, beta: 1, nDim: d, nSteps: 1, nMaxSteps: 200, mixing: 'correlation', mixingThreshold: threshold, boundaryKinds: new Uint8Array(d), iteration: 2 }, rng, evaluator);
      expect(stats.capped).toBe(false);
      expect(stats.correlation).toBeLessThan(threshold - 1 / Math.sqrt(n * d));
    }
  });
});
