import { describe, expect, it } from 'vitest';
import { cholesky } from '../math/cholesky.js';
import { RandomGenerator } from '../random/random-generator.js';
import { bulkLargestRatio, MAX_ORPHAN_REGIONS, ORPHAN_OUTLIER_SPAN, ORPHAN_RATIO, ORPHAN_SCALE_LADDER, ORPHAN_WIDENING, orphanCentres, orphanComponents, orphanScaleTarget, refitOrphan } from './closing-orphans.js';

const d = 2;
const identity = Float64Array.of(1, 0, 0, 1);
const identityChol = Float64Array.of(1, 0, 0, 1);

describe('orphanCentres', () => {
  it('takes the particles whose L / q exceeds the draws\' largest by more than a factor e, grouped by region, highest likelihood first', () => {
    // Points: two near (10, 10), one near (-10, 0), one just below the threshold, one with no q.
    const v = Float64Array.of(10, 10, 10.3, 9.8, -10, 0, 0, 0, 5, 5);
    const logl = Float64Array.of(-1, 2, -3, 0, 4);
    const largest = 0;
    // log L - log q: 4, 7 and 5 above the draws' largest; the fourth 0.01 short of ln e.
    const logq = Float64Array.of(-5, -5, -8, -(Math.log(ORPHAN_RATIO) - 0.01), -Infinity);
    const centres = orphanCentres(v, logl, logq, largest, identityChol, d);
    // The region at (10, 10) is centred on its higher-likelihood point, and comes first.
    expect(centres.map((c) => Array.from(c))).toEqual([[10.3, 9.8], [-10, 0]]);
  });

  it('finds none where no particle is beyond the threshold, or where the draws have no weight', () => {
    const v = Float64Array.of(0, 0, 1, 1);
    expect(orphanCentres(v, Float64Array.of(0, 0), Float64Array.of(0, 0), 0, identityChol, d)).toEqual([]);
    expect(orphanCentres(v, Float64Array.of(0, 0), Float64Array.of(-9, -9), -Infinity, identityChol, d)).toEqual([]);
  });

  it(`keeps at most ${MAX_ORPHAN_REGIONS} regions`, () => {
    const n = 20;
    const v = Float64Array.from({ length: n * d }, (_, i) => (i % d === 0 ? 10 * Math.floor(i / d) : 0));
    const centres = orphanCentres(v, new Float64Array(n), new Float64Array(n).fill(-10), 0, identityChol, d);
    expect(centres).toHaveLength(MAX_ORPHAN_REGIONS);
    // Beside regions found already, only the rest up to the limit, and none within their reach.
    const taken = [Float64Array.of(0, 0), Float64Array.of(1000, 0), Float64Array.of(2000, 0)];
    const more = orphanCentres(v, new Float64Array(n), new Float64Array(n).fill(-10), 0, identityChol, d, taken);
    expect(more.map((c) => c[0])).toEqual([10, 20, 30, 40, 50]);
  });

  it('opens regions only away from those found already: a best proposal beside the history\'s orphans joins their region', () => {
    // The history's region is centred at (0, 0); a best proposal at (0.5, 0.5) with a higher
    // likelihood is within its reach and opens nothing; one at (30, 30) opens a region.
    const v = Float64Array.of(0.5, 0.5, 30, 30);
    const centres = orphanCentres(v, Float64Array.of(9, 1), Float64Array.of(-9, -9), 0, identityChol, d, [Float64Array.of(0, 0)]);
    expect(centres.map((c) => Array.from(c))).toEqual([[30, 30]]);
  });
});

describe('refitOrphan', () => {
  it('recovers a narrow region from weighted draws of a wide component, its scale shrunk towards the pooled one', () => {
    // Draws from N(0, I); target N((0.5, -0.5), 0.2^2 I): weights p / q.
    const rng = new RandomGenerator(5);
    const m = 4000;
    const points = new Float64Array(m * d);
    const logw = new Float64Array(m);
    const mu = [0.5, -0.5];
    const s = 0.2;
    for (let i = 0; i < m; i++) {
      let lp = 0;
      let lq = 0;
      for (let j = 0; j < d; j++) {
        const x = rng.normal();
        points[i * d + j] = x;
        lp += -0.5 * ((x - mu[j]) / s) ** 2 - Math.log(s);
        lq += -0.5 * x * x;
      }
      logw[i] = lp - lq;
    }
    const start = orphanComponents(new Float64Array(d), identity, identityChol)[0];
    const refit = refitOrphan(start, points, logw, identity, d);
    expect(refit.mean[0]).toBeCloseTo(0.5, 1);
    expect(refit.mean[1]).toBeCloseTo(-0.5, 1);
    // Between the region's scale and the pooled one, nearer the region's with hundreds of effective draws.
    expect(refit.covariance[0]).toBeGreaterThan(s * s);
    expect(refit.covariance[0]).toBeLessThan(0.1);
    const check = new Float64Array(d * d);
    expect(cholesky(check, refit.covariance, d)).toBe(true);
    expect(Array.from(refit.chol)).toEqual(Array.from(check));
  });

  it('reads a periodic coordinate across the wrap as one region', () => {
    // Equal weights at 0.97, 0.99, 0.01 and 0.03 on a periodic first coordinate: the mean is 0
    // (not 0.5) and the spread 0.02 (not 0.48).
    const points = Float64Array.of(0.97, 0.5, 0.99, 0.5, 0.01, 0.5, 0.03, 0.5);
    const start = orphanComponents(Float64Array.of(0.98, 0.5), identity, identityChol)[0];
    const refit = refitOrphan(start, points, new Float64Array(4), Float64Array.of(0.01, 0, 0, 0.01), d, Uint8Array.of(1, 0));
    expect(Math.min(refit.mean[0], 1 - refit.mean[0])).toBeLessThan(1e-12);
    expect(refit.mean[1]).toBeCloseTo(0.5, 12);
    // Weighted variance 0.0005, shrunk by 2 pseudo-points against an ESS of 4 towards the pooled
    // 0.01 resized to the fit's size, tr(pooled^-1 fit) / d = (0.0005 / 0.01 + 0) / 2 = 0.025, then widened.
    expect(refit.covariance[0]).toBeCloseTo((ORPHAN_WIDENING * (4 * 0.0005 + 2 * 0.025 * 0.01)) / 6, 12);
  });

  it('keeps the component when fewer than two draws count', () => {
    const start = orphanComponents(new Float64Array(d), identity, identityChol)[0];
    expect(refitOrphan(start, Float64Array.of(1, 1, 2, 2), Float64Array.of(0, -Infinity), identity, d)).toBe(start);
    expect(refitOrphan(start, Float64Array.of(1, 1), Float64Array.of(-Infinity), identity, d)).toBe(start);
  });
});

