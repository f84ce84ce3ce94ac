/// <reference path="../math/jstat.d.ts" />
import jstat from 'jstat';
import { describe, expect, it } from 'vitest';
import { cholesky } from '../math/cholesky.js';
import { RandomGenerator } from '../random/random-generator.js';
import type { ProposalComponent } from '../kernels/proposal-component.js';
import { ClosingProposal, closingEstimate, closingInflation } from './closing-sample.js';

/** A component with mean `mean`, covariance `cov` (d x d) and `dof`. */
function component(mean: number[], cov: number[], dof: number): ProposalComponent {
  const d = mean.length;
  const chol = new Float64Array(d * d);
  cholesky(chol, Float64Array.from(cov), d);
  return { mean: Float64Array.from(mean), covariance: Float64Array.from(cov), chol, dof };
}

/** Diagonal covariance with the given standard deviations. */
const diag = (sd: number[]) => sd.flatMap((s, i) => sd.map((_, j) => (i === j ? s * s : 0)));

/** log N(u; mean, sd^2 I) summed over coordinates. */
function logNormal(u: Float64Array, offset: number, mean: number[], sd: number): number {
  let s = 0;
  for (let j = 0; j < mean.length; j++) s += -0.5 * ((u[offset + j] - mean[j]) / sd) ** 2 - Math.log(sd * Math.sqrt(2 * Math.PI));
  return s;
}

/** Draws M points, weights them by L/q (zero outside the cube), returns the estimate. */
function sample(q: ClosingProposal, logL: (u: Float64Array, o: number) => number, d: number, m: number, seed: number, periodic: number[] = []) {
  const rng = new RandomGenerator(seed);
  const u = new Float64Array(m * d);
  const z = new Float64Array(d);
  const logw = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    q.draw(u, i * d, rng, z);
    let inside = true;
    for (let j = 0; j < d; j++) if (!periodic.includes(j) && (u[i * d + j] < 0 || u[i * d + j] > 1)) inside = false;
    logw[i] = inside ? logL(u, i * d) - q.logDensity(u, i * d) : -Infinity;
  }
  return closingEstimate(logw);
}

