import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { TempestError } from '../tempest-error.js';
import { cholesky } from './cholesky.js';
import { digamma } from './special-functions.js';
import { solveLower } from './triangular-solve.js';
import { fitStudentT, type StudentTFit } from './student-t-fit.js';

const FC_SEED = 271828;
/** Every statistical check allows this many standard errors. */
const SIGMAS = 5;

/** Draws n points of a d-dimensional Student-t: x = μ + L z / sqrt(g/ν), g ~ χ²(ν) = 2·Gamma(ν/2). */
function sampleStudentT(rng: RandomGenerator, n: number, mu: number[], cov: number[], dof: number): Float64Array {
  const d = mu.length;
  const L = new Float64Array(d * d);
  if (!cholesky(L, new Float64Array(cov), d)) throw new Error('test covariance is not positive definite');
  const out = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    rng.fillNormal(z);
    const s = Number.isFinite(dof) ? Math.sqrt(dof / (2 * rng.gamma(dof / 2))) : 1;
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let k = 0; k <= j; k++) v += L[j * d + k] * z[k];
      out[i * d + j] = mu[j] + s * v;
    }
  }
  return out;
}

/** A covariance with unequal variances 1..d and AR(1)-style correlation 0.5·0.6^|j−k| off the diagonal. */
function testCovariance(d: number): number[] {
  const cov: number[] = [];
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < d; k++) {
      cov.push(j === k ? 1 + j : 0.5 * Math.sqrt((1 + j) * (1 + k)) * 0.6 ** Math.abs(j - k));
    }
  }
  return cov;
}

function expectUsableFit(fit: StudentTFit, d: number): void {
  expect(fit.mean.length).toBe(d);
  expect(fit.covariance.length).toBe(d * d);
  for (const v of fit.mean) expect(Number.isFinite(v)).toBe(true);
  for (const v of fit.covariance) expect(Number.isFinite(v)).toBe(true);
  expect(Number.isNaN(fit.dof)).toBe(false);
  expect(fit.dof).toBeGreaterThan(0);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < j; k++) expect(fit.covariance[j * d + k]).toBe(fit.covariance[k * d + j]);
  }
  expect(cholesky(new Float64Array(d * d), fit.covariance, d)).toBe(true);
}