describe('bulkLargestRatio', () => {
  it('is the largest ratio where no draw stands apart', () => {
    // 4,096 draws whose log-ratios fall by 0.001 each: the top 8 hold 0.2% of the weight.
    const ratios = Float64Array.from({ length: 4096 }, (_, i) => 1 - i / 1000);
    expect(bulkLargestRatio(ratios)).toEqual({ largest: 1, outliers: 0 });
    expect(bulkLargestRatio(Float64Array.of(-Infinity, -Infinity))).toEqual({ largest: -Infinity, outliers: 0 });
  });

  it('sets aside the draws above a gap of more than 3, at the widest such gap', () => {
    const bulk = Array.from({ length: 4000 }, (_, i) => -10 - i / 1000);
    // Two hits 5 and 4.5 above the bulk's largest.
    expect(bulkLargestRatio(Float64Array.from([-5, -5.5, ...bulk]))).toEqual({ largest: -10, outliers: 2 });
  });

  it('sets aside as few draws as hold half the weight, where a graded flank leaves no single gap (the concentric spike, seed 9)', () => {
    const bulk = Array.from({ length: 4000 }, (_, i) => -11.4 - i / 1000);
    const { largest, outliers } = bulkLargestRatio(Float64Array.from([-2.81, -5.77, -6.62, -9.06, -9.29, ...bulk]));
    // The top draw holds 93% of the weight.
    expect(outliers).toBe(1);
    expect(largest).toBe(-5.77);
    // Weight spread over more than ORPHAN_OUTLIER_SPAN draws (and no gap) sets none aside.
    const spread = Array.from({ length: 2 * ORPHAN_OUTLIER_SPAN + 4 }, (_, i) => -i / 100);
    expect(bulkLargestRatio(Float64Array.from([...spread, ...bulk.map((r) => r - 20)])).outliers).toBe(0);
  });

  it('rarely sets any aside from a Pareto tail of shape 0.5 (theory: e^-6 = 0.25% of batches by the gap)', () => {
    const rng = new RandomGenerator(11);
    let flagged = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      // log of Pareto draws of shape k = 0.5: k times the log of 1 / U.
      const ratios = Float64Array.from({ length: 4096 }, () => -0.5 * Math.log(rng.uniformOpen()));
      if (bulkLargestRatio(ratios).outliers > 0) flagged++;
    }
    // Binomial(200, 0.0025): 4 or more with probability 1.4e-4.
    expect(flagged).toBeLessThan(4);
  });
});

describe('orphan component widths', () => {
  it('starts a region at every width of the ladder, the pooled scale first', () => {
    const pooled = Float64Array.of(4, 1, 1, 2);
    const chol = new Float64Array(4);
    cholesky(chol, pooled, 2);
    const ladder = orphanComponents(Float64Array.of(0.3, 0.7), pooled, chol);
    expect(ladder.map((c) => c.covariance[0] / 4)).toEqual(ORPHAN_SCALE_LADDER.map((w) => w * w));
    for (const c of ladder) {
      const check = new Float64Array(4);
      cholesky(check, c.covariance, 2);
      check.forEach((v, i) => expect(c.chol[i]).toBeCloseTo(v, 12));
    }
  });

  it('resizes the pooled scale to a fit\'s size, within the ladder\'s widths', () => {
    const pooled = Float64Array.of(4, 1, 1, 2);
    // A fit of the pooled shape at 1/100 of its size, one four times as large, and one of no size.
    expect(Array.from(orphanScaleTarget(pooled.map((v) => v / 100), pooled, 2))).toEqual(Array.from(pooled.map((v) => v / 100)));
    expect(Array.from(orphanScaleTarget(pooled.map((v) => 4 * v), pooled, 2))).toEqual(Array.from(pooled));
    const narrowest = ORPHAN_SCALE_LADDER[ORPHAN_SCALE_LADDER.length - 1] ** 2;
    expect(Array.from(orphanScaleTarget(new Float64Array(4), pooled, 2))).toEqual(Array.from(pooled.map((v) => narrowest * v)));
    // The size is tr(pooled^-1 fit) / d: a fit along one axis only counts half in 2-D.
    const axis = orphanScaleTarget(Float64Array.of(0.04, 0, 0, 0), Float64Array.of(1, 0, 0, 1), 2);
    expect(axis[0]).toBeCloseTo(0.02, 14);
  });
});
