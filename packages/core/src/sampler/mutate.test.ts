// The MCMC kernel must leave its target invariant: chains started from exact draws of the
// target must still be exact draws after mutation. Each case draws n = 20000 independent
// starting points, moves them with a proposal fitted to an independent sample, and compares a
// statistic with its exact expectation within 5 standard errors (sd / sqrt(n)).
import { describe, expect, it } from 'vitest';
import { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import { boundaryKinds } from '../math/boundaries.js';
import { RandomGenerator } from '../random/random-generator.js';
import { mutate } from './mutate.js';
import { BUILT_IN_KERNELS } from '../kernels/kernel-registry.js';
import { ProposalTrainer } from './proposal-model.js';

const N = 20_000;

/** Exact draws from a density on [0,1]^2 of the form f(u0) (u1 uniform), by rejection. */
function exactDraws(rng: RandomGenerator, n: number, logf: (u0: number) => number, logMax: number): Float64Array {
  const u = new Float64Array(2 * n);
  for (let i = 0; i < n; ) {
    const a = rng.uniform();
    if (Math.log(rng.uniformOpen()) < logf(a) - logMax) {
      u[2 * i] = a;
      u[2 * i + 1] = rng.uniform();
      i++;
    }
  }
  return u;
}

async function moveAndMeasure(kernel: 'tpcn' | 'rwm', kinds: { periodic?: number[]; reflective?: number[] }, logf: (u0: number) => number, logMax: number, stat: (u0: number) => number, clustering = false) {
  const rng = new RandomGenerator(kernel === 'tpcn' ? 5 : 6);
  const trainer = new ProposalTrainer(2, { clustering, clusterEvery: 1, normalize: true, splitThreshold: 1, nMaxClusters: undefined });
  const model = trainer.train(exactDraws(rng, 2000, logf, logMax), 2000, new Float64Array(2000).fill(1 / 2000), 1);
  if (clustering) expect(model.components.length).toBeGreaterThanOrEqual(2);
  const u = exactDraws(rng, N, logf, logMax);
  const evaluator = new LikelihoodEvaluator((v) => v, (x: Float64Array) => logf(x[0]), 2, false, []);
  const logl = new Float64Array(N);
  for (let i = 0; i < N; i++) logl[i] = logf(u[2 * i]);
  const labels = new Int32Array(N);
  if (model.labelOf) for (let i = 0; i < N; i++) labels[i] = model.labelOf(u, 2 * i);
  const state = { u, x: u.slice(), logl, blobs: undefined, labels, n: N };
  await mutate(state, model.components, { kernel: BUILT_IN_KERNELS[kernel], beta: 1, nDim: 2, nSteps: 5, nMaxSteps: 5, boundaryKinds: boundaryKinds(2, kinds.periodic, kinds.reflective), iteration: 2, labelOf: model.labelOf }, rng, evaluator);
  let mean = 0;
  for (let i = 0; i < N; i++) mean += stat(u[2 * i]) / N;
  return mean;
}

const kappa = 4;
const I0 = 11.30192195213633;
const I1 = 9.759465153704449;
const vonMises = (u0: number) => kappa * Math.cos(2 * Math.PI * u0);
const sdCos = Math.sqrt(0.5 * (1 + (I0 - (2 * I1) / kappa) / I0) - (I1 / I0) ** 2);
const halfNormal = (u0: number) => (-0.5 * u0 * u0) / 0.04;
const rate = 10;
const exponential = (u0: number) => -rate * u0;

describe.each(['tpcn', 'rwm'] as const)('the %s kernel leaves its target invariant', (kernel) => {
  it('with a periodic coordinate (von Mises across the wrap point)', async () => {
    const meanCos = await moveAndMeasure(kernel, { periodic: [0] }, vonMises, kappa, (v) => Math.cos(2 * Math.PI * v));
    expect(Math.abs(meanCos - I1 / I0)).toBeLessThan((5 * sdCos) / Math.sqrt(N));
  });

  it('with a reflective coordinate (half-normal against 0)', async () => {
    const mean = await moveAndMeasure(kernel, { reflective: [0] }, halfNormal, 0, (v) => v);
    // Half-normal with sd 0.2 (mass beyond 1 is 6e-7): mean 0.2 sqrt(2/pi), sd 0.2 sqrt(1 - 2/pi).
    expect(Math.abs(mean - 0.2 * Math.sqrt(2 / Math.PI))).toBeLessThan((5 * 0.2 * Math.sqrt(1 - 2 / Math.PI)) / Math.sqrt(N));
  });

  it('with a position-dependent proposal (two clusters, each with its own Student-t)', async () => {
    // Two bumps at u0 = 0.2 (weight 1/3) and 0.7 (weight 2/3), sd 0.05: the clustering splits them.
    const bimodal = (u0: number) => Math.log((1 / 3) * Math.exp(-0.5 * ((u0 - 0.2) / 0.05) ** 2) + (2 / 3) * Math.exp(-0.5 * ((u0 - 0.7) / 0.05) ** 2));
    const right = await moveAndMeasure(kernel, {}, bimodal, Math.log(2 / 3), (v) => (v > 0.45 ? 1 : 0), true);
    // Bernoulli(2/3): sd sqrt(2/9).
    expect(Math.abs(right - 2 / 3)).toBeLessThan((5 * Math.sqrt(2 / 9)) / Math.sqrt(N));
    const mean = await moveAndMeasure(kernel, {}, bimodal, Math.log(2 / 3), (v) => v, true);
    // Mean 0.2/3 + 1.4/3 = 0.5333; sd sqrt(0.05^2 + (2/9) 0.5^2) = 0.2413.
    expect(Math.abs(mean - 1.6 / 3)).toBeLessThan((5 * 0.2413) / Math.sqrt(N));
  });

  it('with hard boundaries (exponential against 0, moves outside rejected)', async () => {
    const mean = await moveAndMeasure(kernel, {}, exponential, 0, (v) => v);
    const exact = 1 / rate - Math.exp(-rate) / (1 - Math.exp(-rate));
    expect(Math.abs(mean - exact)).toBeLessThan((5 * (1 / rate)) / Math.sqrt(N));
  });
});