describe('fitStudentT recovers known parameters', () => {
  const n = 20_000;
  const dof = 5;
  for (const d of [2, 5]) {
    it(`recovers mean, scale and dof = ${dof} in ${d} dimensions from n = ${n}`, () => {
      const mu = Array.from({ length: d }, (_, j) => j - 1.5);
      const cov = testCovariance(d);
      const data = sampleStudentT(new RandomGenerator(1000 + d), n, mu, cov, dof);
      const fit = fitStudentT(data, n, d);
      expect(fit.converged).toBe(true);
      expectUsableFit(fit, d);

      // The Fisher information of the t location is (ν+d)/(ν+d+2) Σ⁻¹ per point, so
      // SE(μ̂_j) = sqrt((ν+d+2)/(ν+d) · Σ_jj / n).
      const inflation = (dof + d + 2) / (dof + d);
      for (let j = 0; j < d; j++) {
        const se = Math.sqrt((inflation * cov[j * d + j]) / n);
        expect(Math.abs(fit.mean[j] - mu[j])).toBeLessThan(SIGMAS * se);
      }
      // With ν known, Var(Σ̂_jk) ≈ (ν+d+2)/(ν+d) · (Σ_jj Σ_kk + Σ_jk²) / n (the Gaussian value times
      // the location's inflation). Estimating ν jointly adds variance along the overall scale, which
      // trades off against ν; we allow a further factor 2 on the variance (replicates over 40 seeds
      // measured 1.3 for d = 5, 1.2 for d = 2).
      for (let j = 0; j < d; j++) {
        for (let k = 0; k <= j; k++) {
          const se = Math.sqrt((2 * inflation * (cov[j * d + j] * cov[k * d + k] + cov[j * d + k] ** 2)) / n);
          expect(Math.abs(fit.covariance[j * d + k] - cov[j * d + k])).toBeLessThan(SIGMAS * se);
        }
      }
      // Fisher information for ν (Lange, Little & Taylor 1989),
      // ¼[ψ'(ν/2) − ψ'((ν+d)/2)] − d(ν+d+4) / (2ν(ν+d)(ν+d+2)), gives SE(ν̂) = 0.099 (d = 2) and 0.075
      // (d = 5) at ν = 5, n = 2e4 with μ, Σ known; estimating them jointly inflates this (replicates:
      // 0.12 and 0.09). Taking SE = 0.15, 5 sigma is 0.75.
      expect(Math.abs(fit.dof - dof)).toBeLessThan(SIGMAS * 0.15);
    });
  }

  it('gives a large dof (> 30, or Infinity) for Gaussian data', () => {
    // A t with ν = 30 has excess kurtosis 6/(ν−4) ≈ 0.23 per coordinate, while the sample excess
    // kurtosis of n = 2e4 Gaussian points has SE sqrt(24/n) ≈ 0.035: ν̂ ≤ 30 would be a 6-sigma event.
    for (const [seed, d] of [
      [11, 1],
      [12, 3],
      [13, 5],
    ]) {
      const mu = Array.from({ length: d }, () => 2);
      const data = sampleStudentT(new RandomGenerator(seed), 20_000, mu, testCovariance(d), Infinity);
      const fit = fitStudentT(data, 20_000, d);
      expectUsableFit(fit, d);
      expect(fit.dof).toBeGreaterThan(30);
    }
  });

  it('returns a stationary point of the ECME updates (checked with the naive Liu–Rubin equation)', () => {
    const d = 3;
    const n = 3000;
    const rng = new RandomGenerator(77);
    const data = sampleStudentT(rng, n, [1, -1, 0.5], testCovariance(d), 4);
    const weights = new Float64Array(n);
    rng.fillUniform(weights);
    const fit = fitStudentT(data, n, d, weights, { tolerance: 1e-12, maxIterations: 1000 });
    expect(fit.converged).toBe(true);
    let wSum = 0;
    for (let i = 0; i < n; i++) wSum += weights[i];

    const L = new Float64Array(d * d);
    expect(cholesky(L, fit.covariance, d)).toBe(true);
    const r = new Float64Array(d);
    const y = new Float64Array(d);
    const nu = fit.dof;
    const weightedMean = new Float64Array(d);
    let wtSum = 0;
    let lrSum = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) r[j] = data[i * d + j] - fit.mean[j];
      solveLower(y, L, r, d);
      let delta = 0;
      for (let j = 0; j < d; j++) delta += y[j] * y[j];
      const tau = (nu + d) / (nu + delta);
      const w = weights[i] / wSum;
      wtSum += w * tau;
      for (let j = 0; j < d; j++) weightedMean[j] += w * tau * data[i * d + j];
      lrSum += w * (Math.log(tau) - tau);
    }
    for (let j = 0; j < d; j++) {
      expect(Math.abs(weightedMean[j] / wtSum - fit.mean[j])).toBeLessThan(1e-9 * Math.sqrt(fit.covariance[j * d + j]));
    }
    const equation = -digamma(nu / 2) + Math.log(nu / 2) + 1 + lrSum + digamma((nu + d) / 2) - Math.log((nu + d) / 2);
    // The terms are O(1) and cancel; a root to 1e-12 in ln ν leaves rounding-level residue.
    expect(Math.abs(equation)).toBeLessThan(1e-9);
  });
});

