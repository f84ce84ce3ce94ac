import { describe, expect, it } from 'vitest';
import { RandomGenerator } from '@tempest/core';
import { weightedQuantiles } from './weighted-quantiles.js';

describe('weightedQuantiles', () => {
  it('interpolates between the midpoints of each sample\'s probability interval', () => {
    const q = weightedQuantiles(new Float64Array([3, 1, 2]), new Float64Array([2, 1, 1]), [0, 0.125, 0.375, 0.5, 0.75, 1]);
    // Sorted: 1 (w 1), 2 (w 1), 3 (w 2) -> midpoints 0.125, 0.375, 0.75.
    expect(Array.from(q)).toEqual([1, 1, 2, 2 + (0.125 / 0.375), 3, 3]);
  });

  it('uses the (i + 0.5) / n plotting positions for equal weights and ignores the weight scale', () => {
    const values = new Float64Array([4, 0, 2, 6]);
    // Positions 0.125, 0.375, 0.625, 0.875 for the sorted values 0, 2, 4, 6.
    const q = weightedQuantiles(values, new Float64Array(4).fill(1), [0.25, 0.5, 0.875]);
    expect(Array.from(q)).toEqual([1, 3, 6]);
    const scaled = weightedQuantiles(values, new Float64Array(4).fill(1e-9), [0.25, 0.5, 0.875]);
    for (let i = 0; i < 3; i++) expect(scaled[i]).toBeCloseTo(q[i], 12);
  });

  it('ignores zero-weight samples', () => {
    const q = weightedQuantiles(new Float64Array([-100, 1, 2, 100]), new Float64Array([0, 1, 1, 0]), [0, 0.5, 1]);
    expect(Array.from(q)).toEqual([1, 1.5, 2]);
  });

  it('recovers the normal quantiles from weighted normal samples', () => {
    // Draw from N(0, 2²) by importance weighting uniform draws on [-10, 10] with the density.
    const rng = new RandomGenerator(11);
    const n = 200_000;
    const x = new Float64Array(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = -10 + 20 * rng.uniform();
      w[i] = Math.exp(-0.5 * (x[i] / 2) ** 2);
    }
    const [q16, q50, q84] = weightedQuantiles(x, w, [0.15865525, 0.5, 0.84134475]);
    // ESS ≈ n·0.28 ≈ 56,000; the standard error of a 16% quantile of N(0, 4) is
    // sd·sqrt(p(1-p))/φ(z)/sqrt(ESS) ≈ 2·0.37/0.24/237 ≈ 0.013; allow 4σ.
    expect(q16).toBeCloseTo(-2, 1);
    expect(Math.abs(q16 + 2)).toBeLessThan(0.052);
    expect(Math.abs(q50)).toBeLessThan(0.04);
    expect(Math.abs(q84 - 2)).toBeLessThan(0.052);
  });
});
