import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomGenerator } from '../random/random-generator.js';
import { componentLogDensities, makeMixture, mixtureBic } from './gaussian-mixture.js';
import { fitGaussianMixture } from './mixture-em.js';

const FC = { seed: Number(process.env.FC_SEED ?? 424242), numRuns: 40 };

/** n points from a mixture of isotropic Gaussians with the given centres, sds and weights. */
function sampleMixture(rng: RandomGenerator, n: number, centres: number[][], sds: number[], probs: number[]) {
  const d = centres[0].length;
  const data = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform();
    let k = 0;
    while (k < probs.length - 1 && u >= probs[k]) u -= probs[k++];
    labels[i] = k;
    for (let j = 0; j < d; j++) data[i * d + j] = centres[k][j] + sds[k] * rng.normal();
  }
  return { data, labels, d };
}

function identityMixture(K: number, d: number, means: number[]) {
  const covs = new Float64Array(K * d * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) covs[k * d * d + j * d + j] = 1;
  return makeMixture(new Float64Array(K).fill(1), Float64Array.from(means), covs, d);
}

describe('fitGaussianMixture', () => {
  it('never decreases the weighted log-likelihood between EM iterations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (seed, d, K) => {
        const rng = new RandomGenerator(seed);
        const centres = Array.from({ length: 3 }, () => Array.from({ length: d }, () => 6 * rng.uniform()));
        const { data } = sampleMixture(rng, 150, centres, [0.5, 1, 0.3], [0.5, 0.3, 0.2]);
        const weights = new Float64Array(150);
        for (let i = 0; i < 150; i++) weights[i] = 0.1 + rng.uniform();
        const init = identityMixture(K, d, Array.from({ length: K * d }, (_, i) => data[i]));
        const { trace } = fitGaussianMixture(data, 150, d, weights, init, { maxIterations: 60, tolerance: 0 });
        for (let t = 1; t < trace.length; t++) expect(trace[t]).toBeGreaterThanOrEqual(trace[t - 1] - 1e-9 * (1 + Math.abs(trace[t - 1])));
      }),
      FC,
    );
  });

  it('has responsibilities that sum to one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const rng = new RandomGenerator(seed);
        const { data, d } = sampleMixture(rng, 50, [[0, 0], [4, 4]], [1, 1], [0.5, 0.5]);
        const m = identityMixture(2, d, [0, 0, 4, 4]);
        const logp = new Float64Array(2);
        const scratch = new Float64Array(4);
        for (let i = 0; i < 50; i++) {
          componentLogDensities(logp, m, data, i, scratch);
          const max = Math.max(logp[0], logp[1]);
          const r0 = Math.exp(logp[0] - max);
          const r1 = Math.exp(logp[1] - max);
          expect(r0 / (r0 + r1) + r1 / (r0 + r1)).toBeCloseTo(1, 14);
        }
      }),
      FC,
    );
  });

  it('recovers the parameters of two separated components (within 5 standard errors)', () => {
    const rng = new RandomGenerator(7);
    const n = 4000;
    const { data, d } = sampleMixture(rng, n, [[0, 0, 0], [6, -6, 6]], [1, 0.5], [0.7, 0.3]);
    const fit = fitGaussianMixture(data, n, d, new Float64Array(n).fill(1), identityMixture(2, d, [1, 1, 1, 5, -5, 5]));
    const [a, b] = fit.mixture.weights[0] > 0.5 ? [0, 1] : [1, 0];
    // Standard error of a weight: sqrt(p (1 - p) / n) = 0.0072.
    expect(Math.abs(fit.mixture.weights[a] - 0.7)).toBeLessThan(5 * 0.0073);
    for (let j = 0; j < d; j++) {
      // Mean of component b: sd / sqrt(n p) = 0.5 / sqrt(1200) = 0.0144.
      expect(Math.abs(fit.mixture.means[b * d + j] - [6, -6, 6][j])).toBeLessThan(5 * 0.0145);
      // Variance of component a: relative error sqrt(2 / 2800) = 0.027.
      expect(Math.abs(fit.mixture.covariances[a * d * d + j * d + j] - 1)).toBeLessThan(5 * 0.027);
    }
  });

  it('makes BIC prefer the true number of well-separated components', () => {
    const rng = new RandomGenerator(11);
    const n = 2000;
    const w = new Float64Array(n).fill(1);
    const cases: [number[][], number][] = [
      [[[0, 0]], 1],
      [[[0, 0], [8, 0]], 2],
      [[[0, 0], [8, 0], [0, 8]], 3],
    ];
    for (const [centres, trueK] of cases) {
      const { data, d } = sampleMixture(rng, n, centres, centres.map(() => 1), centres.map(() => 1 / centres.length));
      const bics = [1, 2, 3, 4].map((K) => {
        // Initialise at K mutually distant data points (farthest-point traversal).
        const chosen = [0];
        while (chosen.length < K) {
          let best = 0;
          let bestDist = -1;
          for (let i = 0; i < n; i++) {
            let dist = Infinity;
            for (const c of chosen) dist = Math.min(dist, (data[i * d] - data[c * d]) ** 2 + (data[i * d + 1] - data[c * d + 1]) ** 2);
            if (dist > bestDist) [best, bestDist] = [i, dist];
          }
          chosen.push(best);
        }
        const init = identityMixture(K, d, chosen.flatMap((c) => [data[c * d], data[c * d + 1]]));
        return mixtureBic(fitGaussianMixture(data, n, d, w, init).logLikelihood, K, d, n);
      });
      expect(bics.indexOf(Math.min(...bics)) + 1).toBe(trueK);
    }
  });

  it('treats integer weights like repeated points', () => {
    const rng = new RandomGenerator(3);
    const { data, d } = sampleMixture(rng, 40, [[0, 0], [5, 5]], [1, 1], [0.5, 0.5]);
    const counts = Array.from({ length: 40 }, (_, i) => 1 + (i % 3));
    const repeated = new Float64Array(counts.reduce((a, b) => a + b, 0) * d);
    let r = 0;
    for (let i = 0; i < 40; i++) for (let c = 0; c < counts[i]; c++) repeated.set(data.subarray(i * d, i * d + d), d * r++);
    const init = identityMixture(2, d, [0, 0, 5, 5]);
    const a = fitGaussianMixture(data, 40, d, Float64Array.from(counts), init, { regularization: 1e-9 });
    const b = fitGaussianMixture(repeated, r, d, new Float64Array(r).fill(1), init, { regularization: 1e-9 });
    for (let k = 0; k < 4; k++) expect(a.mixture.means[k]).toBeCloseTo(b.mixture.means[k], 9);
  });

  it('survives degenerate data: identical points and fewer points than dimensions', () => {
    const d = 5;
    const same = new Float64Array(10 * d).fill(0.3);
    const fit = fitGaussianMixture(same, 10, d, new Float64Array(10).fill(1), identityMixture(2, d, new Array(2 * d).fill(0.3)));
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    const few = Float64Array.from({ length: 2 * d }, (_, i) => i / 10);
    const fit2 = fitGaussianMixture(few, 2, d, new Float64Array(2).fill(1), identityMixture(1, d, new Array(d).fill(0)));
    expect(Number.isFinite(fit2.logLikelihood)).toBe(true);
    for (const v of fit2.mixture.logDets) expect(Number.isFinite(v)).toBe(true);
  });
});