describe('fitStudentT weights', () => {
  /** |a − b| relative to a scale, treating equal infinities as equal. */
  const close = (a: number, b: number, scale: number, tol: number) => a === b || Math.abs(a - b) <= tol * scale;

  it('treats integer weights as row multiplicities (property, relative 1e-8)', () => {
    // Coordinates on a 1/64 grid, exact in binary, from a mixture of two scales so that about half
    // the cases are heavy-tailed (finite ν) and half Gaussian-like (ν = ∞); repeated rows are common
    // enough to exercise the pooling of identical points. (Arbitrary doubles such as 1e-300 next to 1
    // make the fit chaotic at the 1e-300 scale, which says nothing about weights.)
    const coordinate = fc
      .oneof(fc.integer({ min: -64, max: 64 }), fc.integer({ min: -4096, max: 4096 }))
      .map((k) => k / 64);
    const problem = fc
      .integer({ min: 1, max: 3 })
      .chain((d) =>
        fc.record({
          d: fc.constant(d),
          rows: fc.array(fc.array(coordinate, { minLength: d, maxLength: d }), {
            minLength: d + 3,
            maxLength: 12,
          }),
        }),
      )
      .chain(({ d, rows }) =>
        fc.record({
          d: fc.constant(d),
          rows: fc.constant(rows),
          counts: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rows.length, maxLength: rows.length }),
        }),
      );
    fc.assert(
      fc.property(problem, ({ d, rows, counts }) => {
        const n = rows.length;
        const data = new Float64Array(rows.flat());
        const weights = new Float64Array(counts);
        const repeated: number[] = [];
        rows.forEach((row, i) => {
          for (let c = 0; c < counts[i]; c++) repeated.push(...row);
        });
        const options = { tolerance: 1e-11, maxIterations: 2000 };
        const a = fitStudentT(data, n, d, weights, options);
        const b = fitStudentT(new Float64Array(repeated), repeated.length / d, d, undefined, options);
        if (!close(a.dof, b.dof, Math.abs(b.dof), 1e-8)) return false;
        for (let j = 0; j < d; j++) {
          const sj = Math.sqrt(b.covariance[j * d + j]);
          if (!close(a.mean[j], b.mean[j], Math.max(Math.abs(b.mean[j]), sj), 1e-8)) return false;
          for (let k = 0; k < d; k++) {
            const scale = sj * Math.sqrt(b.covariance[k * d + k]);
            if (!close(a.covariance[j * d + k], b.covariance[j * d + k], scale, 1e-8)) return false;
          }
        }
        return true;
      }),
      { seed: FC_SEED, numRuns: 150 },
    );
  });

  it('ignores points of zero weight', () => {
    const rng = new RandomGenerator(5);
    const d = 2;
    const kept = sampleStudentT(rng, 400, [0, 0], testCovariance(d), 6);
    const withJunk = new Float64Array(kept.length + 2 * d);
    withJunk.set(kept);
    withJunk.set([1e3, -1e3, 5e2, 7e2], kept.length);
    const weights = new Float64Array(402).fill(1);
    weights[400] = 0;
    weights[401] = 0;
    const a = fitStudentT(kept, 400, d, undefined, { tolerance: 1e-12, maxIterations: 1000 });
    const b = fitStudentT(withJunk, 402, d, weights, { tolerance: 1e-12, maxIterations: 1000 });
    expect(Math.abs(a.dof - b.dof) / a.dof).toBeLessThan(1e-8);
    for (let j = 0; j < d; j++) expect(Math.abs(a.mean[j] - b.mean[j])).toBeLessThan(1e-8);
    for (let j = 0; j < d * d; j++) expect(Math.abs(a.covariance[j] - b.covariance[j])).toBeLessThan(1e-8);
  });
});

