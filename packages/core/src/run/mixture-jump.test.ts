import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import { tpcnKernel } from '../kernels/tpcn-kernel.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import { MixtureJump } from './mixture-jump.js';
import { mutate } from './mutate.js';

/** A Gaussian component (infinite degrees of freedom) with isotropic scale sd in d dimensions. */
function gaussianComponent(mean: number[], sd: number): ProposalComponent {
  const d = mean.length;
  const covariance = new Float64Array(d * d);
  const chol = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    covariance[j * d + j] = sd * sd;
    chol[j * d + j] = sd;
  }
  return { mean: Float64Array.from(mean), covariance, chol, dof: Infinity };
}

describe('MixtureJump', () => {
  it('has a normalised density (Student-t and Gaussian components, 2-D grid)', () => {
    const t: ProposalComponent = { ...gaussianComponent([0.3, 0.6], 0.05), dof: 5 };
    t.covariance[1] = t.covariance[2] = 0.001;
    // Lower Cholesky factor of [[0.0025, 0.001], [0.001, 0.0025]].
    t.chol.set([0.05, 0, 0.02, Math.sqrt(0.0025 - 0.0004)]);
    const jump = new MixtureJump([t, gaussianComponent([0.7, 0.4], 0.08)], 2, 1, Float64Array.of(30, 10), 2);
    const h = 0.002;
    let integral = 0;
    const point = new Float64Array(2);
    for (let a = -0.5 + h / 2; a < 1.5; a += h) {
      for (let b = -0.5 + h / 2; b < 1.5; b += h) {
        point[0] = a;
        point[1] = b;
        integral += Math.exp(jump.logDensity(point, 0, 0)) * h * h;
      }
    }
    expect(integral).toBeCloseTo(1, 3);
  });

  it("draws from its density: mixture weights half the clusters' shares, half equal", () => {
    const jump = new MixtureJump([gaussianComponent([0.2], 0.01), gaussianComponent([0.8], 0.01)], 2, 1, Float64Array.of(90, 10), 1);
    const rng = new RandomGenerator(4);
    const out = new Float64Array(1);
    const z = new Float64Array(1);
    const R = 20000;
    let right = 0;
    for (let r = 0; r < R; r++) {
      jump.propose(out, 0, 0, rng, z);
      if (out[0] > 0.5) right++;
    }
    // Weight of the second cluster: 0.5 * 0.1 + 0.5 * 0.5 = 0.3; binomial sd sqrt(0.21 / R) = 0.0032.
    expect(Math.abs(right / R - 0.3)).toBeLessThan(4 * 0.0032);
  });
});

// Two modes of weights 0.3 (at x = -4) and 0.7 (at x = +4), sd 0.5, in a 2-D box [-10, 10]^2;
// every chain starts in the first. Chains that only propose from their own cluster's component
// (8 sd away from the other mode) never cross. With a jump every 4th step the two-state chain
// of the modes moves A -> B with probability 0.25 (the mixture's weight of B; accepted always) and
// B -> A with 0.75 / 7 (accepted with probability (0.3/0.75) / (0.7/0.25)), so after 10 jump steps
// a fraction 0.7 (1 - 0.643^10) = 0.69 is in B: binomial sd sqrt(0.69 * 0.31 / 1024) = 0.014.
describe('mutate with moves between clusters', () => {
  const d = 2;
  const n = 1024;
  const modeWeight = [0.3, 0.7];
  const centre = [-4, 4];
  const logTarget = (x: Float64Array) => {
    let total = 0;
    for (let m = 0; m < 2; m++) total += modeWeight[m] * Math.exp(-0.5 * (((x[0] - centre[m]) / 0.5) ** 2 + (x[1] / 0.5) ** 2));
    return Math.log(total);
  };
  const toU = (x: number) => (x + 10) / 20;
  const components = [gaussianComponent([toU(-4), 0.5], 0.5 / 20), gaussianComponent([toU(4), 0.5], 0.5 / 20)];

  async function fractionInSecondMode(jumpEvery: number): Promise<{ fraction: number; meanInSecond: number }> {
    const evaluator = new LikelihoodEvaluator((u) => Array.from(u, (v) => -10 + 20 * v), logTarget, d, false, []);
    const rng = new RandomGenerator(12);
    const u = new Float64Array(n * d);
    const x = new Float64Array(n * d);
    const logl = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      x[k * d] = -4 + 0.5 * rng.normal();
      x[k * d + 1] = 0.5 * rng.normal();
      u[k * d] = toU(x[k * d]);
      u[k * d + 1] = toU(x[k * d + 1]);
      logl[k] = logTarget(x.subarray(k * d, k * d + d));
    }
    const state = { u, x, logl, blobs: undefined, labels: new Int32Array(n), n };
    await mutate(state, components, {
      kernel: tpcnKernel, beta: 1, nDim: d, nSteps: 20, nMaxSteps: 20, mixing: 'acceptance', mixingThreshold: 0.05,
      boundaryKinds: new Uint8Array(d), iteration: 2, labelOf: (point, offset) => (point[offset] < 0.5 ? 0 : 1), jumpEvery,
    }, rng, evaluator);
    let second = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      if (x[k * d] > 0) {
        second++;
        sum += x[k * d];
      }
    }
    return { fraction: second / n, meanInSecond: second > 0 ? sum / second : NaN };
  }

  it('moves particles between modes in the target proportion with jumps, and not without', async () => {
    const withJumps = await fractionInSecondMode(4);
    expect(Math.abs(withJumps.fraction - 0.69)).toBeLessThan(4 * 0.014);
    // The particles that crossed are distributed as the second mode (mean 4, sd 0.5 / sqrt(700)).
    expect(Math.abs(withJumps.meanInSecond - 4)).toBeLessThan(4 * (0.5 / Math.sqrt(700)));
    expect((await fractionInSecondMode(0)).fraction).toBe(0);
  });
});
