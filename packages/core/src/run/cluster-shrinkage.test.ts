import { describe, expect, it } from 'vitest';
import { cholesky } from '../math/cholesky.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import { CLUSTER_SCALE_PRIOR_POINTS_PER_DIM, pooledScale, shrinkClusterScales, shrunkScale } from './cluster-shrinkage.js';
import { ProposalTrainer } from './proposal-model.js';
import { RandomGenerator } from '../random/random-generator.js';

/** A component with mean m and scale s^2 I in d dimensions. */
function isotropic(m: number, s: number, d: number): ProposalComponent {
  const covariance = new Float64Array(d * d);
  for (let j = 0; j < d; j++) covariance[j * d + j] = s * s;
  const chol = new Float64Array(d * d);
  cholesky(chol, covariance, d);
  return { mean: new Float64Array(d).fill(m), covariance, chol, dof: 10 };
}

describe('shrinkClusterScales', () => {
  const d = 3;

  it('leaves a single cluster as it is', () => {
    const components = [isotropic(0, 1, d), isotropic(0, 1.1, d)];
    expect(shrinkClusterScales(components, 1, 2, Float64Array.of(1), Float64Array.of(5), d)).toBe(components);
  });

  it('moves each scale towards the mass-weighted pooled scale by d pseudo-points against its Kish ESS', () => {
    // A heavy wide cluster (mass 0.8, ESS 500) and a light narrow one (0.2, ESS 6), one fold each.
    const heavy = isotropic(4, 1.5, d);
    const light = isotropic(-4, 0.2, d);
    const mass = Float64Array.of(0.8, 0.2);
    const [h, l] = shrinkClusterScales([heavy, light], 2, 1, mass, Float64Array.of(500, 6), d);
    const pooled = 0.8 * 1.5 ** 2 + 0.2 * 0.2 ** 2;
    const s = CLUSTER_SCALE_PRIOR_POINTS_PER_DIM * d;
    expect(l.covariance[0]).toBeCloseTo((6 * 0.04 + s * pooled) / (6 + s), 12);
    expect(l.covariance[1]).toBe(0);
    expect(h.covariance[0]).toBeCloseTo((500 * 2.25 + s * pooled) / (500 + s), 12);
    // The heavy cluster's scale is all but unchanged; the light one's is widened several times.
    expect(h.covariance[0] / 2.25).toBeGreaterThan(0.99);
    expect(l.covariance[0] / 0.04).toBeGreaterThan(10);
    // Means and degrees of freedom are kept; the factors are those of the new scales.
    expect(l.mean).toBe(light.mean);
    expect(l.dof).toBe(light.dof);
    expect(l.chol[0] ** 2).toBeCloseTo(l.covariance[0], 12);
  });

  it('shrinks a component shared by several folds once, and averages each cluster over its folds', () => {
    const a = isotropic(0, 1, d);
    const b = isotropic(0, 3, d);
    const out = shrinkClusterScales([a, a, b, isotropic(0, 1, d)], 2, 2, Float64Array.of(1, 1), Float64Array.of(50, 50), d);
    expect(out[0]).toBe(out[1]);
    expect(pooledScale([a, a, b, isotropic(0, 1, d)], 2, 2, [1, 1], d)![0]).toBeCloseTo((1 + 1 + 9 + 1) / 4, 12);
  });

  it('shrunkScale is the inverse-Wishart posterior mean: own weight ESS / (ESS + d)', () => {
    const own = Float64Array.of(1, 0.5, 0.5, 2);
    const pooled = Float64Array.of(4, 0, 0, 4);
    const out = shrunkScale(own, 2, pooled, 2);
    expect(Array.from(out)).toEqual([(2 * 1 + 2 * 4) / 4, 0.5 / 2, 0.5 / 2, (2 * 2 + 2 * 4) / 4]);
  });
});

describe('ProposalTrainer with clusterScales', () => {
  it("'shrunk' widens a light mode's component fitted to few points; 'separate' keeps its own fit", () => {
    // 2-D: 400 points of a wide mode and 20 of a narrow one a third as wide, equal weights.
    const d = 2;
    const rng = new RandomGenerator(3);
    const n = 420;
    const u = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const narrow = i >= 400;
      for (let j = 0; j < d; j++) u[i * d + j] = 0.5 + (narrow ? -0.2 + 0.025 * rng.normal() : 0.2 + 0.075 * rng.normal());
    }
    const weights = new Float64Array(n).fill(1 / n);
    const settings = { clustering: true, clusterEvery: 1, normalize: true, splitThreshold: 1, nMaxClusters: undefined, proposalFolds: 1, clusterSearch: 'thorough' as const };
    const narrowVariance = (scales: 'shrunk' | 'separate') => {
      const model = new ProposalTrainer(d, { ...settings, clusterScales: scales }).train(u, n, weights, 1);
      expect(model.clusters).toBe(2);
      const c = model.labels[n - 1];
      return model.components[c].covariance[0];
    };
    const separate = narrowVariance('separate');
    const shrunk = narrowVariance('shrunk');
    expect(separate).toBeLessThan(0.002);
    // 20 points against 2 pseudo-points of a pooled scale about 9 times their own: (20 + 2 x 9) / 22.
    expect(shrunk).toBeGreaterThan(1.4 * separate);
    expect(shrunk).toBeLessThan(2.2 * separate);
  });
});
