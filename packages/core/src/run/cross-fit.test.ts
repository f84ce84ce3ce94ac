import { describe, expect, it } from 'vitest';
import { fitStudentT } from '../math/student-t-fit.js';
import { RandomGenerator } from '../random/random-generator.js';
import { LikelihoodEvaluator } from '../likelihood/likelihood-evaluator.js';
import { tpcnKernel } from '../kernels/tpcn-kernel.js';
import { crossFitComponents } from './cross-fit.js';
import { ProposalTrainer } from './proposal-model.js';
import { mutate } from './mutate.js';

/** m points of a skewed, correlated 3-D cloud with unequal weights. */
function cloud(m: number, seed: number): { data: Float64Array; weights: Float64Array } {
  const rng = new RandomGenerator(seed);
  const data = new Float64Array(m * 3);
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const a = rng.normal();
    const b = rng.normal();
    data[i * 3] = a;
    data[i * 3 + 1] = 0.6 * a + b * b;
    data[i * 3 + 2] = 2 + 0.3 * b + 0.1 * rng.normal();
    weights[i] = 0.5 + rng.uniform();
  }
  return { data, weights };
}

describe('crossFitComponents', () => {
  it('with one fold is the Student-t fitted to every point', () => {
    const { data, weights } = cloud(200, 1);
    const [c] = crossFitComponents(data, 200, 3, weights, new Int32Array(200), 1);
    const fit = fitStudentT(data, 200, 3, weights, { tolerance: 1e-3, maxIterations: 50 });
    expect(c.mean).toEqual(fit.mean);
    expect(c.covariance).toEqual(fit.covariance);
    expect(c.dof).toBe(fit.dof);
  });

  it("fits fold f's component to the other folds: their weight x tau mean and covariance, the full fit's dof", () => {
    const m = 300;
    const d = 3;
    const { data, weights } = cloud(m, 2);
    const foldOf = Int32Array.from({ length: m }, (_, i) => i % 4);
    const components = crossFitComponents(data, m, d, weights, foldOf, 4);
    const { tau, dof } = fitStudentT(data, m, d, weights, { tolerance: 1e-3, maxIterations: 50 });
    expect(components).toHaveLength(4);
    for (let f = 0; f < 4; f++) {
      let mass = 0;
      let massTau = 0;
      const mean = [0, 0, 0];
      for (let i = 0; i < m; i++) {
        if (foldOf[i] === f) continue;
        mass += weights[i];
        massTau += weights[i] * tau[i];
        for (let j = 0; j < d; j++) mean[j] += weights[i] * tau[i] * data[i * d + j];
      }
      for (let j = 0; j < d; j++) mean[j] /= massTau;
      const c = components[f];
      expect(c.dof).toBe(dof);
      for (let j = 0; j < d; j++) expect(c.mean[j]).toBeCloseTo(mean[j], 12);
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < d; k++) {
          let v = 0;
          for (let i = 0; i < m; i++) if (foldOf[i] !== f) v += weights[i] * tau[i] * (data[i * d + j] - mean[j]) * (data[i * d + k] - mean[k]);
          expect(c.covariance[j * d + k]).toBeCloseTo(v / mass, 12);
        }
      }
      // The factor is the covariance's.
      let llt = 0;
      for (let k = 0; k < d; k++) llt += c.chol[2 * d + k] * c.chol[1 * d + k];
      expect(llt).toBeCloseTo(c.covariance[2 * d + 1], 12);
    }
  });

  it('keeps the full fit for a fold that holds most of the weight or leaves no more points than dimensions', () => {
    const m = 40;
    const { data, weights } = cloud(m, 3);
    const foldOf = Int32Array.from({ length: m }, (_, i) => (i < 36 ? 0 : 1));
    const [heavy, light] = crossFitComponents(data, m, 3, weights, foldOf, 2);
    const [full] = crossFitComponents(data, m, 3, weights, foldOf, 1);
    expect(heavy.mean).toEqual(full.mean);
    expect(light.mean).not.toEqual(full.mean);
  });
});

// The reason for cross-fitting, measured: exact draws of a 30-D Gaussian (AR(1) correlation 0.5)
// tempered at beta = 0.5, moved by 30 t-pCN steps. beta x q, q the quadratic form, is chi-square
// with 30 degrees of freedom under the target whatever the chain does, so its mean over 128
// independent chains x 20 repetitions has standard error sqrt(2 x 30 / 2560) = 0.153.
describe('a mutation from exact draws of the target', () => {
  const d = 30;
  const n = 128;
  const beta = 0.5;
  const reps = 20;
  const rho = 0.5;
  const a = 1 - rho * rho;
  const quadratic = (x: Float64Array, o: number): number => {
    let q = 0;
    for (let j = 0; j < d; j++) {
      const v = x[o + j];
      q += (j === 0 || j === d - 1 ? 1 / a : (1 + rho * rho) / a) * v * v;
      if (j + 1 < d) q += ((2 * -rho) / a) * v * x[o + j + 1];
    }
    return q;
  };
  const standardError = Math.sqrt((2 * d) / (n * reps));

  async function meanAfterChains(folds: number): Promise<number> {
    const evaluator = new LikelihoodEvaluator((u) => Array.from(u, (v) => -10 + 20 * v), (x: Float64Array) => -0.5 * quadratic(x, 0), d, false, []);
    const rng = new RandomGenerator(7);
    const trainer = new ProposalTrainer(d, { clustering: false, clusterEvery: 1, normalize: true, splitThreshold: 1, nMaxClusters: undefined, proposalFolds: folds });
    const z = new Float64Array(d);
    let total = 0;
    for (let r = 0; r < reps; r++) {
      const x = new Float64Array(n * d);
      const u = new Float64Array(n * d);
      const logl = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        rng.fillNormal(z, 0, d);
        let previous = 0;
        for (let j = 0; j < d; j++) {
          const v = j === 0 ? z[0] : rho * previous + Math.sqrt(a) * z[j];
          previous = v;
          x[k * d + j] = v / Math.sqrt(beta);
          u[k * d + j] = (x[k * d + j] + 10) / 20;
        }
        logl[k] = -0.5 * quadratic(x, k * d);
      }
      const model = trainer.train(u, n, new Float64Array(n).fill(1 / n), 1);
      const state = { u, x, logl, blobs: undefined, labels: new Int32Array(n), folds: Int32Array.from({ length: n }, (_, k) => k % folds), n };
      await mutate(state, model.components, { kernel: tpcnKernel, beta, nDim: d, nSteps: 1, nMaxSteps: 1, mixing: 'correlation', mixingThreshold: 0.05, boundaryKinds: new Uint8Array(d), folds, iteration: 2 }, rng, evaluator);
      for (let k = 0; k < n; k++) total += beta * quadratic(x, k * d);
    }
    return total / (n * reps);
  }

  it('keeps them exact when each chain proposes with a Student-t fitted without its fold', async () => {
    expect(Math.abs((await meanAfterChains(8)) - d)).toBeLessThan(4 * standardError);
  });

  it('leaves them too concentrated when the Student-t is fitted to the starting points themselves', async () => {
    // Measured 28.07, 12.6 standard errors low: the transient that cross-fitting removes.
    expect(await meanAfterChains(1)).toBeLessThan(d - 6 * standardError);
  });
});
