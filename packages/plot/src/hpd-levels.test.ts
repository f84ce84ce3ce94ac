import { RandomGenerator } from '@tempest/core';
import { describe, expect, it } from 'vitest';
import { gaussianSmooth2d } from './gaussian-smooth.js';
import { hpdLevels } from './hpd-levels.js';
import { weightedHistogram2d } from './weighted-histogram.js';

const ONE_SIGMA = 1 - Math.exp(-0.5); // 0.3935: mass inside radius 1 of a standard 2-D Gaussian
const TWO_SIGMA = 1 - Math.exp(-2); // 0.8647: mass inside radius 2

/** Standard 2-D Gaussian density on an m × m grid of cell centres over [-6, 6]², times the cell area. */
function gaussianGrid(m: number): { grid: Float64Array; density: Float64Array; h: number } {
  const h = 12 / m;
  const grid = new Float64Array(m * m);
  const density = new Float64Array(m * m);
  for (let iy = 0; iy < m; iy++) {
    for (let ix = 0; ix < m; ix++) {
      const x = -6 + (ix + 0.5) * h;
      const y = -6 + (iy + 0.5) * h;
      density[ix + iy * m] = Math.exp(-0.5 * (x * x + y * y)) / (2 * Math.PI);
      grid[ix + iy * m] = density[ix + iy * m] * h * h;
    }
  }
  return { grid, density, h };
}

describe('hpdLevels', () => {
  it('finds the 1σ and 2σ contours of a standard 2-D Gaussian at radius 1 and 2', () => {
    const { grid, density, h } = gaussianGrid(400);
    const [l1, l2] = hpdLevels(grid, [ONE_SIGMA, TWO_SIGMA]);
    // The density on the circle of radius r is e^{-r²/2}/(2π), times the cell area h². On this
    // 400² grid (h = 0.03) each cell holds < 1e-4 of the mass and cells at equal radius tie in
    // groups of 4–8, so the enclosed mass can only step by ~1e-3 and the level by ~0.1%; the
    // tolerances (1% on the level, 0.003 on the mass) sit well above that and far below what a
    // wrong kernel gives (the complementary level would enclose 0.61 instead of 0.39).
    expect(Math.abs(l1 / (h * h) / (Math.exp(-0.5) / (2 * Math.PI)) - 1)).toBeLessThan(0.01);
    expect(Math.abs(l2 / (h * h) / (Math.exp(-2) / (2 * Math.PI)) - 1)).toBeLessThan(0.01);
    // Mass inside the computed levels, from the analytic grid.
    let inside1 = 0;
    let inside2 = 0;
    for (let i = 0; i < grid.length; i++) {
      if (grid[i] >= l1) inside1 += density[i] * h * h;
      if (grid[i] >= l2) inside2 += density[i] * h * h;
    }
    expect(Math.abs(inside1 - ONE_SIGMA)).toBeLessThan(0.003);
    expect(Math.abs(inside2 - TWO_SIGMA)).toBeLessThan(0.003);
  });

  it('is independent of the grid normalisation and returns non-increasing levels', () => {
    const { grid } = gaussianGrid(60);
    const scaled = grid.map((v) => v * 123.4);
    const fractions = [0.118, 0.393, 0.675, 0.865];
    const a = hpdLevels(grid, fractions);
    const b = hpdLevels(scaled, fractions);
    for (let i = 0; i < fractions.length; i++) expect(b[i] / a[i]).toBeCloseTo(123.4, 9);
    for (let i = 1; i < fractions.length; i++) expect(a[i]).toBeLessThanOrEqual(a[i - 1]);
  });

  it('handles tiny and empty grids', () => {
    expect(Array.from(hpdLevels(new Float64Array(16), [0.5]))).toEqual([0]);
    // All mass in one cell: every region is that cell.
    const spike = new Float64Array(9);
    spike[4] = 2;
    const [level] = hpdLevels(spike, [0.393]);
    expect(level).toBeGreaterThan(0);
    expect(level).toBeLessThanOrEqual(2);
  });

  it('puts the right share of weighted Gaussian samples inside the levels, after binning and smoothing', () => {
    // The corner plot's pipeline: 38 bins over ±3.1σ (bin width 0.163σ), smoothed by one bin.
    // Smoothing widens the density to variance 1 + 0.163² = 1.027, so its 1σ region has radius
    // 1.013 and holds 1 − e^{−0.513} = 0.401 of the true mass (2σ: 0.868). With 20,000 samples
    // of Kish ESS ≈ 15,000 the standard error of a share is ≈ 0.004; allow 0.015 (> 3σ) around
    // those values.
    const rng = new RandomGenerator(99);
    const n = 20_000;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    const ws = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = rng.normal();
      ys[i] = rng.normal();
      ws[i] = 0.2 + rng.uniform();
    }
    const m = 38;
    const range: [number, number] = [-3.1, 3.1];
    const grid = gaussianSmooth2d(weightedHistogram2d(new Float64Array(m * m), xs, ys, ws, m, m, range, range), m, m, 1);
    const [l1, l2] = hpdLevels(grid, [ONE_SIGMA, TWO_SIGMA]);
    let total = 0;
    let inside1 = 0;
    let inside2 = 0;
    for (let i = 0; i < n; i++) {
      total += ws[i];
      const cell = Math.floor(((xs[i] + 3.1) / 6.2) * m) + Math.floor(((ys[i] + 3.1) / 6.2) * m) * m;
      const inRange = Math.abs(xs[i]) < 3.1 && Math.abs(ys[i]) < 3.1;
      if (inRange && grid[cell] >= l1) inside1 += ws[i];
      if (inRange && grid[cell] >= l2) inside2 += ws[i];
    }
    expect(Math.abs(inside1 / total - 0.401)).toBeLessThan(0.015);
    expect(Math.abs(inside2 / total - 0.868)).toBeLessThan(0.015);
  });
});
