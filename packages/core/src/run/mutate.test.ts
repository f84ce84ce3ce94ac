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

/** n exact draws of an 8-D standard normal in a [-10, 10] box, as mutate's state, and its evaluator. */
function gaussianState(rng: RandomGenerator, n: number, d: number, logLikelihood: (x: Float64Array) => number) {
  const evaluator = new LikelihoodEvaluator((u) => Array.from(u, (v) => -10 + 20 * v), logLikelihood, d, false, []);
  const u = new Float64Array(n * d);
  const x = new Float64Array(n * d);
  const logl = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < d; j++) {
      x[k * d + j] = rng.normal();
      u[k * d + j] = (x[k * d + j] + 10) / 20;
    }
    logl[k] = logLikelihood(x.subarray(k * d, (k + 1) * d));
  }
  return { evaluator, state: { u, x, logl, blobs: undefined, labels: new Int32Array(n), n } };
}

// Adaptive moves: whichever kind of move goes further per call leads, jumps only while most are accepted.
describe('mutate with adaptive moves', () => {
  const d = 8;
  const n = 512;
  const settings = { kernel: tpcnKernel, beta: 1, nDim: d, nSteps: 1, nMaxSteps: 20, mixing: 'correlation' as const, mixingThreshold: 0.05, boundaryKinds: new Uint8Array(d), iteration: 2, jumpEvery: 4 };
  const train = (u: Float64Array) => new ProposalTrainer(d, { clustering: false, clusterEvery: 1, normalize: true, splitThreshold: 1, nMaxClusters: undefined, proposalFolds: 1 }).train(u, n, new Float64Array(n).fill(1 / n), 1);

  it('lets jumps lead on a Gaussian: shorter chains than d steps, and the particles still follow the target', async () => {
    const rng = new RandomGenerator(11);
    const logLikelihood = (x: Float64Array) => -0.5 * x.reduce((s, v) => s + v * v, 0);
    const { evaluator, state } = gaussianState(rng, n, d, logLikelihood);
    const stats = await mutate(state, train(state.u).components, { ...settings, adaptiveMoves: true }, rng, evaluator);
    expect(stats.capped).toBe(false);
    // Steps 1-3 are local and step 4 the first jump; from then on jumps lead: every step but every 4th.
    let led = 1;
    for (let step = 5; step <= stats.steps; step++) if (step % 4 !== 0) led++;
    expect(stats.steps).toBeGreaterThan(4);
    expect(stats.jumpSteps).toBe(led);
    expect(stats.steps).toBeLessThan(d);
    // An exact kernel started at the target stays there: mean |x|^2 is d, with sd sqrt(2d/n) (4 sd).
    let r2 = 0;
    for (let i = 0; i < n * d; i++) r2 += state.x[i] ** 2;
    expect(Math.abs(r2 / n - d)).toBeLessThan(4 * Math.sqrt((2 * d) / n));
    // Without adaptive moves and with one cluster, no jumps and at least d steps.
    const fixed = gaussianState(new RandomGenerator(11), n, d, logLikelihood);
    const fixedStats = await mutate(fixed.state, train(fixed.state.u).components, { ...settings, adaptiveMoves: false }, new RandomGenerator(12), fixed.evaluator);
    expect(fixedStats.jumpSteps).toBe(0);
    expect(fixedStats.steps).toBeGreaterThanOrEqual(d);
  });

  it('keeps local steps in the lead where most jumps are rejected, though each accepted jump goes far', async () => {
    const rng = new RandomGenerator(13);
    // The particles are spread as N(0, 1) but the target is 1.5 times narrower in every coordinate:
    // jumps from the fitted Student-t move further per call than local steps (without the
    // acceptance floor they took 13 of 20 steps here) but fewer than half are accepted.
    const narrow = (x: Float64Array) => -0.5 * 2.25 * x.reduce((s, v) => s + v * v, 0);
    const { evaluator, state } = gaussianState(rng, n, d, narrow);
    const stats = await mutate(state, train(state.u).components, { ...settings, adaptiveMoves: true }, rng, evaluator);
    // One trial jump (step 4); with one cluster jumps then stop, as they do not lead.
    expect(stats.steps).toBeGreaterThan(8);
    expect(stats.jumpSteps).toBe(1);
  });
});
