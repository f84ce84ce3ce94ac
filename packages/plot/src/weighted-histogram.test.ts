import { describe, expect, it } from 'vitest';
import { weightedHistogram, weightedHistogram2d } from './weighted-histogram.js';

describe('weightedHistogram', () => {
  it('adds each weight to its bin and drops samples outside the range', () => {
    const values = new Float64Array([0.1, 0.2, 0.6, 0.99, 1.0, -0.5, 1.5]);
    const weights = new Float64Array([1, 2, 3, 4, 5, 100, 100]);
    const out = weightedHistogram(new Float64Array(2), values, weights, 0, 1);
    // [0, 0.5): 1 + 2; [0.5, 1]: 3 + 4 + 5 (the upper edge belongs to the last bin).
    expect(Array.from(out)).toEqual([3, 12]);
  });

  it('overwrites the output buffer', () => {
    const out = new Float64Array([7, 7, 7]);
    weightedHistogram(out, new Float64Array([0.5]), new Float64Array([0.25]), 0, 3);
    expect(Array.from(out)).toEqual([0.25, 0, 0]);
  });

  it('conserves the total weight of samples inside the range', () => {
    const n = 1000;
    const values = new Float64Array(n).map((_, i) => (i * 0.618034) % 1);
    const weights = new Float64Array(n).map((_, i) => 1 + (i % 7));
    const out = weightedHistogram(new Float64Array(13), values, weights, 0, 1);
    const total = weights.reduce((a, b) => a + b, 0);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 9);
  });
});

describe('weightedHistogram2d', () => {
  it('lays the grid out x-fastest with row 0 at the bottom of the y range', () => {
    const xs = new Float64Array([0.1, 0.9, 0.1]);
    const ys = new Float64Array([0.1, 0.1, 0.9]);
    const w = new Float64Array([1, 2, 4]);
    const out = weightedHistogram2d(new Float64Array(4), xs, ys, w, 2, 2, [0, 1], [0, 1]);
    // out[ix + iy·2]: (0,0) = 1, (1,0) = 2, (0,1) = 4.
    expect(Array.from(out)).toEqual([1, 2, 4, 0]);
  });

  it('drops a sample outside either range', () => {
    const out = weightedHistogram2d(
      new Float64Array(1),
      new Float64Array([0.5, 2, 0.5]),
      new Float64Array([0.5, 0.5, -1]),
      new Float64Array([1, 1, 1]),
      1,
      1,
      [0, 1],
      [0, 1],
    );
    expect(out[0]).toBe(1);
  });
});
