import { describe, expect, it } from 'vitest';
import { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import { applyBoundaries, boundaryKinds } from '../math/boundaries.js';
import { RandomGenerator } from '../random/random-generator.js';
import { mutate } from '../run/mutate.js';
import { ProposalTrainer } from '../run/proposal-model.js';
import type { ProposalComponent } from './proposal-component.js';
import { choleskyRegularized } from '../math/cholesky.js';
import { createKernelWorkspace, isMutationKernel, type MutationKernel } from './mutation-kernel.js';

/** Options of {@link describeKernelConformance}. */
export interface KernelConformanceOptions {
  /** Seed of the suite's generator. Default 5. */
  seed?: number;
  /** Chains per invariance test. Default 20 000 (each test's tolerance is 5 standard errors). */
  chains?: number;
  /** Per-test timeout in ms. Default 60 000. */
  timeout?: number;
}

/**
 * Registers the conformance tests of the {@link MutationKernel} interface with vitest. A kernel
 * that passes them can be given to the sampler (`sample: kernel`):
 * - it is a well-formed kernel object, and seeded proposals repeat;
 * - `logDensity` is a normalised density over the unit square with both coordinates periodic;
 * - `propose` draws from that density (a chi-square test over 100 cells, folded by the sampler's boundaries);
 * - `logReference`, when present, satisfies detailed balance with `logDensity`, and a kernel
 *   declared `symmetric` is;
 * - MCMC with the kernel leaves four targets invariant: across a periodic wrap (von Mises),
 *   against a reflective wall (half-normal), with two clusters proposing (bimodal), and against
 *   a hard wall whose outside moves are rejected (exponential). Chains start from exact draws
 *   and must still be exact after five steps per dimension: statistics within 5 standard errors.
 *
 * @param name - shown in the test names
 * @param kernel - the kernel under test
 * @param options - seed, number of chains and timeout
 * @example
 * ```ts
 * import { describeKernelConformance } from '@tempest/core/kernel-conformance';
 * describeKernelConformance('my kernel', myKernel);
 * ```
 */
export function describeKernelConformance(name: string, kernel: MutationKernel, options: KernelConformanceOptions = {}): void {
  const { seed = 5, chains = 20_000, timeout = 60_000 } = options;

  describe(`MutationKernel conformance: ${name}`, () => {
    it('is a kernel object whose seeded proposals repeat', () => {
      expect(isMutationKernel(kernel)).toBe(true);
      const c = fixedComponent();
      const ws = createKernelWorkspace(2, boundaryKinds(2, [], []));
      const draw = (s: number) => {
        const rng = new RandomGenerator(s);
        const out = new Float64Array(6);
        for (let k = 0; k < 3; k++) kernel.propose(out, 2 * k, START, 0, c, 0.3, rng, ws);
        return Array.from(out);
      };
      expect(draw(seed)).toEqual(draw(seed));
      expect(draw(seed)).not.toEqual(draw(seed + 1));
    });

    it('has a normalised logDensity (over the unit square with both coordinates periodic)', () => {
      const c = fixedComponent();
      const ws = createKernelWorkspace(2, boundaryKinds(2, [0, 1], []));
      const cells = 200;
      const to = new Float64Array(2);
      let integral = 0;
      for (let a = 0; a < cells; a++) {
        for (let b = 0; b < cells; b++) {
          to[0] = (a + 0.5) / cells;
          to[1] = (b + 0.5) / cells;
          integral += Math.exp(kernel.logDensity(START, 0, to, 0, c, STEP, ws)) / (cells * cells);
        }
      }
      expect(Math.abs(integral - 1)).toBeLessThan(0.01);
    });

    it('proposes from the density that logDensity returns (chi-square over 100 cells)', () => {
      const c = fixedComponent();
      const kinds = boundaryKinds(2, [0, 1], []);
      const ws = createKernelWorkspace(2, kinds);
      const rng = new RandomGenerator(seed);
      const draws = 20_000;
      const side = 10;
      const counts = new Float64Array(side * side);
      const out = new Float64Array(2);
      for (let i = 0; i < draws; i++) {
        kernel.propose(out, 0, START, 0, c, STEP, rng, ws);
        expect(applyBoundaries(out, 0, 2, kinds)).toBe(true);
        counts[Math.min(side - 1, Math.floor(out[0] * side)) * side + Math.min(side - 1, Math.floor(out[1] * side))]++;
      }
      // Expected counts from the density, by a 10 x 10 midpoint rule inside each cell.
      const fine = 10;
      const to = new Float64Array(2);
      let chi2 = 0;
      let bins = 0;
      for (let a = 0; a < side; a++) {
        for (let b = 0; b < side; b++) {
          let p = 0;
          for (let i = 0; i < fine; i++) {
            for (let j = 0; j < fine; j++) {
              to[0] = (a + (i + 0.5) / fine) / side;
              to[1] = (b + (j + 0.5) / fine) / side;
              p += Math.exp(kernel.logDensity(START, 0, to, 0, c, STEP, ws)) / (side * side * fine * fine);
            }
          }
          const expected = p * draws;
          if (expected < 5) continue;
          chi2 += (counts[a * side + b] - expected) ** 2 / expected;
          bins++;
        }
      }
      // chi-square with about `bins` degrees of freedom: mean k, sd sqrt(2k); 5 sd above the mean.
      expect(bins).toBeGreaterThan(10);
      expect(chi2).toBeLessThan(bins + 5 * Math.sqrt(2 * bins));
    });

    // Detailed balance q(u -> v) r(u) = q(v -> u) r(v) over 50 proposed pairs, with r the kernel's
    // reference density, or constant for a kernel that declares itself symmetric.
    it.runIf(kernel.logReference !== undefined)('is reversible with respect to its logReference', () => {
      expectDetailedBalance(kernel, seed, (point, c, ws) => kernel.logReference!(point, 0, c, ws));
    });

    it.runIf(kernel.symmetric === true)('is symmetric, as it declares', () => {
      expectDetailedBalance(kernel, seed, () => 0);
    });

    describe('leaves its target invariant', () => {
      const run = (kinds: { periodic?: number[]; reflective?: number[] }, logf: (u0: number) => number, logMax: number, stat: (u0: number) => number, clustering = false) =>
        moveAndMeasure(kernel, seed, chains, kinds, logf, logMax, stat, clustering);

      it('with a periodic coordinate (von Mises across the wrap point)', async () => {
        const meanCos = await run({ periodic: [0] }, vonMises, KAPPA, (v) => Math.cos(2 * Math.PI * v));
        expect(Math.abs(meanCos - I1 / I0)).toBeLessThan((5 * SD_COS) / Math.sqrt(chains));
      }, timeout);

      it('with a reflective coordinate (half-normal against 0)', async () => {
        const mean = await run({ reflective: [0] }, halfNormal, 0, (v) => v);
        // Half-normal with sd 0.2 (mass beyond 1 is 6e-7): mean 0.2 sqrt(2/pi), sd 0.2 sqrt(1 - 2/pi).
        expect(Math.abs(mean - 0.2 * Math.sqrt(2 / Math.PI))).toBeLessThan((5 * 0.2 * Math.sqrt(1 - 2 / Math.PI)) / Math.sqrt(chains));
      }, timeout);

      it('with a position-dependent proposal (two clusters, each with its own Student-t)', async () => {
        // Two bumps at u0 = 0.2 (weight 1/3) and 0.7 (weight 2/3), sd 0.05: the clustering splits them.
        const right = await run({}, bimodal, Math.log(2 / 3), (v) => (v > 0.45 ? 1 : 0), true);
        // Bernoulli(2/3): sd sqrt(2/9).
        expect(Math.abs(right - 2 / 3)).toBeLessThan((5 * Math.sqrt(2 / 9)) / Math.sqrt(chains));
        const mean = await run({}, bimodal, Math.log(2 / 3), (v) => v, true);
        // Mean 0.2/3 + 1.4/3 = 0.5333; sd sqrt(0.05^2 + (2/9) 0.5^2) = 0.2413.
        expect(Math.abs(mean - 1.6 / 3)).toBeLessThan((5 * 0.2413) / Math.sqrt(chains));
      }, timeout);

      it('with hard boundaries (exponential against 0, moves outside rejected)', async () => {
        const mean = await run({}, exponential, 0, (v) => v);
        const exact = 1 / RATE - Math.exp(-RATE) / (1 - Math.exp(-RATE));
        expect(Math.abs(mean - exact)).toBeLessThan((5 * (1 / RATE)) / Math.sqrt(chains));
      }, timeout);
    });
  });
}

const START = Float64Array.of(0.4, 0.55);
/** Step size of the density tests: large, so that proposals spread over the unit square. */
const STEP = 0.9;
const KAPPA = 4;
const I0 = 11.30192195213633;
const I1 = 9.759465153704449;
const SD_COS = Math.sqrt(0.5 * (1 + (I0 - (2 * I1) / KAPPA) / I0) - (I1 / I0) ** 2);
const RATE = 10;
const vonMises = (u0: number) => KAPPA * Math.cos(2 * Math.PI * u0);
const halfNormal = (u0: number) => (-0.5 * u0 * u0) / 0.04;
const exponential = (u0: number) => -RATE * u0;
const bimodal = (u0: number) => Math.log((1 / 3) * Math.exp(-0.5 * ((u0 - 0.2) / 0.05) ** 2) + (2 / 3) * Math.exp(-0.5 * ((u0 - 0.7) / 0.05) ** 2));

/** Checks q(u -> v) r(u) = q(v -> u) r(v) for 50 pairs of a uniform u and a proposal v from it. */
function expectDetailedBalance(kernel: MutationKernel, seed: number, logR: (point: Float64Array, c: ProposalComponent, ws: ReturnType<typeof createKernelWorkspace>) => number): void {
  const c = fixedComponent();
  const ws = createKernelWorkspace(2, boundaryKinds(2, [], []));
  const rng = new RandomGenerator(seed);
  const u = new Float64Array(2);
  const v = new Float64Array(2);
  for (let i = 0; i < 50; i++) {
    u[0] = rng.uniform();
    u[1] = rng.uniform();
    kernel.propose(v, 0, u, 0, c, 0.3, rng, ws);
    const forward = kernel.logDensity(u, 0, v, 0, c, 0.3, ws) + logR(u, c, ws);
    const backward = kernel.logDensity(v, 0, u, 0, c, 0.3, ws) + logR(v, c, ws);
    expect(Math.abs(forward - backward)).toBeLessThan(1e-9 * Math.max(1, Math.abs(forward)));
  }
}

/** A correlated Student-t component with 5 degrees of freedom, centred in the unit square, wide enough to spread proposals over many cells. */
function fixedComponent(): ProposalComponent {
  const covariance = Float64Array.of(0.05, 0.015, 0.015, 0.04);
  const chol = new Float64Array(4);
  choleskyRegularized(chol, covariance, 2);
  return { mean: Float64Array.of(0.5, 0.5), covariance, chol, dof: 5 };
}

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

/**
 * Moves exact draws of f with five MCMC steps per dimension, the proposal fitted to an
 * independent sample, and returns the mean of `stat` over the moved chains.
 */
async function moveAndMeasure(kernel: MutationKernel, seed: number, n: number, kinds: { periodic?: number[]; reflective?: number[] }, logf: (u0: number) => number, logMax: number, stat: (u0: number) => number, clustering: boolean): Promise<number> {
  const rng = new RandomGenerator(seed);
  const trainer = new ProposalTrainer(2, { clustering, clusterEvery: 1, normalize: true, splitThreshold: 1, nMaxClusters: undefined, proposalFolds: 1 });
  const model = trainer.train(exactDraws(rng, 2000, logf, logMax), 2000, new Float64Array(2000).fill(1 / 2000), 1);
  if (clustering) expect(model.components.length).toBeGreaterThanOrEqual(2);
  const u = exactDraws(rng, n, logf, logMax);
  const evaluator = new LikelihoodEvaluator((v) => v, (x: Float64Array) => logf(x[0]), 2, false, []);
  const logl = new Float64Array(n);
  for (let i = 0; i < n; i++) logl[i] = logf(u[2 * i]);
  const labels = new Int32Array(n);
  if (model.labelOf) for (let i = 0; i < n; i++) labels[i] = model.labelOf(u, 2 * i);
  const state = { u, x: u.slice(), logl, blobs: undefined, labels, n };
  await mutate(state, model.components, { kernel, beta: 1, nDim: 2, nSteps: 5, nMaxSteps: 5, mixing: 'acceptance', mixingThreshold: 0.05, boundaryKinds: boundaryKinds(2, kinds.periodic, kinds.reflective), iteration: 2, labelOf: model.labelOf }, rng, evaluator);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += stat(u[2 * i]) / n;
  return mean;
}
