import { describe, expect, it } from 'vitest';
import { gaussianSmooth2d } from './gaussian-smooth.js';

describe('gaussianSmooth2d', () => {
  it('spreads a spike into a normalised Gaussian of the given width', () => {
    const n = 41;
    const grid = new Float64Array(n * n);
    grid[20 + 20 * n] = 1;
    gaussianSmooth2d(grid, n, n, 2);
    let total = 0;
    let varianceX = 0;
    for (let iy = 0; iy < n; iy++) {
      for (let ix = 0; ix < n; ix++) {
        total += grid[ix + iy * n];
        varianceX += grid[ix + iy * n] * (ix - 20) ** 2;
      }
    }
    expect(total).toBeCloseTo(1, 12);
    // Truncating at 3σ removes 0.27% of the tails and renormalises, shrinking the variance ~3%.
    expect(varianceX).toBeGreaterThan(4 * 0.95);
    expect(varianceX).toBeLessThan(4);
    // Symmetric along both axes.
    expect(grid[17 + 20 * n]).toBeCloseTo(grid[23 + 20 * n], 15);
    expect(grid[20 + 17 * n]).toBeCloseTo(grid[17 + 20 * n], 15);
  });

  it('leaves the grid unchanged for sigma 0 and keeps a constant interior constant', () => {
    const grid = new Float64Array(25).fill(1);
    gaussianSmooth2d(grid, 5, 5, 0);
    expect(Array.from(grid)).toEqual(new Array(25).fill(1));
    const wide = new Float64Array(30 * 30).fill(1);
    gaussianSmooth2d(wide, 30, 30, 1);
    expect(wide[15 + 15 * 30]).toBeCloseTo(1, 12);
    // Zero padding: the corner loses mass to the outside.
    expect(wide[0]).toBeLessThan(0.5);
  });
});
