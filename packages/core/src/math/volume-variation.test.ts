import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '../random/random-generator.js';
import { TempestError } from '../tempest-error.js';
import { volumeVariation } from './volume-variation.js';

const FC = { seed: Number(process.env.FC_SEED ?? 0xc5), numRuns: 100 };

function close(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

function gaussianSample(n: number, d: number, seed: number): Float64Array {
  const rng = new RandomGenerator(seed);
  const u = new Float64Array(n * d);
  // Correlated and shifted, to exercise the covariance: x_j = 0.5 + 0.1·(z_j + 0.5·z_{j−1}).
  for (let i = 0; i < n; i++) {
    let previous = 0;
    for (let j = 0; j < d; j++) {
      const z = rng.normal();
      u[i * d + j] = 0.5 + 0.1 * (z + 0.5 * previous);
      previous = z;
    }
  }
  return u;
}

describe('volumeVariation', () => {
  it('matches a direct computation in one dimension', () => {
    const u = new Float64Array([0.1, 0.2, 0.6]);
    const raw = [1, 2, 1];
    const w = raw.map((x) => x / 4);
    const mu = w[0] * 0.1 + w[1] * 0.2 + w[2] * 0.6;
    const variance = w[0] * (0.1 - mu) ** 2 + w[1] * (0.2 - mu) ** 2 + w[2] * (0.6 - mu) ** 2;
    let s = 0;
    for (let i = 0; i < 3; i++) s += w[i] ** 2 * ((u[i] - mu) ** 2 / variance - 1) ** 2;
    expect(close(volumeVariation(u, 3, 1, raw), 0.5 * Math.sqrt(s), 1e-13)).toBe(true);
    expect(close(0.5 * Math.sqrt(s), 0.315671, 1e-5)).toBe(true); // the value worked out by hand
  });

  it('matches a direct computation in two dimensions with an explicit 2×2 inverse', () => {
    const pts = [
      [0.1, 0.2],
      [0.4, 0.3],
      [0.35, 0.8],
      [0.9, 0.5],
      [0.6, 0.05],
    ];
    const raw = [0.5, 1, 2, 0.25, 1.25];
    const total = raw.reduce((a, b) => a + b, 0);
    const w = raw.map((x) => x / total);
    const mx = pts.reduce((a, p, i) => a + w[i] * p[0], 0);
    const my = pts.reduce((a, p, i) => a + w[i] * p[1], 0);
    const sxx = pts.reduce((a, p, i) => a + w[i] * (p[0] - mx) ** 2, 0);
    const syy = pts.reduce((a, p, i) => a + w[i] * (p[1] - my) ** 2, 0);
    const sxy = pts.reduce((a, p, i) => a + w[i] * (p[0] - mx) * (p[1] - my), 0);
    const det = sxx * syy - sxy * sxy;
    let s = 0;
    pts.forEach((p, i) => {
      const dx = p[0] - mx;
      const dy = p[1] - my;
      const d2 = (syy * dx * dx - 2 * sxy * dx * dy + sxx * dy * dy) / det;
      s += w[i] ** 2 * (d2 - 2) ** 2;
    });
    const cv = volumeVariation(Float64Array.from(pts.flat()), 5, 2, raw, new Float64Array(12));
    expect(close(cv, 0.5 * Math.sqrt(s), 1e-12)).toBe(true);
  });

  it('is about 0.5·√(2d/n) for equal weights on a large Gaussian sample', () => {
    // With the sample mean and population covariance, Σ d_i² = n·d exactly, so
    // S = (1/n) Σ (d_i² − d)² = b₂ − d², where b₂ is Mardia's multivariate kurtosis. For Gaussian data
    // E[b₂] = d(d + 2)(n − 1)/(n + 1), so E[S] = 2d(n − d − 1)/(n + 1) ≈ 2d, and Var(b₂) ≈ 8d(d + 2)/n,
    // a relative standard deviation of √(2(d + 2)/(d·n)) for S. CV = 0.5·√(S/n) has half that
    // relative spread; we allow 5σ.
    for (const [d, n, seed] of [
      [1, 20000, 11],
      [3, 20000, 12],
      [6, 20000, 13],
    ] as const) {
      const u = gaussianSample(n, d, seed);
      const cv = volumeVariation(u, n, d, new Float64Array(n).fill(1));
      const expected = 0.5 * Math.sqrt((2 * d * (n - d - 1)) / (n + 1) / n);
      const relSigma = 0.5 * Math.sqrt((2 * (d + 2)) / (d * n));
      expect(Math.abs(cv / expected - 1)).toBeLessThan(5 * relSigma);
      expect(close(expected, 0.5 * Math.sqrt((2 * d) / n), 1e-3)).toBe(true);
    }
  });

  it('is about 0.5·√(2d·Σŵ²) for weights independent of a Gaussian sample', () => {
    // E[Σ ŵ_i² (d_i² − d)²] ≈ 2d·Σŵ². With the true mean and covariance, d_i² would be χ²_d (fourth
    // central moment 12d(d + 4)), giving the sum a relative standard deviation of
    // √(Σŵ⁴·(8d² + 48d)) / (2d·Σŵ²); estimating the mean and covariance from the same points only
    // reduces the spread (compare Mardia's 8d(d + 2) in the equal-weight case), so this σ is
    // conservative. Halved for the square root; 5σ allowed.
    const d = 2;
    const n = 20000;
    const u = gaussianSample(n, d, 21);
    const rng = new RandomGenerator(22);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = -Math.log(1 - rng.uniform()); // Exp(1) weights
    const total = w.reduce((a, b) => a + b, 0);
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const p = w[i] / total;
      s2 += p * p;
      s4 += p ** 4;
    }
    const expected = 0.5 * Math.sqrt(2 * d * s2);
    const relSigma = (0.5 * Math.sqrt(s4 * (8 * d * d + 48 * d))) / (2 * d * s2);
    expect(Math.abs(volumeVariation(u, n, d, w) / expected - 1)).toBeLessThan(5 * relSigma);
  });

  it('is invariant to scaling the weights and to an affine change of coordinates', () => {
    // Points are Gaussian draws, so the covariance is almost surely well conditioned. (For
    // degenerate inputs, e.g. all points equal, the covariance is pure rounding noise and the
    // result is not meaningful, affine invariant or not.)
    const caseArb = fc.integer({ min: 1, max: 4 }).chain((d) =>
      fc.tuple(
        fc.constant(d),
        fc.integer({ min: d + 5, max: 40 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: n, maxLength: n })),
        ),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
      ),
    );
    fc.assert(
      fc.property(caseArb, ([d, [n, w], seed, c]) => {
        const u = gaussianSample(n, d, seed);
        const base = volumeVariation(u, n, d, w);
        // Mahalanobis distances are affine invariant: scale every coordinate by c and shift it.
        const moved = u.map((x) => c * x + 3);
        return (
          close(volumeVariation(u, n, d, w.map((x) => x * 7.5)), base, 1e-12) &&
          close(volumeVariation(moved, n, d, w), base, 1e-9)
        );
      }),
      FC,
    );
  });

  it('returns 1e10 when n < d + 1', () => {
    expect(volumeVariation(new Float64Array(6), 2, 3, [1, 1])).toBe(1e10);
    expect(volumeVariation(new Float64Array(9), 3, 3, [1, 1, 1])).toBe(1e10);
  });

  it('regularises a singular covariance instead of failing', () => {
    // Five points on the line y = x: a rank-1 covariance.
    const u = new Float64Array([0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.5, 0.5, 0.9, 0.9]);
    const cv = volumeVariation(u, 5, 2, [1, 1, 1, 1, 1]);
    expect(Number.isFinite(cv)).toBe(true);
    expect(cv).toBeGreaterThan(0);
    // Weight on only d points also makes the covariance singular.
    expect(Number.isFinite(volumeVariation(new Float64Array([0.1, 0.2, 0.7, 0.4, 0.5, 0.5]), 3, 2, [1, 1, 0]))).toBe(true);
  });

  it('rejects bad weights and a short scratch buffer', () => {
    const u = new Float64Array([0.1, 0.5, 0.9]);
    expect(() => volumeVariation(u, 3, 1, [1, -1, 1])).toThrow(TempestError);
    expect(() => volumeVariation(u, 3, 1, [0, 0, 0])).toThrow(TempestError);
    expect(() => volumeVariation(u, 3, 1, [1, 1, 1], new Float64Array(3))).toThrow(/scratch/);
  });
});