describe('fitStudentT degenerate input', () => {
  it('does not collapse onto a point that carries half the weight', () => {
    // With free ν the likelihood is unbounded as ν → 0 and the scale shrinks onto a point holding
    // weight p > ν/(ν+d); unguarded, EM drives the scale here below 1e-12 within 50 iterations.
    const d = 2;
    const n = 200;
    const data = new Float64Array(n * d);
    new RandomGenerator(3).fillNormal(data);
    const weights = new Float64Array(n).fill(0.5 / (n - 1));
    weights[0] = 0.5;
    const fit = fitStudentT(data, n, d, weights, { maxIterations: 1000 });
    expectUsableFit(fit, d);
    // The floor is twice the critical ν = d·p/(1−p) = 2.
    expect(fit.dof).toBeGreaterThanOrEqual(4 * (1 - 1e-12));
    // The remaining half of the weight is spread like N(0, I): the scale must stay of that order.
    for (let j = 0; j < d; j++) expect(fit.covariance[j * d + j]).toBeGreaterThan(0.01);
  });

  it('handles identical points', () => {
    const d = 3;
    const data = new Float64Array(50 * d);
    for (let i = 0; i < 50; i++) data.set([1, -2, 1e6], i * d);
    const fit = fitStudentT(data, 50, d);
    expectUsableFit(fit, d);
    expect(Array.from(fit.mean)).toEqual([1, -2, 1e6]);
  });

  it('handles a single point', () => {
    const fit = fitStudentT(new Float64Array([3, 4]), 1, 2);
    expectUsableFit(fit, 2);
    expect(Array.from(fit.mean)).toEqual([3, 4]);
  });

  it('handles fewer points than dimensions (n = 2, d = 5)', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 2, 0, 3.5, -1, 5]);
    const fit = fitStudentT(data, 2, 5);
    expectUsableFit(fit, 5);
    // With two equally weighted points, symmetry puts the location at their midpoint.
    const midpoint = [1.5, 1, 3.25, 1.5, 5];
    for (let j = 0; j < 5; j++) expect(fit.mean[j]).toBeCloseTo(midpoint[j], 12);
  });

  it('handles a constant coordinate, keeping it exactly and leaving the others sensible', () => {
    const d = 3;
    const n = 2000;
    const rng = new RandomGenerator(9);
    const data = sampleStudentT(rng, n, [0, 0, 0], testCovariance(d), 8);
    for (let i = 0; i < n; i++) data[i * d + 1] = 7.5;
    const fit = fitStudentT(data, n, d);
    expectUsableFit(fit, d);
    expect(fit.mean[1]).toBe(7.5);
    // The constant coordinate's variance is pure jitter: 1e-6·trace/d, perhaps grown tenfold a few times.
    expect(fit.covariance[1 * d + 1]).toBeGreaterThan(0);
    expect(fit.covariance[1 * d + 1]).toBeLessThan(1e-4);
    // The other two coordinates still fit their t marginal: 5-sigma bounds as in the recovery test,
    // with n = 2000.
    const cov = testCovariance(d);
    for (const j of [0, 2]) {
      expect(Math.abs(fit.mean[j])).toBeLessThan(SIGMAS * Math.sqrt(((8 + 4) / (8 + 2)) * cov[j * d + j] / n));
      const se = Math.sqrt((2 * ((8 + 4) / (8 + 2)) * 2 * cov[j * d + j] ** 2) / n);
      expect(Math.abs(fit.covariance[j * d + j] - cov[j * d + j])).toBeLessThan(SIGMAS * se);
    }
  });

  it('handles collinear points (rank-one scatter in 3 dimensions)', () => {
    const n = 40;
    const data = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) data.set([i, 2 * i + 1, -i], i * 3);
    const fit = fitStudentT(data, n, 3);
    expectUsableFit(fit, 3);
  });
});

describe('fitStudentT argument checks', () => {
  it('lists every problem in one INVALID_ARGUMENT error', () => {
    try {
      fitStudentT(new Float64Array([1, Number.NaN, 3, 4]), 2, 2, new Float64Array([1, -1]), { maxIterations: 0 });
      expect.unreachable('fitStudentT should have thrown');
    } catch (e) {
      expect(TempestError.is(e)).toBe(true);
      const error = e as TempestError;
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.problems).toHaveLength(3);
    }
  });

  it('rejects bad sizes and all-zero weights', () => {
    const data = new Float64Array(6);
    for (const call of [
      () => fitStudentT(data, 0, 2),
      () => fitStudentT(data, 2, 1.5),
      () => fitStudentT(data, 4, 2),
      () => fitStudentT(data, 3, 2, new Float64Array(2)),
      () => fitStudentT(data, 3, 2, new Float64Array(3)),
      () => fitStudentT(data, 3, 2, undefined, { tolerance: Number.NaN }),
    ]) {
      expect(call).toThrow(TempestError);
    }
  });
});
