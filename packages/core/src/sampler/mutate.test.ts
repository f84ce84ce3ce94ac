// The MCMC kernel must leave its target invariant: chains started from exact draws of the
// target must still be exact draws after mutation. Each case draws n = 20000 independent
// starting points, moves them with a proposal fitted to an independent sample, and compares a
// statistic with its exact expectation within 5 standard errors (sd / sqrt(n)).
import { describe, expect, it } from 'vitest';
import { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import { boundaryKinds } from '../math/boundaries.js';
import { RandomGenerator } from '../random/random-generator.js';
import { mutate } from './mutate.js';
import { fitGlobalProposal } from './proposal-model.js';

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

async function moveAndMeasure(kernel: 'tpcn' | 'rwm', kinds: { periodic?: number[]; reflective?: number[] }, logf: (u0: number) => number, logMax: number, stat: (u0: number) => number) {
  const rng = new RandomGenerator(kernel === 'tpcn' ? 5 : 6);
  const model = fitGlobalProposal(exactDraws(rng, 2000, logf, logMax), 2000, 2, new Float64Array(2000).fill(1 / 2000));
  const u = exactDraws(rng, N, logf, logMax);
  const evaluator = new LikelihoodEvaluator((v) => v, (x: Float64Array) => logf(x[0]), 2, false, []);
  const logl = new Float64Array(N);
  for (let i = 0; i < N; i++) logl[i] = logf(u[2 * i]);
  const state = { u, x: u.slice(), logl, blobs: undefined, labels: new Int32Array(N), n: N };
  await mutate(state, model.components, { kernel, beta: 1, nDim: 2, nSteps: 5, nMaxSteps: 5, boundaryKinds: boundaryKinds(2, kinds.periodic, kinds.reflective), iteration: 2 }, rng, evaluator);
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

  it('with hard boundaries (exponential against 0, moves outside rejected)', async () => {
    const mean = await moveAndMeasure(kernel, {}, exponential, 0, (v) => v);
    const exact = 1 / rate - Math.exp(-rate) / (1 - Math.exp(-rate));
    expect(Math.abs(mean - exact)).toBeLessThan((5 * (1 / rate)) / Math.sqrt(N));
  });
});
