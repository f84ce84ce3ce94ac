import { describe, expect, it } from 'vitest';
import { weightedQuantiles } from '../math/weighted-quantiles.js';
import { weightedSummary } from './weighted-summary.js';

/** A fine grid on [lo, hi] with weights proportional to a density: a weighted sample whose summary is the density's. */
function grid(lo: number, hi: number, n: number, density: (x: number) => number) {
  const values = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = lo + ((hi - lo) * (i + 0.5)) / n;
    weights[i] = density(values[i]);
  }
  return { values, weights };
}

describe('weightedSummary', () => {
  it('matches a standard normal (grid weights)', () => {
    // Grid spacing 1.6e-4: the midpoint-rule error of the moments and the interpolation error of
    // the quantiles are below 1e-6, far inside the tolerance.
    const { values, weights } = grid(-8, 8, 100_000, (x) => Math.exp(-0.5 * x * x));
    const s = weightedSummary(values, weights);
    expect(s.mean).toBeCloseTo(0, 6);
    expect(s.sd).toBeCloseTo(1, 6);
    expect(s.q05).toBeCloseTo(-1.6448536, 4);
    expect(s.q50).toBeCloseTo(0, 4);
    expect(s.q95).toBeCloseTo(1.6448536, 4);
  });

  it('matches an exponential(1): mean 1, sd 1, quantiles -ln(1 - p)', () => {
    const { values, weights } = grid(0, 40, 200_000, (x) => Math.exp(-x));
    const s = weightedSummary(values, weights);
    expect(s.mean).toBeCloseTo(1, 5);
    expect(s.sd).toBeCloseTo(1, 5);
    expect(s.q05).toBeCloseTo(-Math.log(0.95), 4);
    expect(s.q50).toBeCloseTo(Math.LN2, 4);
    expect(s.q95).toBeCloseTo(Math.log(20), 4);
  });

  it('with equal weights gives the plain mean, population sd and Hazen quantiles', () => {
    const values = Float64Array.of(4, 1, 3, 2); // sorted 1..4, Hazen positions 0.125, 0.375, 0.625, 0.875
    const s = weightedSummary(values, new Float64Array(4).fill(1));
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(s.q50).toBeCloseTo(2.5, 14);
    expect(s.q05).toBe(1); // below the first midpoint: the smallest value
    expect(s.q95).toBe(4);
    const q = weightedQuantiles(values, new Float64Array(4).fill(1), [0.25, 0.375]);
    expect(q[0]).toBeCloseTo(1.5, 14);
    expect(q[1]).toBeCloseTo(2, 14);
  });

  it('does not depend on the weights\' scale or the order of the samples', () => {
    const values = Float64Array.of(0.3, -1.2, 2.5, 0.9, -0.4);
    const weights = Float64Array.of(0.1, 0.4, 0.05, 0.25, 0.2);
    const a = weightedSummary(values, weights);
    const b = weightedSummary(values.slice().reverse(), weights.map((w) => 7 * w).reverse());
    for (const key of ['mean', 'sd', 'q05', 'q50', 'q95'] as const) expect(b[key]).toBeCloseTo(a[key], 12);
  });

  it('ignores zero-weight samples', () => {
    const s = weightedSummary(Float64Array.of(1, 1000, 3), Float64Array.of(1, 0, 1));
    expect(s.mean).toBe(2);
    expect(s.q95).toBe(3);
  });
});