describe('closing importance sample', () => {
  // Likelihood: a Gaussian bump of width 0.05 in the unit cube, far from the faces, so that
  // Z = integral over the cube of L = the normal's mass (1 to within 1e-20): log Z = 0.
  const d = 4;
  const centre = [0.4, 0.5, 0.6, 0.45];
  const logL = (u: Float64Array, o: number) => logNormal(u, o, centre, 0.05);

  it('estimates log Z within its own error bars, with a light tail, from a fitted mixture', () => {
    // Two folds fitted a little off (means shifted by a fifth of a width, scales 0.8x and 1.3x).
    const comps = [component(centre.map((c) => c + 0.01), diag([0.04, 0.04, 0.04, 0.04]), 8), component(centre.map((c) => c - 0.01), diag([0.065, 0.065, 0.065, 0.065]), 12)];
    const q = new ClosingProposal(comps, 1, 2, [1], d, undefined);
    let inside = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const e = sample(q, logL, d, 4000, seed);
      // 3.5 standard errors: the six checks together fail with probability about 3e-3.
      expect(Math.abs(e.logz)).toBeLessThan(3.5 * e.logzErr);
      if (Math.abs(e.logz) < e.logzErr) inside++;
      expect(e.paretoShape).toBeLessThan(0.5);
      expect(e.ess / e.draws).toBeGreaterThan(0.3);
      expect(e.logzErr).toBeLessThan(0.05);
    }
    expect(inside).toBeGreaterThanOrEqual(2);
  });

  it('stays unbiased when the cluster weights are wrong (the weights correct them)', () => {
    // Two bumps of equal mass; the mixture gives them 0.85 and 0.15.
    const a = [0.3, 0.3, 0.3, 0.3];
    const b = [0.7, 0.7, 0.7, 0.7];
    const logL2 = (u: Float64Array, o: number) => Math.log(0.5) + Math.max(logNormal(u, o, a, 0.04), logNormal(u, o, b, 0.04)) + Math.log1p(Math.exp(-Math.abs(logNormal(u, o, a, 0.04) - logNormal(u, o, b, 0.04))));
    const q = new ClosingProposal([component(a, diag([0.04, 0.04, 0.04, 0.04]), 10), component(b, diag([0.04, 0.04, 0.04, 0.04]), 10)], 2, 1, [0.85, 0.15], d, undefined);
    const e = sample(q, logL2, d, 8000, 7);
    expect(Math.abs(e.logz)).toBeLessThan(3.5 * e.logzErr);
    expect(e.paretoShape).toBeLessThan(0.5);
  });

  it('sees a proposal far narrower than the target in the Pareto shape', () => {
    const q = new ClosingProposal([component(centre, diag([0.02, 0.02, 0.02, 0.02]), 30)], 1, 1, [1], d, undefined, { inflation: 1, minDof: 30, maxDof: 30 });
    expect(sample(q, logL, d, 4000, 8).paretoShape).toBeGreaterThan(0.7);
  });

  it('wraps periodic coordinates, and its density integrates to the mass inside the cube', () => {
    // A component centred on the seam of coordinate 0 (periodic): the wrapped density over the
    // cube integrates to the mass of the other coordinate inside [0, 1], a Student-t with 5
    // degrees of freedom and scale 0.06 sqrt(1.2) within 0.5 of its centre.
    const q = new ClosingProposal([component([0.98, 0.5], diag([0.06, 0.06]), 5)], 1, 1, [1], 2, Uint8Array.from([1, 0]));
    const rng = new RandomGenerator(9);
    const z = new Float64Array(2);
    const point = new Float64Array(2);
    for (let i = 0; i < 200; i++) {
      q.draw(point, 0, rng, z);
      expect(point[0]).toBeGreaterThanOrEqual(0);
      expect(point[0]).toBeLessThan(1);
    }
    // Midpoint rule on a 400 x 400 grid.
    const n = 400;
    let integral = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        point[0] = (i + 0.5) / n;
        point[1] = (j + 0.5) / n;
        integral += Math.exp(q.logDensity(point, 0)) / (n * n);
      }
    }
    const inside = 2 * jstat.jStat.studentt.cdf(0.5 / (0.06 * Math.sqrt(1.2)), 5) - 1;
    expect(Math.abs(integral - inside)).toBeLessThan(1e-4);
  });

  it('sums only the images a component reaches, and with six periodic coordinates matches the sum over all 3^6', () => {
    const d = 6;
    const comp = component([0.5, 0.02, 0.99, 0.3, 0.7, 0.5], diag(Array(d).fill(0.02)), 4);
    const wrapped = new ClosingProposal([comp], 1, 1, [1], d, new Uint8Array(d).fill(1));
    const plain = new ClosingProposal([comp], 1, 1, [1], d, new Uint8Array(d));
    const rng = new RandomGenerator(4);
    const z = new Float64Array(d);
    const point = new Float64Array(d);
    const shifted = new Float64Array(d);
    for (let i = 0; i < 50; i++) {
      wrapped.draw(point, 0, rng, z);
      // Every one of the 3^6 images, by brute force.
      const terms: number[] = [];
      for (let m = 0; m < 3 ** d; m++) {
        let code = m;
        for (let j = 0; j < d; j++) {
          shifted[j] = point[j] + (code % 3) - 1;
          code = Math.floor(code / 3);
        }
        terms.push(plain.logDensity(shifted, 0));
      }
      const max = Math.max(...terms);
      const all = max + Math.log(terms.reduce((t, v) => t + Math.exp(v - max), 0));
      expect(Math.abs(wrapped.logDensity(point, 0) - all)).toBeLessThan(1e-6);
    }
  });

  it('widens less in more dimensions, so that the widening costs the same share of the draws', () => {
    for (const d of [1, 2, 5, 10]) expect(closingInflation(d)).toBe(1.2);
    // ESS per draw of a Gaussian target from a Gaussian c times as wide: ((2c - 1) / c^2)^(d / 2).
    for (const d of [10, 16, 25, 50, 100, 200, 1000]) {
      const c = closingInflation(d);
      expect(((2 * c - 1) / c ** 2) ** (d / 2)).toBeGreaterThan(0.82);
      expect(((2 * c - 1) / c ** 2) ** (d / 2)).toBeLessThan(0.88);
    }
  });

  it('says nothing when no draw has a positive weight', () => {
    const e = closingEstimate(new Float64Array(50).fill(-Infinity));
    expect(e.logz).toBe(-Infinity);
    expect(e.logzErr).toBe(Infinity);
    expect(e.ess).toBe(0);
  });
});
